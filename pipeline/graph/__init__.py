"""Graph: linked corpus → RDF (ELI + the project ontology), queries and the SPARQL endpoint.

The only stage that imports rdflib.  `load_graph` is the one entry point for reading a graph
file, so another store can be swapped in behind it.
"""
from __future__ import annotations

from pathlib import Path

from ..io import atomic_write_bytes
from ..records import LinkedCorpus
from .build import build_graph
from .query import format_result, load_graph, read_query, run_query

__all__ = ["build_graph", "format_result", "load_graph", "read_query", "run_query", "write_graph_files"]


def write_graph_files(linked: LinkedCorpus, out_dir: Path) -> list[Path]:
    """Write out_dir/graph.ttl and out_dir/graph.nt; return their paths."""
    graph = build_graph(linked)
    paths = []
    for name, fmt in (("graph.ttl", "turtle"), ("graph.nt", "nt")):
        path = Path(out_dir) / name
        data = graph.serialize(format=fmt, encoding="utf-8")
        atomic_write_bytes(path, data)
        paths.append(path)
    return paths
