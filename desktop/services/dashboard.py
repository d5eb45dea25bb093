"""The supervisors' live dashboard: backlog, ageing, service level, who does what.

One refresh is one read-only unit of work of six small queries, whatever the number of
cases: the counts come from the summary tables that database triggers keep in step with
every change (see :mod:`desktop.persistence.summary_triggers` for why triggers),
in-progress work from the partial index of held cases, the per-person figures from the
week's decision facts — only today's are read each time; the earlier days of the week,
which no longer change, are kept in memory for ten minutes. 50 dashboards polling every
10 s add five such refreshes a second (``benchmarks/dashboard.py`` measures what that
does to claims). Figures are defined in :mod:`desktop.services.dashboard_figures`.

Actions on cases (release, reassign, priority) are in
:class:`desktop.services.supervision.SupervisionService`, reachable as
:attr:`DashboardService.supervision`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from desktop.domain.business_days import DEFAULT_CALENDAR, BusinessCalendar
from desktop.domain.errors import InvalidInput
from desktop.domain.permissions import Actor, Permission
from desktop.services import dashboard_figures as fig
from desktop.services.context import ServiceContext
from desktop.services.dashboard_figures import DashboardSnapshot
from desktop.services.dashboard_ports import (
    CaseLine,
    DashboardQueries,
    DashboardUnitOfWorkFactory,
    FactRow,
)
from desktop.services.supervision import OPEN_WORK, SupervisionService

DRILL_LIMIT = 1000
#: How long the earlier days of this week's decisions are kept between refreshes.
PAST_DAYS_KEPT_SECONDS = 600.0


class DrillKind(StrEnum):
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    AGE = "age"


@dataclass(frozen=True)
class DrillDown:
    """A selection of open cases behind one figure of the ageing table."""

    kind: DrillKind
    procedure_code: str | None = None
    #: Index into :data:`~desktop.services.dashboard_figures.AGE_BUCKETS` (kind AGE).
    bucket: int | None = None


@dataclass
class DashboardService:
    """Figures for supervisors (permission ``dashboard.view``)."""

    ctx: ServiceContext
    uow: DashboardUnitOfWorkFactory
    calendar: BusinessCalendar = DEFAULT_CALENDAR
    supervision: SupervisionService = field(init=False)
    _past: tuple[tuple[date, date], float, list[FactRow]] | None = field(
        init=False, default=None, repr=False)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.supervision = SupervisionService(self.ctx)

    def snapshot(self, actor: Actor) -> DashboardSnapshot:
        """Every figure of the dashboard as of now."""
        self.ctx.require(actor, Permission.DASHBOARD_VIEW)
        now = self.ctx.now()
        today = self.ctx.today()
        monday = fig.week_start(today)
        with self.uow() as uow:
            q = uow.dashboard
            counts = q.open_counts()
            held = q.held_cases()
            past = self._past_facts(q, monday, today)
            todays = q.facts(today, today + timedelta(days=1))
            printed = q.printed_since(fig.day_start(today))
            flow = q.flow_since(today - timedelta(days=fig.BACKLOG_DAYS - 1))
            people = q.people()
        codes = sorted(set(self.ctx.procedures) | {c.procedure_code for c in counts})
        return DashboardSnapshot(
            taken_at=now,
            today=today,
            week_start=monday,
            procedures=tuple(fig.procedure_loads(codes, counts, held, todays, printed)),
            ageing=tuple(fig.ageing(codes, counts, today, self.calendar)),
            operators=tuple(fig.operator_loads(people, held, [*past, *todays], today)),
            held=tuple(held),
            backlog=tuple(fig.backlog(codes, counts, flow, today)),
            decisions_per_hour=fig.decisions_per_hour(todays),
        )

    def _past_facts(self, q: DashboardQueries, monday: date, today: date) -> list[FactRow]:
        """This week's decisions before today, read once and kept a while (a past day's
        decisions no longer change; only a workstation whose clock is wrong could add
        one late, and the copy is read again after :data:`PAST_DAYS_KEPT_SECONDS`)."""
        key = (monday, today)
        with self._lock:
            kept = self._past
            if kept is not None and kept[0] == key and \
                    time.monotonic() - kept[1] < PAST_DAYS_KEPT_SECONDS:
                return kept[2]
        rows = q.facts(monday, today) if monday < today else []
        with self._lock:
            self._past = (key, time.monotonic(), rows)
        return rows

    def cases(self, actor: Actor, drill: DrillDown, limit: int = DRILL_LIMIT,
              ) -> list[CaseLine]:
        """The open cases behind a figure: due today, overdue, or of an age bucket
        (oldest due date first; at most *limit*)."""
        self.ctx.require(actor, Permission.DASHBOARD_VIEW)
        today = self.ctx.today()
        received_from = received_before = None
        due_from = due_before = None
        if drill.kind == DrillKind.DUE_TODAY:
            due_from, due_before = today, today + timedelta(days=1)
        elif drill.kind == DrillKind.OVERDUE:
            due_before = today
        else:
            if drill.bucket is None or not 0 <= drill.bucket < len(fig.AGE_BUCKETS):
                raise InvalidInput(f"経過日数の区分 {drill.bucket} はありません",
                                   f"no age bucket {drill.bucket}", bucket=drill.bucket)
            first, last = fig.bucket_days(drill.bucket, today, self.calendar)
            received_from = fig.day_start(first) if first else None
            received_before = fig.day_start(last + timedelta(days=1)) if last else None
        with self.uow() as uow:
            return uow.dashboard.open_cases(
                drill.procedure_code, OPEN_WORK, received_from=received_from,
                received_before=received_before, due_from=due_from, due_before=due_before,
                limit=limit)
