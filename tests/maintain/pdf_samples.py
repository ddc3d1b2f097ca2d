"""Reproducible bad PDFs, made on the fly: truncated, encrypted, image-only, (cid:N) text layer."""
from __future__ import annotations

import io
import re


def text_pdf(text: str = "连政办发〔2022〕3号 关于印发实施方案的通知", *, encrypt: str | None = None) -> bytes:
    """A one-page PDF with a real text layer (reportlab's built-in CJK CID font, no font file)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    page = canvas.Canvas(buf, encrypt=encrypt)
    page.setFont("STSong-Light", 12)
    for i in range(20):
        page.drawString(72, 780 - 24 * i, f"{text}（第{i + 1}行）")
    page.showPage()
    page.save()
    return buf.getvalue()


def image_only_pdf() -> bytes:
    """A 'scan': shapes and no text layer at all."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    for i in range(20):
        page.rect(72, 780 - 30 * i, 400, 12, fill=1)
    page.showPage()
    page.save()
    return buf.getvalue()


def cid_garbage_pdf(lines: int = 30) -> bytes:
    """A text layer in an Identity-H font with no ToUnicode map: it extracts as (cid:N) only."""
    body = "".join(
        f"BT /F1 12 Tf 72 {800 - 20 * i} Td <{''.join(f'{(i * 40 + j) % 900 + 1:04X}' for j in range(30))}> Tj ET\n"
        for i in range(lines)).encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 5 0 R >>"),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Garbled /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(body) + body + b"endstream",
        (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Garbled /CIDSystemInfo"
        b" << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>"),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


BAD_PDFS = {
    "truncated.pdf": lambda: text_pdf()[: len(text_pdf()) // 3],
    "corrupt.pdf": lambda: b"%PDF-1.7\n" + bytes(range(256)) * 20,
    "encrypted.pdf": lambda: text_pdf(encrypt="secret"),
    "scanned.pdf": image_only_pdf,
    "cid_garbage.pdf": cid_garbage_pdf,
}
# the reader's pypdfium2 fallback currently reads this glyph-id text as Latin letters and accepts it
# the error class each should raise (names from pipeline.errors)
EXPECTED_ERROR = {"truncated.pdf": "CorruptPDF", "corrupt.pdf": "CorruptPDF", "encrypted.pdf": "EncryptedPDF",
                  "scanned.pdf": "NoTextLayer", "cid_garbage.pdf": "InputError"}


def printed_lines(text: str) -> list[str]:
    """A markdown seed's lines as another format prints them: heading marks and rules (`---`)
    are layout, not words, so they are not printed."""
    return [line.lstrip("#").strip() for line in text.splitlines() if not re.fullmatch(r"\s*([-*_])\1{2,}\s*", line)]


def render_text_pdf(text: str, *, chars_per_line: int = 32, lines_per_page: int = 28) -> bytes:
    """A text as a printed 公文 would be: wrapped lines, page breaks and `— N —` page numbers."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    wrapped: list[str] = []
    for para in printed_lines(text):
        wrapped += [para[i:i + chars_per_line] for i in range(0, len(para), chars_per_line)] or [""]
    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    for number, start in enumerate(range(0, len(wrapped), lines_per_page), 1):
        page.setFont("STSong-Light", 14)
        for i, line in enumerate(wrapped[start:start + lines_per_page]):
            page.drawString(60, 790 - 26 * i, line)
        page.drawCentredString(297, 40, f"— {number} —")
        page.showPage()
    page.save()
    return buf.getvalue()
