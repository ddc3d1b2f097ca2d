"""The fast PDF reader: pypdfium2's text layer, cut into lines the way pdfplumber cuts it.

pdfplumber (pdfminer) parses every content stream in Python, which is where the default
reader spends its time; pdfium does the same in C.  This module takes each character's
origin and advance from pdfium, places it the way pdfminer does (one em standing on the
font's descriptor descent), and groups characters into words and lines with pdfplumber's
own code (`pdfplumber.utils`: `cluster_objects`, `WordExtractor`, `objects_to_bbox`, at
the default tolerances of `extract_text_lines`), so a page read here gives the same
`RawLine`s, and so the same record, as `pdf.plumber_page_items`.

A page is only read here when pdfium can answer everything pdfplumber would be asked;
otherwise `fast_page_items` returns None and the caller reads that page with pdfplumber
(see `_PageText`): paths that could form a table, a page without text (blank or scanned:
the default logic decides between nothing and OCR), unusual geometry, characters pdfium
cannot map or has rewritten, fonts pdfminer measures with its own metrics, overprinted
glyphs.  What is left differs by less than pdfplumber's tolerances: pdfium keeps a
glyph's advance in whole thousandths of an em, so Latin text drifts by up to 1/1000 em
per glyph along a text object; a gap within that of the 3-point word tolerance, or a
line end within it of a margin rule in `pdf_geometry`, could come out otherwise.
"""
from __future__ import annotations

import ctypes
from operator import itemgetter
from typing import Any, NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableSettings
from pdfplumber.utils import cluster_objects, objects_to_bbox
from pdfplumber.utils.text import DEFAULT_Y_TOLERANCE, WordExtractor

from .pdf_geometry import Item, RawLine

__all__ = ["MIN_PIECE_HEIGHT", "Char", "fast_page_items", "lines_like_pdfplumber", "may_hold_table"]

# images covering this share of a page make it a possible scan (pdf.IMAGE_PAGE_SHARE)
IMAGE_PAGE_SHARE = 0.5
# the widest of pdfplumber's table finder tolerances (snap / join / intersection, all 3 points)
_TABLE_SETTINGS = TableSettings()
TABLE_TOLERANCE = float(max(_TABLE_SETTINGS.snap_tolerance, _TABLE_SETTINGS.join_tolerance,
                            _TABLE_SETTINGS.intersection_tolerance))
# a table of one row counts (as a piece of a table a page break may have cut) only this tall: a row
# holding a line of text is taller, and `may_hold_table` sees any such box
MIN_PIECE_HEIGHT = 2 * TABLE_TOLERANCE
# pdfplumber's word extractor at `extract_text_lines`' defaults (x / y tolerance 3, ligatures expanded)
_WORDS = WordExtractor()
_TOP, _X0 = itemgetter("top"), itemgetter("x0")

# One character as pdfplumber describes it (points, top-down): text, x0, x1, top, bottom, size,
# upright and doctop (one page: doctop is top), the keys pdfplumber's utilities read.
Char = dict[str, Any]


def _char(text: str, x0: float, x1: float, top: float, bottom: float, size: float) -> Char:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size,
            "upright": True, "doctop": top}  # upright: `_style` hands rotated and skewed text to pdfplumber


def fast_page_items(page: pdfium.PdfPage, n: int) -> list[Item] | None:
    """Page `n`'s lines from pdfium alone, or None when the page needs pdfplumber."""
    if not _plain_page(page):
        return None
    textpage = page.get_textpage()
    try:
        chars = _PageText(page, textpage).read()
    finally:
        textpage.close()
    if chars is None or not any(not c["text"].isspace() for c in chars):
        return None
    lines = lines_like_pdfplumber(chars, n)
    lines.sort(key=lambda ln: ln.top)  # as `pdf.plumber_page_items` orders a page's items
    return list[Item](lines)


