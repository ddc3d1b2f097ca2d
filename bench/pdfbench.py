"""PDF figures: the pipeline's PDF ingest vs pdfplumber's and pypdfium2's own plain text passes.

    python -m bench.pdfbench CORPUS OUT.json [--docs K] [--pdf-dir DIR]

K documents of the synthetic corpus (evenly spaced, so every seed is in the sample) are
rendered with the test renderer (tests/render/render_gongwen.py, a GB/T 9704 layout).
Then, per file and interleaved so that CPU contention hits all alike:
- pdfplumber: `page.extract_text()` on every page — the floor for the default path;
- pypdfium2: every page's text page, `get_text_bounded()` — the floor for the fast path;
- the pipeline's default PDF ingest (`ingest_file`);
- the pipeline's fast path (pypdfium2), when the ingest stage offers one.
Agreement: the share of documents whose records (header, clauses, mentions) are identical
whichever path read the PDF, and the share with identical text.
"""
from __future__ import annotations

import argparse
import inspect
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline import extract_mentions, structure_document
from pipeline.ingest import ingest_file
from pipeline.io import list_inputs
from pipeline.records import IngestedText

ROOT = Path(__file__).resolve().parent.parent


def render_sample(corpus: Path, pdf_dir: Path, docs: int) -> list[Path]:
    """Render `docs` evenly spaced corpus documents to PDF (kept when already rendered)."""
    sys.path.insert(0, str(ROOT / "tests" / "render"))
    from render_gongwen import render_file  # the test renderer; tests/ is not a package

    texts = list_inputs(corpus)
    step = max(1, len(texts) // docs)
    pdf_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for src in texts[::step][:docs]:
        target = pdf_dir / f"{src.stem}.pdf"
        if not target.exists() or target.stat().st_mtime < src.stat().st_mtime:
            render_file(src, target)
        out.append(target)
    return out


def _pdfplumber_text(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def _pdfium_text(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return sum(len(pdf[i].get_textpage().get_text_bounded()) for i in range(len(pdf)))
    finally:
        pdf.close()


def fast_path() -> Callable[[Path], IngestedText] | None:
    """The ingest stage's pypdfium2 reader, if it has one (found by its public signature)."""
    for name in ("engine", "backend", "reader"):
        if name in inspect.signature(ingest_file).parameters:
            return lambda path: ingest_file(path, **{name: "pdfium"})
    if "fast" in inspect.signature(ingest_file).parameters:
        return lambda path: ingest_file(path, fast=True)
    return None


def _record_key(ingested: IngestedText) -> Any:
    doc = structure_document(ingested)
    ex = extract_mentions(doc)
    return (doc.header, tuple((c.id, c.text) for c in doc.clauses),
            tuple((a.text, a.value, a.role, a.clause) for a in ex.amounts),
            tuple((p.text, p.value) for p in ex.percentages),
            tuple((r.doc_number, r.title) for r in ex.references), len(ex.awards))


def run_pdf(corpus: Path, pdf_dir: Path, docs: int) -> dict[str, Any]:
    pdfs = render_sample(corpus, pdf_dir, docs)
    import pypdfium2 as pdfium

    pages = sum(len(pdfium.PdfDocument(p)) for p in pdfs)
    nbytes = sum(p.stat().st_size for p in pdfs)
    fast = fast_path()
    contenders: dict[str, Callable[[Path], Any]] = {
        "pdfplumber extract_text (floor)": _pdfplumber_text, "pypdfium2 text pass (floor)": _pdfium_text,
        "policykg ingest (default)": ingest_file}
    if fast is not None:
        contenders["policykg ingest (fast path)"] = fast
    spent = dict.fromkeys(contenders, 0.0)
    same_record = same_text = 0
    for path in pdfs:
        outputs = {}
        for name, fn in contenders.items():
            t0 = time.perf_counter()
            outputs[name] = fn(path)
            spent[name] += time.perf_counter() - t0
        if fast is not None:
            default, quick = outputs["policykg ingest (default)"], outputs["policykg ingest (fast path)"]
            same_text += default.text == quick.text
            same_record += _record_key(default) == _record_key(quick)
    result: dict[str, Any] = {"docs": len(pdfs), "pages": pages, "mb": round(nbytes / 1e6, 2), "contenders": {
        name: {"seconds": round(s, 3), "pages_per_s": round(pages / s, 1), "docs_per_s": round(len(pdfs) / s, 2),
               "mb_per_s": round(nbytes / 1e6 / s, 2)} for name, s in spent.items()}}
    result["ratios"] = {
        "pipeline_vs_pdfplumber": round(spent["policykg ingest (default)"]
                                        / spent["pdfplumber extract_text (floor)"], 3),
        "fast_vs_pipeline": (round(spent["policykg ingest (default)"] / spent["policykg ingest (fast path)"], 2)
                             if fast else None)}
    if fast is None:
        result["fast_path_missing"] = "ingest_file has no engine/backend/fast parameter for a pypdfium2 path"
    else:
        result["agreement"] = {"records_identical_share": round(same_record / len(pdfs), 3),
                               "text_identical_share": round(same_text / len(pdfs), 3)}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pdfbench")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=20)
    parser.add_argument("--pdf-dir", type=Path, default=Path("bench_out/pdf_sample"))
    args = parser.parse_args(argv)
    data = run_pdf(args.corpus, args.pdf_dir, args.docs)
    args.out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
