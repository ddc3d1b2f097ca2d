"""Ingest with the other readers: PDF, DOCX and HTML."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from pdf_samples import printed_lines, render_text_pdf
from support import CITED_DOC, ingest, snapshot

SEED = "000_56b4b2a5a32276d5.txt"


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in printed_lines(text):
        if line:
            document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _html(text: str) -> bytes:
    paras = "".join(f"<p>{line}</p>" for line in printed_lines(text) if line)
    page = (f"<html><head><title>政府网站</title></head><body><nav>首页 | 政策文件</nav>"
            f"<div class='article'>{paras}</div><footer>版权所有 网站标识码</footer></body></html>")
    return page.encode("utf-8")


RENDER = {"pdf": render_text_pdf, "docx": _docx, "html": _html}


@pytest.mark.parametrize("fmt", sorted(RENDER))
def test_the_same_document_in_another_format_is_not_duplicated(corpus: Path, inputs: Path, fmt: str) -> None:
    path = inputs / f"000_copy.{fmt}"
    path.write_bytes(RENDER[fmt]((corpus / "raw_docs" / SEED).read_text(encoding="utf-8")))
    before = snapshot(corpus)
    report = ingest([path], corpus)
    assert snapshot(corpus) == before
    assert [(d.file, d.same_as) for d in report.skipped] == [(path.name, SEED)]


@pytest.mark.parametrize("fmt", sorted(RENDER))
def test_a_new_document_in_another_format_is_added(corpus: Path, inputs: Path, fmt: str) -> None:
    path = inputs / f"100_cited.{fmt}"
    path.write_bytes(RENDER[fmt](CITED_DOC))
    report = ingest([path], corpus)
    record = report.documents[0].record
    assert record.source.format == fmt and record.header.doc_number == "连政办发〔2022〕3号"
    assert {f"raw_docs/{path.name}", "extracted/100_cited.json"} <= set(report.changed_files)
    assert (corpus / "raw_docs" / path.name).read_bytes() == path.read_bytes()
