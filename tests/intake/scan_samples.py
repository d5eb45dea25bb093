"""Real scan files for the tests: PDFs from ReportLab, TIFF/PNG/JPEG from Pillow, and a
complete flu-certificate application as an operator keys it in."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

FLU = "flu-free-certificate"

#: A complete flu-certificate application, as keyed in from the paper form.
FLU_KEYED: dict[str, Any] = {
    "applicant_name": "山田 太郎", "applicant_kana": "ヤマダ タロウ",
    "applicant_birth_date": "昭和30年4月1日", "postal_code": "650-0001",
    "address": "神戸市中央区加納町6丁目5-1", "phone": "078-331-8181",
    "application_route": "郵送", "eligibility_basis": "介護保険料 第1段階",
    "resident_on_jan1": True, "is_proxy": False,
}


def pdf_bytes(label: str = "申請書", pages: int = 1) -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    for n in range(pages):
        pdf.drawString(72, 720, f"scan {label} page {n + 1}")
        pdf.rect(72, 400, 300, 200)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _image(seed: int, size: tuple[int, int] = (120, 160)) -> Image.Image:
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 10 + seed % 90, 40), fill=(seed % 256, (seed // 256) % 256, 0))
    draw.text((10, 60), f"#{seed}", fill=(0, 0, 0))
    return image


def image_bytes(seed: int, kind: str = "PNG") -> bytes:
    buf = io.BytesIO()
    _image(seed).save(buf, format=kind)
    return buf.getvalue()


def tiff_bytes(pages: int = 3, seed: int = 0) -> bytes:
    """A multi-page TIFF, as a sheet-feed scanner writes one."""
    images = [_image(seed + n) for n in range(pages)]
    buf = io.BytesIO()
    images[0].save(buf, format="TIFF", save_all=True, append_images=images[1:])
    return buf.getvalue()
