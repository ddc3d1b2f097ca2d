"""DOCX → layout lines with python-docx: paragraphs and tables in body order.

A Word paragraph is a paragraph: its last line never runs on into the next one
(`full_width=False`).  Heading and title styles mark headings.  Table rows become
tab-separated lines, a merged cell contributing its text once and empty strings for
the other grid positions it covers, as the text version of a document holds them.
"""
from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.oxml.ns import qn

from ..errors import InputError
from .layout import Line

__all__ = ["docx_lines"]

_HEADING_STYLES = ("heading", "title", "标题", "subtitle")


def docx_lines(data: bytes, name: str) -> list[Line]:
    """Lines of a .docx body in reading order."""
    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"not a readable DOCX ({type(exc).__name__})", locator=name,
                         hint="open and re-save it in Word or LibreOffice") from exc
    styles = {s.style_id: (s.name or "") for s in doc.styles}
    lines: list[Line] = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.extend(_paragraph(child, styles))
        elif child.tag == qn("w:tbl"):
            lines.extend(Line("\t".join(row), table=True) for row in _table_rows(child))
    return lines


def _paragraph(p, styles: dict[str, str]) -> list[Line]:
    style_el = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    style = styles.get(style_el.get(qn("w:val")), "") if style_el is not None else ""
    heading = style.lower().startswith(_HEADING_STYLES)
    text = _text(p)
    pieces = text.split("\n")  # a manual line break (<w:br/>) is a line of its own
    out = [Line(piece, heading=heading) for piece in pieces]
    out[-1].full_width = False
    return out


def _text(el) -> str:
    parts = []
    for node in el.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _table_rows(tbl) -> list[list[str]]:
    rows = []
    for tr in tbl.iterchildren(qn("w:tr")):
        cells: list[str] = []
        for tc in tr.iterchildren(qn("w:tc")):
            props = tc.find(qn("w:tcPr"))
            span, continued = 1, False
            if props is not None:
                grid = props.find(qn("w:gridSpan"))
                span = int(grid.get(qn("w:val"))) if grid is not None else 1
                vmerge = props.find(qn("w:vMerge"))
                continued = vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue")
            text = "" if continued else " ".join(_text(p).strip() for p in tc.iterchildren(qn("w:p"))).strip()
            cells.extend([text] + [""] * (span - 1))
        rows.append(cells)
    return rows
