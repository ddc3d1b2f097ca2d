"""`make bench`: synthetic corpora, every measured phase in its own process, one table, one JSON.

Environment (all optional):
    BENCH_SIZES        corpus sizes, comma-separated            (default 1000,10000)
    BENCH_REF_SAMPLE   documents compared with the references   (default 1000)
    BENCH_PDF_DOCS     documents rendered to PDF                (default 20)
    BENCH_JOBS         worker processes for the end-to-end run  (default: all cores)
    BENCH_OUT          output folder                            (default bench_out)
    BENCH_PHASE_TIMEOUT  seconds one measured phase may take    (default 900)
    BENCH_GRAPH_DOCS   corpus queried when no size got a graph built in time (default 200)
    BENCH_CLIENTS, BENCH_REQUESTS, BENCH_QUERY_TIMEOUT
                       the endpoint load test: clients × requests each, query timeout (20, 50, 5 s)
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.report import evaluate_targets, print_report
from bench.synth import build_corpus_dir

ROOT = Path(__file__).resolve().parent.parent
# a phase over its limit is stopped and reported (with the steps it finished), so that
# `make bench` ends in bounded time even when a stage scales badly
PHASE_TIMEOUT_S = int(os.environ.get("BENCH_PHASE_TIMEOUT", "900"))


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _phase(module: str, args: list[str], out: Path) -> dict[str, Any]:
    """Run one phase in a fresh interpreter and read back its JSON `out` (or the reason it failed)."""
    out.unlink(missing_ok=True)  # never report a previous run's figures
    t0 = time.perf_counter()
    _say(f"  {module} {' '.join(args[:1])} …")
    # its own process group, so that on time-out its pool workers are stopped with it
    proc = subprocess.Popen([sys.executable, "-m", module, *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=PHASE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
        if data and "running" not in data:  # it had written its figures and was only exiting
            return data
        step = data.pop("running", "its first step")
        data["error"] = f"stopped after the {PHASE_TIMEOUT_S}s limit (BENCH_PHASE_TIMEOUT) while in {step}"
        _say(f"  {data['error']}")
        return data
    if proc.returncode != 0 or not out.exists():
        tail = (stderr or stdout).strip().splitlines()[-3:]
        return {"error": f"{module} exited {proc.returncode}: {' | '.join(tail)}"}
    data = json.loads(out.read_text(encoding="utf-8"))
    data["wall_s"] = round(time.perf_counter() - t0, 2)
    return data


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_size(n: int, out: Path, jobs: int) -> dict[str, Any]:
    """Corpus of `n` documents: the per-document stages in one process, then `policykg build`."""
    t0 = time.perf_counter()
    corpus = build_corpus_dir(ROOT / "raw_docs", out / f"corpus_{n}", n)
    _say(f"corpus of {n}: ready in {time.perf_counter() - t0:.1f}s")
    result: dict[str, Any] = {"corpus_mb": round(sum(p.stat().st_size for p in corpus) / 1e6, 1)}
    result["text"] = _phase("bench.phases", ["text", str(out / f"corpus_{n}"), str(out / f"text_{n}.json")],
                            out / f"text_{n}.json")
    result["e2e"] = _phase("bench.phases", ["e2e", str(out / f"corpus_{n}"), str(out / f"e2e_{n}.json"),
                                            "--jobs", str(jobs), "--out-dir", str(out / f"build_{n}")],
                           out / f"e2e_{n}.json")
    result["graph_nt"] = result["e2e"].get("graph_nt") if "error" not in result["e2e"] else None
    return result


def run_sparql(report: dict[str, Any], sizes: list[int], out: Path, jobs: int) -> dict[str, Any]:
    """Query the largest graph that was built; when none was, a graph of BENCH_GRAPH_DOCS documents."""
    built = [n for n in sorted(sizes) if report["sizes"][str(n)].get("graph_nt")]
    if built:
        on_size, graph_nt = built[-1], report["sizes"][str(built[-1])]["graph_nt"]
    else:  # no corpus size got through link + graph in time: a smaller graph, and the report says so
        on_size = _env_int("BENCH_GRAPH_DOCS", 200)
        _say(f"no graph from {sizes} in time: building one from {on_size} documents for the queries")
        report["sparql_corpus"] = run_size(on_size, out, jobs)
        graph_nt = report["sparql_corpus"].get("graph_nt")
    if not graph_nt:
        return {"error": "no graph was built", "on_size": on_size}
    result = _phase("bench.sparql", [graph_nt, str(out / "sparql.json"), "--store-dir", str(out / "oxigraph")],
                    out / "sparql.json")
    result["on_size"] = on_size
    return result


def run_endpoint(report: dict[str, Any], out: Path) -> dict[str, Any]:
    """The load test of `policykg serve` (bench/endpoint.py) on the graph the SPARQL phase queried."""
    graph_nt = report.get("sparql", {}).get("graph")
    if not graph_nt:
        return {"error": "no graph was built"}
    args = [graph_nt, str(out / "endpoint.json"), "--store-dir", str(out / "endpoint-store"),
            "--clients", str(_env_int("BENCH_CLIENTS", 20)), "--requests", str(_env_int("BENCH_REQUESTS", 50)),
            "--timeout", os.environ.get("BENCH_QUERY_TIMEOUT", "5")]
    return _phase("bench.endpoint", args, out / "endpoint.json")


def run_wholeprocess(sizes: list[int], out: Path, jobs: int) -> dict[str, Any]:
    """The commands as a user runs them (bench/wholeprocess.py): extract vs JioNLP on the first
    size, `policykg build -j2` at every size, and the labelled corpus."""
    first = out / f"corpus_{sizes[0]}"
    result: dict[str, Any] = {"extract": _phase("bench.wholeprocess", ["extract", str(first), str(out / "wp_extract.json")],
                                                out / "wp_extract.json"), "build": {}}
    for n in sizes:
        target = out / f"wp_build_{n}.json"
        result["build"][str(n)] = _phase("bench.wholeprocess", ["build", str(out / f"corpus_{n}"), str(target),
                                                                "--jobs", str(min(jobs, 2))], target)
    result["corpus"] = _phase("bench.wholeprocess", ["corpus", str(ROOT / "tests" / "corpus" / "docs"),
                                                     str(out / "wp_corpus.json")], out / "wp_corpus.json")
    return result


def main() -> int:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000").split(",") if s.strip()]
    out = ROOT / os.environ.get("BENCH_OUT", "bench_out")
    out.mkdir(parents=True, exist_ok=True)
    jobs = _env_int("BENCH_JOBS", os.cpu_count() or 1)
    started = time.perf_counter()
    report: dict[str, Any] = {"machine": {"cores": os.cpu_count(), "jobs": jobs, "python": sys.version.split()[0]},
                              "sizes": {}}
    for n in sizes:
        report["sizes"][str(n)] = run_size(n, out, jobs)
    first = str(sizes[0])
    sample = min(_env_int("BENCH_REF_SAMPLE", 1000), sizes[0])
    report["references"] = _phase("bench.phases", ["refs", str(out / f"corpus_{first}"), str(out / "refs.json"),
                                                   "--sample", str(sample)], out / "refs.json")
    report["wholeprocess"] = run_wholeprocess(sizes, out, jobs)
    report["sparql"] = run_sparql(report, sizes, out, jobs)
    report["endpoint"] = run_endpoint(report, out)
    report["pdf"] = _phase("bench.pdfbench", [str(out / f"corpus_{first}"), str(out / "pdf.json"),
                                              "--docs", str(_env_int("BENCH_PDF_DOCS", 20)),
                                              "--pdf-dir", str(out / "pdf_sample")], out / "pdf.json")
    # the producer matrix and the policy cards (pages/s per producer and reader), the 331-page
    # compilation's time and memory with both readers, the legacy converters
    report["producers"] = _phase("bench.producerbench", [str(out / "producers.json"), "--c027"],
                                 out / "producers.json")
    report["hostile"] = _phase("bench.hostile", [str(out / "hostile.json")], out / "hostile.json")
    report["targets"] = evaluate_targets(report)
    report["total_s"] = round(time.perf_counter() - started, 1)
    (out / "bench.json").write_text(json.dumps(report, ensure_ascii=False, sort_keys=True, indent=2) + "\n",
                                    encoding="utf-8")
    print_report(report)
    _say(f"wrote {out / 'bench.json'} in {report['total_s']}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
