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
# a producer that wraps after a fixed number of characters (not at the margin): when this
# share of the body lines hold the same count, of at least MIN_FIXED_COUNT characters, a line
# holding that many is full whatever its width (Latin letters and digits are narrower)
FIXED_COUNT_SHARE = 0.3
MIN_FIXED_COUNT = 15
# a first-line indent is a few characters; a line further right is centred or right-aligned
MAX_FIRST_INDENT = 4
# a Latin letter or digit is narrower than an ideograph; this is the widest share of the em
# one takes in the CJK fonts' Latin (WenQuanYi, Noto, SimSun, FangSong: 0.5-0.6), so a run's
# width is never underestimated
LATIN_EM = 0.6
# characters no line may start with (GB/T 15834 / the line-start rules every CJK producer
# applies): a line ending before one of these was pushed to wrap early
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’%％·…—‰,.;:?!)]}")
# characters no line may end with: an opening mark goes down with what it opens
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
# a Latin/digit run does not break inside: letters, digits and what binds them (1.5, 5G, 20%)
_RUN_RE = re.compile(r"[A-Za-z0-9０-９Ａ-Ｚａ-ｚ.．%％‰/\-]+")


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
    # x of the column rules (every cell's left and right edge): a table's pieces on two pages share them
    columns: tuple[float, ...] = ()
    # a table of one row, which may be a piece of a table a page break cut or a box in the text: the
    # lines of text it reads as when it is no table (`settle_pages`); None for a table of more rows
    lines: tuple[RawLine, ...] | None = None


Item = RawLine | RawTable
# column rules this close (points) are one rule: pdfplumber's snap tolerance
COLUMN_TOLERANCE = 3.0


def as_lines(it: Item) -> list[Item]:
    """A one-row table as the lines it holds; any other item as itself."""
    return list(it.lines) if isinstance(it, RawTable) and it.lines is not None else [it]


def settle_pages(pages: list[list[Item]]) -> list[list[Item]]:
    """Furniture out (`remove_furniture`), and each one-row table settled: a table when it is a piece of
    a table across a page break, else the lines of text it holds.

    A piece is the first item of its page after the table that closed the page before, or the last
    item of its page before the table that opens the next one, with that table's columns (same
    count, outer rules and column rules at the same x).  A box anywhere else (a boxed note, a
    stamp's frame, a box of one row under text) is text, as is a box furniture removal cuts into
    (a boxed running header)."""
    kept = {id(it) for page in remove_furniture([[x for it in page for x in as_lines(it)] for page in pages])
            for it in page}
    left: list[list[Item]] = []
    for page in pages:
        items: list[Item] = []
        for it in page:
            if isinstance(it, RawTable) and it.lines is not None:
                if all(id(x) in kept for x in it.lines):
                    items.append(it)
                else:
                    items.extend(x for x in it.lines if id(x) in kept)
            elif id(it) in kept:
                items.append(it)
        left.append(items)
    out: list[list[Item]] = []
    for k, page in enumerate(left):
        items = []
        for i, it in enumerate(page):
            if isinstance(it, RawTable) and it.lines is not None:
                before = left[k - 1][-1] if i == 0 and k > 0 and left[k - 1] else None
                after = left[k + 1][0] if i == len(page) - 1 and k + 1 < len(left) and left[k + 1] else None
                if not any(isinstance(t, RawTable) and _same_columns(it, t) for t in (before, after)):
                    items.extend(it.lines)
                    continue
            items.append(it)
        out.append(items)
    return out


def _same_columns(piece: RawTable, table: RawTable) -> bool:
    """`piece` has `table`'s columns: as many cells, the same outer rules, each rule one of the table's."""
    if not piece.columns or not table.columns or max(map(len, piece.rows)) != max(map(len, table.rows)):
        return False
    return _near(piece.columns[0], table.columns[0]) and _near(piece.columns[-1], table.columns[-1]) \
        and all(any(_near(x, y) for y in table.columns) for x in piece.columns)


def _near(x: float, y: float) -> bool:
    return abs(x - y) <= COLUMN_TOLERANCE


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
    fixed_count: int | None = None  # the producer wraps after this many characters
    # the right edge of the lines in another font size (the 版记's 4号 under a 3号 body), each
    # measured on its own lines: such a block may have its own margins
    size_rights: tuple[tuple[float, float], ...] = ()

    def right_of(self, size: float) -> float:
        if abs(size - self.body_size) < 0.5:
            return self.right
        return next((r for s, r in self.size_rights if abs(s - size) < 0.5), self.right)


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
    others: dict[float, float] = {}
    for ln in lines:
        size = round(ln.size, 1)
        if abs(size - body) >= 0.5:
            others[size] = max(others.get(size, 0.0), ln.x1)
    return Geometry(body, left, right, indented >= max(1, MIN_INDENTED_SHARE * len(body_lines)),
                    _fixed_count(body_lines, left, body),
                    tuple((s, min(r, right)) for s, r in sorted(others.items())))


