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

from ..errors import Locator, NoTextLayer
from .pdf_geometry import Item, RawLine

__all__ = ["OCR_DPI", "OCR_LANG", "ocr_available", "ocr_image", "ocr_page"]

OCR_LANG = "chi_sim"
OCR_DPI = 300
OCR_TIMEOUT_S = 300
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》（）]"


# a page tesseract reads with lower mean word confidence is refused, not ingested.  Measured
# (tests/render/scan.py on pages of the producer matrix, OCR at 300 dpi): clean renderings 88;
# scans with noise, 1° skew and a red stamp 82-88 (300 dpi) and 63-76 (200 dpi); heavily degraded
# scans (3° skew, strong noise and blur) 73-77 at 300 dpi, 54-61 at 200 dpi, with words visibly
# wrong below ~60; a page of unmapped glyphs rendered and OCRed ~22
OCR_MIN_CONFIDENCE = 60
MEASURED = ("clean pages read at ~88, real-looking scans at 63-88, degraded scans with wrong words "
            "below ~60, junk glyphs at ~22")


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


def ocr_page(data: bytes, n: int, dpi: int = OCR_DPI) -> tuple[list[Item], float | None]:
    """OCR page `n` (1-based) of a PDF rendered at `dpi`: its lines (positions in PDF points) and
    tesseract's mean confidence."""
    from .pdfium import open_pdfium

    doc = open_pdfium(data)
    try:
        image = doc[n - 1].render(scale=dpi / 72).to_pil()
    finally:
        doc.close()
    lines, confidence = ocr_image_confidence(image, n, scale=dpi / 72)
    return list[Item](lines), confidence


def ocr_image(image, page: int = 1, scale: float = 1.0) -> list[RawLine]:
    """Lines tesseract reads in a PIL image; `scale` is pixels per PDF point."""
    return ocr_image_confidence(image, page, scale)[0]


def ocr_image_confidence(image, page: int = 1, scale: float = 1.0) -> tuple[list[RawLine], float | None]:
    """Lines tesseract reads in a PIL image, and its mean confidence; a page below
    `OCR_MIN_CONFIDENCE` is refused (NoTextLayer) with what was measured."""
    buf = io.BytesIO()
    image.convert("L").save(buf, format="PNG")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # a page at a time; do not grab every core
    try:
        proc = subprocess.run(["tesseract", "stdin", "stdout", "-l", OCR_LANG, "--psm", "3", "tsv"],
                              input=buf.getvalue(), capture_output=True, timeout=OCR_TIMEOUT_S, env=env,
                              check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise NoTextLayer(f"OCR failed ({exc})", locator=Locator(page=page),
                          hint="check the tesseract installation") from exc
    if proc.returncode != 0:
        raise NoTextLayer(f"OCR failed: {proc.stderr.decode(errors='replace').strip()[:200]}",
                          locator=Locator(page=page))
    tsv = proc.stdout.decode("utf-8", errors="replace")
    confidence = mean_confidence(tsv)
    if confidence is not None and confidence < OCR_MIN_CONFIDENCE:
        # a page of junk glyphs OCRs into junk text; refusing it beats ingesting noise
        raise NoTextLayer(f"OCR could not read the page (mean confidence {confidence:.0f} "
                          f"< {OCR_MIN_CONFIDENCE}; measured: {MEASURED})", locator=Locator(page=page),
                          hint="the page may not be text, or is too degraded: rescan it at 300 dpi")
    return _tsv_lines(tsv, page, scale), confidence


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
