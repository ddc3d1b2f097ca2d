"""Load test of `policykg serve` (Oxigraph's server behind the front), on loopback.

    python -m bench.endpoint GRAPH.nt OUT.json [--store-dir DIR] [--clients 20] [--requests 50]
                             [--timeout 5] [--workers 4]

`policykg serve` runs in a process of its own, as researchers run it.
CLIENTS threads each send REQUESTS requests, one after another, each on a new connection:
the saved queries bound to the heaviest and the median value the graph holds (bench.sparql's
rankings), in JSON, XML and CSV, by GET and POST; `ASK {}`; the page; a lineage picture; and
one pathological query per client (a 4-way cross product, stopped at --timeout, answered
503).  Reported: throughput, p50/p99 latency per kind of request, errors (any other status,
or no answer), the pathological queries' outcomes, and the workers' and front's peak memory.
Then `ASK {}` is timed while three pathological queries run (the target: 95% of them under 100 ms).
"""
from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

from bench.sparql import _PREFIXES, RANKINGS
from pipeline.config import QUERIES_DIR
from pipeline.graph.query import apply_bindings
from pipeline.graph.serve import DEFAULT_MEMORY_MB, _rss_mb

PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ASK_TARGET_MS = 100.0


def _request(port: int, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None, timeout: float = 120.0) -> tuple[int, int]:
    """(status, body bytes); status 0 when no answer came."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, len(resp.read())
    except (OSError, http.client.HTTPException):
        return 0, 0
    finally:
        conn.close()


def _sparql(port: int, query: str, accept: str, post: bool) -> tuple[int, int]:
    if post:
        return _request(port, "POST", "/sparql", query.encode("utf-8"),
                        {"Content-Type": "application/sparql-query", "Accept": accept})
    return _request(port, "GET", "/sparql?" + urllib.parse.urlencode({"query": query}), None, {"Accept": accept})


def _select(port: int, query: str) -> list[dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("POST", "/sparql", body=query.encode("utf-8"),
                     headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
        data = json.loads(conn.getresponse().read())
    finally:
        conn.close()
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def _workload(port: int) -> tuple[list[tuple[str, Any]], dict[str, dict[str, str]]]:
    """The mixed requests (kind, callable) the clients cycle through, and the bindings used."""
    saved = {p.stem: p.read_text(encoding="utf-8") for p in sorted(QUERIES_DIR.glob("*.rq"))}
    bindings: dict[str, dict[str, str]] = {}
    for (name, param), ranking in RANKINGS.items():
        rows = [(-float(r.get("n") or 0), r["v"]) for r in _select(port, _PREFIXES + ranking) if r.get("v")]
        values = [v for _, v in sorted(rows)]
        if values:
            bindings[f"{name}[max]"] = {param: values[0]}
            bindings[f"{name}[median]"] = {param: values[len(values) // 2]}
    queries = {}
    for name, text in saved.items():
        variants = [k for k in bindings if k.split("[")[0] == name] or [name]
        for key in variants:
            queries[key] = apply_bindings(text, bindings.get(key, {}))
    work: list[tuple[str, Any]] = []
    accepts = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"]
    for i, (key, query) in enumerate(sorted(queries.items())):
        work.append((f"saved:{key}", lambda q=query, a=accepts[i % 3], p=i % 2 == 0: _sparql(port, q, a, p)))
    work.append(("ask", lambda: _sparql(port, "ASK {}", "application/sparql-results+json", False)))
    work.append(("page", lambda: _request(port, "GET", "/")))
    doc = bindings.get("lineage[median]", {}).get("doc_id")
    if doc:
        work.append(("lineage.svg", lambda: _request(port, "GET", "/lineage.svg?doc=" + urllib.parse.quote(doc))))
    return work, bindings


def _pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))], 1)


class _MemoryWatch(threading.Thread):
    def __init__(self, served: _Served) -> None:
        super().__init__(daemon=True)
        self.served, self.stop, self.peak_worker, self.peak_total = served, threading.Event(), 0.0, 0.0

    def run(self) -> None:
        while not self.stop.is_set():
            sizes = [_rss_mb(pid) for pid in self.served.worker_pids()]
            if sizes:
                self.peak_worker = max(self.peak_worker, max(sizes))
                self.peak_total = max(self.peak_total, sum(sizes))
            time.sleep(0.1)


def load_test(served: _Served, clients: int, requests: int) -> dict[str, Any]:
    port = served.port
    work, bindings = _workload(port)
    samples: list[tuple[str, int, float]] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        bad_at = index * requests // clients  # one pathological query per client, spread over the run
        for j in range(requests):
            if j == bad_at:
                kind, call = "pathological", lambda: _sparql(port, PATHOLOGICAL, "application/sparql-results+json",
                                                             index % 2 == 0)
            else:
                kind, call = work[(index * 7 + j) % len(work)]
            t0 = time.perf_counter()
            status, _ = call()
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                samples.append((kind, status, ms))

    watch = _MemoryWatch(served)
    watch.start()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    watch.stop.set()
    watch.join()
    kinds: dict[str, Any] = {}
    for kind in sorted({k for k, _, _ in samples}):
        mine = [(s, ms) for k, s, ms in samples if k == kind]
        expected = 503 if kind == "pathological" else 200
        kinds[kind] = {"n": len(mine), "p50_ms": _pct([ms for _, ms in mine], 50),
                       "p99_ms": _pct([ms for _, ms in mine], 99), "max_ms": round(max(ms for _, ms in mine), 1),
                       "statuses": {str(s): sum(1 for x, _ in mine if x == s) for s in sorted({x for x, _ in mine})},
                       "errors": sum(1 for s, _ in mine if s != expected)}
    ordinary = [ms for k, _, ms in samples if k != "pathological"]
    return {"clients": clients, "requests_per_client": requests, "requests": len(samples), "wall_s": round(wall, 2),
            "throughput_rps": round(len(samples) / wall, 1), "p50_ms": _pct(ordinary, 50), "p99_ms": _pct(ordinary, 99),
            "errors": sum(v["errors"] for v in kinds.values()), "kinds": kinds, "bindings": bindings,
            "peak_worker_rss_mb": round(watch.peak_worker, 1), "peak_workers_rss_mb": round(watch.peak_total, 1),
            "workers_replaced": (_status(port) or {}).get("workers_replaced")}


def ask_while_pathological(served: _Served, running: int = 3, asks: int = 20) -> dict[str, Any]:
    port = served.port
    threads = [threading.Thread(target=_sparql, args=(port, PATHOLOGICAL, "application/sparql-results+json", False))
               for _ in range(running)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    times = []
    for _ in range(asks):
        t0 = time.perf_counter()
        status, _ = _sparql(port, "ASK {}", "application/sparql-results+json", False)
        times.append((time.perf_counter() - t0) * 1000 if status == 200 else float("inf"))
        time.sleep(0.05)
    for t in threads:
        t.join()
    return {"pathological_running": running, "asks": asks, **ask_figures(times)}


def ask_figures(times_ms: list[float]) -> dict[str, Any]:
    """The ASK {} times while pathological queries run; the target holds when 95% of the asks are
    answered within ASK_TARGET_MS (the median alone would pass with half of them slow; the slowest
    one is reported, not judged: one scheduling hiccup of a shared machine is not the endpoint's)."""
    p95 = _pct(times_ms, 95)
    return {"p50_ms": round(statistics.median(times_ms), 1), "p95_ms": p95, "max_ms": round(max(times_ms), 1),
            "target_ms": ASK_TARGET_MS, "holds": p95 is not None and p95 < ASK_TARGET_MS}


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _status(port: int) -> dict[str, Any] | None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", "/api/status")
        return json.loads(conn.getresponse().read())  # type: ignore[no-any-return]
    except (OSError, http.client.HTTPException, ValueError):
        return None
    finally:
        conn.close()


class _Served:
    """`policykg serve` in a process of its own (its front does not share this one's GIL)."""

    def __init__(self, graph: Path, store_dir: Path, timeout: float, workers: int,
                 memory_mb: int = DEFAULT_MEMORY_MB) -> None:
        self.port = _free_port()
        self.proc = subprocess.Popen([sys.executable, "-m", "pipeline", "-q", "serve", "--graph", str(graph),
                                      "--store", f"oxigraph:{store_dir}", "--port", str(self.port),
                                      "--timeout", str(timeout), "--workers", str(workers),
                                      "--memory-mb", str(memory_mb)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 600  # the first start builds the store
        while _status(self.port) is None:
            if self.proc.poll() is not None:
                raise RuntimeError(f"policykg serve exited: {self.proc.stderr.read().decode()[-500:]}")  # type: ignore[union-attr]
            if time.monotonic() > deadline:
                raise RuntimeError("policykg serve did not start")
            time.sleep(0.1)

    def worker_pids(self) -> list[int]:
        return list((_status(self.port) or {}).get("worker_pids", []))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.endpoint")
    parser.add_argument("graph_nt", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--store-dir", type=Path, default=Path("bench_out/endpoint-store"))
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--memory-mb", type=int, default=DEFAULT_MEMORY_MB, help="serve's per-query memory bound")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"graph": str(args.graph_nt), "timeout_s": args.timeout, "workers": args.workers,
                              "memory_mb": args.memory_mb,
                              "running": "starting policykg serve (building the store)"}

    def save() -> None:
        args.out.write_text(json.dumps(report, ensure_ascii=False, sort_keys=True, indent=2), encoding="utf-8")

    save()
    t0 = time.perf_counter()
    served = _Served(args.graph_nt, args.store_dir, args.timeout, args.workers, args.memory_mb)
    report["start_s"] = round(time.perf_counter() - t0, 2)
    try:
        report["running"] = "the load test"
        save()
        report["load"] = load_test(served, args.clients, args.requests)
        report["running"] = "ASK while pathological queries run"
        save()
        report["ask_while_pathological"] = ask_while_pathological(served)
        report["status"] = _status(served.port)
        import psutil

        report["front_rss_mb"] = round(psutil.Process(served.proc.pid).memory_info().rss / 2**20, 1)
    finally:
        served.stop()
    report.pop("running", None)
    save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