def _plain_page(page: pdfium.PdfPage) -> bool:
    """Unrotated, with the media box at the origin: pdfium's and pdfplumber's coordinates agree."""
    left, bottom, _, _ = page.get_mediabox()
    return page.get_rotation() == 0 and left == 0 and bottom == 0


# pdfium leaves a text object out of its text page when its box is narrower than this
# (CPDF_TextPage::ProcessTextObject); only blank glyphs (spaces) make such a box
_EMPTY_WIDTH = 1e-4
# the only characters pdfium generates (measured on the rendered sample: \r, \n and spaces)
_GENERATED = frozenset(" \r\n")
# two origins this close in height are on one baseline
_SAME_BASELINE = 0.01
# pdfium's text for a hyphen it takes to break a word at the end of a line: the glyph it
# replaces may have been `-` or a soft hyphen, and only pdfminer can tell which
_HYPHEN_MARK = "\ufffe"


class _Style(NamedTuple):
    """What pdfminer needs from a text object to place its characters vertically."""

    em: float  # font size in points, the text matrix's vertical scale applied
    descent: float  # the font's descent per em (negative), as pdfminer reads it


def _address(handle: object) -> int:
    # a pdfium handle (a ctypes pointer) as a dict key; addressof is ~7x cheaper than ctypes.cast
    return ctypes.addressof(handle.contents) if handle else 0  # type: ignore[attr-defined]


