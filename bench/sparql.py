"""SPARQL latency of every saved query (ontology/queries/*.rq) on rdflib in memory vs Oxigraph.

    python -m bench.sparql GRAPH.nt OUT.json [--store-dir DIR] [--repeat R]

Both stores are loaded from the same N-Triples file (Oxigraph with its bulk loader); each
query runs once to warm up, then R times, and the median is reported with the row count.
The two stores' answers are compared as sorted rows, so a latency is never quoted for a
store that answers differently.
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
from pipeline.graph.store import GraphStore, MemoryStore, OxigraphStore

_AGGREGATE = re.compile(r"\b(COUNT|SUM|AVG|MIN|MAX|GROUP\s+BY|GROUP_CONCAT)\b", re.IGNORECASE)
_PATH = re.compile(r"[>:\w)][+*]\s")  # a property path such as eli:cites+ walks lineage
TARGET_MS = {"lookup": 100.0, "lineage": 100.0, "aggregate": 1000.0}


def classify(name: str, sparql: str) -> str:
    """lookup | lineage | aggregate: which latency target the query is held to."""
    if _AGGREGATE.search(sparql):
        return "aggregate"
    if "lineage" in name or "chain" in name or _PATH.search(sparql):
        return "lineage"
    return "lookup"


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


def _load(kind: str, graph_nt: Path, store_dir: Path) -> tuple[GraphStore, float]:
    t0 = time.perf_counter()
    if kind == "memory":
        store: GraphStore = MemoryStore()
    else:
        shutil.rmtree(store_dir, ignore_errors=True)
        store = OxigraphStore(store_dir)
    store.load_ntriples(graph_nt)
    return store, time.perf_counter() - t0


def run_queries(graph_nt: Path, store_dir: Path, save: Callable[[dict[str, Any]], None],
                repeat: int = 5, budget_s: float = 20.0) -> dict[str, Any]:
    """Load each store in turn (Oxigraph first: it is the quick one), time every saved query,
    check the stores agree; `save` after each store so a time limit keeps what was measured."""
    queries = {p.stem: p.read_text(encoding="utf-8") for p in sorted(QUERIES_DIR.glob("*.rq"))}
    out: dict[str, Any] = {"graph_mb": round(graph_nt.stat().st_size / 1e6, 1), "stores": {}, "queries": {}}
    answers: dict[str, dict[str, Any]] = {}
    for kind in ("oxigraph", "memory"):
        out["running"] = f"loading the {kind} store"
        save(out)
        store, load_s = _load(kind, graph_nt, store_dir)
        out["stores"][kind] = {"load_s": round(load_s, 2), "triples": len(store)}
        answers[kind] = {name: _time_query(store, q, repeat, budget_s) for name, q in queries.items()}
        store.close()
        del store  # release the memory graph before the next store is loaded
        out["queries"] = _compare(queries, answers)
    del out["running"]
    shutil.rmtree(store_dir, ignore_errors=True)
    return out


def _compare(queries: dict[str, str], answers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    out = {}
    for name, sparql in queries.items():
        sides = {kind: dict(answers.get(kind, {}).get(name, {"error": "store not loaded in time"}))
                 for kind in ("memory", "oxigraph")}
        mem, oxi = sides["memory"], sides["oxigraph"]
        agree = (mem.get("_rows") == oxi.get("_rows") and "error" not in mem) if "_rows" in mem else None
        for side in sides.values():
            side.pop("_rows", None)
        kind = classify(name, sparql)
        out[name] = {"kind": kind, "memory": mem, "oxigraph": oxi, "stores_agree": agree,
                     "target_ms": TARGET_MS[kind]}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sparql")
    parser.add_argument("graph_nt", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--store-dir", type=Path, default=Path("bench_out/oxigraph"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    def save(data: dict[str, Any]) -> None:
        args.out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2), encoding="utf-8")

    save(run_queries(args.graph_nt, args.store_dir, save, args.repeat))
    os._exit(0)  # skip tearing down a large rdflib graph


if __name__ == "__main__":
    sys.exit(main())
