"""Scan-like attachments for demo cases: a grey, slightly skewed form page with boxes,
ruled lines and the receipt number — enough to page through and zoom in the viewer."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

A4_AT_100DPI = (827, 1169)


def scanned_form_png(label: str, rng: random.Random) -> bytes:
    """A PNG that looks like a scanned paper form page (about 0.2 s each: pool them)."""
    width, height = A4_AT_100DPI
    page = Image.new("L", (width, height), 246)
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=22)
    small = ImageFont.load_default(size=16)
    draw.text((60, 50), "APPLICATION FORM / SHINSEISHO", fill=30, font=font)
    draw.text((60, 85), label, fill=40, font=small)
    y = 140
    for row in range(14):
        draw.rectangle((60, y, width - 60, y + 56), outline=70, width=2)
        draw.line((260, y, 260, y + 56), fill=70, width=2)
        scribble_x = 280
        for _ in range(rng.randint(3, 12)):
            w = rng.randint(14, 30)
            draw.line((scribble_x, y + rng.randint(18, 38), scribble_x + w,
                       y + rng.randint(18, 38)), fill=rng.randint(20, 90), width=3)
            scribble_x += w + rng.randint(4, 10)
        draw.text((72, y + 18), f"{row + 1:02d}", fill=60, font=small)
        y += 64
    draw.ellipse((width - 190, height - 210, width - 90, height - 110), outline=140, width=4)
    noise = Image.effect_noise((width, height), 18).point(lambda v: 255 if v > 40 else 0)
    page = Image.composite(page, Image.new("L", page.size, 200), noise.convert("L"))
    page = page.rotate(rng.uniform(-1.2, 1.2), fillcolor=250, resample=Image.Resampling.BICUBIC)
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    out = io.BytesIO()
    page.save(out, format="PNG", optimize=True)
    return out.getvalue()
