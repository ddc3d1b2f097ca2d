"""PDF → `IngestedText` with pdfplumber: reading order, furniture, re-joined lines, tables, page map.

Each page is read with pdfplumber (characters with positions and fonts; ruled tables
with `find_tables`).  A page whose text is mostly `(cid:N)` or U+FFFD (a font without a
usable ToUnicode map) is read again with pypdfium2, and if that fails too, or the page
has no text layer at all, with OCR (tesseract) on the page rendered by pypdfium2.

`reader="fast"` reads each page's text layer with pypdfium2 instead, cut into lines by
pdfplumber's rules (`pdf_fast.py`), and opens pdfplumber only for the pages pdfium
cannot settle (a possible table, no text, unmapped glyphs, unusual geometry) and for
files pdfium cannot open; everything after the page items is shared, so both readers
give the same text, tables and page map.
"""
from __future__ import annotations

import io
import logging
import re
from collections.abc import Generator

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from ..config import DEFAULT_GARBAGE_RATIO
from ..errors import CorruptPDF, EncryptedPDF, Locator, NoTextLayer, PipelineError
from ..records import IngestedText, SourceInfo, TableRow
from . import PDF_READERS, PdfReader
from .bounds import check_pdf_pages, check_pdf_streams
from .layout import fold_numbers, join_lines, join_wrapped
from .ocr import MEASURED, OCR_DPI, OCR_LANG, ocr_available, ocr_page
from .pdf_fast import MIN_PIECE_HEIGHT, fast_page_items
from .pdf_geometry import Item, RawLine, RawTable, as_lines, settle_pages, to_lines
from .pdfium import pdfium_page_items, try_open_pdfium, unmapped_ratio

__all__ = ["PDF_READERS", "PdfReader", "garbage_ratio", "read_pdf"]
log = logging.getLogger(__name__)

_CID_RE = re.compile(r"\(cid:\d+\)")
# a page is a scan when images cover this share of it and its text layer holds fewer characters
# than this (a scanner app's watermark, a stamp's caption: a few dozen; a text page: hundreds)
IMAGE_PAGE_SHARE = 0.5
SCAN_LAYER_MAX_CHARS = 80
# a layer line replaces the OCR line at its place unless OCR read more than this many times as much
LAYER_WINS_RATIO = 1.5
# the warning an OCRed page gets (_ocr_items), read back when no page gave text (_no_text)
_OCR_WARNING_RE = re.compile(r"page (\d+): text from OCR \(tesseract, (no words read|mean confidence \d+)\)")


def read_pdf(data: bytes, name: str, sha256: str, *, ocr: bool = True,
             reader: PdfReader = "pdfplumber") -> IngestedText:
    """Read a PDF's text layer (or OCR its pages) into normalised text with a page map and tables.

    `reader` picks how pages are read: "pdfplumber" (every page), or "fast" (pypdfium2,
    with pdfplumber only for the pages that need it); both give the same result."""
    if reader not in PDF_READERS:
        raise ValueError(f"unknown PDF reader {reader!r}: one of {', '.join(PDF_READERS)}")
    _check_complete(data, name)
    check_pdf_streams(data, name)  # before pdfminer or pdfium inflates anything
    warnings: list[str] = []
    pages = _fast_pages(data, name, ocr, warnings) if reader == "fast" else None
    if pages is None:
        pages = [_page_items(data, n, page, name, ocr, warnings) for n, page in _open_pages(data, name)]
    pages = settle_pages(pages)  # furniture out, a one-row table piece a table or its lines
    groups = _table_groups(pages)  # before the lines: drops header rows a continuation page repeats
    lines = to_lines(pages)
    if not any(ln.text.strip() for ln in lines):
        raise _no_text(name, warnings, any(pages))
    text, page_map = join_lines(lines)
    tables = _locate_tables(text, groups, warnings)
    return IngestedText(source=SourceInfo(name, sha256, "pdf", len(pages)), text=text, page_map=page_map,
                        tables=tables, warnings=tuple(warnings))


def _no_text(name: str, warnings: list[str], had_items: bool) -> NoTextLayer:
    """The error for a PDF that yields no text, naming the real cause: OCR ran and read nothing
    (a picture, a blank scan, a page too degraded for any word), or the pages are blank or hold
    only page furniture.  (Without tesseract a scanned page is refused before this, saying so.)"""
    ocred = [m.group(1, 2) for m in map(_OCR_WARNING_RE.match, warnings) if m]
    if ocred:
        read = "; ".join(f"page {n}: {conf}" for n, conf in ocred)
        return NoTextLayer(f"no readable text on any page: OCR (tesseract {OCR_LANG}) read nothing usable "
                           f"({read})", locator=name,
                           hint=f"the scan holds no legible text or is too degraded: rescan it at {OCR_DPI} dpi "
                                f"(measured: {MEASURED})")
    if had_items:
        return NoTextLayer("no readable text on any page: the text layer holds only page furniture "
                           "(page numbers, running headers)", locator=name,
                           hint="check that this is the document meant")
    return NoTextLayer("no readable text on any page: every page is blank (no text, no images)", locator=name,
                       hint="check that this is the document meant")


