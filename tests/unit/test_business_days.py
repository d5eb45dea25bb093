"""Tests for desktop.domain.business_days with real 2026 Japanese holidays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.business_days import (
    BusinessCalendar,
    add_business_days,
    business_days_between,
    is_business_day,
    is_year_end_closure,
    next_business_day,
)

DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@pytest.mark.parametrize(
    "d",
    [
        date(2026, 11, 23),  # 勤労感謝の日 (Monday)
        date(2026, 11, 28),  # Saturday
        date(2026, 11, 29),  # Sunday
        date(2026, 1, 1),  # 元日
        date(2026, 1, 2),  # year-end closure (not a national holiday)
        date(2026, 1, 3),  # year-end closure (Saturday)
        date(2026, 12, 29),  # year-end closure (Tuesday)
        date(2026, 12, 30),
        date(2026, 12, 31),
        date(2026, 4, 29),  # 昭和の日 (Wednesday)
        date(2026, 5, 3),  # 憲法記念日 (Sunday)
        date(2026, 5, 4),  # みどりの日
        date(2026, 5, 5),  # こどもの日
        date(2026, 5, 6),  # 振替休日 for 5/3
        date(2026, 9, 22),  # 国民の休日 (between 敬老の日 and 秋分の日)
        date(2026, 1, 12),  # 成人の日
    ],
)
def test_closed_days(d: date) -> None:
    assert not is_business_day(d)


@pytest.mark.parametrize(
    "d",
    [
        date(2026, 11, 24),  # Tuesday after 勤労感謝の日
        date(2026, 11, 27),  # Friday
        date(2026, 1, 5),  # first business day of 2026 (Monday)
        date(2026, 12, 28),  # last business day of 2026 (Monday)
        date(2026, 4, 28),
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 5, 7),
    ],
)
def test_open_days(d: date) -> None:
    assert is_business_day(d)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 12, 28), False),
        (date(2026, 12, 29), True),
        (date(2026, 12, 31), True),
        (date(2027, 1, 1), True),
        (date(2027, 1, 3), True),
        (date(2027, 1, 4), False),
    ],
)
def test_is_year_end_closure(d: date, expected: bool) -> None:
    assert is_year_end_closure(d) is expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 11, 20), date(2026, 11, 24)),  # Fri -> skip weekend and 11/23
        (date(2026, 11, 24), date(2026, 11, 25)),
        (date(2026, 12, 28), date(2027, 1, 4)),  # year-end closure
        (date(2026, 4, 28), date(2026, 4, 30)),  # skip 昭和の日
        (date(2026, 5, 1), date(2026, 5, 7)),  # Golden Week incl. 振替休日 5/6
        (date(2026, 11, 28), date(2026, 11, 30)),  # Saturday -> Monday
    ],
)
def test_next_business_day(d: date, expected: date) -> None:
    assert next_business_day(d) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 11, 20), 0, date(2026, 11, 20)),  # business day: itself
        (date(2026, 11, 21), 0, date(2026, 11, 24)),  # Saturday: roll forward past 11/23
        (date(2026, 11, 20), 1, date(2026, 11, 24)),
        (date(2026, 11, 20), 2, date(2026, 11, 25)),
        (date(2026, 11, 20), 5, date(2026, 11, 30)),
        (date(2026, 12, 25), 1, date(2026, 12, 28)),
        (date(2026, 12, 25), 2, date(2027, 1, 4)),
        (date(2025, 12, 26), 1, date(2026, 1, 5)),  # 2025-12-29 .. 2026-01-04 closed
        (date(2026, 4, 28), 1, date(2026, 4, 30)),
        (date(2026, 4, 30), 2, date(2026, 5, 7)),
        (date(2026, 5, 2), 0, date(2026, 5, 7)),
        (date(2026, 11, 23), 1, date(2026, 11, 24)),  # start on holiday does not count
    ],
)
def test_add_business_days(start: date, n: int, expected: date) -> None:
    assert add_business_days(start, n) == expected


def test_add_business_days_rejects_negative() -> None:
    with pytest.raises(ValueError):
        add_business_days(date(2026, 11, 20), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 11, 20), date(2026, 11, 20), 0),
        (date(2026, 11, 20), date(2026, 11, 19), 0),
        (date(2026, 11, 20), date(2026, 11, 23), 0),  # weekend + 勤労感謝の日
        (date(2026, 11, 20), date(2026, 11, 24), 1),
        (date(2026, 11, 20), date(2026, 11, 30), 5),
        (date(2026, 12, 28), date(2027, 1, 3), 0),
        (date(2026, 12, 28), date(2027, 1, 4), 1),
        (date(2026, 4, 1), date(2026, 4, 30), 20),  # 22 weekdays - 4/29 - 4/1 itself
        (date(2026, 4, 30), date(2026, 5, 31), 18),  # May 2026: 21 weekdays - 5/4, 5/5, 5/6
    ],
)
def test_business_days_between(start: date, end: date, expected: int) -> None:
    assert business_days_between(start, end) == expected


def test_extra_closed_days() -> None:
    migration_day = date(2026, 11, 25)
    calendar = BusinessCalendar(extra_closed=frozenset({migration_day}))
    assert is_business_day(migration_day)
    assert not calendar.is_business_day(migration_day)
    assert calendar.next_business_day(date(2026, 11, 24)) == date(2026, 11, 26)
    assert calendar.add_business_days(date(2026, 11, 20), 2) == date(2026, 11, 26)
    assert calendar.add_business_days(migration_day, 0) == date(2026, 11, 26)
    assert calendar.business_days_between(date(2026, 11, 20), date(2026, 11, 30)) == 4


def test_default_calendar_has_no_extra_closures() -> None:
    assert BusinessCalendar().extra_closed == frozenset()


@given(DATES, st.integers(min_value=0, max_value=40))
def test_add_business_days_lands_on_a_business_day(start: date, n: int) -> None:
    result = add_business_days(start, n)
    assert is_business_day(result)
    assert result >= start


@given(DATES, st.integers(min_value=1, max_value=40))
def test_between_inverts_add(start: date, n: int) -> None:
    result = add_business_days(start, n)
    assert result > start
    assert business_days_between(start, result) == n


@given(DATES)
def test_next_business_day_skips_only_closed_days(d: date) -> None:
    nxt = next_business_day(d)
    assert nxt > d
    assert is_business_day(nxt)
    day = d + timedelta(days=1)
    while day < nxt:
        assert not is_business_day(day)
        day += timedelta(days=1)


@given(DATES, st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=30))
def test_between_is_additive(start: date, a: int, b: int) -> None:
    middle = start + timedelta(days=a)
    end = middle + timedelta(days=b)
    assert business_days_between(start, end) == business_days_between(
        start, middle
    ) + business_days_between(middle, end)
