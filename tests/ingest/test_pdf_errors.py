"""Broken, encrypted, garbled and scanned PDFs: a clear one-line error, or a fallback that says so."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from pipeline.errors import CorruptPDF, EncryptedPDF, NoTextLayer
from pipeline.ingest import ingest_bytes
from pipeline.ingest.ocr import ocr_available
from pipeline.ingest.pdf import garbage_ratio, read_pdf

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
SAMPLE = "各县区人民政府：现将《支持制造业智能化改造的若干政策》印发给你们，请认真贯彻落实。"


def _pdf(lines: list[str], *, encrypt: str | None = None, compress: int = 1) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    assert FONT.exists(), "fonts-wqy-microhei is not installed (apt-get install fonts-wqy-microhei)"
    if "WQYTest" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQYTest", str(FONT), subfontIndex=0))
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1, pageCompression=compress, encrypt=encrypt)
    c.setFont("WQYTest", 14)
    for i, line in enumerate(lines):
        c.drawString(60, 760 - 24 * i, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_encrypted_pdf():
    data = _pdf([SAMPLE], encrypt="secret")
    with pytest.raises(EncryptedPDF) as err:
        ingest_bytes(data, "locked.pdf")
    assert err.value.one_line() == "locked.pdf: encrypted PDF: a password is needed to read it (save an unencrypted copy)"


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_truncated_pdf(cut):
    data = _pdf([SAMPLE])
    with pytest.raises(CorruptPDF) as err:
        ingest_bytes(data[: int(len(data) * cut)], "cut.pdf")
    assert err.value.one_line().startswith("cut.pdf: truncated PDF")


@pytest.mark.parametrize("data", [b"<html>not a pdf</html>", "一份文本文件".encode(), b"PK\x03\x04zip"])
def test_pdf_suffix_on_something_else(data):
    with pytest.raises(CorruptPDF) as err:
        ingest_bytes(data, "fake.pdf")
    assert err.value.one_line() == "fake.pdf: not a PDF (no %PDF- header)"


def test_pdf_with_garbage_body_is_corrupt():
    data = b"%PDF-1.4\n" + b"\x00garbage" * 50 + b"\n%%EOF\n"
    with pytest.raises(CorruptPDF) as err:
        ingest_bytes(data, "junk.pdf")
    assert err.value.one_line().startswith("junk.pdf: ")


def _cid_garbage_pdf() -> bytes:
    # without the ToUnicode map the glyphs cannot be mapped back to text: pdfplumber
    # says (cid:N); the replacement keeps the length so the xref offsets stay valid
    data = _pdf([SAMPLE, SAMPLE], compress=0)
    assert b"/ToUnicode" in data
    return data.replace(b"/ToUnicode", b"/ToUnicodX")


def test_cid_garbage_without_ocr_is_no_text_layer():
    with pytest.raises(NoTextLayer) as err:
        read_pdf(_cid_garbage_pdf(), "cid.pdf", "0" * 64, ocr=False)
    assert "page 1: its text layer is unreadable ((cid:N) / U+FFFD)" in err.value.one_line()


def test_cid_garbage_falls_back_to_pypdfium2(monkeypatch):
    """When pdfium can map what pdfminer cannot, its text is used and the record says so."""
    from pipeline.ingest import pdf as pdf_module
    from pipeline.ingest.pdf_geometry import RawLine

    monkeypatch.setattr(pdf_module, "pdfium_page_items",
                        lambda data, n: [RawLine(SAMPLE, n, 60.0, 400.0, 80.0, 14.0)])
    monkeypatch.setattr(pdf_module, "unmapped_ratio", lambda data, n: 0.0)
    ingested = read_pdf(_cid_garbage_pdf(), "cid.pdf", "0" * 64, ocr=False)
    assert SAMPLE in ingested.text
    assert any("read with pypdfium2" in w for w in ingested.warnings)


def test_missing_tesseract_is_named(monkeypatch):
    from pipeline.ingest import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "ocr_available", lambda: False)
    with pytest.raises(NoTextLayer) as err:
        read_pdf(_cid_garbage_pdf(), "cid.pdf", "0" * 64)
    assert "tesseract is not installed" in err.value.one_line()


@pytest.mark.parametrize("text,ratio", [("正常的文字", 0.0), ("(cid:12)(cid:13)文字", 0.5), ("\ufffd\ufffd\ufffd正", 0.75),
                                        ("", 0.0), ("\x01\x02ab", 0.5)])
def test_garbage_ratio(text, ratio):
    assert garbage_ratio(text) == pytest.approx(ratio)


def _scanned_pdf(lines: list[str]) -> bytes:
    """A page that is only an image of text, like a scanner makes."""
    from PIL import Image, ImageDraw, ImageFont

    assert FONT.exists(), "fonts-wqy-microhei is not installed (apt-get install fonts-wqy-microhei)"
    font = ImageFont.truetype(str(FONT), 44, index=0)
    image = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((160, 220 + 80 * i), line, font=font, fill=0)
    buf = io.BytesIO()
    image.save(buf, format="PDF", resolution=200.0)
    return buf.getvalue()


def test_scanned_page_is_read_by_ocr():
    assert ocr_available(), "tesseract with chi_sim is missing: apt-get install tesseract-ocr tesseract-ocr-chi-sim"
    lines = ["关于印发支持制造业智能化改造", "和数字化转型若干政策的通知", "各县区人民政府：", "对获评国家级企业给予奖励。"]
    ingested = ingest_bytes(_scanned_pdf(lines), "scan.pdf")
    squeezed = "".join(ingested.text.split())
    for word in ("制造业", "智能化改造", "数字化转型", "人民政府", "国家级", "奖励"):
        assert word in squeezed
    assert any("OCR" in w for w in ingested.warnings)
    assert ingested.page_map and ingested.page_map[0].page == 1


def test_scanned_page_without_ocr_is_no_text_layer():
    with pytest.raises(NoTextLayer) as err:
        read_pdf(_scanned_pdf(["各县区人民政府："]), "scan.pdf", "0" * 64, ocr=False)
    assert "page 1: it has no text layer (scanned)" in err.value.one_line()


def test_unmapped_glyphs_that_ocr_cannot_read_are_refused():
    """pdfium flags unmapped glyphs, so its fallback is not taken, and OCR of junk glyphs is refused."""
    assert shutil.which("tesseract"), "tesseract is missing: apt-get install tesseract-ocr tesseract-ocr-chi-sim"
    with pytest.raises(NoTextLayer, match="OCR could not read the page|no readable text"):
        read_pdf(_cid_garbage_pdf(), "cid.pdf", "0" * 64)
