"""What the dashboard reads from storage: rows of the summary tables and of the few
live queries, as plain records (see :mod:`desktop.persistence.dashboard_repository`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from desktop.domain.workflow import Status
from desktop.services.ports import UnitOfWork


@dataclass(frozen=True)
class GroupCount:
    """One ``case_counts`` row: cases of a group received on a day, due on a date."""

    procedure_code: str
    group: str
    received_on: date
    due_date: date
    count: int


@dataclass(frozen=True)
class FlowCount:
    """One ``case_flow`` row: cases received (or resolved) on a day."""

    procedure_code: str
    day: date
    kind: str
    count: int


@dataclass(frozen=True)
class FactRow:
    """One decision as the dashboard counts it (hour: Japan time; seconds: from the
    decider's claim, None when no claim was found)."""

    user_id: int
    first_reviewer_id: int | None
    procedure_code: str
    stage: str
    kind: str
    day: date
    hour: int
    seconds: float | None


@dataclass(frozen=True)
class CaseLine:
    """A case as a dashboard list shows it (no personal data: no view to audit)."""

    id: int
    number: str
    procedure_code: str
    status: Status
    priority: int
    received_at: datetime
    due_date: date
    version: int
    holder_id: int | None = None
    holder_name: str | None = None
    lease_expires_at: datetime | None = None
    #: When the holder took the case (last claim or assignment), for held cases.
    since: datetime | None = None


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    display_name: str
    role: str
    active: bool


class DashboardQueries(Protocol):
    def open_counts(self) -> list[GroupCount]: ...
    def flow_since(self, day: date) -> list[FlowCount]: ...
    def facts(self, first: date, before: date) -> list[FactRow]: ...
    def printed_since(self, moment: datetime) -> dict[str, int]: ...
    def held_cases(self) -> list[CaseLine]: ...
    def people(self) -> list[PersonRow]: ...
    def open_cases(self, procedure_code: str | None, statuses: Sequence[Status], *,
                   received_from: datetime | None, received_before: datetime | None,
                   due_from: date | None, due_before: date | None,
                   limit: int) -> list[CaseLine]: ...


class DashboardUnitOfWork(UnitOfWork, Protocol):
    @property
    def dashboard(self) -> DashboardQueries: ...

    def __enter__(self) -> DashboardUnitOfWork: ...


class DashboardUnitOfWorkFactory(Protocol):
    def __call__(self, *, write: bool = False) -> DashboardUnitOfWork: ...
