"""Writing laid-out notices to a PDF file with ReportLab.

Text goes out through a per-document cache of encoded strings: a batch repeats the
same titles, paragraphs and 教示 on every notice, and ReportLab's own ``drawString``
re-encodes every character each time (DESIGN §8). The 2D code is encoded with
zxing-cpp and drawn as filled rectangles, one per run of dark modules in a row.
Fonts are TrueType subsets embedded by ReportLab; the canvas starts in our font so no
unembedded Helvetica is ever referenced.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import zxingcpp
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from desktop.notices.config import Layout
from desktop.notices.flow import MM, LaidOut, TextOp
from desktop.notices.fonts import GOTHIC, MINCHO, Fonts, Run


def qr_matrix(payload: str) -> tuple[int, bytes]:
    """The QR code of *payload* (level M) as (modules per side, row-major bytes; 0 = dark)."""
    barcode = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image: Any = barcode.to_image(scale=1, add_quiet_zones=False)
    view = memoryview(image)
    assert view.shape is not None
    return int(view.shape[0]), view.tobytes()


_BITS = bytes.maketrans(b"\x00\xff", b"01")


def qr_operators(payload: str, x: float, y: float, size: float) -> str:
    """PDF operators drawing the QR code of *payload* in the square at (x, y) (points,
    bottom-left corner) of side *size* points.

    The module matrix goes in as one inline 1-bit image mask (dark modules paint black),
    scaled to the square: a few hundred bytes and one operator per sheet, where a
    rectangle per module costs a millisecond of Python per code.
    """
    n, data = qr_matrix(payload)
    pad = "0" * (-n % 8)
    rows = []
    for row in range(n):
        bits = data[row * n:(row + 1) * n].translate(_BITS).decode("ascii") + pad
        rows.append(int(bits, 2).to_bytes(len(bits) // 8, "big").hex())
    return (f"q 0 g {size:.3f} 0 0 {size:.3f} {x:.3f} {y:.3f} cm "
            f"BI /W {n} /H {n} /IM true /BPC 1 /F /AHx ID {''.join(rows)}> EI Q")


class PdfNoticeWriter:
    """One PDF file of notices; :meth:`add` one laid-out notice at a time, then :meth:`close`."""

    def __init__(self, target: Path | BinaryIO, layout: Layout, fonts: Fonts, *,
                 title: str = "", compress: bool = True) -> None:
        fonts.load()
        self.layout = layout
        self.fonts = fonts
        self.pages = 0
        self._canvas = Canvas(
            str(target) if isinstance(target, Path) else target,
            pagesize=(layout.page_width * MM, layout.page_height * MM),
            initialFontName=MINCHO, initialFontSize=10.5, pageCompression=1 if compress else 0,
            invariant=False,
        )
        self._canvas.setTitle(title)
        self._canvas.setCreator("Review Desk")
        self._doc = self._canvas._doc
        self._encoded: dict[tuple[str, str, float], str] = {}
        self._ops: dict[TextOp, str] = {}

    # ------------------------------------------------------------------ text
    def _encode(self, font: str, text: str, size: float) -> str:
        key = (font, text, size)
        hit = self._encoded.get(key)
        if hit is not None:
            return hit
        f = pdfmetrics.getFont(font)
        escape = self._canvas._escape
        parts = [f"{f.getSubsetInternalName(subset, self._doc)} {size:g} Tf ({escape(chunk)}) Tj"
                 for subset, chunk in f.splitString(text, self._doc)]
        out = " ".join(parts)
        if len(self._encoded) < 200_000:
            self._encoded[key] = out
        return out

    def _text(self, op: TextOp) -> str:
        hit = self._ops.get(op)
        if hit is not None:  # the same line at the same place: titles, 教示, contact …
            return hit
        runs = op.runs
        if len(runs) == 1:
            body = self._encode(runs[0][0], runs[0][1], op.size)
        else:
            body = " ".join(self._encode(f, t, op.size) for f, t in runs)
        out = f"BT 1 0 0 1 {op.x:.2f} {op.y:.2f} Tm {body} ET"
        if len(self._ops) < 100_000:
            self._ops[op] = out
        return out

    def text(self, x: float, y: float, size: float, runs: tuple[Run, ...]) -> None:
        self._canvas.addLiteral(self._text(TextOp(x, y, size, runs)))

    # ------------------------------------------------------------------ notices
    def add(self, laid: LaidOut, *, document_number: str,
            sheet_code: Callable[[int, int], str]) -> int:
        """Write every sheet of *laid*; *sheet_code(n, N)* gives each sheet's 2D-code text."""
        lay = self.layout
        total = laid.sheet_count
        case = laid.content.case_number
        code_size = lay.code_size * MM
        code_x = (lay.code_right - lay.code_size) * MM
        code_y = (lay.page_height - lay.code_bottom) * MM
        for n, sheet in enumerate(laid.sheets, 1):
            out: list[str] = []
            for op in sheet.ops:
                out.append(op if isinstance(op, str) else self._text(op))
            if n == 1:
                right, base, size = laid.number_at
                runs = self.fonts.runs(MINCHO, document_number, case=case,
                                       field="document_number")
                w = self.fonts.runs_width(runs, size)
                out.append(self._text(TextOp(right - w, base, size, runs)))
            out.append(qr_operators(sheet_code(n, total), code_x, code_y, code_size))
            self._canvas.addLiteral("\n".join(out))
            self._canvas.showPage()
            self.pages += 1
        return total

    def close(self) -> int:
        if self.pages == 0:
            self._canvas.addLiteral("")
            self._canvas.showPage()
        self._canvas.save()
        return self.pages


