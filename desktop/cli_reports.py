"""``review-desk report monthly …`` (the monthly contract report as XLSX and/or PDF) and
``review-desk export cases …`` (a procedure's case list as CSV for the city).

Registered by :mod:`desktop.cli`. ``--user`` is optional: without it the command acts
as the system (an administrator: whoever can open the database directly). ``--json``
prints the summary below on stdout; errors are one line on stderr.

``report monthly --json``::

    {"procedure": "flu-free-certificate", "month": "2026-11", "month_label": "令和8年11月",
     "business_days": 19, "closed_weekdays": [{"date": "2026-11-03", "name": "文化の日"}],
     "figures": {<month>}, "trend": [{<month>} × 12, oldest first],
     "files": {"xlsx": "…", "pdf": "…", "pdf_pages": 1}}

where ``<month>`` is ``{"month", "received", "decided", "approved", "rejected",
"withdrawn", "returned", "within_sla", "sla_attainment", "average_days", "p90_days",
"max_days"}`` (``null`` where nothing was decided).

``export cases --json``: ``{"file", "procedure", "rows", "columns", "encoding",
"include_mynumber", "neutralised", "bytes", "sha256"}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from desktop.cli_runner import Runner
from desktop.domain.contract_report import MonthFigures, MonthlyReport
from desktop.domain.errors import InvalidInput
from desktop.domain.permissions import SYSTEM, Actor

if TYPE_CHECKING:
    pass

T = TypeVar("T")


def add_report_commands(sub: Any) -> None:
    """Add ``report`` and ``export`` to the top-level subparsers *sub*."""
    report = sub.add_parser("report", help="contract reports for the city")
    cmds = report.add_subparsers(dest="report_cmd", required=True)
    monthly = cmds.add_parser("monthly", help="monthly contract report of one procedure")
    monthly.add_argument("--procedure", required=True)
    monthly.add_argument("--month", required=True, help="2026-11 or 令和8年11月")
    monthly.add_argument("--xlsx", type=Path, help="write the report as an Excel workbook")
    monthly.add_argument("--pdf", type=Path, help="write the report as an A4 PDF")
    _common(monthly)

    export = sub.add_parser("export", help="export data for the city")
    ecmds = export.add_subparsers(dest="export_cmd", required=True)
    cases = ecmds.add_parser("cases", help="a procedure's cases as CSV")
    cases.add_argument("--procedure", required=True)
    cases.add_argument("--csv", type=Path, required=True, help="file to write")
    cases.add_argument("--encoding", default="utf-8-sig", choices=["utf-8-sig", "cp932"],
                       help="utf-8-sig (UTF-8 with BOM, default) or cp932 (Windows Japanese)")
    cases.add_argument("--include-mynumber", action="store_true",
                       help="include the individual number (needs case.export.mynumber; "
                            "audited)")
    cases.add_argument("--from", dest="received_from",
                       help="only cases received on or after this day (JST)")
    cases.add_argument("--to", dest="received_to",
                       help="only cases received on or before this day (JST)")
    _common(cases)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", help="act as this user ($REVIEW_DESK_PASSWORD); default: system")
    p.add_argument("--json", action="store_true")


def _actor(runner: Runner) -> Actor:
    return runner.actor() if getattr(runner.args, "user", None) else SYSTEM


def _emit(data: Any, as_json: bool, text: str) -> None:
    """JSON as UTF-8 bytes whatever the console's code page (as :mod:`desktop.cli`)."""
    if as_json:
        payload = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        sys.stdout.flush()
        sys.stdout.buffer.write(payload.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        print(text)


def _writing(path: Path, write: Callable[[], T]) -> T:
    """Run *write*; a file-system failure becomes a one-line error naming the file."""
    try:
        return write()
    except OSError as error:
        raise InvalidInput(f"ファイル {path} に書き込めません（{error.strerror or error}）",
                           f"cannot write {path} ({error.strerror or error})",
                           file=str(path)) from None


def figures_json(f: MonthFigures) -> dict[str, Any]:
    """One month's figures as JSON (see the module docstring)."""
    return {
        "month": str(f.month), "received": f.received, "decided": f.decided,
        "approved": f.approved, "rejected": f.rejected, "withdrawn": f.withdrawn,
        "returned": f.returned, "within_sla": f.within_sla,
        "sla_attainment": f.sla_attainment, "average_days": f.average_days,
        "p90_days": f.p90_days, "max_days": f.max_days,
    }


def report_json(report: MonthlyReport) -> dict[str, Any]:
    """The monthly report as JSON (see the module docstring)."""
    return {
        "procedure": report.procedure_code,
        "month": str(report.month),
        "month_label": report.month.era_label(),
        "sla_business_days": report.sla_business_days,
        "business_days": report.business_days,
        "closed_weekdays": [{"date": d.day.isoformat(), "name": d.name}
                            for d in report.closed_weekdays],
        "figures": figures_json(report.figures),
        "trend": [figures_json(f) for f in report.trend],
    }


def _report_text(runner: Runner, report: MonthlyReport) -> str:
    f = report.figures
    avg = "－" if f.average_days is None else f"{f.average_days:.1f}"
    p90 = "－" if f.p90_days is None else str(f.p90_days)
    rate = "－" if f.sla_attainment is None else f"{f.sla_attainment:.1%}"
    return runner.say(
        f"{report.month.era_label()} {report.procedure_code}: 受付 {f.received} 件 / 決定 "
        f"{f.decided} 件（承認 {f.approved}・却下 {f.rejected}）/ 取下げ {f.withdrawn} 件 / "
        f"補正依頼 {f.returned} 件 / 平均 {avg} 日・90% {p90} 日（開庁日）/ 期限内 {rate}",
        f"{report.month} {report.procedure_code}: {f.received} received / {f.decided} decided "
        f"({f.approved} approved, {f.rejected} rejected) / {f.withdrawn} withdrawn / "
        f"{f.returned} returned / average {avg}, 90th percentile {p90} business days / "
        f"within SLA {rate}")


def run_report(runner: Runner) -> None:
    from desktop.services.reports import parse_month

    a = runner.args
    month = parse_month(a.month)
    report = runner.services.reports.monthly(_actor(runner), a.procedure, month.year,
                                             month.month)
    files: dict[str, Any] = {}
    lines = [_report_text(runner, report)]
    if a.xlsx is not None:
        from desktop.services.report_xlsx import write_monthly_xlsx

        _writing(a.xlsx, lambda: write_monthly_xlsx(report, a.xlsx))
        files["xlsx"] = str(a.xlsx)
        lines.append(f"XLSX: {a.xlsx}")
    if a.pdf is not None:
        from desktop import settings
        from desktop.notices.report_pdf import MonthlyReportPdf

        writer = MonthlyReportPdf.from_resources(settings.resources_dir())
        pages = _writing(a.pdf, lambda: writer.write(report, a.pdf))
        files["pdf"] = str(a.pdf)
        files["pdf_pages"] = pages
        lines.append(runner.say(f"PDF: {a.pdf}（{pages} ページ）", f"PDF: {a.pdf} ({pages} pages)"))
    _emit({**report_json(report), "files": files}, a.json, "\n".join(lines))


def run_export(runner: Runner) -> None:
    from desktop.domain.era import parse_date

    a = runner.args
    result = runner.services.export.export_cases(
        _actor(runner), a.procedure, a.csv, encoding=a.encoding,
        include_mynumber=a.include_mynumber,
        received_from=parse_date(a.received_from) if a.received_from else None,
        received_to=parse_date(a.received_to) if a.received_to else None,
    )
    data = {"file": str(result.path), "procedure": result.procedure_code, "rows": result.rows,
            "columns": len(result.columns), "encoding": result.encoding,
            "include_mynumber": result.include_mynumber, "neutralised": result.neutralised,
            "bytes": result.size, "sha256": result.sha256}
    _emit(data, a.json, runner.say(
        f"{result.path} に {result.rows} 件を書き出しました（{result.encoding}、"
        f"数式対策 {result.neutralised} セル"
        f"{'、個人番号を含む' if result.include_mynumber else ''}）",
        f"wrote {result.rows} cases to {result.path} ({result.encoding}, "
        f"{result.neutralised} cells neutralised"
        f"{', with the individual number' if result.include_mynumber else ''})"))
