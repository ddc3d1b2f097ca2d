"""Positioned lines of PDF pages → layout `Line`s: furniture out, widths and indents measured.

Every reader of a PDF (pdfplumber, pypdfium2, OCR) produces `RawLine`s and `RawTable`s
in page coordinates (points, top-down).  This module turns them into the format-free
`Line`s the shared joiner understands, so the three readers behave alike.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .layout import TERMINAL_RE, Line, is_page_furniture

# a line this much larger than the body text is a heading (title, masthead)
HEADING_SCALE = 1.15
# a line ending within this many characters of the right margin ran to the margin;
# one and a half because Chinese line-breaking rules may push one character down
FULL_WIDTH_CHARS = 1.5
# a line starting this many characters right of the line above is indented
INDENT_CHARS = 0.5
LABEL_RE = re.compile(r"^[^：:，。]{1,6}[：:]")
# a document with fewer indented lines than this share prints paragraphs unindented
MIN_INDENTED_SHARE = 0.03


@dataclass
class RawLine:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    size: float  # font size (points) of most of the line's characters


@dataclass
class RawTable:
    rows: list[list[str]]
    page: int
    top: float
    bottom: float


Item = RawLine | RawTable


def remove_furniture(pages: list[list[Item]]) -> list[list[Item]]:
    """Page numbers anywhere, and running headers/footers: the same first or last line on many pages."""
    pages = [[it for it in page if not (isinstance(it, RawLine) and is_page_furniture(it.text))] for page in pages]
    if len(pages) < 2:
        return pages
    edges: Counter[str] = Counter()
    for page in pages:
        for it in {id(x): x for x in (page[:1] + page[-1:])}.values():
            if isinstance(it, RawLine):
                edges[_furniture_key(it.text)] += 1
    needed = max(2, (len(pages) + 1) // 2)
    repeated = {key for key, n in edges.items() if n >= needed and key}
    out = []
    for page in pages:
        keep = list(page)
        for pos in (0, -1):
            edge = keep[pos] if keep else None
            if isinstance(edge, RawLine) and _furniture_key(edge.text) in repeated:
                keep.pop(pos)
        out.append(keep)
    return out


def _furniture_key(text: str) -> str:
    # `第 3 页` and `第 4 页`, or a date-stamped footer, repeat once digits are ignored
    return re.sub(r"[0-9０-９\s]+", "#", text.strip())


@dataclass(frozen=True)
class Geometry:
    body_size: float
    left: float
    right: float
    indents: bool  # the document indents its paragraphs


def measure(lines: list[RawLine]) -> Geometry:
    """Body font size and the text block's left and right edges, from the lines most often seen."""
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[round(ln.size, 1)] += len(ln.text)
    body = sizes.most_common(1)[0][0] if sizes else 12.0
    body_lines = [ln for ln in lines if abs(ln.size - body) < 0.5]
    left = _common_edge([ln.x0 for ln in body_lines], min)
    right = _common_edge([ln.x1 for ln in body_lines], max)
    indented = sum(1 for ln in body_lines if ln.x0 > left + INDENT_CHARS * body)
    return Geometry(body, left, right, indented >= max(1, MIN_INDENTED_SHARE * len(body_lines)))


def _common_edge(values: list[float], pick) -> float:
    """The outermost position reached by at least three lines (a stray line does not set a margin)."""
    if not values:
        return 0.0
    counts = Counter(round(v) for v in values)
    common = [v for v, n in counts.items() if n >= 3] or list(counts)
    return float(pick(common))


def to_lines(pages: list[list[Item]]) -> list[Line]:
    """Layout lines for the joiner: headings by size, full width and indent by position."""
    geo = measure([it for page in pages for it in page if isinstance(it, RawLine)])
    out: list[Line] = []
    prev: RawLine | None = None
    for page in pages:
        for it in page:
            if isinstance(it, RawTable):
                out.extend(Line("\t".join(row), page=it.page, table=True) for row in it.rows)
                prev = None
                continue
            out.append(_line(it, prev, geo))
            prev = it
    return out


def _hangs(ln: RawLine, prev: RawLine, geo: Geometry) -> bool:
    """A hanging indent: `抄送：…` / `附件：1．…` wrap under the first character after the colon."""
    m = LABEL_RE.match(prev.text)
    if not m or geo.right - prev.x1 > FULL_WIDTH_CHARS * prev.size:
        return False
    return abs(ln.x0 - (prev.x0 + len(m.group(0)) * prev.size)) < INDENT_CHARS * prev.size


def _line(ln: RawLine, prev: RawLine | None, geo: Geometry) -> Line:
    size = ln.size or geo.body_size
    full = geo.right - ln.x1 <= FULL_WIDTH_CHARS * size
    indented: bool | None = None
    if geo.indents:
        if prev is None:
            indented = ln.x0 > geo.left + INDENT_CHARS * size
        else:
            # a paragraph's first line sits right of the wrapped line above it; two
            # indented lines in a row are two paragraphs when the first one is closed
            indented = (ln.x0 > prev.x0 + INDENT_CHARS * size and not _hangs(ln, prev, geo)) or (
                ln.x0 > geo.left + INDENT_CHARS * size and abs(ln.x0 - prev.x0) < INDENT_CHARS * size
                and bool(TERMINAL_RE.search(prev.text.rstrip())))
    return Line(text=ln.text, page=ln.page, heading=size > geo.body_size * HEADING_SCALE,
                full_width=full, indented=indented)