def calibration_sheet(target: Path | BinaryIO, layout: Layout, fonts: Fonts) -> int:
    """A sheet showing the window (solid), the address zone (dashed), the fold lines and
    millimetre scales, to check the centre's envelopes against the layout file."""
    w = PdfNoticeWriter(target, layout, fonts, title=f"窓位置確認シート {layout.key}")
    c = w._canvas
    h = layout.page_height

    def y(mm: float) -> float:
        return (h - mm) * MM

    def put(x_mm: float, y_mm: float, size: float, text: str, font: str = GOTHIC) -> None:
        w.text(x_mm * MM, y(y_mm), size, fonts.runs(font, text, case="calibration",
                                                    field="calibration"))

    win, zone = layout.window, layout.address_zone
    ops = [
        f"q 1.0 w {win.x * MM:.2f} {y(win.bottom):.2f} {win.width * MM:.2f} "
        f"{win.height * MM:.2f} re S Q",
        f"q 0.6 w [3 2] 0 d {zone.x * MM:.2f} {y(zone.bottom):.2f} {zone.width * MM:.2f} "
        f"{zone.height * MM:.2f} re S Q",
    ]
    for fold in layout.fold_lines:
        ops.append(f"q 0.4 w [6 3] 0 d 0 {y(fold):.2f} m {layout.page_width * MM:.2f} "
                   f"{y(fold):.2f} l S Q")
    for mm in range(0, int(layout.page_width) + 1):
        tick = 4 if mm % 10 == 0 else (2.5 if mm % 5 == 0 else 1.2)
        ops.append(f"q 0.3 w {mm * MM:.2f} {y(0):.2f} m {mm * MM:.2f} {y(tick):.2f} l S Q")
    for mm in range(0, int(h) + 1):
        tick = 4 if mm % 10 == 0 else (2.5 if mm % 5 == 0 else 1.2)
        ops.append(f"q 0.3 w 0 {y(mm):.2f} m {tick * MM:.2f} {y(mm):.2f} l S Q")
    c.addLiteral("\n".join(ops))
    for mm in range(10, int(layout.page_width), 10):
        put(mm - 1.5, 8, 6, str(mm))
    for mm in range(10, int(h), 10):
        put(5, mm + 1, 6, str(mm))
    put(zone.x + 1, zone.y + 6, 10, "〒123-4567")
    put(zone.x + 1, zone.y + 12, 10, "宛名はこの点線の枠の中に印刷されます")
    put(zone.x + 1, zone.y + 18, 10, "（窓の実線の内側に点線が見えれば合格）")
    lines = [
        f"窓位置確認シート（{layout.name}）",
        f"レイアウト: {layout.key}　窓: 左 {win.x:g} mm・上 {win.y:g} mm・"
        f"幅 {win.width:g} mm・高さ {win.height:g} mm　余白 {layout.window_inset:g} mm",
        "1. この用紙を通知書と同じ方法で三つ折り（折り線は破線）にし、封筒に入れてください。",
        "2. 封筒を軽く振って用紙を上下左右に寄せても、点線の枠が窓から見えることを確認します。",
        "3. 外れる場合は resources/layouts/ のレイアウトファイル [window] を調整し、",
        "   この確認シートを印刷し直してください。",
        "4. 目盛は用紙の左上角からの距離（mm）です。プリンタの拡大縮小は「なし（100%）」に。",
    ]
    for k, line in enumerate(lines):
        put(layout.body_left, 120 + k * 8, 12 if k == 0 else 10, line)
    c.showPage()
    w.pages = 1
    c.save()
    return 1
