"""The supervisor's figures, computed from summary rows (pure: no storage, no clock).

Definitions, as the dashboard shows them:

* *Open work*: cases not yet decided and not withdrawn — in a queue (waiting or being
  worked), awaiting correction, or on hold. Ageing, due today, overdue and the backlog
  chart all count open work.
* *Age*: business days after the receipt day (Japan time) up to and including today
  (:class:`~desktop.domain.business_days.BusinessCalendar`: weekends, national
  holidays, 29 Dec–3 Jan); a case received today is 0.
* *Decided*: decisions other than "hold" (a hold does not settle anything).
* *Handling time*: from the decider's claim (or assignment) to the decision.
* *Return rate*: returns among the person's first-review decisions.
* *Double-check defect rate*: of the double-check outcomes on cases the person
  first-reviewed, the share the checker sent back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from desktop.domain.business_days import BusinessCalendar
from desktop.domain.workflow import queue_stage
from desktop.services.dashboard_ports import (
    CaseLine,
    FactRow,
    FlowCount,
    GroupCount,
    PersonRow,
)

JST = ZoneInfo("Asia/Tokyo")
#: Ageing buckets in business days (inclusive); the last has no upper end.
AGE_BUCKETS: tuple[tuple[int, int | None], ...] = ((0, 1), (2, 3), (4, 5), (6, 10), (11, None))
BACKLOG_DAYS = 30
#: Roles listed among the people even on a day without decisions.
REVIEWER_ROLES = frozenset({"operator", "checker", "supervisor"})
_FIRST_REVIEW_OUTCOMES = frozenset({"approve", "reject", "return"})
_CHECK_OUTCOMES = frozenset({"confirm", "send_back"})


@dataclass(frozen=True)
class StageLoad:
    waiting: int = 0
    in_progress: int = 0
    decided_today: int = 0


@dataclass(frozen=True)
class ProcedureLoad:
    """One procedure's row: its two queues, corrections, holds, notices printed today."""

    procedure_code: str
    first_review: StageLoad
    double_check: StageLoad
    awaiting_correction: int
    on_hold: int
    printed_today: int


@dataclass(frozen=True)
class Ageing:
    """Open work of one procedure by age bucket, and its service level today."""

    procedure_code: str
    buckets: tuple[int, ...]
    due_today: int
    overdue: int

    @property
    def open(self) -> int:
        return sum(self.buckets)


@dataclass(frozen=True)
class OperatorPeriod:
    decided: int = 0
    median_handling_seconds: float | None = None
    first_review_decisions: int = 0
    returned: int = 0
    checked: int = 0
    sent_back: int = 0

    @property
    def return_rate(self) -> float | None:
        return self.returned / self.first_review_decisions if self.first_review_decisions \
            else None

    @property
    def defect_rate(self) -> float | None:
        return self.sent_back / self.checked if self.checked else None


@dataclass(frozen=True)
class OperatorLoad:
    user_id: int
    name: str
    display_name: str
    role: str
    holding: int
    today: OperatorPeriod
    week: OperatorPeriod


@dataclass(frozen=True)
class BacklogSeries:
    """Open work of one procedure at the end of each of the last days (oldest first)."""

    procedure_code: str
    points: tuple[tuple[date, int], ...]


@dataclass(frozen=True)
class DashboardSnapshot:
    """Everything one refresh of the dashboard shows."""

    taken_at: datetime
    today: date
    week_start: date
    procedures: tuple[ProcedureLoad, ...]
    ageing: tuple[Ageing, ...]
    operators: tuple[OperatorLoad, ...]
    held: tuple[CaseLine, ...]
    backlog: tuple[BacklogSeries, ...]
    #: Decisions per hour of today (Japan time), index 0–23.
    decisions_per_hour: tuple[int, ...]


def week_start(today: date) -> date:
    """Monday of *today*'s week."""
    return today - timedelta(days=today.weekday())


def day_start(day: date) -> datetime:
    """Midnight of *day* in Japan, as an aware moment."""
    return datetime(day.year, day.month, day.day, tzinfo=JST)


def business_ages(days: Iterable[date], today: date,
                  calendar: BusinessCalendar) -> dict[date, int]:
    """Age in business days of each receipt day (one walk back from today, however
    many days are asked for)."""
    wanted = sorted(set(days))
    if not wanted:
        return {}
    ages = {d: 0 for d in wanted if d >= today}
    count, day = 0, today
    for d in reversed([d for d in wanted if d < today]):
        while day > d:
            if calendar.is_business_day(day):
                count += 1
            day -= timedelta(days=1)
        ages[d] = count
    return ages


def bucket_of(age: int) -> int:
    for i, (low, high) in enumerate(AGE_BUCKETS):
        if age >= low and (high is None or age <= high):
            return i
    raise ValueError(f"negative age {age}")


def bucket_days(bucket: int, today: date,
                calendar: BusinessCalendar) -> tuple[date | None, date | None]:
    """The receipt days (first, last; None = open end) whose age falls in *bucket*."""
    low, high = AGE_BUCKETS[bucket]
    last: date | None = None
    count, day = 0, today
    while True:
        # *count* is the age of a case received on *day*.
        if last is None and count >= low and low > 0:
            last = day
        if high is not None and count > high:
            return day + timedelta(days=1), last
        if high is None and last is not None:
            return None, last
        if calendar.is_business_day(day):
            count += 1
        day -= timedelta(days=1)


