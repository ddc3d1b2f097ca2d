"""SPARQL latency of every saved query (ontology/queries/*.rq): Oxigraph, rdflib over Oxigraph
(oxrdflib, what `policykg query --store oxigraph:DIR` runs) and rdflib in memory.

    python -m bench.sparql GRAPH.nt OUT.json [--reference-graph SMALL.nt] [--store-dir DIR]
                           [--repeat R] [--memory-max-triples N]

Oxigraph is bulk-loaded from GRAPH.nt.  rdflib in memory loads GRAPH.nt too when it has at most
N triples (default 1.5 M, ~2 GiB of rdflib); a larger graph is measured on Oxigraph only, and
rdflib in memory is then measured against Oxigraph on the reference graph (the largest it can
hold), in the same run, under `reference`.  Each query runs once to warm up, then R times; the
median is reported with the row count, and the stores' answers are compared as sorted rows,
so a latency is never quoted for a store that answers differently.

A saved query with parameters (`VALUES ?name { … }`) is measured twice, as `NAME[max]` and
`NAME[median]`: bound to the heaviest value the graph holds (the most-cited document, the
document with the most lineage links, the most-linked award condition) and to the median one
of the same ranking.  The seed documents' defaults may not exist in a synthetic corpus, and an
answer of 0 rows measures nothing.  The bindings used are in the output.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.config import QUERIES_DIR
from pipeline.errors import QueryError
from pipeline.graph.query import apply_bindings, run_query
from pipeline.graph.store import GraphStore, MemoryStore, OxigraphStore, QueryResult
from pipeline.graph.store import _rdflib_term as plain_term

_AGGREGATE = re.compile(r"\b(COUNT|SUM|AVG|MIN|MAX|GROUP\s+BY|GROUP_CONCAT)\b", re.IGNORECASE)
_PATH = re.compile(r"[>:\w)][+*]\s")  # a property path such as eli:cites+ walks lineage
TARGET_MS = {"lookup": 100.0, "lineage": 100.0, "aggregate": 1000.0}
DEFAULT_MEMORY_MAX_TRIPLES = 1_500_000
STORES = ("oxigraph", "oxrdflib", "memory")

_PREFIXES = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX pkg: <https://policykg.example.org/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
# (query, parameter) → a query counting, for each value the graph holds for it, how heavy it
# is (ranked here, in Python: sorting thousands of strings in SPARQL would time the sort).
# They are aggregates over the whole graph, so they are timed too, as `aggregate:QUERY`.
RANKINGS = {
    ("citing_documents", "target_id"): "SELECT ?v (COUNT(?c) AS ?n) WHERE { ?c eli:cites ?t . ?t eli:id_local ?v } "
                                       "GROUP BY ?v",
    ("lineage", "doc_id"): "SELECT ?v ?n WHERE { { SELECT ?d (COUNT(?l) AS ?n) WHERE { ?l a pkg:LineageLink ; "
                           "rdf:subject ?d } GROUP BY ?d } ?d eli:id_local ?v }",
    # awards in the lineages that use a wording: the size of award_history's answer for it
    ("award_history", "condition_text"): "SELECT ?v ?n WHERE { { SELECT ?w (COUNT(?a) AS ?n) WHERE { "
                                         "?l pkg:hasWording ?w . ?a pkg:awardLineage ?l } GROUP BY ?w } "
                                         "?w pkg:wordingText ?v }",
}


def classify(name: str, sparql: str) -> str:
    """lookup | lineage | aggregate: which latency target the query is held to."""
    if _AGGREGATE.search(sparql):
        return "aggregate"
    if "lineage" in name or "chain" in name or _PATH.search(sparql):
        return "lineage"
    return "lookup"


class _RdflibOverOxigraph(GraphStore):
    """rdflib's API over an Oxigraph store (oxrdflib), queried as the CLI does (`run_query`)."""

    kind = "oxrdflib"

    def __init__(self, oxigraph: OxigraphStore) -> None:
        self.graph = oxigraph.rdflib_graph()

    def query(self, sparql: str) -> QueryResult:
        result = run_query(self.graph, sparql)
        return QueryResult(variables=tuple(result.variables),
                           rows=tuple(tuple(plain_term(t) for t in row) for row in result.rows))


def _time_query(store: GraphStore, sparql: str, repeat: int, budget_s: float) -> dict[str, Any]:
    try:
        result = store.query(sparql)  # warm-up: parsing, caches
    except QueryError as exc:
        return {"error": exc.one_line()}
    samples = []
    started = time.perf_counter()
    for _ in range(repeat):
        t0 = time.perf_counter()
        store.query(sparql)
        samples.append((time.perf_counter() - t0) * 1000)
        if time.perf_counter() - started > budget_s:  # a slow store gets fewer repeats, not a stuck bench
            break
    rows = sorted(tuple("" if v is None else v for v in row) for row in result.rows)
    return {"median_ms": round(statistics.median(samples), 2), "runs": len(samples),
            "rows": len(result.rows) if result.boolean is None else int(result.boolean), "_rows": rows}


