"""Business days (開庁日) of the processing centre.

A day is a business day unless it is

* a Saturday or Sunday,
* a national holiday, including substitute holidays (振替休日) and citizens'
  holidays (国民の休日), as reported by :func:`jpholiday.is_holiday`,
* in the year-end closure from 29 December to 3 January inclusive, or
* one of the city-specific closures given to :class:`BusinessCalendar`.

Deadlines are counted in business days: "n business days after the start" never
counts the start day itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import jpholiday

__all__ = [
    "DEFAULT_CALENDAR",
    "BusinessCalendar",
    "add_business_days",
    "business_days_between",
    "is_business_day",
    "is_year_end_closure",
    "next_business_day",
]

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=8192)
def _is_national_holiday(d: date) -> bool:
    """Tell whether ``d`` is a national holiday (cached: jpholiday recomputes rules)."""
    return bool(jpholiday.is_holiday(d))


def is_year_end_closure(d: date) -> bool:
    """Tell whether ``d`` falls in the year-end closure, 29 December to 3 January."""
    return (d.month == 12 and d.day >= 29) or (d.month == 1 and d.day <= 3)


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """Business-day arithmetic for one municipality.

    Attributes:
        extra_closed: City-specific closed days on top of weekends, national holidays
            and the year-end closure (e.g. a system-migration day).
    """

    extra_closed: frozenset[date] = field(default_factory=frozenset)

    def is_business_day(self, d: date) -> bool:
        """Tell whether the centre is open on ``d``."""
        return not (
            d.weekday() >= 5
            or is_year_end_closure(d)
            or d in self.extra_closed
            or _is_national_holiday(d)
        )

    def next_business_day(self, d: date) -> date:
        """Return the first business day strictly after ``d``."""
        current = d + _ONE_DAY
        while not self.is_business_day(current):
            current += _ONE_DAY
        return current

    def add_business_days(self, start: date, n: int) -> date:
        """Return the ``n``-th business day after ``start``.

        ``start`` itself never counts. ``n == 0`` returns ``start`` if it is a business
        day, otherwise the next business day (i.e. rolls forward).

        Raises:
            ValueError: ``n`` is negative.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return start if self.is_business_day(start) else self.next_business_day(start)
        current = start
        for _ in range(n):
            current = self.next_business_day(current)
        return current

    def business_days_between(self, start: date, end: date) -> int:
        """Count business days after ``start`` up to and including ``end``.

        Returns 0 when ``end <= start``. For ``n >= 1``,
        ``business_days_between(start, add_business_days(start, n)) == n``.
        """
        count = 0
        current = start + _ONE_DAY
        while current <= end:
            if self.is_business_day(current):
                count += 1
            current += _ONE_DAY
        return count


#: Calendar without city-specific closures, used by the module-level functions.
DEFAULT_CALENDAR = BusinessCalendar()


def is_business_day(d: date) -> bool:
    """Tell whether ``d`` is a business day in :data:`DEFAULT_CALENDAR`."""
    return DEFAULT_CALENDAR.is_business_day(d)


def next_business_day(d: date) -> date:
    """Return the first business day strictly after ``d`` in :data:`DEFAULT_CALENDAR`."""
    return DEFAULT_CALENDAR.next_business_day(d)


def add_business_days(start: date, n: int) -> date:
    """Return the ``n``-th business day after ``start`` in :data:`DEFAULT_CALENDAR`.

    See :meth:`BusinessCalendar.add_business_days`.
    """
    return DEFAULT_CALENDAR.add_business_days(start, n)


def business_days_between(start: date, end: date) -> int:
    """Count business days in ``(start, end]`` in :data:`DEFAULT_CALENDAR`.

    See :meth:`BusinessCalendar.business_days_between`.
    """
    return DEFAULT_CALENDAR.business_days_between(start, end)