def _check_complete(data: bytes, name: str) -> None:
    # a PDF ends with %%EOF (after each incremental update); pdfminer would quietly read
    # the first pages of a truncated file, so a cut-off download is refused up front
    if b"%%EOF" not in data[-2048:]:
        raise CorruptPDF("truncated PDF (no %%EOF at the end)", locator=name, hint="download the file again")


def _fast_pages(data: bytes, name: str, ocr: bool, warnings: list[str]) -> list[list[Item]] | None:
    """Every page's items with pypdfium2 where it can tell, pdfplumber for the rest.

    None when pdfium cannot open the file, or has a page pdfplumber lacks: the default
    reader then reads it (or raises its error for it), so a bad file is reported alike
    by both readers."""
    doc = try_open_pdfium(data)
    if doc is None:
        return None
    try:
        check_pdf_pages(len(doc), name)
    except PipelineError:
        doc.close()
        raise
    plumber = _PlumberPages(data, name)
    mine: list[str] = []
    try:
        pages = []
        for n in range(1, len(doc) + 1):
            items = fast_page_items(doc[n - 1], n)
            if items is None:
                page = plumber.page(n)
                if page is None:
                    return None
                items = _page_items(data, n, page, name, ocr, mine)
            pages.append(items)
    finally:
        doc.close()
        plumber.close()
    warnings.extend(mine)
    return pages


class _PlumberPages:
    """pdfplumber's pages of one file, opened on the first page asked for, walked once in order."""

    def __init__(self, data: bytes, name: str) -> None:
        self._data, self._name = data, name
        self._pages: Generator[tuple[int, object], None, None] | None = None

    def page(self, n: int) -> object | None:
        if self._pages is None:
            self._pages = _open_pages(self._data, self._name)
        for number, page in self._pages:
            if number == n:
                return page
        return None  # pdfplumber counts fewer pages

    def close(self) -> None:
        if self._pages is not None:
            self._pages.close()  # a generator: closing it closes the pdfplumber document


def _open_pages(data: bytes, name: str) -> Generator[tuple[int, object], None, None]:
    """(page number, pdfplumber page) pairs; opening errors become one-line pipeline errors."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise EncryptedPDF("encrypted PDF: a password is needed to read it", locator=name,
                           hint="save an unencrypted copy") from exc
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise EncryptedPDF("encrypted PDF: a password is needed to read it", locator=name,
                               hint="save an unencrypted copy") from exc
        raise CorruptPDF(f"unreadable PDF ({type(cause).__name__})", locator=name) from exc
    except Exception as exc:  # pdfminer raises many types for broken files; all mean the same here
        raise CorruptPDF(f"unreadable PDF ({type(exc).__name__}: {exc})", locator=name) from exc
    if not pages:
        pdf.close()
        raise CorruptPDF("PDF has no pages", locator=name)
    try:
        check_pdf_pages(len(pages), name)
    except PipelineError:
        pdf.close()
        raise
    try:
        yield from enumerate(pages, start=1)
    finally:
        pdf.close()


def _page_items(data: bytes, n: int, page, name: str, ocr: bool, warnings: list[str]) -> list[Item]:
    """One page's lines and tables, from the best source that yields readable text."""
    try:
        items = plumber_page_items(page, n)
    except PipelineError:
        raise
    except Exception as exc:  # a damaged content stream: say which page
        raise CorruptPDF(f"the page cannot be read ({type(exc).__name__})", locator=Locator(name, page=n)) from exc
    text = "".join(_item_text(it) for it in items)
    if text.strip() and garbage_ratio(text) <= DEFAULT_GARBAGE_RATIO:
        if not _image_dominated(page, text):
            return items
        # a scan whose text layer is a scanner's watermark, a stamp caption or a partial OCR
        # layer: the page is read by OCR, and layer lines OCR did not cover are kept
        return _merge_layer(_ocr_items(data, n, name, ocr, warnings, garbled=False, partial=True),
                            [ln for it in items for ln in as_lines(it)])
    if text.strip():
        fallback = pdfium_page_items(data, n)
        readable = garbage_ratio("".join(_item_text(it) for it in fallback)) <= DEFAULT_GARBAGE_RATIO \
            and unmapped_ratio(data, n) <= DEFAULT_GARBAGE_RATIO
        if fallback and readable:
            warnings.append(f"page {n}: unmapped glyphs in the text layer, read with pypdfium2 instead")
            return fallback
    elif not page.images:
        return []  # a blank page
    return _ocr_items(data, n, name, ocr, warnings, garbled=bool(text.strip()))


