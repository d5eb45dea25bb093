"""Reading rendered notices back the way a person (or the post) would: poppler's
pdftotext / pdffonts / pdfinfo, 2D codes decoded from pages rendered by pdfium."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from desktop.services.notice_code import SheetCode, parse_sheet_code


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} (poppler-utils) is not installed: apt-get install poppler-utils")
    return path


def text(pdf: Path, page: int | None = None) -> str:
    """pdftotext's text in drawing order, all whitespace removed (it breaks lines at wide
    spaces, and a wrapped line continues on the next)."""
    args = [_tool("pdftotext"), "-raw"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True)
    return squash(out.stdout)


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def pages(pdf: Path) -> int:
    out = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", out, re.M)
    assert match, out
    return int(match.group(1))


@dataclass(frozen=True)
class FontRow:
    name: str
    type: str
    embedded: bool
    subset: bool


def fonts(pdf: Path) -> list[FontRow]:
    out = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    rows = []
    for line in out[2:]:
        parts = line.split()
        # name type [type2] encoding emb sub uni object ID
        emb, sub = parts[-5], parts[-4]
        rows.append(FontRow(parts[0], " ".join(parts[1:-6]), emb == "yes", sub == "yes"))
    return rows


def codes(pdf: Path, scale: float = 2.5) -> list[SheetCode | None]:
    """The decoded sheet code of each page (None where none was found)."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        found: list[SheetCode | None] = []
        for page in doc:
            image = page.render(scale=scale, grayscale=True).to_pil()
            results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
            parsed = [parse_sheet_code(r.text) for r in results]
            found.append(next((p for p in parsed if p is not None), None))
        return found
    finally:
        doc.close()