def _pulled(text: str) -> int:
    """Characters a line breaker pulled down with the closing marks that begin `text` (`元。` → 1)."""
    text = text.lstrip(" \u3000")
    k = 1
    while k < len(text) and text[k] in NO_LINE_START:
        k += 1
    return 1 if k > 1 and text[0] not in NO_LINE_START else 0


def _count(text: str) -> int:
    """Characters a fixed-count producer counted: a space between words is one of them."""
    return len(re.sub(r"\s+", " ", text.strip()))


def _fixed_count(lines: list[RawLine], left: float, size: float) -> int | None:
    """The character count a producer wraps at, when most unindented body lines hold exactly it."""
    counts = Counter(_count(ln.text) for ln in lines if abs(ln.x0 - left) < INDENT_CHARS * size)
    if not counts:
        return None
    count, n = counts.most_common(1)[0]
    return count if count >= MIN_FIXED_COUNT and n >= FIXED_COUNT_SHARE * sum(counts.values()) else None


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
    items = [it for page in pages for it in page]
    out: list[Line] = []
    prev: RawLine | None = None
    prev_full = False
    for i, it in enumerate(items):
        if isinstance(it, RawTable):
            out.extend(Line("\t".join(row), page=it.page, table=True) for row in it.rows)
            prev = None
            continue
        after = items[i + 1] if i + 1 < len(items) else None
        nxt = after if isinstance(after, RawLine) else None
        full = _full(it, nxt, geo)
        out.append(_line(it, prev, geo, full, prev_full))
        prev, prev_full = it, full
    return out


def _full(ln: RawLine, nxt: RawLine | None, geo: Geometry) -> bool:
    """The line was filled: it reaches the right margin, or what begins the next line did not fit
    in the space left (a Latin/digit run kept whole, a character pulled down with the closing mark
    that may not start a line), or it holds the fixed count its producer wraps at."""
    size = ln.size or geo.body_size
    gap = geo.right_of(size) - ln.x1
    if gap <= FULL_WIDTH_CHARS * size:
        return True
    if geo.fixed_count and abs(size - geo.body_size) < 0.5:
        indent = max(0, round((ln.x0 - geo.left) / size))  # an indented first line holds fewer
        # a space the producer counted at the line's start or end is not in the reader's text;
        # a character pulled down with a closing mark that may not start a line leaves one short
        slack = (1 if " " in ln.text.strip() else 0) + (_pulled(nxt.text) if nxt is not None else 0)
        if indent <= MAX_FIRST_INDENT and _count(ln.text) + indent + slack >= geo.fixed_count:
            return True
    if nxt is None or not nxt.text.strip():
        return False
    return gap < first_unit_width(nxt.text, nxt.size or size) + INDENT_CHARS * size


def first_unit_width(text: str, size: float) -> float:
    """Width of what a line breaker must move as one piece from the start of `text`: a Latin/digit
    run, else one character; with the closing marks that follow it (they may not start a line)."""
    text = text.lstrip(" \u3000")
    start = 0
    while start < len(text) - 1 and text[start] in NO_LINE_END:  # an opening mark binds to what follows
        start += 1
    width = start * size
    m = _RUN_RE.match(text, start)
    if m and m.end() > start:
        end, width = m.end(), width + (m.end() - start) * LATIN_EM * size
    else:
        end, width = start + 1, width + size
    while end < len(text) and text[end] in NO_LINE_START:
        width += (LATIN_EM if text[end].isascii() else 1.0) * size
        end += 1
    return width


def _hangs(ln: RawLine, prev: RawLine, geo: Geometry, prev_full: bool) -> bool:
    """A hanging indent: `抄送：…` / `附件：1．…` wrap under the first character after the colon."""
    m = LABEL_RE.match(prev.text)
    if not m or not prev_full:
        return False
    return abs(ln.x0 - (prev.x0 + len(m.group(0)) * prev.size)) < INDENT_CHARS * prev.size


def _line(ln: RawLine, prev: RawLine | None, geo: Geometry, full: bool, prev_full: bool) -> Line:
    size = ln.size or geo.body_size
    indented: bool | None = None
    if geo.indents:
        if prev is None:
            indented = ln.x0 > geo.left + INDENT_CHARS * size
        else:
            # a paragraph's first line sits right of the wrapped line above it; two
            # indented lines in a row are two paragraphs when the first one is closed
            indented = (ln.x0 > prev.x0 + INDENT_CHARS * size and not _hangs(ln, prev, geo, prev_full)) or (
                ln.x0 > geo.left + INDENT_CHARS * size and abs(ln.x0 - prev.x0) < INDENT_CHARS * size
                and bool(TERMINAL_RE.search(prev.text.rstrip())))
    return Line(text=ln.text, page=ln.page, heading=size > geo.body_size * HEADING_SCALE,
                full_width=full, indented=indented)