def procedure_loads(codes: Sequence[str], counts: Sequence[GroupCount],
                    held: Sequence[CaseLine], facts_today: Sequence[FactRow],
                    printed: dict[str, int]) -> list[ProcedureLoad]:
    groups: dict[tuple[str, str], int] = defaultdict(int)
    for c in counts:
        groups[(c.procedure_code, c.group)] += c.count
    working: dict[tuple[str, str], int] = defaultdict(int)
    for case in held:
        stage = queue_stage(case.status)
        if stage is not None:
            working[(case.procedure_code, stage.value)] += 1
    decided: dict[tuple[str, str], int] = defaultdict(int)
    for f in facts_today:
        if f.kind != "hold":
            decided[(f.procedure_code, f.stage)] += 1

    def load(code: str, name: str) -> StageLoad:
        in_progress = working[(code, name)]
        return StageLoad(groups[(code, name)] - in_progress, in_progress, decided[(code, name)])

    return [ProcedureLoad(code, load(code, "first_review"), load(code, "double_check"),
                          groups[(code, "awaiting_correction")], groups[(code, "on_hold")],
                          printed.get(code, 0))
            for code in codes]


def ageing(codes: Sequence[str], counts: Sequence[GroupCount], today: date,
           calendar: BusinessCalendar) -> list[Ageing]:
    ages = business_ages((c.received_on for c in counts), today, calendar)
    buckets: dict[str, list[int]] = {code: [0] * len(AGE_BUCKETS) for code in codes}
    due: dict[str, list[int]] = {code: [0, 0] for code in codes}
    for c in counts:
        buckets[c.procedure_code][bucket_of(ages[c.received_on])] += c.count
        if c.due_date == today:
            due[c.procedure_code][0] += c.count
        elif c.due_date < today:
            due[c.procedure_code][1] += c.count
    return [Ageing(code, tuple(buckets[code]), due[code][0], due[code][1]) for code in codes]


def backlog(codes: Sequence[str], counts: Sequence[GroupCount], flow: Sequence[FlowCount],
            today: date, days: int = BACKLOG_DAYS) -> list[BacklogSeries]:
    """Open work at the end of each day: today's count, minus what came in, plus what
    was resolved, after that day (*flow* must hold every day after the first shown)."""
    now = {code: 0 for code in codes}
    for c in counts:
        now[c.procedure_code] += c.count
    net: dict[tuple[str, date], int] = defaultdict(int)
    for f in flow:
        net[(f.procedure_code, f.day)] += f.count if f.kind == "received" else -f.count
    later: dict[str, int] = defaultdict(int)  # net inflow after the day being computed
    for (code, day), n in net.items():
        if day > today:
            later[code] += n
    series = []
    for code in codes:
        points = []
        after = later[code]
        for i in range(days):
            day = today - timedelta(days=i)
            points.append((day, now[code] - after))
            after += net[(code, day)]
        series.append(BacklogSeries(code, tuple(reversed(points))))
    return series


def _period(decided_by: Iterable[FactRow], reviewed_by: Iterable[FactRow]) -> OperatorPeriod:
    """One person's figures from their own decisions and the double-check outcomes on
    cases they first-reviewed."""
    decided = fr = returned = checked = sent_back = 0
    durations: list[float] = []
    for f in decided_by:
        if f.kind == "hold":
            continue
        decided += 1
        if f.seconds is not None:
            durations.append(f.seconds)
        if f.stage == "first_review" and f.kind in _FIRST_REVIEW_OUTCOMES:
            fr += 1
            returned += f.kind == "return"
    for f in reviewed_by:
        if f.kind in _CHECK_OUTCOMES:
            checked += 1
            sent_back += f.kind == "send_back"
    return OperatorPeriod(decided, median(durations) if durations else None, fr, returned,
                          checked, sent_back)


def operator_loads(people: Sequence[PersonRow], held: Sequence[CaseLine],
                   facts: Sequence[FactRow], today: date) -> list[OperatorLoad]:
    """Per person, today and this week (*facts*: the week's decisions)."""
    holding: dict[int, int] = defaultdict(int)
    for case in held:
        if case.holder_id is not None:
            holding[case.holder_id] += 1
    # Facts indexed once by person: a pass per person would be people × a week's facts.
    by_decider: dict[int, list[FactRow]] = defaultdict(list)
    by_reviewer: dict[int, list[FactRow]] = defaultdict(list)
    for f in facts:
        by_decider[f.user_id].append(f)
        if f.first_reviewer_id is not None and f.stage == "double_check":
            by_reviewer[f.first_reviewer_id].append(f)
    out = []
    for p in people:
        if not (p.id in by_decider or p.id in by_reviewer or p.id in holding
                or (p.active and p.role in REVIEWER_ROLES)):
            continue
        mine, theirs = by_decider.get(p.id, []), by_reviewer.get(p.id, [])
        out.append(OperatorLoad(
            p.id, p.name, p.display_name, p.role, holding[p.id],
            _period([f for f in mine if f.day == today], [f for f in theirs if f.day == today]),
            _period(mine, theirs)))
    return out


def decisions_per_hour(facts_today: Iterable[FactRow]) -> tuple[int, ...]:
    hours = [0] * 24
    for f in facts_today:
        if f.kind != "hold":
            hours[f.hour] += 1
    return tuple(hours)
