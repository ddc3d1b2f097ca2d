"""Scans made the way a scanner makes them: a printed PDF's pages as noisy, skewed images with a red
stamp, back into a PDF, optionally with the small text-layer watermark scanner apps add.

    python tests/render/scan.py in.pdf out.pdf [--noise 12] [--skew 1.2] [--dpi 200] [--watermark]
"""
from __future__ import annotations

import argparse
import io
import math
import random
from pathlib import Path

FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
WATERMARK = "扫描全能王 创建"


def page_images(pdf: bytes, dpi: int = 200, pages: list[int] | None = None):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        for i in pages if pages is not None else range(len(doc)):
            yield doc[i].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()


def degrade(image, *, noise: float = 12.0, skew: float = 1.2, blur: float = 0.6, stamp: bool = True,
            seed: int = 0, jpeg_quality: int = 70):
    """Skew, blur, speckle noise, a red stamp and JPEG compression, reproducibly (`seed`)."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rng = random.Random(seed)
    img = image.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    if stamp:
        draw = ImageDraw.Draw(img, "RGBA")
        w, h = img.size
        r = int(w * 0.11)
        cx, cy = int(w * 0.62), int(h * 0.42)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(220, 30, 30, 170), width=max(3, r // 18))
        font = ImageFont.truetype(str(FONT_FILE), max(12, r // 4), index=0)
        text = "某某市人民政府办公室"
        for k, ch in enumerate(text):  # characters round the upper arc, as on an official seal
            angle = math.pi * (1.1 + 0.8 * k / (len(text) - 1))
            x, y = cx + 0.72 * r * math.cos(angle), cy + 0.72 * r * math.sin(angle)
            draw.text((x, y), ch, font=font, fill=(220, 30, 30, 170), anchor="mm")
        draw.regular_polygon((cx, cy, r // 4), 5, fill=(220, 30, 30, 170))
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    arr = np.asarray(img).astype(np.int16)
    gen = np.random.default_rng(seed)
    arr = arr + gen.normal(0, noise, arr.shape[:2])[..., None].astype(np.int16)
    speckles = gen.random(arr.shape[:2]) < 0.002
    arr[speckles] = rng.choice([0, 60])
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=jpeg_quality)
    return Image.open(io.BytesIO(buf.getvalue()))


def images_to_pdf(images, *, dpi: int = 200, watermark: str | None = None) -> bytes:
    """A PDF with each image filling an A4 page; `watermark` a small line of real text on each."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    if watermark and "WQYScan" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQYScan", str(FONT_FILE), subfontIndex=0))
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    for img in images:
        c.drawImage(ImageReader(img), 0, 0, width=A4[0], height=A4[1])
        if watermark:
            c.setFont("WQYScan", 7)
            c.setFillColorRGB(0.6, 0.6, 0.6)
            c.drawRightString(A4[0] - 20, 12, watermark)
        c.showPage()
    c.save()
    return buf.getvalue()


def scan_pdf(pdf: bytes, *, pages: list[int] | None = None, dpi: int = 200, noise: float = 12.0,
             skew: float = 1.2, blur: float = 0.6, stamp: bool = True, watermark: str | None = WATERMARK,
             seed: int = 0) -> bytes:
    images = [degrade(img, noise=noise, skew=skew, blur=blur, stamp=stamp and i == 0, seed=seed + i)
              for i, img in enumerate(page_images(pdf, dpi, pages))]
    return images_to_pdf(images, dpi=dpi, watermark=watermark)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--noise", type=float, default=12.0)
    ap.add_argument("--skew", type=float, default=1.2)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--watermark", action="store_true")
    args = ap.parse_args()
    args.out.write_bytes(scan_pdf(args.src.read_bytes(), dpi=args.dpi, noise=args.noise, skew=args.skew,
                                  watermark=WATERMARK if args.watermark else None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
