"""Whole processes: the commands a user runs, timed from outside (start-up, imports, writing included).

    python -m bench.wholeprocess                          everything below; table; BENCH_OUT/bench.json
    python -m bench.wholeprocess extract CORPUS OUT.json  policykg extract vs JioNLP extract_money
    python -m bench.wholeprocess build CORPUS OUT.json [--jobs N]   policykg build, each step
    python -m bench.wholeprocess corpus FOLDER OUT.json   policykg build of real documents
    python -m bench.wholeprocess startup CORPUS OUT.json  --help, query --help, extract of one document

Every figure is one process tree started here: wall clock, CPU seconds, and peak RSS as the
kernel reports it for the tree when it is reaped (`wait4`: the largest process of the tree, so
a build's main process or its largest worker, whichever is larger).  `build` runs with `-v`
and reads the seconds and the main process's peak RSS of each step from the build's own log
line.  The load average is noted beside each run: the machine may be shared.

- extract: the same documents (`*.txt` of CORPUS) through `policykg extract` and through JioNLP's
  `extract_money` (bench/jionlp_money.py), pinned to one core (`taskset -c 0`, `-j1`) and with the
  defaults (policykg: all cores), alternating, `BENCH_WP_REPEATS` times each (default 1);
- build: `policykg -v build CORPUS -j N` (default 2) end to end;
- corpus: `policykg -v build` of the labelled corpus (`tests/corpus/docs`: HTML, text and the
  331-page PDF) with the defaults;
- startup: `policykg --help`, `policykg query --help` and `policykg extract -j1` of one document
  of CORPUS, on one core, the best of max(3, `BENCH_WP_REPEATS`) runs each.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POLICYKG = str(Path(PYTHON).with_name("policykg"))
CORPUS_DOCS = ROOT / "tests" / "corpus" / "docs"
RUN_TIMEOUT_S = int(os.environ.get("BENCH_PHASE_TIMEOUT", "900"))
# `build of N documents: documents 31.6s (peak RSS 250 MiB), link 2.3s (peak RSS 262 MiB), …`
_STEP = re.compile(r"(\w+) ([\d.]+)s \(peak RSS ([\d.]+) MiB\)")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_process(cmd: list[str], *, one_core: bool = False, timeout: float = RUN_TIMEOUT_S) -> dict[str, Any]:
    """Run `cmd` as a whole process (pinned to core 0 with `one_core`): wall seconds, CPU seconds,
    peak RSS of its tree, exit code, its stderr's last lines and the load average around it."""
    if one_core:
        if shutil.which("taskset") is None:
            return {"error": "taskset is not installed: no one-core figure"}
        cmd = ["taskset", "-c", "0", *cmd]
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err, start_new_session=True)
        # its own process group: on time-out the whole tree (pool workers too) is stopped
        timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # the tree's rusage, which communicate() drops
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace")
    result: dict[str, Any] = {
        "seconds": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "exit": proc.returncode,
        "load": [round(load_before, 2), round(os.getloadavg()[0], 2)], "stderr": stderr, "stdout": stdout}
    if proc.returncode < 0:
        result["error"] = f"stopped after the {timeout:.0f}s limit" if proc.returncode == -signal.SIGKILL \
            else f"killed by signal {-proc.returncode}"
    return result


def _brief(run: dict[str, Any]) -> dict[str, Any]:
    """A run without its output, and with the last stderr lines when it failed."""
    out = {k: v for k, v in run.items() if k not in ("stderr", "stdout")}
    if run.get("exit"):
        out["stderr_tail"] = run.get("stderr", "").strip().splitlines()[-3:]
    return out


def run_extract(corpus: Path, scratch: Path, repeats: int) -> dict[str, Any]:
    """`policykg extract` and JioNLP's `extract_money` over the same files, one core and defaults."""
    files = [str(p) for p in sorted(corpus.glob("*.txt"))]
    nbytes = sum(Path(f).stat().st_size for f in files)
    out_dir = scratch / "extract_out"
    contenders = {
        "policykg_one_core": ([POLICYKG, "-q", "extract", "-j1", "-o", str(out_dir), *files], True),
        "jionlp_one_core": ([PYTHON, "-m", "bench.jionlp_money", *files], True),
        "policykg_defaults": ([POLICYKG, "-q", "extract", "-o", str(out_dir), *files], False),
        "jionlp_defaults": ([PYTHON, "-m", "bench.jionlp_money", *files], False),
    }
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, (cmd, one_core) in contenders.items():  # alternating: contention hits each alike
            shutil.rmtree(out_dir, ignore_errors=True)  # every extract writes a fresh folder
            _say(f"  {name} …")
            runs[name].append(_brief(run_process(cmd, one_core=one_core)))
    shutil.rmtree(out_dir, ignore_errors=True)
    best = {name: min((r for r in rs if "error" not in r and r["exit"] == 0), key=lambda r: r["seconds"],
                      default=rs[-1]) for name, rs in runs.items()}
    result: dict[str, Any] = {"docs": len(files), "bytes": nbytes, "repeats": repeats, "best": best, "runs": runs}
    ratios = {}
    for setting in ("one_core", "defaults"):
        ours, peer = best[f"policykg_{setting}"], best[f"jionlp_{setting}"]
        if "error" not in ours and "error" not in peer and not ours["exit"] and not peer["exit"]:
            ratios[setting] = round(ours["seconds"] / peer["seconds"], 2)
    result["ratio_policykg_vs_jionlp"] = ratios
    return result


