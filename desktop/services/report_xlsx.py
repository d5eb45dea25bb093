"""The monthly contract report as an Excel workbook (openpyxl).

Three sheets: 概要 (the month's figures), 月別推移 (one row per month of the trend) and
算定方法 (how each figure is defined). Counts are integer cells, days and rates real
numbers with number formats (a rate is a fraction shown as ``0.0%``), months and
timestamps real date cells (Japan time, as Excel has no time zones): the city can
calculate with every cell. A figure that does not exist (no decision in a month, so no
average) is an empty cell, never 0.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.domain.contract_report import MonthFigures, MonthlyReport
from desktop.domain.era import format_era_date
from desktop.services.context import JST

SUMMARY_SHEET = "概要"
TREND_SHEET = "月別推移"
METHOD_SHEET = "算定方法"

COUNT = "#,##0"
DAYS = "0.0"
WHOLE_DAYS = "0"
RATE = "0.0%"
MONTH = 'yyyy"年"m"月"'
STAMP = "yyyy-mm-dd hh:mm"
DAY = "yyyy-mm-dd"

_FONT = "BIZ UDゴシック"
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

#: (header, number format) of each column of the trend sheet, in the order of _trend_values.
TREND_COLUMNS: tuple[tuple[str, str], ...] = (
    ("対象月", MONTH), ("和暦", "@"), ("受付件数", COUNT), ("決定件数", COUNT),
    ("うち承認", COUNT), ("うち却下", COUNT), ("取下げ件数", COUNT), ("補正依頼件数", COUNT),
    ("平均処理日数", DAYS), ("90%処理日数", WHOLE_DAYS), ("最長処理日数", WHOLE_DAYS),
    ("期限内決定件数", COUNT), ("期限内処理率", RATE),
)

METHOD_LINES: tuple[tuple[str, str], ...] = (
    ("月", "日本時間の暦月。各時刻は日本時間の日付で月に振り分けます。"),
    ("受付件数", "受付日時がその月にある案件の数。"),
    ("決定件数", "最終決定（二次審査がある場合はその確認後）の日時がその月にある案件の数。"
                 "承認と却下の内訳。決定後に通知・発送されても決定月で数えます。"),
    ("取下げ件数", "その月に取り下げられた案件の数。決定ではないため処理日数・期限内処理率には含めません。"),
    ("補正依頼件数", "その月に行った補正依頼の数。同じ案件に2回依頼すれば2と数えます。"),
    ("処理日数", "受付日の翌日から決定日までの開庁日数（受付日は数えません。当日決定は0日）。"
                 "土日・国民の祝日・振替休日・年末年始（12月29日～1月3日）・市の閉庁日は数えません。"),
    ("90%処理日数", "決定のうち90%以上がその日数以内に処理された最小の日数（最近順位法）。"),
    ("期限内処理率", "決定のうち、処理期限（受付日＋手続の標準処理期間〔開庁日〕）以前に決定した割合。"),
)


def _naive_jst(at: datetime) -> datetime:
    return at.astimezone(JST).replace(tzinfo=None, microsecond=0)


def _cell(ws: Worksheet, row: int, col: int, value: Any, fmt: str | None = None, *,
          bold: bool = False, header: bool = False) -> None:
    c = ws.cell(row=row, column=col, value=value)
    c.font = Font(name=_FONT, bold=bold or header, size=11 if not header else 10)
    if fmt:
        c.number_format = fmt
    if header:
        c.fill = _HEADER_FILL
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = _BOX


def _trend_values(f: MonthFigures) -> list[Any]:
    return [f.month.first_day, f.month.era_label(), f.received, f.decided, f.approved,
            f.rejected, f.withdrawn, f.returned, f.average_days, f.p90_days, f.max_days,
            f.within_sla, f.sla_attainment]


def _summary(ws: Worksheet, report: MonthlyReport) -> None:
    f = report.figures
    m = report.month
    _cell(ws, 1, 1, f"月次業務報告書（{m.era_label()}分）", bold=True)
    ws.cell(row=1, column=1).font = Font(name=_FONT, bold=True, size=14)
    _cell(ws, 2, 1, "手続")
    _cell(ws, 2, 2, report.procedure_name)
    _cell(ws, 3, 1, "手続コード")
    _cell(ws, 3, 2, report.procedure_code)
    _cell(ws, 4, 1, "対象月")
    _cell(ws, 4, 2, m.first_day, MONTH)
    _cell(ws, 5, 1, "対象期間")
    _cell(ws, 5, 2, f"{format_era_date(m.first_day)}～{format_era_date(m.last_day)}")
    rows: list[tuple[str, Any, str, str]] = [
        ("受付件数", f.received, COUNT, "件"),
        ("決定件数", f.decided, COUNT, "件"),
        ("　うち承認", f.approved, COUNT, "件"),
        ("　うち却下", f.rejected, COUNT, "件"),
        ("取下げ件数", f.withdrawn, COUNT, "件"),
        ("補正依頼件数", f.returned, COUNT, "件"),
        ("平均処理日数", f.average_days, DAYS, "開庁日"),
        ("90%処理日数", f.p90_days, WHOLE_DAYS, "開庁日"),
        ("最長処理日数", f.max_days, WHOLE_DAYS, "開庁日"),
        ("期限内決定件数", f.within_sla, COUNT, "件"),
        ("期限内処理率", f.sla_attainment, RATE, ""),
        ("標準処理期間", report.sla_business_days, COUNT, "開庁日"),
        ("当月の開庁日数", report.business_days, COUNT, "日"),
    ]
    top = 7
    for k, header in enumerate(("項目", "値", "単位")):
        _cell(ws, top, k + 1, header, header=True)
    for i, (label, value, fmt, unit) in enumerate(rows, start=top + 1):
        _cell(ws, i, 1, label)
        _cell(ws, i, 2, value, fmt)
        _cell(ws, i, 3, unit)
        for col in (1, 2, 3):
            ws.cell(row=i, column=col).border = _BOX
    row = top + len(rows) + 2
    _cell(ws, row, 1, "当月の閉庁日（平日）")
    closed = "、".join(f"{d.day.month}月{d.day.day}日 {d.name}" for d in report.closed_weekdays)
    _cell(ws, row, 2, closed or "なし")
    _cell(ws, row + 1, 1, "作成日時")
    _cell(ws, row + 1, 2, _naive_jst(report.generated_at), STAMP)
    _cell(ws, row + 2, 1, "作成者")
    _cell(ws, row + 2, 2, report.generated_by)
    for col, width in ((1, 24), (2, 36), (3, 10)):
        ws.column_dimensions[get_column_letter(col)].width = width


def _trend(ws: Worksheet, report: MonthlyReport) -> None:
    for col, (header, _) in enumerate(TREND_COLUMNS, start=1):
        _cell(ws, 1, col, header, header=True)
        ws.column_dimensions[get_column_letter(col)].width = 12 if col > 2 else 13
    ws.row_dimensions[1].height = 30
    for row, figures in enumerate(report.trend, start=2):
        for col, (value, (_, fmt)) in enumerate(zip(_trend_values(figures), TREND_COLUMNS,
                                                    strict=True), start=1):
            _cell(ws, row, col, value, fmt)
            ws.cell(row=row, column=col).border = _BOX
    ws.freeze_panes = "C2"


def _method(ws: Worksheet, report: MonthlyReport) -> None:
    _cell(ws, 1, 1, "項目", header=True)
    _cell(ws, 1, 2, "算定方法", header=True)
    for row, (term, text) in enumerate(METHOD_LINES, start=2):
        _cell(ws, row, 1, term)
        _cell(ws, row, 2, text)
        ws.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 90


def write_monthly_xlsx(report: MonthlyReport, target: Path) -> Path:
    """Write *report* as an XLSX workbook to *target* (replaced if it exists)."""
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = SUMMARY_SHEET
    _summary(summary, report)
    _trend(wb.create_sheet(TREND_SHEET), report)
    _method(wb.create_sheet(METHOD_SHEET), report)
    wb.properties.title = f"月次業務報告書 {report.procedure_name} {report.month}"
    wb.properties.creator = "Review Desk"
    wb.save(target)
    return target