def _image_dominated(page, text: str) -> bool:
    """An image covers most of the page and the text layer holds little: a scan with a watermark,
    a stamp caption or a partial OCR layer, not a page of text with a picture."""
    area = float(page.width * page.height) or 1.0
    covered = sum(max(0.0, float(min(im["x1"], page.width) - max(im["x0"], 0)))
                  * max(0.0, float(min(im["bottom"], page.height) - max(im["top"], 0))) for im in page.images)
    if covered < IMAGE_PAGE_SHARE * area:
        return False
    return len(re.sub(r"\s", "", text)) < SCAN_LAYER_MAX_CHARS


def _merge_layer(ocr_items: list[Item], layer: list[Item]) -> list[Item]:
    """OCR lines merged with the page's thin text layer.  Where a layer line and an OCR line share
    a place, the layer's exact text wins when OCR read about as much there (the same watermark,
    caption or stamp text, read twice), OCR's when it read a longer line (body text under a
    caption); layer lines where OCR read nothing stay (a watermark in the margin: it repeats on
    every page and goes as furniture)."""
    out = list(ocr_items)
    for it in layer:
        if not isinstance(it, RawLine):
            continue
        here = [o for o in out if isinstance(o, RawLine) and _overlap(o, it)]
        longest = max((len(re.sub(r"\s", "", o.text)) for o in here), default=0)
        if longest <= LAYER_WINS_RATIO * len(re.sub(r"\s", "", it.text)):
            out = [o for o in out if not any(o is h for h in here)] + [it]
    return sorted(out, key=lambda it: it.top)


def _overlap(a: RawLine, b: RawLine) -> bool:
    tall = max(a.size, b.size, 1.0)
    return abs(a.top - b.top) < tall and min(a.x1, b.x1) > max(a.x0, b.x0) - tall


def _ocr_items(data: bytes, n: int, name: str, ocr: bool, warnings: list[str], garbled: bool,
               partial: bool = False) -> list[Item]:
    what = ("its text layer is unreadable ((cid:N) / U+FFFD)" if garbled
            else "an image fills it and its text layer holds only a few characters (a scan)" if partial
            else "it has no text layer (scanned)")
    if not ocr:
        raise NoTextLayer(what, locator=Locator(name, page=n), hint="OCR is turned off")
    if not ocr_available():
        raise NoTextLayer(f"{what} and tesseract is not installed for OCR", locator=Locator(name, page=n),
                          hint="apt-get install tesseract-ocr tesseract-ocr-chi-sim")
    try:
        items, confidence = ocr_page(data, n)
    except NoTextLayer as exc:  # OCR knows the page, not the file: say which file
        raise exc.locate(file=name)
    conf = f"mean confidence {confidence:.0f}" if confidence is not None else "no words read"
    warnings.append(f"page {n}: text from OCR (tesseract, {conf}), {what}; check the wording")
    return items


def garbage_ratio(text: str) -> float:
    """Share of a page's glyphs that are unmapped: `(cid:N)`, U+FFFD, control or private-use characters."""
    cids = len(_CID_RE.findall(text))
    rest = _CID_RE.sub("", text)
    bad = sum(1 for ch in rest if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r")
              or 0xE000 <= ord(ch) <= 0xF8FF)
    glyphs = cids + sum(1 for ch in rest if not ch.isspace())
    return (cids + bad) / glyphs if glyphs else 0.0


def _item_text(it: Item) -> str:
    return it.text if isinstance(it, RawLine) else "".join("".join(r) for r in it.rows)


