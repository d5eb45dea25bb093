"""The dashboard's reads: summary tables (kept by :mod:`summary_triggers`) and the few
live queries that stay small however many cases there are (held cases come from the
partial index ``ix_cases_leased``; lists are asked for one selection at a time)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, and_, func, select
from sqlalchemy.orm import aliased

from desktop.domain.workflow import Status
from desktop.persistence.mapping import aware, utc
from desktop.persistence.models import (
    AuditEntry,
    Case,
    CaseCountSummary,
    CaseFlowDay,
    DecisionFact,
    Notice,
    User,
)
from desktop.persistence.summary_triggers import OPEN_GROUPS
from desktop.persistence.transaction import TransactionBound
from desktop.services.dashboard_ports import (
    CaseLine,
    FactRow,
    FlowCount,
    GroupCount,
    PersonRow,
)

_COUNTS = cast(Table, CaseCountSummary.__table__)
_FLOW = cast(Table, CaseFlowDay.__table__)
_FACTS = cast(Table, DecisionFact.__table__)

#: When the holder took the case: its last claim or assignment (ix_audit_case).
_SINCE = (
    select(func.max(AuditEntry.at))
    .where(AuditEntry.case_id == Case.id, AuditEntry.action.in_(("claim", "assign")))
    .correlate(Case)
    .scalar_subquery()
)


def _line(row: Any, holder_name: str | None = None, since: datetime | None = None) -> CaseLine:
    received = aware(row.received_at)
    assert received is not None
    return CaseLine(
        id=int(row.id), number=row.number or "", procedure_code=row.procedure_code,
        status=Status(row.status), priority=int(row.priority), received_at=received,
        due_date=row.due_date, version=int(row.version), holder_id=row.holder_id,
        holder_name=holder_name, lease_expires_at=aware(row.lease_expires_at),
        since=aware(since),
    )


class SqlDashboardQueries(TransactionBound):

    def open_counts(self) -> list[GroupCount]:
        rows = self._s.execute(
            select(_COUNTS.c.procedure_code, _COUNTS.c.grp, _COUNTS.c.received_on,
                   _COUNTS.c.due_date, _COUNTS.c.n)
            .where(_COUNTS.c.grp.in_(OPEN_GROUPS), _COUNTS.c.n != 0)
        )
        return [GroupCount(p, g, r, d, int(n)) for p, g, r, d, n in rows]

    def flow_since(self, day: date) -> list[FlowCount]:
        rows = self._s.execute(
            select(_FLOW.c.procedure_code, _FLOW.c.day, _FLOW.c.kind, _FLOW.c.n)
            .where(_FLOW.c.day >= day, _FLOW.c.n != 0)
        )
        return [FlowCount(p, d, k, int(n)) for p, d, k, n in rows]

    def facts(self, first: date, before: date) -> list[FactRow]:
        """Decision facts of the days from *first* up to *before*, narrow: the hour and
        the handling time come computed, so no timestamp is parsed per row."""
        c = _FACTS.c
        hour = (func.date_part("hour", func.timezone("Asia/Tokyo", c.at))
                if self._dialect == "postgresql"
                else func.strftime("%H", c.at, "+9 hours"))
        rows = self._s.execute(
            select(c.user_id, c.first_reviewer_id, c.procedure_code, c.stage, c.kind, c.day,
                   hour, c.handling_seconds)
            .where(c.day >= first, c.day < before)
        )
        return [FactRow(int(u), r, p, st, k, d, int(h), None if sec is None else float(sec))
                for u, r, p, st, k, d, h, sec in rows]

    def printed_since(self, moment: datetime) -> dict[str, int]:
        rows = self._s.execute(
            select(Notice.procedure_code, func.count())
            .where(Notice.printed_at >= utc(moment))
            .group_by(Notice.procedure_code)
        )
        return {p: int(n) for p, n in rows}

    def held_cases(self) -> list[CaseLine]:
        holder = aliased(User)
        rows = self._s.execute(
            select(Case.id, Case.number, Case.procedure_code, Case.status, Case.priority,
                   Case.received_at, Case.due_date, Case.version, Case.holder_id,
                   Case.lease_expires_at, holder.name.label("holder_name"),
                   _SINCE.label("since"))
            .join(holder, holder.id == Case.holder_id)
            # the partial index ix_cases_leased: only cases being worked in a queue
            .where(Case.stage.is_not(None), Case.holder_id.is_not(None))
            .order_by(holder.name, Case.id)
        )
        return [_line(r, r.holder_name, r.since) for r in rows]

    def people(self) -> list[PersonRow]:
        rows = self._s.execute(
            select(User.id, User.name, User.display_name, User.role, User.active)
            .order_by(User.name)
        )
        return [PersonRow(int(i), n, d, r, bool(a)) for i, n, d, r, a in rows]

    def open_cases(self, procedure_code: str | None, statuses: Sequence[Status], *,
                   received_from: datetime | None, received_before: datetime | None,
                   due_from: date | None, due_before: date | None,
                   limit: int) -> list[CaseLine]:
        holder = aliased(User)
        conditions: list[ColumnElement[bool]] = [
            Case.status.in_([s.value for s in statuses])]
        if procedure_code is not None:
            conditions.append(Case.procedure_code == procedure_code)
        if received_from is not None:
            conditions.append(Case.received_at >= utc(received_from))
        if received_before is not None:
            conditions.append(Case.received_at < utc(received_before))
        if due_from is not None:
            conditions.append(Case.due_date >= due_from)
        if due_before is not None:
            conditions.append(Case.due_date < due_before)
        rows = self._s.execute(
            select(Case.id, Case.number, Case.procedure_code, Case.status, Case.priority,
                   Case.received_at, Case.due_date, Case.version, Case.holder_id,
                   Case.lease_expires_at, holder.name.label("holder_name"))
            .outerjoin(holder, holder.id == Case.holder_id)
            .where(and_(*conditions))
            .order_by(Case.due_date, Case.received_at, Case.id)
            .limit(limit)
        )
        return [_line(r, r.holder_name) for r in rows]
