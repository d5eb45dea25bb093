"""The monthly contract report as an A4 PDF, in the notices' embedded fonts.

Title with the month in era form, the month's figures, the 12-month trend, how each
figure is defined, and "n / N" on every page. Every string passes the same glyph check
as a notice (:meth:`Fonts.runs`): a character no font has stops the report with
:class:`MissingGlyph` instead of printing a blank box; rare characters the fallback
font has are set in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop.domain.contract_report import MonthFigures, MonthlyReport
from desktop.domain.era import format_era_date
from desktop.notices.config import load_city
from desktop.notices.flow import MM
from desktop.notices.fonts import GOTHIC, GOTHIC_BOLD, MINCHO, Fonts

JST = ZoneInfo("Asia/Tokyo")

#: Shown where a figure does not exist (no decision in the month: no average).
NONE = "－"

DEFINITIONS: tuple[str, ...] = (
    "月は日本時間の暦月です。受付件数は受付日時が、決定件数は最終決定（二次審査がある場合は"
    "その確認後）の日時が当月にある案件の数です。決定後に通知・発送されても決定月で数えます。",
    "取下げは決定に含めず、処理日数・期限内処理率の計算にも含めません。補正依頼件数は当月に"
    "行った補正依頼の数です（同じ案件への2回目の依頼も数えます）。",
    "処理日数は受付日の翌日から決定日までの開庁日数です（受付日当日の決定は0日）。土日・"
    "国民の祝日・振替休日・年末年始（12月29日～1月3日）・市の閉庁日は数えません。",
    "90%処理日数は、決定の90%以上がその日数以内に処理された最小の日数です（最近順位法）。"
    "期限内処理率は、処理期限（受付日＋標準処理期間）以前に決定した割合です。",
    f"「{NONE}」は当月に決定がなく、値がないことを示します。",
)


def _count(n: int) -> str:
    return f"{n:,}"


def _days(value: float | None) -> str:
    return NONE if value is None else f"{value:.1f}"


def _whole(value: int | None) -> str:
    return NONE if value is None else str(value)


def _rate(value: float | None) -> str:
    return NONE if value is None else f"{value * 100:.1f}%"


class _Styles:
    def __init__(self) -> None:
        base = ParagraphStyle("base", fontName=MINCHO, fontSize=10, leading=15)
        self.title = ParagraphStyle("title", base, fontName=GOTHIC_BOLD, fontSize=18,
                                    leading=24, alignment=TA_CENTER)
        self.subtitle = ParagraphStyle("subtitle", base, fontName=GOTHIC, fontSize=13,
                                       leading=18, alignment=TA_CENTER)
        self.heading = ParagraphStyle("heading", base, fontName=GOTHIC_BOLD, fontSize=11.5,
                                      leading=16, spaceBefore=4 * MM, spaceAfter=1.5 * MM)
        self.body = base
        self.label = ParagraphStyle("label", base, fontName=GOTHIC, fontSize=9.5, leading=13)
        self.cell = ParagraphStyle("cell", base, fontName=GOTHIC, fontSize=9, leading=12)
        self.number = ParagraphStyle("number", self.cell, alignment=TA_RIGHT)
        self.sub = ParagraphStyle("sub", self.cell, leftIndent=4 * MM)
        self.head = ParagraphStyle("head", self.cell, fontName=GOTHIC_BOLD, fontSize=8.5,
                                   alignment=TA_CENTER)
        self.note = ParagraphStyle("note", base, fontSize=8.5, leading=12.5, leftIndent=4 * MM,
                                   firstLineIndent=-4 * MM, alignment=TA_LEFT)


class MonthlyReportPdf:
    """Writes :class:`MonthlyReport` s; fonts are registered on the first report."""

    def __init__(self, fonts: Fonts, city_name: str = "", western_year: bool = False) -> None:
        self.fonts = fonts
        self.city_name = city_name
        self.western_year = western_year

    @classmethod
    def from_resources(cls, resources: Path) -> MonthlyReportPdf:
        """The bundled fonts and the fallback fonts and city name of ``city.toml``."""
        city = load_city(resources / "city.toml")
        return cls(Fonts(resources / "fonts", city.fallback_fonts), city.name,
                   city.western_year)

    # -------------------------------------------------------------- text
    def _date(self, d: date) -> str:
        """An era date, with the Western year when the city's setting asks for it."""
        return format_era_date(d, with_western=self.western_year)

    def _markup(self, font: str, text: str, field: str) -> str:
        """*text* as Paragraph markup in *font*, fallback runs in the fallback font.
        Raises :class:`MissingGlyph` for a character no font has."""
        lines = []
        for line in text.split("\n"):
            runs = self.fonts.runs(font, line, case="report", field=field) if line else ()
            lines.append("".join(escape(t) if f == font else
                                 f'<font name="{f}">{escape(t)}</font>' for f, t in runs))
        return "<br/>".join(lines)

    def _p(self, text: str, style: ParagraphStyle, field: str = "report") -> Paragraph:
        return Paragraph(self._markup(style.fontName, text, field), style)

    # -------------------------------------------------------------- parts
    def _facts(self, report: MonthlyReport, st: _Styles) -> Table:
        m = report.month
        closed = "、".join(f"{d.day.month}月{d.day.day}日（{d.name}）"
                          for d in report.closed_weekdays) or "なし"
        stamp = report.generated_at.astimezone(JST)
        rows = [
            *([("報告先", self.city_name, "city")] if self.city_name else []),
            ("手続", f"{report.procedure_name}（{report.procedure_code}）", "procedure"),
            ("対象期間", f"{self._date(m.first_day)}～{self._date(m.last_day)}"
                         f"（開庁日 {report.business_days}日）", "period"),
            ("平日の閉庁日", closed, "closed_days"),
            ("標準処理期間", f"受付日から {report.sla_business_days} 開庁日", "sla"),
            ("作成", f"{self._date(stamp.date())} {stamp:%H:%M}　{report.generated_by}",
             "generated_by"),
        ]
        data = [[self._p(label, st.label), self._p(value, st.body, field)]
                for label, value, field in rows]
        table = Table(data, colWidths=[32 * MM, 138 * MM])
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), GOTHIC, 9),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#B0B0B0")),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        return table

    def _figures(self, report: MonthlyReport, st: _Styles) -> Table:
        """Counts on the left, processing times and the service level on the right."""
        f = report.figures
        counts: list[tuple[str, str, str]] = [
            ("受付件数", _count(f.received), "件"),
            ("決定件数", _count(f.decided), "件"),
            ("うち承認", _count(f.approved), "件"),
            ("うち却下", _count(f.rejected), "件"),
            ("取下げ件数", _count(f.withdrawn), "件"),
            ("補正依頼件数", _count(f.returned), "件"),
        ]
        times: list[tuple[str, str, str]] = [
            ("平均処理日数", _days(f.average_days), "開庁日"),
            ("90%処理日数", _whole(f.p90_days), "開庁日"),
            ("最長処理日数", _whole(f.max_days), "開庁日"),
            ("期限内決定件数", _count(f.within_sla), "件"),
            ("期限内処理率", _rate(f.sla_attainment), ""),
            ("標準処理期間", _count(report.sla_business_days), "開庁日"),
        ]

        def half(rows: list[tuple[str, str, str]]) -> Table:
            data: list[list[Any]] = [[self._p("項目", st.head), self._p("値", st.head),
                                      self._p("単位", st.head)]]
            data += [[self._p(label, st.sub if label.startswith("うち") else st.cell),
                      self._p(value, st.number), self._p(unit, st.cell)]
                     for label, value, unit in rows]
            table = Table(data, colWidths=[37 * MM, 25 * MM, 18 * MM])
            table.setStyle(_grid(len(data)))
            return table

        outer = Table([[half(counts), half(times)]], colWidths=[85 * MM, 85 * MM],
                      hAlign="LEFT")
        outer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("FONT", (0, 0), (-1, -1), GOTHIC, 9)]))
        return outer

    def _trend(self, report: MonthlyReport, st: _Styles) -> Table:
        headers = ("対象月", "受付", "決定", "承認", "却下", "取下げ", "補正\n依頼",
                   "平均\n処理日数", "90%\n処理日数", "期限内\n処理率")
        data: list[list[Any]] = [[self._p(h, st.head) for h in headers]]
        for f in report.trend:
            data.append([self._p(f.month.era_label(), st.cell),
                         *(self._p(v, st.number) for v in _trend_cells(f))])
        widths = [26 * MM, *([15 * MM] * 6), 18 * MM, 18 * MM, 18 * MM]
        table = Table(data, colWidths=widths, repeatRows=1)
        style = _grid(len(data))
        style.add("TOPPADDING", (0, 1), (-1, -1), 1)
        style.add("BOTTOMPADDING", (0, 1), (-1, -1), 2)
        style.add("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1),
                  colors.HexColor("#F1F1F1"))
        table.setStyle(style)
        return table

    # -------------------------------------------------------------- document
    def write(self, report: MonthlyReport, target: Path) -> int:
        """Write *report* to *target*; returns the number of pages."""
        self.fonts.load()
        st = _Styles()
        month = report.month.era_label()
        story: list[Any] = [
            self._p("月次業務報告書", st.title),
            Spacer(1, 1 * MM),
            self._p(f"（{month}分）", st.subtitle),
            Spacer(1, 4 * MM),
            self._facts(report, st),
            self._p("1. 当月の実績", st.heading),
            self._figures(report, st),
            self._p("2. 月別推移（直近12か月）", st.heading),
            self._trend(report, st),
            self._p("3. 算定方法", st.heading),
            *(self._p(f"・{line}", st.note) for line in DEFINITIONS),
        ]
        footer_left = self.fonts.runs(GOTHIC, f"月次業務報告書　{report.procedure_name}　{month}分",
                                      case="report", field="footer")
        doc = SimpleDocTemplate(
            str(target), pagesize=A4, leftMargin=20 * MM, rightMargin=20 * MM,
            topMargin=16 * MM, bottomMargin=22 * MM, initialFontName=MINCHO,
            title=f"月次業務報告書 {report.procedure_name} {month}分", author="Review Desk",
            creator="Review Desk",
        )
        pages: list[int] = []

        def canvas_maker(*args: Any, **kwargs: Any) -> Canvas:
            c = _NumberedCanvas(*args, **kwargs)
            c.footer_left = footer_left
            c.page_count_out = pages
            return c

        doc.build(story, canvasmaker=canvas_maker)
        return pages[0] if pages else 0


