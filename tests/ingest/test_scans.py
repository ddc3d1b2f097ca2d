"""Scans: image pages with a thin text layer (a scanner app's watermark) are OCRed, with the pages
and their confidence recorded; the refusal threshold is measured on scans made like real ones.

Needs tesseract with chi_sim (apt-get install tesseract-ocr tesseract-ocr-chi-sim): without it
these tests fail.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "render"))
from scan import WATERMARK, scan_pdf

from pipeline.errors import NoTextLayer
from pipeline.ingest import ingest_bytes
from pipeline.ingest.ocr import OCR_MIN_CONFIDENCE, ocr_available

STEM = "003_3d7294011066eb67"


@pytest.fixture(scope="module")
def scanned(rendered_pdfs) -> bytes:
    assert ocr_available(), "tesseract with chi_sim is missing: apt-get install tesseract-ocr tesseract-ocr-chi-sim"
    # the first two pages, printed, scanned with noise, skew and a red stamp, a watermark in the layer
    return scan_pdf(rendered_pdfs[STEM].read_bytes(), pages=[0, 1], dpi=300, noise=8, skew=0.8, blur=0.3)


@pytest.mark.parametrize("reader", ["pdfplumber", "fast"])
def test_scan_with_watermark_layer_is_ocred(scanned, reader):
    ingested = ingest_bytes(scanned, "scan.pdf", pdf_reader=reader)
    squeezed = re.sub(r"\s", "", ingested.text)
    for words in ("连工信规", "支持工业和信息化转型发展", "新型工业化", "技术创新示范企业", "万元奖励"):
        assert words in squeezed
    assert WATERMARK.replace(" ", "") not in squeezed  # on every page: furniture
    ocr = [w for w in ingested.warnings if "text from OCR" in w]
    assert [int(re.match(r"page (\d+)", w).group(1)) for w in ocr] == [1, 2]
    confidences = [float(re.search(r"mean confidence (\d+)", w).group(1)) for w in ocr]
    assert all(OCR_MIN_CONFIDENCE <= c <= 100 for c in confidences)


def test_text_page_with_a_picture_is_not_ocred(rendered_pdfs):
    """A page of text stays its text layer even with images on it."""
    ingested = ingest_bytes(rendered_pdfs[STEM].read_bytes(), "text.pdf")
    assert not any("OCR" in w for w in ingested.warnings)


def test_unreadable_scan_is_refused_saying_what_was_measured(rendered_pdfs):
    assert ocr_available()
    awful = scan_pdf(rendered_pdfs[STEM].read_bytes(), pages=[1], dpi=100, noise=90, skew=6, blur=2.5,
                     watermark=None)
    with pytest.raises(NoTextLayer) as err:
        ingest_bytes(awful, "awful.pdf")
    line = err.value.one_line()
    assert re.match(r"awful\.pdf(, page 1)?: ", line), line  # the page, when OCR refused one
    assert "measured:" in line and ("mean confidence" in line or "no words read" in line), line
    assert "apt-get install" not in line  # tesseract is installed: the hint names the real cause


def _image_pdf(image) -> bytes:
    import io

    buf = io.BytesIO()
    image.save(buf, format="PDF", resolution=200.0)
    return buf.getvalue()


def test_picture_without_words_is_refused_naming_ocr_not_a_missing_tool():
    """A page that is an image with no words (a photograph, a blank scan): OCR ran and read
    nothing, and the error says so, with what was measured, not to install tesseract."""
    from PIL import Image, ImageDraw

    assert ocr_available()
    image = Image.new("L", (1654, 2339), 255)
    ImageDraw.Draw(image).ellipse((300, 400, 1300, 1400), outline=0, width=12)
    with pytest.raises(NoTextLayer) as err:
        ingest_bytes(_image_pdf(image), "picture.pdf")
    line = err.value.one_line()
    assert line.startswith("picture.pdf: no readable text on any page: OCR (tesseract chi_sim)"), line
    assert "page 1: no words read" in line and "measured:" in line and "apt-get" not in line


def test_blank_pdf_is_refused_as_blank():
    """Pages with neither text nor images are blank: nothing to OCR, and no OCR hint."""
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.showPage()
    pdf.showPage()
    pdf.save()
    with pytest.raises(NoTextLayer) as err:
        ingest_bytes(buf.getvalue(), "blank.pdf")
    line = err.value.one_line()
    assert "every page is blank" in line and "tesseract" not in line and "OCR" not in line, line
