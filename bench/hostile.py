"""Hostile and oversized input, each case as a whole `policykg ingest` process into a small corpus.

    python -m bench.hostile [OUT.json] [--only NAME ...]   (default bench_out/hostile.json; also merged into bench.json)

`--only runon.txt awards.txt` runs those cases alone (by their input's file name); their rows
replace the same cases' rows of the table already in OUT.json and bench.json.

Each case (issue 20): a PDF with a 4 GB stream, a DOCX with a 1 GB `document.xml`, a billion-laughs
DOCX, a symlink to /dev/zero under `--max-bytes`, a FIFO, 2,500 and 100,000 nested divs, a 1 MB
run-on paragraph of award sentences, 1 MB of percentage grants run together, 2,000 awards and 8,000 references in one document.  Reported
per case: wall time, CPU seconds (user + system: the machine is shared, wall time is not the process's own), the process's peak RSS (its own rusage, from `os.wait4`), the outcome (a record,
or the one-line error and the exit code) and whether the corpus is byte for byte as before when the
input is refused.  Targets: under 60 s and 1 GiB each.  Pathological SPARQL queries (cross products,
catastrophic regex, huge IN lists) are bench/endpoint.py's part.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "seeds"
TARGET_S = 60.0
TARGET_RSS_MIB = 1024.0
CASE_TIMEOUT_S = 300
MiB = 1024 * 1024


def one_page_pdf(stream: bytes, filters: bytes, *extra: bytes) -> bytes:
    """A one-page PDF whose content stream is `stream` under `/Filter filters`; `extra` objects follow (5 0 obj …)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter %s >>\nstream\n" % (len(stream), filters) + stream + b"\nendstream", *extra]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    out.writelines(b"%010d 00000 n \n" % off for off in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def _pdf_huge_stream(path: Path) -> list[str]:
    """A one-page PDF whose content stream inflates to 4 GiB (~4 MB on disk)."""
    comp = zlib.compressobj(9)
    chunk = b"\0" * (64 * MiB)
    stream = b"".join(comp.compress(chunk) for _ in range(64)) + comp.flush()
    path.write_bytes(one_page_pdf(stream, b"/FlateDecode"))
    return [str(path)]


def _docx(path: Path, document: Callable[[Any], None]) -> None:
    """A real DOCX (python-docx's template) whose word/document.xml is written by `document`."""
    from docx import Document

    template = io.BytesIO()
    Document().save(template)
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                zf.writestr(info, src.read(info))
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            document(fh)


def _docx_huge_xml(path: Path) -> list[str]:
    """A DOCX whose document.xml unpacks to 1 GiB (a few MB on disk)."""
    def write(fh: Any) -> None:
        fh.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                 b'2006/main"><w:body>')
        for _ in range(16):
            fh.write(b" " * (64 * MiB))
        fh.write(b"</w:body></w:document>")
    _docx(path, write)
    return [str(path)]


def _billion_laughs(path: Path) -> list[str]:
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol0 "lol">{lol}]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
           "<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>").encode()
    _docx(path, lambda fh: fh.write(xml))
    return [str(path)]


def _dev_zero(path: Path) -> list[str]:
    path.symlink_to("/dev/zero")
    return [str(path), "--max-bytes", str(MiB)]


def _fifo(path: Path) -> list[str]:
    os.mkfifo(path)
    return [str(path)]


def _nested(depth: int) -> Callable[[Path], list[str]]:
    def make(path: Path) -> list[str]:
        path.write_text("<html><body>" + "<div>" * depth + "<p>对认定的企业给予一次性奖励100万元。</p>"
                        + "</div>" * depth + "</body></html>", encoding="utf-8")
        return [str(path)]
    return make


_HEAD = "河北省科学技术厅关于印发支持企业创新若干措施的通知\n冀科规〔2023〕1号\n各市科技局：\n"


def run_on_text(n: int) -> str:
    """`n` pairs of award sentences in one paragraph, no line breaks (a crawled body run together)."""
    return _HEAD + RUN_ON_SENTENCE * n + "。\n"


def many_awards_text(n: int) -> str:
    """One document of `n` numbered award items, each granting its own amount."""
    lines = [f"{i}. 对认定的第{i}类企业给予一次性奖励{i % 90 + 10}万元。" for i in range(1, n + 1)]
    return _HEAD + "\n".join(lines) + "\n河北省科学技术厅\n2023年1月1日\n"


