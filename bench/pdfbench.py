"""PDF figures: the pipeline's two PDF readers vs pdfplumber's and pypdfium2's own plain text passes.

    python -m bench.pdfbench CORPUS OUT.json [--docs K] [--pdf-dir DIR]

K documents of the synthetic corpus (evenly spaced, and every seed of a round-robin
corpus among them) are rendered with the test renderer (tests/render/render_gongwen.py,
a GB/T 9704 layout).  Then, per file and interleaved so that CPU contention hits all alike:
- pdfplumber: `page.extract_text()` on every page — the floor for the default reader;
- pypdfium2: every page's text page, `get_text_bounded()` — the floor for the fast reader;
- the pipeline's ingest with the default reader (`pdf_reader="pdfplumber"`);
- the pipeline's ingest with the fast reader (`pdf_reader="fast"`).
Agreement (outside the timed part): each document's two ingests go through structure and
extract, and the whole `Record.to_dict()` of one is compared with the other's (nothing is
left out: both read the same file, so even `source` must agree).  For a document that
differs: rapidfuzz's ratio of the two texts and the first differing excerpt.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.synth import STAMP
from pipeline import extract_mentions, structure_document
from pipeline.engine import assemble_record
from pipeline.ingest import ingest_file
from pipeline.io import list_inputs
from pipeline.records import IngestedText

ROOT = Path(__file__).resolve().parent.parent
PLUMBER = "pdfplumber extract_text (floor)"
PDFIUM = "pypdfium2 text pass (floor)"
DEFAULT = "policykg ingest (default)"
FAST = "policykg ingest (fast path)"
EXCERPT = 60  # characters of context shown around the first difference


def sample_paths(corpus: Path, docs: int) -> list[Path]:
    """`docs` evenly spaced corpus documents, shifted so that a round-robin corpus gives every seed.

    The synthetic corpus deals its seeds out in turn (document i varies seed i mod S); an
    even step that is a multiple of S would pick one seed only."""
    texts = list_inputs(corpus)
    if not texts:
        raise SystemExit(f"no documents in {corpus}")
    seeds = _seed_count(corpus)
    step = max(1, len(texts) // docs)
    picked = [k * step + (k % seeds if step >= seeds else 0) for k in range(docs)]
    return [texts[i] for i in picked if i < len(texts)]


def _seed_count(corpus: Path) -> int:
    stamp = corpus / STAMP  # written by bench/synth.py
    try:
        return max(1, len(json.loads(stamp.read_text(encoding="utf-8"))["seeds"]))
    except (OSError, ValueError, KeyError, TypeError):
        return 1


def render_sample(corpus: Path, pdf_dir: Path, docs: int) -> list[Path]:
    """Render the sample to PDF (a PDF already rendered from the current text is kept)."""
    sys.path.insert(0, str(ROOT / "tests" / "render"))
    from render_gongwen import render_file  # the test renderer; tests/ is not a package

    pdf_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for src in sample_paths(corpus, docs):
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


def _default(path: Path) -> IngestedText:
    return ingest_file(path, pdf_reader="pdfplumber")


def _fast(path: Path) -> IngestedText:
    return ingest_file(path, pdf_reader="fast")


def _record(ingested: IngestedText) -> dict[str, Any]:
    doc = structure_document(ingested)
    return assemble_record(doc, extract_mentions(doc)).to_dict()


def compare_records(path: Path, default: IngestedText, fast: IngestedText) -> dict[str, Any] | None:
    """None when the two records are identical, else how they differ."""
    a, b = _record(default), _record(fast)
    if a == b:
        return None
    from rapidfuzz import fuzz

    keys = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    at = next((i for i, (x, y) in enumerate(zip(a["text"], b["text"])) if x != y),
              min(len(a["text"]), len(b["text"])))
    lo = max(0, at - EXCERPT // 2)
    return {"file": path.name, "fields": keys, "text_ratio": round(fuzz.ratio(a["text"], b["text"]) / 100, 4),
            "first_difference": at if a["text"] != b["text"] else None,
            "default_excerpt": a["text"][lo:at + EXCERPT // 2], "fast_excerpt": b["text"][lo:at + EXCERPT // 2]}


def pdfplumber_pages_in_fast_path(paths: list[Path]) -> int:
    """Pages the fast reader hands to pdfplumber (a possible table, no text, unusual geometry)."""
    import pypdfium2 as pdfium

    from pipeline.ingest.pdf_fast import fast_page_items

    count = 0
    for path in paths:
        doc = pdfium.PdfDocument(path)
        try:
            count += sum(fast_page_items(doc[i], i + 1) is None for i in range(len(doc)))
        finally:
            doc.close()
    return count


def run_pdf(corpus: Path, pdf_dir: Path, docs: int) -> dict[str, Any]:
    pdfs = render_sample(corpus, pdf_dir, docs)
    import pypdfium2 as pdfium

    pages = sum(len(pdfium.PdfDocument(p)) for p in pdfs)
    nbytes = sum(p.stat().st_size for p in pdfs)
    contenders: dict[str, Callable[[Path], Any]] = {PLUMBER: _pdfplumber_text, PDFIUM: _pdfium_text,
                                                    DEFAULT: _default, FAST: _fast}
    spent = dict.fromkeys(contenders, 0.0)
    differing = []
    same_text = 0
    for path in pdfs:
        outputs = {}
        for name, fn in contenders.items():
            t0 = time.perf_counter()
            outputs[name] = fn(path)
            spent[name] += time.perf_counter() - t0
        same_text += outputs[DEFAULT].text == outputs[FAST].text
        diff = compare_records(path, outputs[DEFAULT], outputs[FAST])
        if diff is not None:
            differing.append(diff)
    result: dict[str, Any] = {"docs": len(pdfs), "pages": pages, "mb": round(nbytes / 1e6, 2), "contenders": {
        name: {"seconds": round(s, 3), "pages_per_s": round(pages / s, 1), "docs_per_s": round(len(pdfs) / s, 2),
               "mb_per_s": round(nbytes / 1e6 / s, 2)} for name, s in spent.items()}}
    result["ratios"] = {
        # time of the default reader over pdfplumber's own plain pass (target ≤ 1.2)
        "pipeline_vs_pdfplumber": round(spent[DEFAULT] / spent[PLUMBER], 3),
        # speed of the fast reader over the default reader's (target ≥ 5)
        "fast_vs_pipeline": round(spent[DEFAULT] / spent[FAST], 2),
        # speed of the fast reader over pdfplumber's plain pass
        "fast_vs_pdfplumber": round(spent[PLUMBER] / spent[FAST], 2),
        # time of the fast reader over pypdfium2's own plain pass
        "fast_vs_pdfium": round(spent[FAST] / spent[PDFIUM], 2)}
    result["agreement"] = {
        "records_identical_share": round(1 - len(differing) / len(pdfs), 4),
        "text_identical_share": round(same_text / len(pdfs), 4),
        "records_compared": len(pdfs),
        "min_text_ratio": min((d["text_ratio"] for d in differing), default=1.0),
        "differing": differing,
        "pdfplumber_pages_in_fast_path": pdfplumber_pages_in_fast_path(pdfs)}
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
