"""Ingest: a file's bytes → `IngestedText` (normalised text, page map, tables).

This package is the only code that imports pdfplumber / pypdfium2 / python-docx.
The format is sniffed from the content as well as the suffix, so a `.pdf` that is
not a PDF is reported as such rather than read as garbage.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Literal

from ..config import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES
from ..errors import CorruptPDF, EmptyInput, UnsupportedFormat
from ..normalize import sha256_bytes
from ..records import IngestedText, SourceInfo, as_source_format
from .bounds import read_bounded
from .layout import Line, join_lines
from .repeats import drop_repeated_copy
from .text import decode_html, decode_text, text_lines

__all__ = ["PDF_READERS", "PdfReader", "ingest_bytes", "ingest_file", "ingest_lines"]

# how a PDF's pages are read: "pdfplumber" every page, or "fast" (pypdfium2, pdfplumber only
# for the pages that need it: pdf.py); both give the same text.  Kept here so that callers
# can name the choice without importing the PDF libraries.
PdfReader = Literal["pdfplumber", "fast"]
PDF_READERS: tuple[PdfReader, ...] = ("pdfplumber", "fast")


def ingest_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                pdf_reader: PdfReader = "pdfplumber") -> IngestedText:
    """Read one input file into normalised text (`pdf_reader` matters only for a PDF).

    Only a regular file is read (a FIFO, device or directory is refused before reading),
    and `max_bytes` bounds the bytes actually read, whatever size the file reports."""
    path = Path(path)
    return ingest_bytes(read_bounded(path, max_bytes), path.name, pdf_reader=pdf_reader)


def ingest_bytes(data: bytes, name: str, *, pdf_reader: PdfReader = "pdfplumber") -> IngestedText:
    """Ingest bytes that came from a file called `name` (the suffix picks the reader)."""
    if pdf_reader not in PDF_READERS:
        raise ValueError(f"unknown PDF reader {pdf_reader!r}: one of {', '.join(PDF_READERS)}")
    if not data.strip():
        raise EmptyInput("file is empty", locator=name)
    fmt = _detect_format(data, name)
    source_sha = sha256_bytes(data)
    warnings: tuple[str, ...] = ()
    if fmt == "legacy":
        fmt, data, warnings = _legacy(data, name)
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, name, source_sha, reader=pdf_reader)
    if fmt == "docx":
        from .docx import docx_lines

        lines, docx_warnings = docx_lines(data, name)
        return ingest_lines(lines, SourceInfo(name, source_sha, "docx", None), warnings + docx_warnings)
    if fmt == "html":
        from .html import html_lines

        text, charset_warnings = decode_html(data, name)
        return ingest_lines(html_lines(text, name), SourceInfo(name, source_sha, "html", None),
                            warnings + charset_warnings)
    text = decode_text(data, name)
    return ingest_lines(text_lines(text), SourceInfo(name, source_sha, as_source_format(fmt), None), warnings)


def _legacy(data: bytes, name: str) -> tuple[str, bytes, tuple[str, ...]]:
    """A .doc / .wps / .rtf: what it really holds decides the reader; OLE and RTF are converted to DOCX."""
    from .legacy import convert_to_docx, sniff

    kind = sniff(data)
    suffix = Path(name).suffix.lower()
    if kind in ("ole", "rtf"):
        what = {"ole": "Word 97-2003 / WPS binary", "rtf": "RTF"}[kind]
        return "docx", convert_to_docx(data, name, kind), (f"{what} file converted to DOCX by LibreOffice",)
    if kind == "zip":
        return "docx", data, (f"a DOCX package named {suffix}: read as DOCX",)
    if kind == "pdf":
        return "pdf", data, ()
    if kind == "html":
        return "html", data, (f"an HTML page named {suffix} (saved from a web page or as 'Word HTML'): read as HTML",)
    raise UnsupportedFormat(f"not a Word, WPS or RTF document (no OLE, RTF or zip signature) despite its "
                            f"{suffix} name", locator=name, hint="open it in an office program and save it as .docx")


def ingest_lines(lines: list[Line], source: SourceInfo, warnings: tuple[str, ...] = ()) -> IngestedText:
    text, page_map = join_lines(lines)
    if not text.strip():
        raise EmptyInput("file holds no text", locator=source.file)
    text, repeated = drop_repeated_copy(text)
    if repeated:
        warnings += (repeated,)
        page_map = tuple(span for span in page_map if span.start < len(text))
        if page_map and page_map[-1].end > len(text):
            page_map = page_map[:-1] + (replace(page_map[-1], end=len(text)),)
    return IngestedText(source=source, text=text, page_map=page_map, warnings=warnings)


def _detect_format(data: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower()
    fmt = SUPPORTED_SUFFIXES.get(suffix)
    is_pdf = data.lstrip()[:5] == b"%PDF-"
    if suffix == ".ofd" or (fmt is None and data[:2] == b"PK" and b"OFD.xml" in data[:4096]):
        # GB/T 33190's fixed layout (a zip of XML pages): its text layer is not read here
        raise UnsupportedFormat("OFD (GB/T 33190) is not read", locator=name,
                                hint="export it to PDF from an OFD reader and give the PDF")
    if fmt is None:
        raise UnsupportedFormat(f"unsupported file type '{suffix or '(none)'}'", locator=name,
                                hint="supported: " + ", ".join(sorted(SUPPORTED_SUFFIXES)))
    if fmt == "pdf" and not is_pdf:
        raise CorruptPDF("not a PDF (no %PDF- header)", locator=name)
    if is_pdf:
        return "pdf"
    if fmt == "docx" and data[:2] != b"PK":
        from .legacy import OLE_MAGIC

        if data[:8] == OLE_MAGIC:  # a .doc renamed .docx (or an encrypted DOCX): the converter decides
            return "legacy"
        raise UnsupportedFormat("not a DOCX (not a zip package)", locator=name)
    return fmt