def _bindings(oxigraph: OxigraphStore, queries: dict[str, str]) -> dict[str, dict[str, str]]:
    """`NAME[max]` / `NAME[median]` → {parameter: value}, from each parameter's ranking."""
    out: dict[str, dict[str, str]] = {}
    for (name, param), ranking in RANKINGS.items():
        if name in queries:
            counts = [(-float(n or 0), v) for v, n in oxigraph.query(_PREFIXES + ranking).rows if v is not None]
            values = [v for _, v in sorted(counts)]
            if values:
                out.setdefault(f"{name}[max]", {})[param] = values[0]
                out.setdefault(f"{name}[median]", {})[param] = values[len(values) // 2]
    return out


def _bound(queries: dict[str, str], bindings: dict[str, dict[str, str]]) -> dict[str, str]:
    """The saved queries with their bindings, and the rankings (aggregates over the whole graph)."""
    out = {}
    for name, query in queries.items():
        variants = [key for key in bindings if key.split("[")[0] == name]
        for key in variants or [name]:
            out[key] = apply_bindings(query, bindings.get(key, {}))
    for (name, _param), ranking in RANKINGS.items():
        out[f"aggregate:{name}"] = _PREFIXES + ranking
    return out


def measure_graph(graph_nt: Path, store_dir: Path, save: Callable[[dict[str, Any]], None], out: dict[str, Any], *,
                  repeat: int, budget_s: float, memory_max_triples: int) -> dict[str, dict[str, Any]]:
    """Load `graph_nt` into each store that can hold it, time every saved query; fills `out`."""
    saved = {p.stem: p.read_text(encoding="utf-8") for p in sorted(QUERIES_DIR.glob("*.rq"))}
    out.update(graph=str(graph_nt), graph_mb=round(graph_nt.stat().st_size / 1e6, 1), stores={})
    answers: dict[str, dict[str, Any]] = {}
    shutil.rmtree(store_dir, ignore_errors=True)
    out["running"] = "bulk-loading Oxigraph"
    save(out)
    t0 = time.perf_counter()
    oxigraph = OxigraphStore(store_dir)
    oxigraph.load_ntriples(graph_nt, optimize=False)
    t1 = time.perf_counter()
    oxigraph.optimize()  # what OxigraphStore.load_ntriples does; timed apart
    triples = len(oxigraph)
    out["stores"]["oxigraph"] = {"load_s": round(time.perf_counter() - t0, 2), "bulk_load_s": round(t1 - t0, 2),
                                 "optimize_s": round(time.perf_counter() - t1, 2), "triples": triples}
    out["bindings"] = _bindings(oxigraph, saved)
    queries = _bound(saved, out["bindings"])
    answers["oxigraph"] = {name: _time_query(oxigraph, q, repeat, budget_s) for name, q in queries.items()}
    out["stores"]["oxrdflib"] = {"load_s": 0.0, "triples": triples, "note": "the Oxigraph store above, through rdflib"}
    over = _RdflibOverOxigraph(oxigraph)
    answers["oxrdflib"] = {name: _time_query(over, q, repeat, budget_s) for name, q in queries.items()}
    del over
    oxigraph.close()
    del oxigraph
    out["queries"] = _compare(queries, answers)
    if triples <= memory_max_triples:
        out["running"] = "loading rdflib in memory"
        save(out)
        t0 = time.perf_counter()
        memory = MemoryStore()
        memory.load_ntriples(graph_nt)
        out["stores"]["memory"] = {"load_s": round(time.perf_counter() - t0, 2), "triples": len(memory)}
        answers["memory"] = {name: _time_query(memory, q, repeat, budget_s) for name, q in queries.items()}
        del memory
    else:
        out["stores"]["memory"] = {"skipped": f"{triples:,} triples: more than rdflib in memory is given "
                                              f"({memory_max_triples:,}); see `reference`"}
    out["queries"] = _compare(queries, answers)
    out.pop("running", None)
    shutil.rmtree(store_dir, ignore_errors=True)
    return out["queries"]


def _compare(queries: dict[str, str], answers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    out = {}
    for name, sparql in queries.items():
        sides = {kind: dict(answers.get(kind, {}).get(name, {"skipped": "not measured on this graph"})) for kind in STORES}
        rows = {kind: side.pop("_rows", None) for kind, side in sides.items()}
        measured = [r for r in rows.values() if r is not None]
        agree = all(r == measured[0] for r in measured) if len(measured) > 1 else None
        kind = "aggregate" if name.startswith("aggregate:") else classify(name.split("[")[0], sparql)
        # stores_agree: rdflib in memory against Oxigraph (None when rdflib could not hold the graph)
        out[name] = {"kind": kind, **sides, "target_ms": TARGET_MS[kind],
                     "stores_agree": agree if rows["memory"] is not None else None,
                     "oxrdflib_agrees": rows["oxrdflib"] == rows["oxigraph"] if rows["oxrdflib"] is not None else None}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sparql")
    parser.add_argument("graph_nt", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--reference-graph", type=Path,
                        help="a smaller graph on which rdflib in memory is measured when GRAPH is too large for it")
    parser.add_argument("--store-dir", type=Path, default=Path("bench_out/oxigraph"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget-s", type=float, default=20.0, help="time per query and store before repeats stop")
    parser.add_argument("--memory-max-triples", type=int, default=DEFAULT_MEMORY_MAX_TRIPLES)
    args = parser.parse_args(argv)
    report: dict[str, Any] = {}

    def save(_: object = None) -> None:
        args.out.write_text(json.dumps(report, ensure_ascii=False, sort_keys=True, indent=2), encoding="utf-8")

    options = {"repeat": args.repeat, "budget_s": args.budget_s, "memory_max_triples": args.memory_max_triples}
    measure_graph(args.graph_nt, args.store_dir, save, report, **options)
    save()
    if "skipped" in report["stores"]["memory"] and args.reference_graph:
        report["reference"] = {}
        # a folder of its own: the first store is only released when the garbage collector says so
        measure_graph(args.reference_graph, args.store_dir.with_name(args.store_dir.name + "-reference"), save,
                      report["reference"], **options)
        save()
    os._exit(0)  # skip tearing down a large rdflib graph


if __name__ == "__main__":
    sys.exit(main())