def plumber_page_items(page, n: int) -> list[Item]:
    """Lines and ruled tables of one pdfplumber page, top to bottom.

    A ruled table of one row is a `RawTable` carrying the lines it reads as (`RawTable.lines`):
    whether it is the piece of a table a page break cut or a box in the text is settled with the
    pages on either side (`pdf_geometry.settle_pages`).  It is one only when it holds text, is
    taller than `MIN_PIECE_HEIGHT` and stands alone at its height: no line of text beside it or
    running into it (a box in a line of text stays that line)."""
    found = page.find_tables()
    tables = [t for t in found if len(t.rows) > 1]
    boxes = [t.bbox for t in tables]
    body = page.filter(lambda o: not any(_inside(o, b) for b in boxes)) if boxes else page
    lines = [(RawLine(ln["text"], n, ln["x0"], ln["x1"], ln["top"], _size(ln["chars"])), ln)
             for ln in body.extract_text_lines(return_chars=True, strip=True) if ln["text"].strip()]
    items: list[Item] = []
    taken: set[int] = set()
    for t in found:
        if len(t.rows) == 1 and t.bbox[3] - t.bbox[1] >= MIN_PIECE_HEIGHT:
            held = _held_lines(t.bbox, [ln for _, ln in lines], taken)
            if held:
                taken.update(held)
                items.append(_raw_table(t, n, tuple(lines[k][0] for k in held)))
    items += [raw for k, (raw, _) in enumerate(lines) if k not in taken]
    items += [_raw_table(t, n) for t in tables]
    items.sort(key=lambda it: it.top)
    return items


def _raw_table(t, n: int, lines: tuple[RawLine, ...] | None = None) -> RawTable:
    columns = sorted({round(float(x), 1) for cell in t.cells for x in (cell[0], cell[2])})
    return RawTable([[_cell(c) for c in row] for row in t.extract()], n, t.bbox[1], t.bbox[3],
                    tuple(columns), lines)


def _held_lines(bbox: tuple[float, float, float, float], lines: list[dict], taken: set[int]) -> list[int]:
    """The lines (indices) a one-row box holds whole, when no other line shares its height; else []."""
    held = []
    for k, ln in enumerate(lines):
        inside = [_inside(c, bbox) for c in ln["chars"]]
        if all(inside) and k not in taken:
            held.append(k)
        elif any(inside) or (ln["top"] < bbox[3] and ln["bottom"] > bbox[1]):
            return []  # a line running into the box or beside it: the box is part of the text
    return held


def _inside(obj: dict, bbox: tuple[float, float, float, float]) -> bool:
    if "x0" not in obj or "top" not in obj:
        return False
    x0, top, x1, bottom = bbox
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _size(chars: list[dict]) -> float:
    sizes = sorted(round(c.get("size", 0.0), 1) for c in chars if not c["text"].isspace())
    return sizes[len(sizes) // 2] if sizes else 0.0


def _cell(value: str | None) -> str:
    """A cell's text on one line: its wrapped lines glued as the body's are (`layout.join_wrapped`)."""
    return join_wrapped([p.strip() for p in (value or "").split("\n") if p.strip()])


def _table_groups(pages: list[list[Item]]) -> list[list[RawTable]]:
    """Tables in reading order; a table that opens a page after one that closed the last page continues it."""
    groups: list[list[RawTable]] = []
    last: Item | None = None
    for page in pages:
        for i, it in enumerate(page):
            if isinstance(it, RawTable):
                if i == 0 and isinstance(last, RawTable) and groups and _same_shape(groups[-1][0], it):
                    _drop_repeated_header(groups[-1][0], it)
                    groups[-1].append(it)
                else:
                    groups.append([it])
            last = it
    return groups


def _same_shape(a: RawTable, b: RawTable) -> bool:
    return max(map(len, a.rows)) == max(map(len, b.rows))


def _drop_repeated_header(first: RawTable, cont: RawTable) -> None:
    """A continuation page that repeats the header rows: the repeat is layout, not content."""
    k = 0
    while k < len(cont.rows) - 1 and k < len(first.rows) and cont.rows[k] == first.rows[k] \
            and not all(c.strip() for c in first.rows[k]):
        k += 1
    if k == 0 and cont.rows and cont.rows[0] == first.rows[0]:
        k = 1
    del cont.rows[:k]


def _locate_tables(text: str, groups: list[list[RawTable]],
                   warnings: list[str]) -> tuple[tuple[TableRow, ...], ...]:
    """Each table row's offsets in the joined text, where the joiner put it as its own paragraph."""
    out = []
    cursor = 0
    for group in groups:
        rows: list[TableRow] = []
        for table in group:
            for cells in table.rows:
                row_text = fold_numbers("\t".join(cells).rstrip().lstrip(" \u3000"))
                if not row_text.strip():
                    continue
                start = text.find(row_text, cursor)
                if start < 0:
                    warnings.append(f"page {table.page}: table row {row_text[:30]!r} not found in the text")
                    continue
                cursor = start + len(row_text)
                rows.append(TableRow(tuple(fold_numbers(c) for c in cells), start, cursor, table.page))
        if rows:
            out.append(tuple(rows))
    return tuple(out)