def run_startup(corpus: Path, scratch: Path, repeats: int) -> dict[str, Any]:
    """Start-up alone: `policykg --help`, `policykg query --help` and `extract -j1` of one document
    (start-up and one document) on one core, each the best of max(3, `repeats`) runs."""
    one = str(min(corpus.glob("*.txt")))
    out_dir = scratch / "startup_out"
    commands = {"help": [POLICYKG, "--help"], "query_help": [POLICYKG, "query", "--help"],
                "extract_one_doc": [POLICYKG, "-q", "extract", "-j1", "-o", str(out_dir), one]}
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in commands}
    for _ in range(max(3, repeats)):
        for name, cmd in commands.items():
            shutil.rmtree(out_dir, ignore_errors=True)
            runs[name].append(_brief(run_process(cmd, one_core=True)))
    shutil.rmtree(out_dir, ignore_errors=True)
    best = {name: min((r for r in rs if "error" not in r and r["exit"] == 0), key=lambda r: r["seconds"],
                      default=rs[-1]) for name, rs in runs.items()}
    return {"best": best, "runs": runs}


def run_build(corpus: Path, scratch: Path, jobs: int | None, label: str) -> dict[str, Any]:
    """`policykg -v build CORPUS` end to end (`-j jobs`, or the default), with each step from its log."""
    out_dir = scratch / f"build_{label}"
    shutil.rmtree(out_dir, ignore_errors=True)
    inputs = [p for p in corpus.iterdir() if not p.name.startswith(".")]
    cmd = [POLICYKG, "-v", "build", str(corpus), "-o", str(out_dir)] + (["-j", str(jobs)] if jobs else [])
    _say(f"  policykg build {corpus.name} ({len(inputs)} inputs) …")
    run = run_process(cmd)
    result = _brief(run)
    result.update({"docs": len(inputs), "bytes": sum(p.stat().st_size for p in inputs if p.is_file()),
                   "jobs": jobs or "default", "docs_per_s": round(len(inputs) / run["seconds"], 1)})
    line = next((ln for ln in run["stderr"].splitlines() if "build of" in ln), "")
    result["steps"] = {step: {"seconds": float(s), "main_peak_rss_mb": float(rss)}
                       for step, s, rss in _STEP.findall(line)}
    graph_nt = out_dir / "graph.nt"
    if graph_nt.exists():
        with graph_nt.open("rb") as fh:
            result["triples"] = sum(1 for _ in fh)
        result["graph_nt_mb"] = round(graph_nt.stat().st_size / 1e6, 1)
    result["failed_inputs"] = sum(1 for ln in run["stderr"].splitlines() if ln.startswith("policykg: error:")
                                  and "inputs not read" not in ln)
    shutil.rmtree(out_dir, ignore_errors=True)
    return result


def _save(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n", encoding="utf-8")


def run_all(out: Path, sizes: list[int], jobs: int, repeats: int) -> dict[str, Any]:
    """Every whole-process figure: extract on the first size, build at each size, the real corpus."""
    from bench.synth import build_corpus_dir

    corpora = {n: out / f"corpus_{n}" for n in sizes}
    for n, folder in corpora.items():
        build_corpus_dir(ROOT / "raw_docs", folder, n)
    data: dict[str, Any] = {"extract": run_extract(corpora[sizes[0]], out, repeats), "build": {}}
    for n, folder in corpora.items():
        data["build"][str(n)] = run_build(folder, out, jobs, str(n))
    data["corpus"] = run_build(CORPUS_DOCS, out, None, "corpus")
    data["startup"] = run_startup(corpora[sizes[0]], out, repeats)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.wholeprocess")
    parser.add_argument("part", nargs="?", choices=("extract", "build", "corpus", "startup"))
    parser.add_argument("corpus", nargs="?", type=Path)
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    bench_out = ROOT / os.environ.get("BENCH_OUT", "bench_out")
    repeats = int(os.environ.get("BENCH_WP_REPEATS", "1"))
    if args.part is None:  # alone: everything, into bench.json beside the other figures
        from bench.report import merge_wholeprocess, print_wholeprocess

        sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000").split(",") if s.strip()]
        data = run_all(bench_out, sizes, args.jobs, repeats)
        _save(bench_out / "wholeprocess.json", data)
        merge_wholeprocess(bench_out / "bench.json", data)
        print_wholeprocess(data)
        return 0
    if args.corpus is None or args.out is None:
        parser.error(f"{args.part} needs CORPUS and OUT.json")
    scratch = args.out.parent
    if args.part == "extract":
        data = run_extract(args.corpus, scratch, repeats)
    elif args.part == "startup":
        data = run_startup(args.corpus, scratch, repeats)
    elif args.part == "build":
        data = run_build(args.corpus, scratch, args.jobs, args.corpus.name)
    else:
        data = run_build(args.corpus, scratch, None, "corpus")
    _save(args.out, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
