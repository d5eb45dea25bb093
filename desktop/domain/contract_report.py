"""The monthly contract report (月次業務報告) of one procedure: what the figures mean and
how they are computed from what storage counts. Pure: no database, no files.

Definitions (the same ones the XLSX "算定方法" sheet and the PDF notes print):

* A month is a calendar month in Japan time (JST); every timestamp is bucketed by its
  JST date.
* **received**: cases whose receipt time falls in the month.
* **decided**: cases whose decision time (``decided_at``: the final approval or
  rejection, after the double check where there is one) falls in the month, split by
  outcome (approved / rejected). A decided case counts once, in its decision month,
  whatever happened to it later (notice printed, dispatched, closed).
* **withdrawn**: cases withdrawn (取下げ) in the month. Not decisions: they are not in
  the processing times or the service level.
* **returned**: correction requests (補正依頼) sent in the month; a case returned twice
  counts twice.
* **processing time**: business days from the receipt day to the decision day, the
  receipt day itself not counted (:meth:`BusinessCalendar.business_days_between`), so
  a case decided on its receipt day took 0 days. Weekends, national holidays, the
  year-end closure and the city's extra closures do not count.
* **90th percentile**: nearest rank — the smallest value such that at least 90 % of the
  month's decisions took that many business days or fewer.
* **service level**: the share of the month's decisions made on or before the case's
  due date (receipt day + the procedure's SLA in business days).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

import jpholiday

from desktop.domain.business_days import DEFAULT_CALENDAR, BusinessCalendar, is_year_end_closure
from desktop.domain.era import era_of
from desktop.domain.workflow import Status

#: How many months the trend covers, ending with (and including) the report month.
TREND_MONTHS = 12


class Outcome(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True)
class DecidedGroup:
    """Decided cases sharing receipt day, decision day (JST), due date and outcome."""

    received_on: date
    decided_on: date
    due_date: date
    outcome: Outcome
    count: int


@dataclass(frozen=True)
class DayCount:
    """How many events (receipts, withdrawals, returns) happened on one JST day."""

    day: date
    count: int


@dataclass(frozen=True)
class Month:
    """A calendar month; ordered, and ``month.next`` / ``month.shift(-11)`` step by months."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1..12, got {self.month}")

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return self.shift(1).first_day - timedelta(days=1)

    def shift(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __lt__(self, other: Month) -> bool:
        return (self.year, self.month) < (other.year, other.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def era_label(self) -> str:
        """``令和8年11月`` (``令和元年5月`` for the first year)."""
        name, year = era_of(self.first_day)
        return f"{name}{'元' if year == 1 else year}年{self.month}月"

    @classmethod
    def of(cls, d: date) -> Month:
        return cls(d.year, d.month)


@dataclass(frozen=True)
class MonthFigures:
    """The contract figures of one procedure in one month."""

    month: Month
    received: int
    approved: int
    rejected: int
    withdrawn: int
    returned: int
    within_sla: int
    #: Mean processing time in business days; None when nothing was decided.
    average_days: float | None
    #: 90th percentile (nearest rank) in business days; None when nothing was decided.
    p90_days: int | None
    #: Longest processing time in business days; None when nothing was decided.
    max_days: int | None

    @property
    def decided(self) -> int:
        return self.approved + self.rejected

    @property
    def sla_attainment(self) -> float | None:
        """Share (0..1) of the month's decisions made by the due date; None if none."""
        return self.within_sla / self.decided if self.decided else None


@dataclass(frozen=True)
class ClosedDay:
    """A weekday in the report month on which the centre is closed (holiday, closure)."""

    day: date
    name: str


@dataclass(frozen=True)
class MonthlyReport:
    """Everything the monthly contract report shows; the XLSX and the PDF render this."""

    procedure_code: str
    procedure_name: str
    sla_business_days: int
    figures: MonthFigures
    #: :data:`TREND_MONTHS` months, oldest first; the last one is :attr:`figures`.
    trend: tuple[MonthFigures, ...]
    business_days: int
    closed_weekdays: tuple[ClosedDay, ...]
    generated_at: datetime
    generated_by: str

    @property
    def month(self) -> Month:
        return self.figures.month


@dataclass(frozen=True)
class ExportRow:
    """One case as the city's CSV export needs it (storage reads only these columns:
    a million full case records would cost their checklists and history for nothing)."""

    id: int
    number: str
    receipt_number: str
    source: str
    status: Status
    received_at: datetime
    due_date: date
    decided_at: datetime | None
    correction_deadline: date | None
    fields: dict[str, Any]


def nearest_rank(sorted_counts: Sequence[tuple[int, int]], share: float) -> int | None:
    """The nearest-rank percentile of values given as ``(value, count)`` sorted by value."""
    total = sum(n for _, n in sorted_counts)
    if total == 0:
        return None
    rank = max(1, math.ceil(share * total - 1e-9))
    seen = 0
    for value, n in sorted_counts:
        seen += n
        if seen >= rank:
            return value
    return sorted_counts[-1][0]


def _by_month(rows: Iterable[DayCount]) -> dict[Month, int]:
    out: dict[Month, int] = {}
    for row in rows:
        key = Month.of(row.day)
        out[key] = out.get(key, 0) + row.count
    return out


def month_figures(months: Sequence[Month], *, received: Iterable[DayCount],
                  withdrawn: Iterable[DayCount], returned: Iterable[DayCount],
                  decided: Iterable[DecidedGroup],
                  calendar: BusinessCalendar = DEFAULT_CALENDAR) -> list[MonthFigures]:
    """The figures of each of *months* from the day counts and decided groups storage
    returned (rows outside *months* are ignored)."""
    received_by, withdrawn_by, returned_by = (_by_month(received), _by_month(withdrawn),
                                              _by_month(returned))
    days: dict[Month, dict[int, int]] = {m: {} for m in months}
    outcome: dict[Month, dict[Outcome, int]] = {m: dict.fromkeys(Outcome, 0) for m in months}
    within: dict[Month, int] = dict.fromkeys(months, 0)
    groups = list(decided)
    origin = min((g.received_on for g in groups), default=date.min)
    counter = _BusinessDayCounter(calendar, origin)
    for group in groups:
        key = Month.of(group.decided_on)
        if key not in days:
            continue
        taken = counter.between(group.received_on, group.decided_on)
        days[key][taken] = days[key].get(taken, 0) + group.count
        outcome[key][group.outcome] += group.count
        if group.decided_on <= group.due_date:
            within[key] += group.count
    out = []
    for m in months:
        dist = sorted(days[m].items())
        n = sum(c for _, c in dist)
        out.append(MonthFigures(
            month=m,
            received=received_by.get(m, 0),
            approved=outcome[m][Outcome.APPROVED],
            rejected=outcome[m][Outcome.REJECTED],
            withdrawn=withdrawn_by.get(m, 0),
            returned=returned_by.get(m, 0),
            within_sla=within[m],
            average_days=sum(v * c for v, c in dist) / n if n else None,
            p90_days=nearest_rank(dist, 0.9),
            max_days=dist[-1][0] if dist else None,
        ))
    return out


def closed_weekdays(month: Month, calendar: BusinessCalendar = DEFAULT_CALENDAR,
                    ) -> tuple[ClosedDay, ...]:
    """Weekdays of *month* the centre is closed, with the holiday's name."""
    out = []
    d = month.first_day
    while d <= month.last_day:
        if d.weekday() < 5 and not calendar.is_business_day(d):
            name = jpholiday.is_holiday_name(d) or (
                "年末年始" if is_year_end_closure(d) else "閉庁日")
            out.append(ClosedDay(d, str(name)))
        d += timedelta(days=1)
    return tuple(out)


def business_days_in(month: Month, calendar: BusinessCalendar = DEFAULT_CALENDAR) -> int:
    """How many business days *month* has."""
    return calendar.business_days_between(month.first_day - timedelta(days=1), month.last_day)


class _BusinessDayCounter:
    """``business_days_between`` for many pairs: a running count of business days from
    an origin day, extended as far as asked (a year of decisions has a few thousand
    distinct pairs, each then costs two list lookups)."""

    def __init__(self, calendar: BusinessCalendar, origin: date) -> None:
        self._calendar = calendar
        self._origin = origin
        self._running = [0]  # business days in (origin, origin + i]

    def _through(self, d: date) -> int:
        offset = (d - self._origin).days
        while offset >= len(self._running):
            day = self._origin + timedelta(days=len(self._running))
            self._running.append(self._running[-1] + self._calendar.is_business_day(day))
        return self._running[offset]

    def between(self, start: date, end: date) -> int:
        """Business days in (start, end]; 0 when end <= start. *start* >= the origin."""
        if end <= start:
            return 0
        return self._through(end) - self._through(start)