def many_references_text(n: int) -> str:
    """One document of `n` sentences, each citing another document by title and 文号."""
    lines = [f"根据《关于支持第{i}项产业发展的若干措施》（冀政办字〔20{10 + i % 14}〕{i}号），制定本措施。"
             for i in range(1, n + 1)]
    return _HEAD + "\n".join(lines) + "\n河北省科学技术厅\n2023年1月1日\n"


RUN_ON_SENTENCE = "对新认定的高新技术企业给予一次性奖励30万元，对通过复审的给予10万元补助，"
RUN_ON_RATE_SENTENCE = "对年度研发投入在100万元以上的企业，按其研发投入的10%给予补助，最高不超过50万元，"


def run_on_rates_text(n: int) -> str:
    """`n` percentage grants (a floor, a share, a cap each) in one paragraph, no line breaks."""
    return _HEAD + RUN_ON_RATE_SENTENCE * n + "\n"


def _run_on(path: Path) -> list[str]:
    """1 MB of award sentences in one paragraph."""
    path.write_text(run_on_text(MiB // len(RUN_ON_SENTENCE.encode())), encoding="utf-8")
    return [str(path)]


def _run_on_rates(path: Path) -> list[str]:
    """1 MB of percentage grants in one paragraph."""
    path.write_text(run_on_rates_text(MiB // len(RUN_ON_RATE_SENTENCE.encode())), encoding="utf-8")
    return [str(path)]


def _many_awards(path: Path) -> list[str]:
    path.write_text(many_awards_text(2000), encoding="utf-8")
    return [str(path)]


def _many_references(path: Path) -> list[str]:
    path.write_text(many_references_text(8000), encoding="utf-8")
    return [str(path)]


CASES: list[tuple[str, str, Callable[[Path], list[str]]]] = [
    ("PDF, a 4 GB stream", "stream.pdf", _pdf_huge_stream),
    ("DOCX, a 1 GB document.xml", "huge.docx", _docx_huge_xml),
    ("DOCX, billion laughs", "laughs.docx", _billion_laughs),
    ("symlink to /dev/zero, --max-bytes 1 MiB", "zero.txt", _dev_zero),
    ("FIFO", "pipe.txt", _fifo),
    ("HTML, 2,500 nested divs", "nested_2500.html", _nested(2_500)),
    ("HTML, 100,000 nested divs", "nested_100000.html", _nested(100_000)),
    ("1 MB run-on award paragraph", "runon.txt", _run_on),
    ("1 MB run-on paragraph of percentage grants", "runon_rates.txt", _run_on_rates),
    ("2,000 awards in one document", "awards.txt", _many_awards),
    ("8,000 references in one document", "references.txt", _many_references),
]


def _tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink():
            h.update(str(p.relative_to(folder)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def _corpus(work: Path) -> Path:
    """One seed, built: the corpus every case is ingested into (a fresh copy each time)."""
    base = work / "corpus"
    (base / "raw_docs").mkdir(parents=True)
    shutil.copy(min(SEEDS.glob("*.txt")), base / "raw_docs")
    subprocess.run([sys.executable, "-m", "pipeline", "build", str(base / "raw_docs"), "-o", str(base / "extracted"),
                    "-j", "1"], cwd=ROOT, check=True, capture_output=True, timeout=CASE_TIMEOUT_S)
    return base


def run_case(label: str, name: str, make: Callable[[Path], list[str]], base: Path, work: Path) -> dict[str, Any]:
    root = work / f"corpus_{name}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(base, root, symlinks=True)
    inputs = work / f"in_{name}"
    shutil.rmtree(inputs, ignore_errors=True)
    inputs.mkdir()
    args = make(inputs / name)
    before = _tree_hash(root)
    cmd = [sys.executable, "-m", "pipeline", "ingest", *args, "--root", str(root), "-j", "1"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    killer = threading.Timer(CASE_TIMEOUT_S, lambda: os.killpg(proc.pid, 9))
    killer.start()
    err_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read() if proc.stderr else b""))
    reader.start()
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    killer.cancel()
    reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = b"".join(err_chunks).decode("utf-8", "replace")
    errors = [ln.removeprefix("policykg: error: ") for ln in stderr.splitlines() if ln.startswith("policykg: error: ")]
    unchanged = _tree_hash(root) == before
    code = proc.returncode
    outcome = "record" if code == 0 else (errors[-1] if errors else f"no error line (killed: {code})")
    rss_mib = usage.ru_maxrss / 1024  # KiB on Linux
    cpu = usage.ru_utime + usage.ru_stime
    row = {"case": label, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_rss_mib": round(rss_mib, 1), "exit": code,
           "outcome": outcome, "one_line": code == 0 or len(errors) == 1,
           "corpus_unchanged": unchanged if code != 0 else None,
           "meets_target": wall < TARGET_S and rss_mib < TARGET_RSS_MIB and (code == 0 or (len(errors) == 1 and unchanged))}
    if code == 0:
        row["stdout_tail"] = out.decode("utf-8", "replace").strip().splitlines()[-1:]
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(inputs, ignore_errors=True)
    return row


def run_all(out: Path, only: list[str] | None = None) -> dict[str, Any]:
    cases = [c for c in CASES if not only or c[1] in only]
    unknown = sorted(set(only or ()) - {name for _, name, _ in CASES})
    if unknown:
        raise SystemExit(f"unknown case {', '.join(unknown)}: one of {', '.join(name for _, name, _ in CASES)}")
    with tempfile.TemporaryDirectory(prefix="policykg-hostile-") as tmp:
        work = Path(tmp)
        base = _corpus(work)
        rows = []
        for label, name, make in cases:
            print(f"  {label} …", file=sys.stderr, flush=True)
            rows.append(run_case(label, name, make, base, work))
            out.write_text(json.dumps({"cases": rows, "running": label}, ensure_ascii=False, indent=2), encoding="utf-8")
    result = {"cases": rows, "targets": {"wall_s": TARGET_S, "peak_rss_mib": TARGET_RSS_MIB},
              "all_meet_targets": all(r["meets_target"] for r in rows),
              "sparql": "pathological queries: bench/endpoint.py (cross products, ASK while they run)"}
    out.write_text(json.dumps(result, ensure_ascii=False, sort_keys=True, indent=2) + "\n", encoding="utf-8")
    return result


def table(result: dict[str, Any]) -> str:
    """The table as Markdown (README and the console)."""
    lines = ["| case | wall s | CPU s | peak RSS MiB | exit | outcome | corpus unchanged | < 60 s, < 1 GiB |",
             "|---|---:|---:|---:|---:|---|---|---|"]
    for r in result["cases"]:
        same = "—" if r["corpus_unchanged"] is None else ("yes" if r["corpus_unchanged"] else "**no**")
        lines.append(f"| {r['case']} | {r['wall_s']} | {r.get('cpu_s', '—')} | {r['peak_rss_mib']} | {r['exit']} | {r['outcome']} | {same} | "
                     f"{'yes' if r['meets_target'] else '**no**'} |")
    return "\n".join(lines)


def merge(bench_json: Path, result: dict[str, Any]) -> None:
    """Put the table into bench.json beside the other parts (started if there is none)."""
    report = json.loads(bench_json.read_text(encoding="utf-8")) if bench_json.exists() else {"sizes": {}, "targets": []}
    report["hostile"] = result
    bench_json.write_text(json.dumps(report, ensure_ascii=False, sort_keys=True, indent=2) + "\n", encoding="utf-8")


def merge_rows(earlier: dict[str, Any] | None, result: dict[str, Any]) -> dict[str, Any]:
    """The cases just run in place of the same cases of an earlier table (the others kept as they were)."""
    if not earlier or "cases" not in earlier:
        return result
    fresh = {r["case"]: r for r in result["cases"]}
    order = [label for label, _, _ in CASES]
    rows = {r["case"]: r for r in earlier["cases"]} | fresh
    merged = dict(result, cases=sorted(rows.values(), key=lambda r: order.index(r["case"]) if r["case"] in order else len(order)))
    merged["all_meet_targets"] = all(r["meets_target"] for r in merged["cases"])
    return merged


def main(argv: list[str]) -> int:
    only = argv[argv.index("--only") + 1:] if "--only" in argv else None
    paths = argv[:argv.index("--only")] if "--only" in argv else argv
    out = Path(paths[0]) if paths else ROOT / "bench_out" / "hostile.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    earlier = json.loads(out.read_text(encoding="utf-8")) if only and out.exists() else None
    result = merge_rows(earlier, run_all(out, only))
    out.write_text(json.dumps(result, ensure_ascii=False, sort_keys=True, indent=2) + "\n", encoding="utf-8")
    print(table(result))
    if not paths:  # run alone: the table goes into bench.json too (bench/run.py merges it itself)
        bench_json = out.parent / "bench.json"
        if only and bench_json.exists():
            result = merge_rows(json.loads(bench_json.read_text(encoding="utf-8")).get("hostile"), result)
        merge(bench_json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
