"""OCR for pages without a readable text layer: pypdfium2 renders, tesseract (chi_sim) reads.

tesseract is called as a command (no Python binding needed) and asked for TSV, which
gives every word's box; words are grouped into lines with positions so that OCR text
goes through the same furniture and line-joining rules as a text layer.
"""
from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess

from ..errors import NoTextLayer
from .pdf_geometry import Item, RawLine

__all__ = ["OCR_DPI", "OCR_LANG", "ocr_available", "ocr_image", "ocr_page"]

OCR_LANG = "chi_sim"
OCR_DPI = 300
OCR_TIMEOUT_S = 300
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》（）]"


# a page tesseract reads with lower mean word confidence is refused, not ingested;
# measured: a rendered scanned 公文 page reads at ~91, a page of unmapped glyphs at ~22
OCR_MIN_CONFIDENCE = 60


@functools.lru_cache(maxsize=1)
def ocr_available() -> bool:
    """tesseract is on PATH and has the simplified-Chinese model."""
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return OCR_LANG in out.stdout.split()


def ocr_page(data: bytes, n: int, dpi: int = OCR_DPI) -> list[Item]:
    """OCR page `n` (1-based) of a PDF rendered at `dpi`; positions come back in PDF points."""
    from .pdfium import open_pdfium

    doc = open_pdfium(data)
    try:
        image = doc[n - 1].render(scale=dpi / 72).to_pil()
    finally:
        doc.close()
    return list[Item](ocr_image(image, n, scale=dpi / 72))


def ocr_image(image, page: int = 1, scale: float = 1.0) -> list[RawLine]:
    """Lines tesseract reads in a PIL image; `scale` is pixels per PDF point."""
    buf = io.BytesIO()
    image.convert("L").save(buf, format="PNG")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # a page at a time; do not grab every core
    try:
        proc = subprocess.run(["tesseract", "stdin", "stdout", "-l", OCR_LANG, "--psm", "3", "tsv"],
                              input=buf.getvalue(), capture_output=True, timeout=OCR_TIMEOUT_S, env=env,
                              check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise NoTextLayer(f"page {page}: OCR failed ({exc})", hint="check the tesseract installation") from exc
    if proc.returncode != 0:
        raise NoTextLayer(f"page {page}: OCR failed: {proc.stderr.decode(errors='replace').strip()[:200]}")
    tsv = proc.stdout.decode("utf-8", errors="replace")
    confidence = mean_confidence(tsv)
    if confidence is not None and confidence < OCR_MIN_CONFIDENCE:
        # a page of junk glyphs OCRs into junk text; refusing it beats ingesting noise
        raise NoTextLayer(f"page {page}: OCR could not read the page (mean confidence {confidence:.0f} "
                          f"< {OCR_MIN_CONFIDENCE})", hint="the page may not be text, or is too degraded")
    return _tsv_lines(tsv, page, scale)


def mean_confidence(tsv: str) -> float | None:
    """Tesseract's word confidence (0-100), averaged over the characters it read."""
    total = weight = 0.0
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) >= 12 and cols[0] == "5" and cols[11].strip():
            n = len(cols[11].strip())
            total += float(cols[10]) * n
            weight += n
    return total / weight if weight else None


def _tsv_lines(tsv: str, page: int, scale: float) -> list[RawLine]:
    words: dict[tuple[str, str, str], list[tuple[int, int, int, int, str]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        left, top, width, height = (int(c) for c in cols[6:10])
        words.setdefault((cols[2], cols[3], cols[4]), []).append((left, top, width, height, cols[11].strip()))
    lines = []
    for ws in words.values():
        ws.sort()
        text = ""
        for *_, w in ws:
            # tesseract separates Chinese characters with spaces; only Latin words need them
            text += w if not text or re.match(_CJK, text[-1]) or re.match(_CJK, w[0]) else " " + w
        heights = sorted(h for _, _, _, h, _ in ws)
        x0, top = ws[0][0], min(t for _, t, _, _, _ in ws)
        x1 = max(x + w for x, _, w, _, _ in ws)
        lines.append(RawLine(text, page, x0 / scale, x1 / scale, top / scale, heights[len(heights) // 2] / scale))
    lines.sort(key=lambda ln: ln.top)
    return lines