class _PageText:
    """One page's characters as pdfminer sees them, from pdfium's text page and page objects.

    pdfium's text page and pdfminer part ways, and the page goes to pdfplumber (`read`
    returns None), for: a form XObject (its contents are not page objects here); a path
    group that may form a table; a character pdfium cannot map or has replaced (a hyphen
    at the end of a line); rotated, skewed or mirrored text; a font pdfminer measures
    with its built-in metrics (the standard 14 and their aliases, by name); a short text
    object overprinted on the same glyphs (fake bold: pdfium drops the repeated glyphs,
    pdfminer keeps them).  A text object of blank glyphs only, which pdfium leaves out,
    becomes the space pdfminer would see."""

    def __init__(self, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> None:
        self.page, self.raw = page.raw, textpage.raw
        self.height = page.get_mediabox()[3]  # pdfplumber measures `top` from the media box
        self.styles: dict[int, _Style | None] = {}  # text object → its style (None: unusable)
        self.descents: dict[int, float | None] = {}  # font → descent per em (None: pdfminer's own metrics)
        self._matrix, self._size = pdfium_c.FS_MATRIX(), ctypes.c_float()  # reused: made once per page

    def read(self) -> list[Char] | None:
        objects = self._objects()
        if objects is None:
            return None
        paths, texts = objects
        if may_hold_table(paths):
            return None
        chars = self._chars()
        if chars is None:
            return None
        for key, obj in texts.items():
            if key not in self.styles:  # a text object none of pdfium's characters came from
                blank = self._blank(obj)
                if blank is None:
                    return None
                chars.append(blank)
        return chars

    def _objects(self) -> tuple[list[tuple[float, float]], dict[int, object]] | None:
        """(bottom, top) of every path object, and the text objects by address; None for a form or
        a page mostly covered by images."""
        paths: list[tuple[float, float]] = []
        texts: dict[int, object] = {}
        image_area = 0.0
        bottom, top = ctypes.c_float(), ctypes.c_float()
        left, right = ctypes.c_float(), ctypes.c_float()
        for i in range(pdfium_c.FPDFPage_CountObjects(self.page)):
            obj = pdfium_c.FPDFPage_GetObject(self.page, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                texts[_address(obj)] = obj
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                if pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                    paths.append((bottom.value, top.value))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                return None
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                image_area += max(0.0, right.value - left.value) * max(0.0, top.value - bottom.value)
        page_area = pdfium_c.FPDF_GetPageWidthF(self.page) * pdfium_c.FPDF_GetPageHeightF(self.page)
        if image_area >= IMAGE_PAGE_SHARE * page_area:
            return None  # maybe a scan with a thin text layer: pdf.py decides whether to OCR it
        return paths, texts

    def _chars(self) -> list[Char] | None:
        raw, height, styles = self.raw, self.height, self.styles
        box = pdfium_c.FS_RECTF()
        x, y = ctypes.c_double(), ctypes.c_double()
        get_origin, get_box = pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_GetLooseCharBox
        get_object, unmapped = pdfium_c.FPDFText_GetTextObject, pdfium_c.FPDFText_HasUnicodeMapError
        addressof = ctypes.addressof
        chars: list[Char] = []
        last: tuple[float, float] | None = None  # origin of the last character kept
        for i, ch in enumerate(_page_text(raw)):
            get_origin(raw, i, x, y)
            if last is not None and abs(y.value - last[1]) < _SAME_BASELINE and last[0] < x.value < chars[-1]["x1"]:
                # pdfium's loose box reaches over the glyph's ink; the next origin on the
                # baseline is where the advance ends, which is pdfminer's right edge
                chars[-1]["x1"] = x.value
            last = None
            # pdfium adds spaces and line breaks of its own; pdfplumber only knows drawn glyphs
            if ch in _GENERATED and pdfium_c.FPDFText_IsGenerated(raw, i):
                continue
            if ch == _HYPHEN_MARK or unmapped(raw, i) or _unreadable(ord(ch)):
                return None
            obj = get_object(raw, i)
            key = addressof(obj.contents) if obj else 0
            style = styles[key] if key in styles else styles.setdefault(key, self._style(obj))
            if style is None:
                return None
            get_box(raw, i, box)
            # pdfminer's box: the advance width, by one em standing on the font's descent
            bottom = height - (y.value + style.descent * style.em)
            chars.append(_char(ch, x.value, box.right, bottom - style.em, bottom, style.em))
            last = (x.value, y.value)
        return chars

    def _style(self, obj: object) -> _Style | None:
        if not obj:
            return None
        matrix, size = self._matrix, self._size
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix) or not pdfium_c.FPDFTextObj_GetFontSize(obj, size):
            return None
        if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0:
            return None  # rotated, skewed or mirrored: pdfminer's `upright` and sizes differ
        descent = self._descent(pdfium_c.FPDFTextObj_GetFont(obj))
        return None if descent is None else _Style(size.value * matrix.d, descent)

    def _descent(self, font: object) -> float | None:
        key = _address(font)
        if key not in self.descents:
            self.descents[key] = _font_descent(font)
        return self.descents[key]

    def _blank(self, obj: object) -> Char | None:
        """A space where a blank text object stands (to pdfplumber it ends a word there)."""
        left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            return None
        if right.value - left.value >= _EMPTY_WIDTH:
            return None  # glyphs that pdfium dropped as repeats of the ones before (fake bold)
        style = self._style(obj)
        matrix = pdfium_c.FS_MATRIX()
        if style is None or not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
            return None
        base = self.height - (matrix.f + style.descent * style.em)
        return _char(" ", matrix.e, matrix.e, base - style.em, base, style.em)


def _font_descent(font: object) -> float | None:
    """The font's descent per em as pdfminer reads it (the descriptor's /Descent, never positive).

    None for a font pdfminer measures with its built-in metrics instead (the standard 14
    and the aliases it knows, by base font name)."""
    from pdfminer.fontmetrics import FONT_METRICS

    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buf = ctypes.create_string_buffer(max(1, size))
    pdfium_c.FPDFFont_GetBaseFontName(font, buf, size)
    if buf.value.decode("latin-1") in FONT_METRICS:
        return None
    descent = ctypes.c_float()
    if not pdfium_c.FPDFFont_GetDescent(font, 1.0, descent):
        return None
    return -abs(descent.value)


def _page_text(raw: pdfium_c.FPDF_TEXTPAGE) -> str:
    """One character per pdfium character index: the page's text in one call when it is all BMP."""
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return ""
    buf = (ctypes.c_ushort * (count + 1))()
    pdfium_c.FPDFText_GetText(raw, 0, count, buf)
    text = bytes(buf)[:2 * count].decode("utf-16-le", "surrogatepass")
    if len(text) == count and not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    # a character beyond the BMP takes two UTF-16 units: ask for each character on its own
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))


