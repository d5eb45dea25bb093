"""Laying a notice out on A4 sheets: address in the window, header, flowing body.

The result is a *display list* per sheet — text lines already split into font runs
(so every character has been checked against the fonts) and rectangles as PDF
operators — which :mod:`desktop.notices.pdf` writes. Only the document number and the
2D code are added at write time, when the notice's number and id are known.

Geometry comes from the :class:`~desktop.notices.config.Layout` in millimetres from the
top-left corner; the display list is in PDF points from the bottom-left corner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from desktop.notices.compose import NoticeDataError
from desktop.notices.config import Layout
from desktop.notices.content import (
    Block,
    Box,
    Centered,
    Contact,
    Items,
    NoticeContent,
    Numbered,
    Para,
    Part,
    Spacer,
    T,
    Table,
)
from desktop.notices.fonts import GOTHIC, GOTHIC_BOLD, MINCHO, Fonts, Run

MM = 72.0 / 25.4
ASCENT = 0.88
DESCENT = 0.12

FONT_OF = {"mincho": MINCHO, "gothic": GOTHIC, "bold": GOTHIC_BOLD}

#: Characters that may not start a line (行頭禁則) / end a line (行末禁則).
NO_START = frozenset("、。，．,.・：；？！!?）)］]｝}〕〉》」』】〙〗〟’”ゝゞーァィゥェォッャュョヮヵヶ"
                     "ぁぃぅぇぉっゃゅょゎゕゖ々〻‐゠–〜～…‥")
NO_END = frozenset("（(［[｛{〔〈《「『【〘〖〝‘“")
_NAME_NO_START = NO_START | {"様"}
_FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


class TextOp(NamedTuple):
    """One line of text: baseline origin in points, size, font runs."""

    x: float
    y: float
    size: float
    runs: tuple[Run, ...]


Op = TextOp | str  # a str is ready PDF operators (rectangles, lines)


@dataclass
class Sheet:
    ops: list[Op] = field(default_factory=list)


@dataclass
class LaidOut:
    """A notice laid out on sheets, waiting for its number and 2D codes."""

    content: NoticeContent
    sheets: list[Sheet]
    #: Right edge and baseline (points) of the document number on sheet 1.
    number_at: tuple[float, float, float]

    @property
    def sheet_count(self) -> int:
        return len(self.sheets)


def _is_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "-_.@/:%#&+")


class Typesetter:
    """Shared by every notice of a process: fonts, layout, and a cache of line breaks."""

    def __init__(self, layout: Layout, fonts: Fonts) -> None:
        self.layout = layout
        self.fonts = fonts
        self._wrap_cache: dict[tuple[str, str, float, float, float, bool], list[str]] = {}
        #: Blocks already laid out at a given place: (block, y, left, right) → (ops, y).
        self.block_cache: dict[tuple[object, float, float, float], tuple[list[Op], float]] = {}
        self.fold_marks: list[Op] = []
        for fold in layout.fold_lines:
            y = (layout.page_height - fold) * MM
            for x1, x2 in ((4, 9), (layout.page_width - 9, layout.page_width - 4)):
                self.fold_marks.append(f"q 0.30 w {x1 * MM:.2f} {y:.2f} m {x2 * MM:.2f} "
                                       f"{y:.2f} l S Q")

    # ------------------------------------------------------------------ text
    def wrap(self, font: str, text: str, size: float, first: float, width: float, *,
             no_start: frozenset[str] = NO_START, prefer_spaces: bool = False) -> list[str]:
        """Break *text* into lines of at most *first* (then *width*) points."""
        key = (font, text, size, first, width, prefer_spaces)
        cached = self._wrap_cache.get(key)
        if cached is not None and no_start is NO_START:
            return cached
        widths, default = self.fonts.char_widths(font)
        fb: dict[int, float] = {}
        if not all(ord(ch) in widths for ch in text):
            fallback = self.fonts.fallback()
            fb = fallback.widths if fallback is not None else {}
        scale = size / 1000.0
        lines: list[str] = []
        n = len(text)
        start = i = 0
        used = 0.0
        limit = first
        while i < n:
            cp = ord(text[i])
            w = widths.get(cp)
            if w is None:
                w = fb.get(cp, default)
            w *= scale
            if used + w > limit + 0.01 and i > start:
                brk = self._break_at(text, start, i, no_start, prefer_spaces)
                lines.append(text[start:brk].rstrip(" "))
                start = brk
                while start < n and text[start] == " ":
                    start += 1
                i, used, limit = start, 0.0, width
                continue
            used += w
            i += 1
        if start < n or not lines:
            lines.append(text[start:])
        if no_start is NO_START and len(self._wrap_cache) < 5_000:
            self._wrap_cache[key] = lines
        return lines

    @staticmethod
    def _break_at(text: str, start: int, i: int, no_start: frozenset[str],
                  prefer_spaces: bool) -> int:
        brk = i
        if prefer_spaces:
            space = max(text.rfind(" ", start, i), text.rfind("\u3000", start, i))
            if space > start + (i - start) // 2:
                return space + 1
        while brk > start + 1 and (text[brk] in no_start or text[brk - 1] in NO_END):
            brk -= 1
        if _is_word(text[brk - 1]) and brk < len(text) and _is_word(text[brk]):
            j = brk - 1
            while j > start and _is_word(text[j - 1]):
                j -= 1
            if j > start:
                brk = j
        return brk

    def runs(self, font: str, text: str, case: str, fld: str) -> tuple[Run, ...]:
        return self.fonts.runs(font, text, case=case, field=fld)

    # ------------------------------------------------------------------ notice
    def lay_out(self, content: NoticeContent) -> LaidOut:
        flow = _Flow(self, content)
        number_at = flow.first_sheet()
        for i, part in enumerate(content.parts):
            flow.part(part, first=i == 0)
        flow.finish()
        return LaidOut(content, flow.sheets, number_at)


class _Flow:
    def __init__(self, ts: Typesetter, content: NoticeContent) -> None:
        self.ts = ts
        self.lay = ts.layout
        self.c = content
        self.case = content.case_number
        self.sheets: list[Sheet] = []
        self.left = self.lay.body_left
        self.right = self.lay.body_right
        self.y = 0.0
        self.title = ""
        self.box: list[object] | None = None  # [start_y, heading T]

    # ------------------------------------------------------------ primitives
    @property
    def ops(self) -> list[Op]:
        return self.sheets[-1].ops

    def lh(self, size: float, leading: float | None = None) -> float:
        return size * (leading or self.lay.body_leading) / MM

    def put(self, x_mm: float, baseline_mm: float, font: str, size: float, text: str,
            fld: str) -> None:
        if not text:
            return
        runs = self.ts.runs(font, text, self.case, fld)
        self.ops.append(TextOp(x_mm * MM, (self.lay.page_height - baseline_mm) * MM, size,
                               runs))

    def put_right(self, right_mm: float, baseline_mm: float, font: str, size: float,
                  t: T) -> float:
        runs = self.ts.runs(font, t.text, self.case, t.field)
        w = self.ts.fonts.runs_width(runs, size) / MM
        self.ops.append(TextOp((right_mm - w) * MM, (self.lay.page_height - baseline_mm) * MM,
                               size, runs))
        return w

    def put_centre(self, baseline_mm: float, font: str, size: float, t: T) -> float:
        """Centre *t* (wrapped if needed); returns the height added by extra lines (mm)."""
        width = (self.right - self.left) * MM
        lines = self.ts.wrap(font, t.text, size, width, width)
        for k, line in enumerate(lines):
            runs = self.ts.runs(font, line, self.case, t.field)
            w = self.ts.fonts.runs_width(runs, size)
            x = self.left * MM + (width - w) / 2
            y = (self.lay.page_height - baseline_mm) * MM - k * self.lh(size, 1.3) * MM
            self.ops.append(TextOp(x, y, size, runs))
        return (len(lines) - 1) * self.lh(size, 1.3)

    def rect(self, x: float, top: float, w: float, h: float, *, line: float = 0.6,
             dash: bool = False, fill: float | None = None) -> None:
        y = self.lay.page_height - top - h
        body = f"{x * MM:.2f} {y * MM:.2f} {w * MM:.2f} {h * MM:.2f} re"
        if fill is not None:
            self.ops.append(f"q {fill:.2f} g {body} f Q")
        self.ops.append(f"q {line:.2f} w {'[2 2] 0 d ' if dash else ''}{body} S Q")

    def hline(self, x1: float, x2: float, y_mm: float, line: float = 0.4) -> None:
        y = (self.lay.page_height - y_mm) * MM
        self.ops.append(f"q {line:.2f} w {x1 * MM:.2f} {y:.2f} m {x2 * MM:.2f} {y:.2f} l S Q")

    def text_line(self, x_mm: float, font: str, size: float, text: str, fld: str,
                  leading: float | None = None) -> None:
        """Put one line at the cursor and move down (a new sheet if it would not fit)."""
        h = self.lh(size, leading)
        self.need(h)
        self.put(x_mm, self.y + (h - size / MM) / 2 + ASCENT * size / MM, font, size, text, fld)
        self.y += h

    def need(self, h: float) -> None:
        if self.y + h > self.lay.bottom:
            self.new_sheet()

    # ------------------------------------------------------------ sheets
    def new_sheet(self, continuation: bool = True) -> None:
        box = self.box
        if box is not None and self.sheets:
            self._frame(float(box[0]), self.y + self.lay.box_padding / 2)  # type: ignore[arg-type]
        self.sheets.append(Sheet())
        self.y = self.lay.top_next
        if continuation and self.title:
            self.put(self.lay.body_left, self.lay.top_next - 8, GOTHIC, 9,
                     f"{self.title}（続き）", "template")
        if box is not None:
            box[0] = self.y
            self.y += self.lay.box_padding / 2
            heading = box[1]
            assert isinstance(heading, T)
            self.text_line(self.left, GOTHIC, self.lay.body_size,
                           f"{heading.text}（続き）", heading.field)

    def first_sheet(self) -> tuple[float, float, float]:
        lay, c = self.lay, self.c
        self.sheets.append(Sheet())
        self.address_block()
        size = lay.header_size
        line = self.lh(size, 1.5)
        number_at = (lay.header_right * MM, (lay.page_height - lay.header_top) * MM, size)
        # The document number is drawn at write time; its characters are checked now.
        self.ts.runs(MINCHO, c.document_prefix_sample.text, self.case,
                     c.document_prefix_sample.field)
        self.put_right(lay.header_right, lay.header_top + line, MINCHO, size, c.date_text)
        issuer_y = lay.header_top + 2.6 * line
        w = self.put_right(lay.header_right, issuer_y, MINCHO, lay.issuer_size, c.issuer)
        if c.seal == "box":
            s = lay.seal_size
            x = lay.header_right - s * 0.75
            self.rect(x, issuer_y - s / 2 - 1.2, s, s, line=0.4, dash=True)
            self.put(x + s / 2 - 1.6, issuer_y - 1.2 + 1.2, GOTHIC, 9, "印", "template")
        else:
            self.put_right(lay.header_right, issuer_y + line, MINCHO, 9,
                           T("（公印省略）", "template"))
        del w
        return number_at

    def address_block(self) -> None:
        lay, c = self.lay, self.c
        zone = lay.address_zone
        width = zone.width * MM
        lead = lay.address_leading
        a_size, n_size = lay.address_size, lay.name_size
        while True:
            a_lines = self._fit(c.address, a_size, lay.address_min_size, lay.address_max_lines,
                                width, NO_START)
            n_lines = self._fit(T(c.name.text + "\u3000様", c.name.field), n_size,
                                lay.name_min_size, lay.name_max_lines, width, _NAME_NO_START)
            if a_lines is None or n_lines is None:
                raise self._too_long("address" if a_lines is None else "name")
            a_size, a_text = a_lines
            n_size, n_text = n_lines
            p = lay.postal_size
            height = (ASCENT * p + p * lead * 0.5 + a_size * lead * len(a_text)
                      + n_size * lead * 0.4 + n_size * lead * (len(n_text) - 1)
                      + (ASCENT + DESCENT) * n_size) / MM
            if height <= zone.height:
                break
            if a_size <= lay.address_min_size and n_size <= lay.name_min_size:
                raise self._too_long("address")
            a_size = max(lay.address_min_size, a_size - 0.5)
            n_size = max(lay.name_min_size, n_size - 0.5)
        y = zone.y + ASCENT * lay.postal_size / MM
        self.put(zone.x, y, GOTHIC, lay.postal_size, c.postal_code.text, c.postal_code.field)
        y += lay.postal_size * lead * 0.5 / MM
        for line in a_text:
            y += a_size * lead / MM
            self.put(zone.x, y - DESCENT * a_size / MM, GOTHIC, a_size, line, c.address.field)
        y += n_size * lead * 0.4 / MM
        indent = 2 * a_size / MM
        for k, line in enumerate(n_text):
            y += (ASCENT + DESCENT) * n_size / MM if k == 0 else n_size * lead / MM
            w = self.ts.fonts.runs_width(self.ts.runs(GOTHIC, line, self.case, c.name.field),
                                         n_size) / MM
            x = zone.x + (indent if len(n_text) == 1 and w + indent <= zone.width else 0)
            self.put(x, y - DESCENT * n_size / MM, GOTHIC, n_size, line, c.name.field)

    def _fit(self, t: T, size: float, minimum: float, max_lines: int, width: float,
             no_start: frozenset[str]) -> tuple[float, list[str]] | None:
        while True:
            lines = self.ts.wrap(GOTHIC, t.text, size, width, width, no_start=no_start,
                                 prefer_spaces=True)
            if len(lines) <= max_lines:
                for line in lines:  # every character checked against the fonts
                    self.ts.runs(GOTHIC, line, self.case, t.field)
                return size, lines
            if size <= minimum:
                return None
            size = max(minimum, size - 0.5)

    def _too_long(self, what: str) -> NoticeDataError:
        label = "住所" if what == "address" else "氏名"
        return NoticeDataError(
            f"案件 {self.case} の{label}が長すぎて、最小の文字サイズでも封筒の窓に収まりません"
            "（宛名は窓の外に印刷しません）",
            f"case {self.case}: the {what} does not fit the envelope window even at the "
            "smallest size (the address is never printed outside the window)",
            case=self.case, field=self.c.address.field if what == "address" else self.c.name.field,
        )

    # ------------------------------------------------------------ parts and blocks
    def part(self, part: Part, *, first: bool) -> None:
        lay = self.lay
        self.title = part.title.text
        if first:
            extra = self.put_centre(lay.title_y, GOTHIC_BOLD, lay.title_size, part.title)
            self.y = lay.top_first + extra
        else:
            self.new_sheet(continuation=False)
            extra = self.put_centre(lay.top_next - 4, GOTHIC_BOLD, lay.title_size, part.title)
            self.y = lay.top_next + 6 + extra
        self.blocks(part.blocks)

    def blocks(self, blocks: Sequence[Block]) -> None:
        cache = self.ts.block_cache
        for b in blocks:
            if isinstance(b, Items | Table):
                self.block(b)
                continue
            # The same block at the same place lays out the same: reuse it (教示, reasons,
            # contact … repeat on every notice of a batch).
            key = (b, self.y, self.left, self.right)
            hit = cache.get(key)
            if hit is not None and self.box is None:
                self.ops.extend(hit[0])
                self.y = hit[1]
                continue
            sheets, start = len(self.sheets), len(self.ops)
            self.block(b)
            if len(self.sheets) == sheets and self.box is None and len(cache) < 2000:
                cache[key] = (self.ops[start:], self.y)

    def block(self, b: Block) -> None:
        if isinstance(b, Para):
            self.para(b)
        elif isinstance(b, Centered):
            font = FONT_OF[b.font]
            size = b.size or self.lay.body_size
            h = self.lh(size)
            self.need(h)
            self.put_centre(self.y + (h - size / MM) / 2 + ASCENT * size / MM, font, size,
                            b.text)
            self.y += h
        elif isinstance(b, Items):
            self.items(b)
        elif isinstance(b, Numbered):
            self.numbered(b)
        elif isinstance(b, Box):
            self.framed(b)
        elif isinstance(b, Table):
            self.table(b)
        elif isinstance(b, Spacer):
            self.y += b.mm
        elif isinstance(b, Contact):
            self.contact(b)

    def para(self, p: Para) -> None:
        font = FONT_OF[p.font]
        size = p.size or self.lay.body_size
        width = (self.right - self.left) * MM
        indent = size if p.indent else 0.0
        hang = size * p.hang
        for k, line in enumerate(self.ts.wrap(font, p.text.text, size, width - indent,
                                              width - hang)):
            self.text_line(self.left + (indent if k == 0 else hang) / MM, font, size, line,
                           p.text.field)

    def items(self, b: Items) -> None:
        size = self.lay.body_size
        em = size / MM
        width = self.right - self.left
        num_w = 1.5 * em if b.numbered else 0.0
        label_w = max(self.ts.fonts.width(MINCHO, i.label.text, size) for i in b.items) / MM
        label_w = min(label_w + 1.5 * em, width * 0.25)
        label_x = self.left + num_w
        value_x = label_x + label_w
        value_w = (self.right - value_x) * MM
        for n, item in enumerate(b.items, 1):
            labels = self.ts.wrap(MINCHO, item.label.text, size, (label_w - em) * MM,
                                  (label_w - em) * MM)
            values: list[tuple[str, str]] = []
            for t in (item.value, *item.more):
                values += [(ln, t.field) for ln in
                           self.ts.wrap(MINCHO, t.text, size, value_w, value_w)]
            h = self.lh(size)
            for r in range(max(len(labels), len(values))):
                self.need(h)
                base = self.y + (h - em) / 2 + ASCENT * em
                if r == 0 and b.numbered:
                    self.put(self.left, base, MINCHO, size, str(n).translate(_FULL_DIGITS),
                             "template")
                if r < len(labels):
                    self.put(label_x, base, MINCHO, size, labels[r], item.label.field)
                if r < len(values):
                    self.put(value_x, base, MINCHO, size, values[r][0], values[r][1])
                self.y += h

    def numbered(self, b: Numbered) -> None:
        size = self.lay.body_size
        em = size / MM
        text_x = self.left + 2.5 * em
        width = (self.right - text_x) * MM
        for n, entry in enumerate(b.entries, 1):
            mark = f"（{str(n).translate(_FULL_DIGITS)}）"
            for k, line in enumerate(self.ts.wrap(MINCHO, entry.text, size, width, width)):
                h = self.lh(size)
                self.need(h)
                base = self.y + (h - em) / 2 + ASCENT * em
                if k == 0:
                    self.put(self.left, base, MINCHO, size, mark, "template")
                self.put(text_x, base, MINCHO, size, line, entry.field)
                self.y += h

    def framed(self, b: Box) -> None:
        pad = self.lay.box_padding
        size = self.lay.body_size
        self.need(self.lh(size) * 2 + pad)
        outer = (self.left, self.right)
        self.box = [self.y, b.heading]
        self.y += pad / 2
        self.left, self.right = outer[0] + pad, outer[1] - pad
        self.text_line(self.left, GOTHIC, size, b.heading.text, b.heading.field)
        self.blocks(b.blocks)
        self.y += pad / 2
        self._frame(float(self.box[0]), self.y)  # type: ignore[arg-type]
        self.left, self.right = outer
        self.box = None
        self.y += pad

    def _frame(self, top: float, bottom: float) -> None:
        left = self.lay.body_left if self.box is None else self.left - self.lay.box_padding
        right = self.lay.body_right if self.box is None else self.right + self.lay.box_padding
        self.rect(left, top, right - left, bottom - top, line=0.7)

    def table(self, b: Table) -> None:
        pad = 1.5
        label_w = 36.0
        ls, vs = 9.5, self.lay.body_size
        value_w = (self.right - self.left - label_w - 2 * pad) * MM
        for label, value, min_h in b.rows:
            labels = self.ts.wrap(GOTHIC, label.text, ls, (label_w - 2 * pad) * MM,
                                  (label_w - 2 * pad) * MM)
            values = self.ts.wrap(MINCHO, value.text, vs, value_w, value_w) if value.text else []
            lh_l, lh_v = self.lh(ls, 1.35), self.lh(vs, 1.35)
            h = max(len(labels) * lh_l, len(values) * lh_v, min_h) + 2 * pad
            self.need(h)
            top = self.y
            self.rect(self.left, top, label_w, h, line=0.5, fill=0.92)
            self.rect(self.left + label_w, top, self.right - self.left - label_w, h, line=0.5)
            for k, line in enumerate(labels):
                self.put(self.left + pad, top + pad + k * lh_l + (lh_l - ls / MM) / 2
                         + ASCENT * ls / MM, GOTHIC, ls, line, label.field)
            for k, line in enumerate(values):
                self.put(self.left + label_w + pad, top + pad + k * lh_v + (lh_v - vs / MM) / 2
                         + ASCENT * vs / MM, MINCHO, vs, line, value.field)
            self.y += h

    def contact(self, b: Contact) -> None:
        size = 9.5
        pad = 2.0
        width = min(118.0, self.right - self.left)
        x = self.right - width
        inner = (width - 2 * pad) * MM
        lines: list[tuple[str, str]] = []
        for t in b.lines:
            lines += [(ln, t.field) for ln in self.ts.wrap(GOTHIC, t.text, size, inner, inner)]
        lh = self.lh(size, 1.35)
        h = len(lines) * lh + 2 * pad
        self.need(h)
        self.rect(x, self.y, width, h, line=0.5)
        for k, (line, fld) in enumerate(lines):
            self.put(x + pad, self.y + pad + k * lh + (lh - size / MM) / 2 + ASCENT * size / MM,
                     GOTHIC, size, line, fld)
        self.y += h

    # ------------------------------------------------------------ every sheet
    def finish(self) -> None:
        lay = self.lay
        total = len(self.sheets)
        text_right = lay.code_right - lay.code_size - 3
        for n, sheet in enumerate(self.sheets, 1):
            self.sheets.append(sheet)  # put() writes to the last sheet
            self.put_right(text_right, lay.footer_y, GOTHIC, lay.footer_size,
                           T(f"案件番号 {self.case}　{n}/{total}", "case.number"))
            if self.c.reissue:
                self.rect(lay.reissue_x, lay.reissue_y, 24, 9, line=1.0)
                self.put(lay.reissue_x + 3, lay.reissue_y + 6.6, GOTHIC_BOLD, 13, "再発行",
                         "template")
            sheet.ops.extend(self.ts.fold_marks)
            self.sheets.pop()
