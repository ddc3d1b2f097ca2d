"""DOCX → layout lines with python-docx: paragraphs, text boxes and tables in body order.

A Word paragraph is a paragraph: its last line never runs on into the next one
(`full_width=False`).  Heading and title styles mark headings.  Table rows become
tab-separated lines, a merged cell contributing its text once and empty strings for
the other grid positions it covers, as the text version of a document holds them.

What Word keeps beside the plain runs is read as the printed document shows it:
- tracked changes: an insertion (`w:ins`, `w:moveTo`) is text, a deletion (`w:del`'s
  `w:delText`) and the source of a move (`w:moveFrom`) are not — the accepted document;
- text boxes and shapes (`w:txbxContent`): their paragraphs are lines of their own after
  the paragraph that anchors them; a box drawn twice (`mc:AlternateContent`'s DrawingML
  choice and its VML fallback) is read once, from the choice;
- content controls and custom XML (`w:sdt`, `w:customXml`) around paragraphs or tables
  are looked through, so a cover page or a form field's paragraphs are not lost.
The package is checked against the zip bounds (`bounds.check_zip`) before it is parsed.
"""
from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.oxml.ns import qn
from lxml.etree import XMLSyntaxError

from ..errors import InputError
from .bounds import check_zip
from .layout import Line

__all__ = ["docx_lines"]

_HEADING_STYLES = ("heading", "title", "标题", "subtitle")
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_FALLBACK = f"{{{_MC_NS}}}Fallback"
_W_P, _W_TBL, _W_T = qn("w:p"), qn("w:tbl"), qn("w:t")
_W_TAB, _W_BR, _W_CR = qn("w:tab"), qn("w:br"), qn("w:cr")
_TXBX = qn("w:txbxContent")
_SKIP = {qn("w:moveFrom"), qn("w:del"), _FALLBACK, qn("w:delText")}
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")}


def docx_lines(data: bytes, name: str) -> tuple[list[Line], tuple[str, ...]]:
    """Lines of a .docx body in reading order, and what the reader noticed (tracked changes)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            check_zip(zf, name)
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"not a readable DOCX ({type(exc).__name__})", locator=name,
                         hint="open and re-save it in Word or LibreOffice") from exc
    except XMLSyntaxError as exc:
        # libxml2 refuses entity expansion past its amplification bound (billion laughs) and broken XML:
        # bad input, said in one line, not an internal error
        raise InputError(f"DOCX XML refused by the parser: {str(exc).splitlines()[0]}", locator=name,
                         hint="an entity bomb or damaged XML; open and re-save it in Word or LibreOffice") from exc
    styles = {s.style_id: (s.name or "") for s in doc.styles}
    lines: list[Line] = []
    _block_children(doc.element.body, styles, lines)
    warnings: tuple[str, ...] = ()
    body = doc.element.body
    changes = sum(1 for _ in body.iter(qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo")))
    if changes:
        warnings = (f"{changes} tracked changes: read as accepted (insertions kept, deletions dropped)",)
    return lines, warnings


def _block_children(parent, styles: dict[str, str], lines: list[Line]) -> None:
    for child in parent.iterchildren():
        if child.tag == _W_P:
            lines.extend(_paragraph(child, styles))
        elif child.tag == _W_TBL:
            lines.extend(Line("\t".join(row), table=True) for row in _table_rows(child))
        elif child.tag in _WRAPPERS or child.tag in (qn("w:ins"), qn("w:moveTo")):
            _block_children(child, styles, lines)


def _paragraph(p, styles: dict[str, str]) -> list[Line]:
    style_el = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    style = styles.get(style_el.get(qn("w:val")), "") if style_el is not None else ""
    heading = style.lower().startswith(_HEADING_STYLES)
    boxes: list = []
    text = _text(p, boxes)
    pieces = text.split("\n")  # a manual line break (<w:br/>) is a line of its own
    out = [Line(piece, heading=heading) for piece in pieces]
    out[-1].full_width = False
    for box in boxes:  # a text box's paragraphs follow the paragraph it is anchored in
        _block_children(box, styles, out)
    return out


def _text(el, boxes: list | None = None) -> str:
    """The visible text of `el`: runs, tabs and breaks, without deletions, move sources,
    VML fallbacks and text boxes (whose content goes to `boxes`)."""
    parts: list[str] = []
    stack = [iter(el)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        tag = node.tag
        if tag == _W_T:
            parts.append(node.text or "")
        elif tag == _W_TAB:
            parts.append("\t")
        elif tag in (_W_BR, _W_CR):
            parts.append("\n")
        elif tag == _TXBX:
            if boxes is not None:
                boxes.append(node)
        elif tag in _SKIP or not isinstance(tag, str):
            continue
        else:
            stack.append(iter(node))
    return "".join(parts)


def _table_rows(tbl) -> list[list[str]]:
    rows = []
    for tr in _rows(tbl):
        cells: list[str] = []
        for tc in _cells(tr):
            props = tc.find(qn("w:tcPr"))
            span, continued = 1, False
            if props is not None:
                grid = props.find(qn("w:gridSpan"))
                span = int(grid.get(qn("w:val"))) if grid is not None else 1
                vmerge = props.find(qn("w:vMerge"))
                continued = vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue")
            text = "" if continued else " ".join(t for t in (s.strip() for s in _cell_texts(tc)) if t)
            cells.extend([text] + [""] * (max(1, min(span, 64)) - 1))
        rows.append(cells)
    return rows


def _cell_texts(parent):
    """A cell's paragraphs' texts in order, through nested tables, wrappers and text boxes."""
    for child in parent.iterchildren():
        if child.tag == _W_P:
            boxes: list = []
            yield _text(child, boxes)
            for box in boxes:
                yield from _cell_texts(box)
        elif child.tag == _W_TBL:
            for tr in _rows(child):
                for tc in _cells(tr):
                    yield from _cell_texts(tc)
        elif child.tag in _WRAPPERS or child.tag in (qn("w:ins"), qn("w:moveTo")):
            yield from _cell_texts(child)


def _rows(tbl):
    for child in tbl.iterchildren():
        if child.tag == qn("w:tr"):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _rows(child)


def _cells(tr):
    for child in tr.iterchildren():
        if child.tag == qn("w:tc"):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _cells(child)
