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
from ..errors import CorruptPDF, EmptyInput, TooLarge, UnsupportedFormat
from ..normalize import sha256_bytes
from ..records import IngestedText, SourceInfo
from .layout import Line, join_lines
from .repeats import drop_repeated_copy
from .text import decode_text, text_lines

__all__ = ["PDF_READERS", "PdfReader", "ingest_bytes", "ingest_file", "ingest_lines"]

# how a PDF's pages are read: "pdfplumber" every page, or "fast" (pypdfium2, pdfplumber only
# for the pages that need it: pdf.py); both give the same text.  Kept here so that callers
# can name the choice without importing the PDF libraries.
PdfReader = Literal["pdfplumber", "fast"]
PDF_READERS: tuple[PdfReader, ...] = ("pdfplumber", "fast")


def ingest_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                pdf_reader: PdfReader = "pdfplumber") -> IngestedText:
    """Read one input file into normalised text (`pdf_reader` matters only for a PDF)."""
    path = Path(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise TooLarge(f"file is {size} bytes, over the {max_bytes}-byte limit", locator=path.name,
                       hint="split it or raise --max-bytes")
    return ingest_bytes(path.read_bytes(), path.name, pdf_reader=pdf_reader)


def ingest_bytes(data: bytes, name: str, *, pdf_reader: PdfReader = "pdfplumber") -> IngestedText:
    """Ingest bytes that came from a file called `name` (the suffix picks the reader)."""
    if pdf_reader not in PDF_READERS:
        raise ValueError(f"unknown PDF reader {pdf_reader!r}: one of {', '.join(PDF_READERS)}")
    if not data.strip():
        raise EmptyInput("file is empty", locator=name)
    fmt = _detect_format(data, name)
    source_sha = sha256_bytes(data)
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, name, source_sha, reader=pdf_reader)
    if fmt == "docx":
        from .docx import docx_lines

        return ingest_lines(docx_lines(data, name), SourceInfo(name, source_sha, "docx", None))
    if fmt == "html":
        from .html import html_lines

        text = decode_text(data, name)
        return ingest_lines(html_lines(text, name), SourceInfo(name, source_sha, "html", None))
    text = decode_text(data, name)
    return ingest_lines(text_lines(text), SourceInfo(name, source_sha, fmt, None))


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
    if fmt is None:
        raise UnsupportedFormat(f"unsupported file type '{suffix or '(none)'}'", locator=name,
                                hint="supported: " + ", ".join(sorted(SUPPORTED_SUFFIXES)))
    if fmt == "pdf" and not is_pdf:
        raise CorruptPDF("not a PDF (no %PDF- header)", locator=name)
    if is_pdf:
        return "pdf"
    if fmt == "docx" and data[:2] != b"PK":
        raise UnsupportedFormat("not a DOCX (not a zip package)", locator=name)
    return fmt