def _unreadable(code: int) -> bool:
    # what `pdf.garbage_ratio` counts as garbage (besides `(cid:N)`, which pdfium flags)
    return code == 0xFFFD or 0xE000 <= code <= 0xF8FF or (code < 32 and code not in (9, 10, 13))


def may_hold_table(spans: list[tuple[float, float]] | None) -> bool:
    """Whether paths spanning these heights could give pdfplumber a table of two rows or more, or
    of one row `MIN_PIECE_HEIGHT` tall (what `pdf.plumber_page_items` keeps as a table's piece).

    A table of two rows needs three horizontal rules more than the snap tolerance apart,
    joined by vertical edges, so its paths reach over more than twice the tolerance; a table's
    box lies within its paths (snapping moves a rule within its cluster), so a one-row table
    that tall reaches over as much.  Paths
    are grouped by height alone (a gap within the join / intersection tolerance joins them;
    left and right are ignored), so the test errs towards "maybe": a red rule or the
    版记's rules are lone thin groups, a ruled table, a seal or a box is one tall group.
    `None` (paths that cannot be seen) is a maybe.

    Local, not pdfplumber's: its table finder wants the edges pdfminer makes of each path (what
    this check spares), and `cluster_list` chains single values, where these are spans whose
    union is what counts (a tall box is one group however far apart its ends are).
    """
    if spans is None:
        return True
    if not spans:
        return False
    ordered = sorted((min(a, b), max(a, b)) for a, b in spans)
    low, high = ordered[0]
    for a, b in ordered[1:]:
        if a > high + TABLE_TOLERANCE:
            if high - low > 2 * TABLE_TOLERANCE - 1:
                return True
            low = a
        high = max(high, b)
    return high - low > 2 * TABLE_TOLERANCE - 1


def lines_like_pdfplumber(chars: list[Char], n: int) -> list[RawLine]:
    """pdfplumber's `extract_text_lines(strip=True)` over `chars`, as `RawLine`s of page `n`.

    pdfplumber's own steps: characters cluster into lines by `top` (`cluster_objects`, the y
    tolerance), are read left to right and split into words (`WordExtractor`: a space, a
    jump back or a gap wider than the x tolerance), and the words, in that order, cluster
    by `top` again (`preserve_order`); a line's words are joined by one space.

    The last step is pdfplumber's `TextMap` (`chars_to_textmap(...).extract_text_lines`)
    written out: without `layout` the text map is exactly the words joined by one space and
    the clusters by newlines, and `extract_text_lines` finds those lines again with a regex
    and takes their characters' box.  Building the map (a tuple per letter) and searching it
    costs more than the rest of this function (0.79 s against 0.57 s over 335 pdfium pages of
    the producer matrix); `tests/ingest/test_pdf_fast.py` checks the two give the same lines.
    """
    words = [(_WORDS.merge_chars(w), w) for line in cluster_objects(chars, _TOP, DEFAULT_Y_TOLERANCE)
             for w in _WORDS.iter_chars_to_words(sorted(line, key=_X0), "ltr")]
    out = []
    for group in cluster_objects(words, _word_top, DEFAULT_Y_TOLERANCE, preserve_order=True):
        members = [c for _, w in group for c in w]
        x0, top, x1, _ = objects_to_bbox(members)
        sizes = sorted(round(c["size"], 1) for c in members if not c["text"].isspace())
        out.append(RawLine(" ".join(word["text"] for word, _ in group), n, x0, x1, top,
                           sizes[len(sizes) // 2] if sizes else 0.0))
    return out


def _word_top(word: tuple[dict[str, Any], list[Char]]) -> float:
    return float(word[0]["top"])