def _trend_cells(f: MonthFigures) -> Sequence[str]:
    return (_count(f.received), _count(f.decided), _count(f.approved), _count(f.rejected),
            _count(f.withdrawn), _count(f.returned), _days(f.average_days),
            _whole(f.p90_days), _rate(f.sla_attainment))


def _grid(rows: int) -> TableStyle:
    return TableStyle([
        ("FONT", (0, 0), (-1, -1), GOTHIC, 9),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#606060")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE4EE")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ])


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
    """Holds pages back until the end so each can say "n / N" (N known only then)."""

    footer_left: tuple[tuple[str, str], ...] = ()
    page_count_out: list[int]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        self.page_count_out.append(total)
        super().save()

    def _footer(self, total: int) -> None:
        width, _ = A4
        y = 12 * MM
        self.setStrokeColor(colors.HexColor("#808080"))
        self.setLineWidth(0.4)
        self.line(20 * MM, y + 4.5 * MM, width - 20 * MM, y + 4.5 * MM)
        x, limit = 20 * MM, width - 48 * MM  # a long procedure name stops short of "n / N"
        for font, text in self.footer_left:
            self.setFont(font, 8)
            shown = text
            while shown and x + self.stringWidth(shown, font, 8) > limit:
                shown = shown[:-1]
            cut = shown != text
            self.drawString(x, y, shown + ("…" if cut and shown else ""))
            x += self.stringWidth(shown, font, 8)
            if cut:
                break
        self.setFont(GOTHIC, 9)
        self.drawRightString(width - 20 * MM, y, f"{self._pageNumber} / {total}")
