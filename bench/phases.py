"""Measured phases of `make bench`; each runs in its own process so its peak RSS is its own.

    python -m bench.phases text  CORPUS OUT.json                     per-document stages: docs/s, MB/s, RSS
    python -m bench.phases refs  CORPUS OUT.json [--sample K]        regex floor, JioNLP, ours
    python -m bench.phases e2e   CORPUS OUT.json --jobs N --out-dir D  `policykg build`: each step, RSS, graph

A phase prints nothing but errors; it writes one JSON object to OUT.json.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline import assemble_record, extract_mentions, ingest_file, structure_document
from pipeline.errors import PipelineError
from pipeline.io import list_inputs

# the floor for rule extraction: one compiled pass for money, percentages and 文号 together
FLOOR_PATTERN = re.compile(
    r"(?:\d+(?:\.\d+)?\s*(?:亿元|万元|元))|(?:\d+(?:\.\d+)?\s*[%％])|(?:[\u4e00-\u9fff]{1,12}〔\d{4}〕\d+号)")


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MiB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(who).ru_maxrss / 1024


def rate(count: float, seconds: float) -> float | None:
    return round(count / seconds, 2) if seconds > 0 else None


def _stage_figures(seconds: float, docs: int, nbytes: int) -> dict[str, Any]:
    return {"seconds": round(seconds, 3), "docs": docs, "docs_per_s": rate(docs, seconds),
            "mb_per_s": rate(nbytes / 1e6, seconds)}


def run_text(corpus: Path, save: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """The per-document stages in one process over the corpus, timing each; nothing is kept,
    so the peak RSS is what one worker needs whatever the corpus size.

    `save` is called every 500 documents, so a phase stopped by its time limit still leaves
    the figures of the documents it finished."""
    paths = list_inputs(corpus)
    spent = {"ingest": 0.0, "structure": 0.0, "extract": 0.0}
    counts: dict[str, int] = {}
    failures, nbytes, done = 0, 0, 0
    for i, path in enumerate(paths):
        if i and i % 500 == 0:  # figures so far, in case the time limit stops this phase
            save(_partial(i, nbytes, spent))
        nbytes += path.stat().st_size
        try:
            t0 = time.perf_counter()
            ingested = ingest_file(path)
            t1 = time.perf_counter()
            doc = structure_document(ingested)
            t2 = time.perf_counter()
            record = assemble_record(doc, extract_mentions(doc))
            t3 = time.perf_counter()
        except PipelineError:
            failures += 1
            continue
        done += 1
        spent["ingest"] += t1 - t0
        spent["structure"] += t2 - t1
        spent["extract"] += t3 - t2
        _count(counts, record)
    stages = {name: _stage_figures(s, done, nbytes) for name, s in spent.items()}
    total = sum(spent.values())
    return {"docs": len(paths), "failed": failures, "bytes": nbytes, "stages": stages, "counts": counts,
            "per_document": _stage_figures(total, done, nbytes), "peak_rss_mb": round(peak_rss_mb(), 1)}


def _partial(done: int, nbytes: int, spent: dict[str, float]) -> dict[str, Any]:
    return {"docs": done, "bytes": nbytes, "peak_rss_mb": round(peak_rss_mb(), 1),
            "running": f"the per-document stages ({done} documents done)",
            "stages": {name: _stage_figures(sec, done, nbytes) for name, sec in spent.items()}}


def _count(counts: dict[str, int], record: Any) -> None:
    ex = record.extraction
    for key, n in (("records", 1), ("clauses", len(record.clauses)), ("amounts", len(ex.amounts)),
                   ("percentages", len(ex.percentages)), ("awards", len(ex.awards)),
                   ("references", len(ex.references)), ("with_doc_number", int(bool(record.header.doc_number)))):
        counts[key] = counts.get(key, 0) + n


def run_refs(corpus: Path, sample: int) -> dict[str, Any]:
    """Ours and the references over the same first `sample` documents, interleaved per document
    so that CPU contention from other processes hits all of them alike."""
    import jionlp  # imported (and its dictionaries loaded) before any clock starts

    jionlp.ner.extract_money("预热 100 万元")
    paths = list_inputs(corpus)[:sample]
    # ours is warmed up too (jieba's dictionary, the spaCy pipeline): start-up is paid once
    # per process, as JioNLP's is, and is not what the per-document comparison is about
    extract_mentions(structure_document(ingest_file(paths[0])))
    spent = {"regex_floor": 0.0, "jionlp_money": 0.0, "ours_structure_extract": 0.0, "ours_extract": 0.0}
    found = {"regex_floor": 0, "jionlp_money": 0, "ours_amounts": 0}
    nbytes = 0
    for path in paths:
        raw = path.read_bytes()
        nbytes += len(raw)
        ingested = ingest_file(path)
        text = ingested.text  # every contender reads the same normalised text
        found["regex_floor"] += _timed(spent, "regex_floor", lambda t=text: sum(1 for _ in FLOOR_PATTERN.finditer(t)))
        found["jionlp_money"] += _timed(spent, "jionlp_money", lambda t=text: len(jionlp.ner.extract_money(t)))
        t0 = time.perf_counter()
        doc = structure_document(ingested)
        t1 = time.perf_counter()
        extraction = extract_mentions(doc)
        t2 = time.perf_counter()
        spent["ours_structure_extract"] += t2 - t0
        spent["ours_extract"] += t2 - t1
        found["ours_amounts"] += len(extraction.amounts)
    return {"docs": len(paths), "bytes": nbytes, "found": found,
            "contenders": {k: _stage_figures(v, len(paths), nbytes) for k, v in spent.items()}}


def _timed(spent: dict[str, float], key: str, fn: Callable[..., int]) -> int:
    t0 = time.perf_counter()
    value = fn()
    spent[key] += time.perf_counter() - t0
    return value


def run_e2e(corpus: Path, out_dir: Path, jobs: int) -> dict[str, Any]:
    """`policykg build` as a user runs it: workers, link, records and graph files written.

    The build reports the wall-clock seconds of each of its steps (documents in the
    workers, link, records, graph), so link and graph are measured as they run for real."""
    from pipeline.engine import FileSink, build, local_executor
    from pipeline.engine.outputs import writing

    paths = list_inputs(corpus)
    nbytes = sum(p.stat().st_size for p in paths)
    t0 = time.perf_counter()
    with writing(out_dir), local_executor(jobs) as executor:  # what `policykg build -j N` runs
        result = build(paths, FileSink(out_dir), executor=executor, park_in=out_dir)
    seconds = time.perf_counter() - t0
    figures = _stage_figures(seconds, len(paths), nbytes)
    graph_nt = out_dir / "graph.nt"
    with graph_nt.open("rb") as fh:
        triples = sum(1 for _ in fh)
    figures.update({"jobs": jobs, "failed": len(result.failures), "written": len(result.written),
                    "steps": {step: _stage_figures(s, len(paths), nbytes) for step, s in result.seconds.items()},
                    "triples": triples, "triples_per_doc": round(triples / max(1, len(paths)), 1),
                    "edges": len(result.linked.edges) if result.linked else None,
                    "graph_nt": str(graph_nt), "graph_nt_mb": round(graph_nt.stat().st_size / 1e6, 1),
                    "peak_rss_mb": round(peak_rss_mb(), 1),
                    "peak_rss_workers_mb": round(peak_rss_mb(resource.RUSAGE_CHILDREN), 1)})
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.phases")
    parser.add_argument("phase", choices=("text", "refs", "e2e"))
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out-dir", type=Path)
    args = parser.parse_args(argv)
    def save(data: dict[str, Any]) -> None:
        args.out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2), encoding="utf-8")

    if args.phase == "text":
        data = run_text(args.corpus, save)
    elif args.phase == "refs":
        data = run_refs(args.corpus, args.sample)
    else:
        data = run_e2e(args.corpus, args.out_dir, args.jobs)
    save(data)
    # tearing down millions of rdflib objects takes minutes and measures nothing: leave now
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
