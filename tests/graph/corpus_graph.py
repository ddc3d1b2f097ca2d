"""A graph as `policykg build` writes it, over chosen documents, queried through the default
store (Oxigraph on disk beside the graph, behind the rdflib API) — what a researcher opens."""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.engine import MemorySink, SerialExecutor, build
from pipeline.graph import run_query, write_graph_files
from pipeline.graph.query import apply_bindings, read_query
from pipeline.graph.store import DEFAULT_STORE, open_graph
from pipeline.records import LinkedCorpus, Record

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DOCS = ROOT / "tests" / "corpus" / "docs"
SPLIT = ROOT / "tests" / "corpus" / "split.json"
LINEAGE_GOLD = ROOT / "tests" / "gold" / "corpus" / "lineage" / "lineage.json"


def tuning_paths() -> list[Path]:
    """The tuning documents of the corpus (tests/corpus/split.json), in name order."""
    stems = set(json.loads(SPLIT.read_text(encoding="utf-8"))["tuning"])
    return sorted(p for p in CORPUS_DOCS.iterdir() if p.stem in stems)


@dataclass
class BuiltGraph:
    folder: Path
    linked: LinkedCorpus
    records: dict[str, Record]  # the linked records, by source file name
    graph: Any  # rdflib.Graph over the Oxigraph store

    @property
    def graph_file(self) -> Path:
        return self.folder / "graph.ttl"

    def rows(self, query: str, **binds: str) -> list[dict[str, str | None]]:
        """A query's SELECT rows (a saved query's name, a .rq path or SPARQL text), values as strings."""
        result = run_query(self.graph, apply_bindings(read_query(query), binds) if binds else read_query(query))
        return [{v: (None if t is None else str(t)) for v, t in zip(result.variables, row)} for row in result.rows]

    def ask(self, query: str) -> bool:
        result = run_query(self.graph, query)
        assert result.kind == "ASK"
        return bool(result.boolean)


def build_graph_of(paths: list[Path], folder: Path) -> BuiltGraph:
    """`paths` through every stage (the engine's `build`), the graph written to `folder` by the
    writer `policykg build` uses (graph.nt, graph.ttl), and opened in the default store."""
    sink = MemorySink()
    result = build(paths, sink, executor=SerialExecutor())
    assert not result.failures, result.failures
    assert result.linked is not None
    linked = replace(result.linked, records=tuple(sink.records))
    folder.mkdir(parents=True, exist_ok=True)
    write_graph_files(linked, folder)
    records = {record.source.file: record for record in linked.records}
    return BuiltGraph(folder, linked, records, open_graph(DEFAULT_STORE, folder / "graph.ttl"))
