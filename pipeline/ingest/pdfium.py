"""pypdfium2 text: the fallback for pages pdfplumber cannot map (the fast reader is `pdf_fast.py`).

pdfium reports text as rectangles (runs of characters on one line); runs at the same
height are one line.  There is no table detection here: a table's cells come out as
the line's runs separated by spaces.
"""
from __future__ import annotations

import pypdfium2 as pdfium

from ..errors import CorruptPDF, EncryptedPDF
from .pdf_geometry import Item, RawLine

__all__ = ["open_pdfium", "pdfium_page_items", "try_open_pdfium", "unmapped_ratio"]


def open_pdfium(data: bytes, name: str = "") -> pdfium.PdfDocument:
    """Open with pypdfium2, mapping its failures onto the pipeline's PDF errors."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedPDF("encrypted PDF: a password is needed to read it", locator=name,
                               hint="save an unencrypted copy") from exc
        raise CorruptPDF(f"unreadable PDF ({exc})", locator=name) from exc


def try_open_pdfium(data: bytes) -> pdfium.PdfDocument | None:
    """The document, or None when pdfium cannot open it (the caller lets pdfplumber say why)."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None


def pdfium_page_items(data: bytes, n: int) -> list[Item]:
    """Lines of page `n` (1-based) read with pypdfium2."""
    doc = open_pdfium(data)
    try:
        return list[Item](_page_lines(doc[n - 1], n))
    finally:
        doc.close()


def unmapped_ratio(data: bytes, n: int) -> float:
    """Share of page `n`'s characters that pdfium could not map to Unicode.

    A font without a ToUnicode map gives pdfplumber `(cid:N)` and gives pdfium glyph
    codes that look like Latin letters; pdfium flags each such character, so the flag,
    not the look of the characters, tells readable text from garbage.
    """
    doc = open_pdfium(data)
    try:
        textpage = doc[n - 1].get_textpage()
        total = textpage.count_chars()
        bad = sum(1 for i in range(total) if pdfium.raw.FPDFText_HasUnicodeMapError(textpage.raw, i))
        return bad / total if total else 0.0
    finally:
        doc.close()


def _page_lines(page: pdfium.PdfPage, n: int) -> list[RawLine]:
    height = page.get_height()
    textpage = page.get_textpage()
    runs = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", "").replace("\n", "")
        if text.strip():
            runs.append((height - top, left, right, top - bottom, text))
    # one printed line = runs that overlap vertically (punctuation and quote boxes are
    # shorter than ideographs, so tops alone would scatter a line); then left to right
    runs.sort(key=lambda r: r[0] + r[3] / 2)
    groups: list[list[tuple[float, float, float, float, str]]] = []
    for run in runs:
        if groups:
            g = groups[-1]
            g_top, g_bottom = min(r[0] for r in g), max(r[0] + r[3] for r in g)
            overlap = min(g_bottom, run[0] + run[3]) - max(g_top, run[0])
            if overlap >= 0.5 * min(run[3], g_bottom - g_top):
                g.append(run)
                continue
        groups.append([run])
    lines: list[RawLine] = []
    for g in groups:
        g.sort(key=lambda r: r[1])
        size = max(r[3] for r in g)
        text, x1 = "", g[0][1]
        for _, left, right, _, piece in g:
            text += (" " if text and left - x1 > size else "") + piece  # a gap of a whole character
            x1 = max(x1, right)
        lines.append(RawLine(text, n, g[0][1], x1, min(r[0] for r in g), size))
    return lines
