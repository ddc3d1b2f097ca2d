"""Ingest with the other readers: PDF now, DOCX and HTML once their readers land."""
from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest
from conftest import CITED_DOC, ingest, snapshot
from pdf_samples import render_text_pdf

SEED = "000_56b4b2a5a32276d5.txt"


def _reader(name: str) -> None:
    if importlib.util.find_spec(f"pipeline.ingest.{name}") is None:
        pytest.skip(f"the {name} reader (pipeline/ingest/{name}.py) has not landed yet")


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.lstrip("#").strip())
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _html(text: str) -> bytes:
    paras = "".join(f"<p>{line.lstrip('#').strip()}</p>" for line in text.splitlines() if line.strip())
    page = (f"<html><head><title>政府网站</title></head><body><nav>首页 | 政策文件</nav>"
            f"<div class='article'>{paras}</div><footer>版权所有 网站标识码</footer></body></html>")
    return page.encode("utf-8")


RENDER = {"pdf": render_text_pdf, "docx": _docx, "html": _html}


@pytest.mark.parametrize("fmt", sorted(RENDER))
def test_the_same_document_in_another_format_is_not_duplicated(corpus: Path, inputs: Path, fmt: str) -> None:
    _reader(fmt)
    path = inputs / f"000_copy.{fmt}"
    path.write_bytes(RENDER[fmt]((corpus / "raw_docs" / SEED).read_text(encoding="utf-8")))
    before = snapshot(corpus)
    report = ingest([path], corpus)
    assert snapshot(corpus) == before
    assert [(d.file, d.same_as) for d in report.skipped] == [(path.name, SEED)]


@pytest.mark.parametrize("fmt", sorted(RENDER))
def test_a_new_document_in_another_format_is_added(corpus: Path, inputs: Path, fmt: str) -> None:
    _reader(fmt)
    path = inputs / f"100_cited.{fmt}"
    path.write_bytes(RENDER[fmt](CITED_DOC))
    report = ingest([path], corpus)
    record = report.documents[0].record
    assert record.source.format == fmt and record.header.doc_number == "连政办发〔2022〕3号"
    assert {f"raw_docs/{path.name}", "extracted/100_cited.json"} <= set(report.changed_files)
    assert (corpus / "raw_docs" / path.name).read_bytes() == path.read_bytes()
