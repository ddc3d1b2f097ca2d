"""Graph: linked corpus → RDF (ELI + the project ontology), queries and the SPARQL endpoint.

The only stage that imports rdflib and pyoxigraph.  `load_graph` is the one entry point for
reading a graph file, so another store can be swapped in behind it.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..io import atomic_writer
from ..records import LinkedCorpus, Record
from .build import build_graph, graph_triples
from .ntriples import write_ntriples
from .query import format_result, load_graph, read_query, run_query
from .vocab import PREFIXES

__all__ = ["build_graph", "format_result", "graph_triples", "load_graph", "read_query", "run_query",
           "write_graph_files", "write_turtle"]


def write_graph_files(linked: LinkedCorpus, out_dir: Path, records: Iterable[Record] | None = None) -> list[Path]:
    """Write out_dir/graph.nt and out_dir/graph.ttl (the same triples); return their paths.

    `records` (read once; a generator reading records back from disk is fine) replaces
    `linked.records`, so a corpus streams through in flat memory: triples go to graph.nt as
    each record is read, and graph.ttl is written from graph.nt by Oxigraph's streaming
    parser and serializer.  Both files are written beside their targets and renamed over
    them only once both are complete, so a failure leaves the old files as they were.
    """
    nt_path, ttl_path = Path(out_dir) / "graph.nt", Path(out_dir) / "graph.ttl"
    with atomic_writer(nt_path) as nt:
        write_ntriples(graph_triples(linked, records), nt)
        nt.flush()
        with atomic_writer(ttl_path) as ttl:
            write_turtle(Path(nt.name), ttl)
    return [ttl_path, nt_path]


def write_turtle(ntriples: Path | bytes, out: BinaryIO) -> None:
    """Turtle with the project prefixes from an N-Triples file (or its bytes), streamed (never a
    whole graph); nothing at all for no triples.

    Oxigraph groups a subject's consecutive triples (`;`), and graph.nt keeps nearly all of a
    node's triples together, so the Turtle stays compact without sorting.  (Piping the same
    bytes to a child process writing the Turtle on the other core was tried: 1,000 documents
    took 7.5–10.9 s against 6.1–8.6 s in turn, on the shared 2-core machine.)
    """
    # lenient: graph.nt was just written by ntriples.py, whose IRIs come from vocab.py only;
    # re-validating every IRI would double the time this step takes
    quads = (ox.parse(input=ntriples, format=ox.RdfFormat.N_TRIPLES, lenient=True) if isinstance(ntriples, bytes)
             else ox.parse(path=ntriples, format=ox.RdfFormat.N_TRIPLES, lenient=True))
    ox.serialize((q.triple for q in quads), out, ox.RdfFormat.TURTLE,
                 prefixes={prefix: str(ns) for prefix, ns in PREFIXES.items()})
