"""The monthly contract report (月次業務報告) of one procedure, for the city.

:meth:`ReportService.monthly` counts in storage, computes the figures with the pure
rules of :mod:`desktop.domain.contract_report` (which also defines every figure) and
returns a :class:`MonthlyReport`; :mod:`desktop.services.report_xlsx` and
:mod:`desktop.notices.report_pdf` write it out. Producing a report is audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from desktop.domain.audit import user_stream
from desktop.domain.business_days import DEFAULT_CALENDAR, BusinessCalendar
from desktop.domain.contract_report import (
    TREND_MONTHS,
    ClosedDay,
    Month,
    MonthFigures,
    MonthlyReport,
    Outcome,
    business_days_in,
    closed_weekdays,
    month_figures,
)
from desktop.domain.era import parse_date
from desktop.domain.errors import InvalidInput
from desktop.domain.permissions import Actor, Permission
from desktop.services.context import JST, ServiceContext

__all__ = [
    "ClosedDay",
    "Month",
    "MonthFigures",
    "MonthlyReport",
    "Outcome",
    "ReportService",
    "jst_midnight",
    "parse_month",
]

_ISO_MONTH = re.compile(r"\s*(\d{4})\s*[-/年.]\s*(\d{1,2})\s*月?\s*")


def parse_month(text: str) -> Month:
    """``2026-11``, ``2026/11``, ``2026年11月`` or an era month (``令和8年11月``, ``R8.11``)."""
    match = _ISO_MONTH.fullmatch(text)
    try:
        if match:
            return Month(int(match.group(1)), int(match.group(2)))
        stripped = text.strip().rstrip("月")
        day = parse_date(f"{stripped}月1日" if "年" in stripped else f"{stripped}.1")
        return Month.of(day)
    except (InvalidInput, ValueError):
        pass
    raise InvalidInput(
        f"対象月「{text}」を読めません（例: 2026-11、令和8年11月）",
        f"cannot read the month '{text}' (e.g. 2026-11 or 令和8年11月)",
        month=text,
    )


def jst_midnight(day: date) -> datetime:
    """The start of *day* in Japan time (as an aware datetime)."""
    return datetime.combine(day, time(0), tzinfo=JST)


@dataclass
class ReportService:
    """Contract reports for supervisors and administrators (``report.view``)."""

    ctx: ServiceContext
    calendar: BusinessCalendar = field(default=DEFAULT_CALENDAR)

    def monthly(self, actor: Actor, procedure_code: str, year: int, month: int,
                ) -> MonthlyReport:
        """The report of *procedure_code* for *year*-*month*, with the trend of the
        :data:`TREND_MONTHS` months ending with it. A month that has not started yet
        is refused; the current month gives the figures so far."""
        self.ctx.require(actor, Permission.REPORT_VIEW)
        procedure = self.ctx.procedure(procedure_code)
        try:
            target = Month(year, month)
        except ValueError:
            raise InvalidInput(f"{month} 月という月はありません", f"there is no month {month}",
                               month=month) from None
        today = self.ctx.today()
        if Month.of(today) < target:
            raise InvalidInput(
                f"{target.era_label()}はまだ始まっていません（本日 {today.isoformat()}）",
                f"{target} has not started yet (today is {today.isoformat()})",
                month=str(target),
            )
        months = [target.shift(k) for k in range(1 - TREND_MONTHS, 1)]
        start = jst_midnight(months[0].first_day)
        end = jst_midnight(target.shift(1).first_day)
        with self.ctx.uow() as uow:
            q = uow.reports
            received = q.received_per_day(procedure.code, start, end)
            withdrawn = q.withdrawn_per_day(procedure.code, start, end)
            returned = q.returned_per_day(procedure.code, start, end)
            decided = q.decided_groups(procedure.code, start, end)
        trend = month_figures(months, received=received, withdrawn=withdrawn,
                              returned=returned, decided=decided, calendar=self.calendar)
        now = self.ctx.now()
        report = MonthlyReport(
            procedure_code=procedure.code,
            procedure_name=procedure.name,
            sla_business_days=procedure.sla_business_days,
            figures=trend[-1],
            trend=tuple(trend),
            business_days=business_days_in(target, self.calendar),
            closed_weekdays=closed_weekdays(target, self.calendar),
            generated_at=now,
            generated_by=actor.display_name,
        )
        with self.ctx.uow(write=True) as uow:
            f = report.figures
            uow.audit.append(user_stream(actor.name), actor.name, "report_monthly", None,
                             {"procedure": procedure.code, "month": str(target),
                              "received": f.received, "decided": f.decided}, now)
            uow.commit()
        return report
