"""Queries behind the monthly contract report and the case-list export.

The report's figures are counted in SQL, grouped by Japan-time day (JST has no summer
time, so a day is a fixed nine-hour shift of the stored UTC time); business-day
arithmetic happens on the few thousand groups in :mod:`desktop.domain.contract_report`.
The export reads cases in id order, one page per call (keyset, never OFFSET), so a
million cases never sit in memory at once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, Select, case, cast, func, select, text

from desktop.domain.contract_report import DayCount, DecidedGroup, ExportRow, Outcome
from desktop.domain.workflow import Status
from desktop.persistence.mapping import aware, utc
from desktop.persistence.models import Case, Decision
from desktop.persistence.transaction import TransactionBound

_EXPORT_COLUMNS = (Case.id, Case.number, Case.receipt_number, Case.source, Case.status,
                   Case.received_at, Case.due_date, Case.decided_at, Case.correction_deadline,
                   Case.fields)

#: Decision kinds and statuses that name a final outcome.
_OUTCOMES = {
    "approve": Outcome.APPROVED, "approved": Outcome.APPROVED,
    "reject": Outcome.REJECTED, "rejected": Outcome.REJECTED,
}


def _as_date(value: Any) -> date:
    """SQLite's ``date()`` gives text, PostgreSQL a date."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class SqlReportRepository(TransactionBound):
    """Read-only queries for :class:`desktop.services.reports.ReportService` and
    :class:`desktop.services.case_export.CaseExportService`."""


    def _jst_day(self, column: Any) -> ColumnElement[Any]:
        if self._dialect == "postgresql":
            return cast(func.timezone("Asia/Tokyo", column), Date)
        return func.date(column, "+9 hours")

    def _per_day(self, stmt: Select[Any]) -> list[DayCount]:
        return [DayCount(_as_date(day), int(n)) for day, n in self._s.execute(stmt)]

    def received_per_day(self, procedure_code: str, start: datetime, end: datetime,
                         ) -> list[DayCount]:
        """Cases received in [start, end), counted per JST day."""
        day = self._jst_day(Case.received_at)
        return self._per_day(
            select(day, func.count())
            .where(Case.procedure_code == procedure_code,
                   Case.received_at >= utc(start), Case.received_at < utc(end))
            .group_by(day))

    def withdrawn_per_day(self, procedure_code: str, start: datetime, end: datetime,
                          ) -> list[DayCount]:
        """Cases withdrawn in [start, end) per JST day. A withdrawn case never changes
        again, so its last update is the withdrawal."""
        day = self._jst_day(Case.updated_at)
        return self._per_day(
            select(day, func.count())
            .where(Case.procedure_code == procedure_code,
                   Case.status == Status.WITHDRAWN.value,
                   Case.updated_at >= utc(start), Case.updated_at < utc(end))
            .group_by(day))

    def returned_per_day(self, procedure_code: str, start: datetime, end: datetime,
                         ) -> list[DayCount]:
        """Correction requests (``return`` decisions) made in [start, end) per JST day."""
        day = self._jst_day(Decision.at)
        return self._per_day(
            select(day, func.count())
            .join(Case, Case.id == Decision.case_id)
            .where(Case.procedure_code == procedure_code, Decision.kind == "return",
                   Decision.at >= utc(start), Decision.at < utc(end))
            .group_by(day))

    def decided_groups(self, procedure_code: str, start: datetime, end: datetime,
                       ) -> list[DecidedGroup]:
        """Cases decided in [start, end), grouped by JST receipt day, JST decision day,
        due date and outcome. The outcome is the status while the case is still
        approved/rejected, else (notice printed and later) its last approve/reject
        decision."""
        if self._dialect == "postgresql":
            # The per-row subquery makes the planner's estimate cross jit_above_cost at a
            # few thousand decided cases; compiling then costs 20-100 ms, more than the
            # grouping it would speed up (benchmarks/report.py). For this transaction only.
            self._s.execute(text("SET LOCAL jit = off"))
        last_decision = (
            select(Decision.kind)
            .where(Decision.case_id == Case.id, Decision.kind.in_(("approve", "reject")))
            .order_by(Decision.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        outcome = case(
            (Case.status.in_((Status.APPROVED.value, Status.REJECTED.value)), Case.status),
            else_=last_decision,
        )
        inner = (
            select(self._jst_day(Case.received_at).label("received_on"),
                   self._jst_day(Case.decided_at).label("decided_on"),
                   Case.due_date.label("due_date"), outcome.label("outcome"))
            .where(Case.procedure_code == procedure_code, Case.decided_at.is_not(None),
                   Case.decided_at >= utc(start), Case.decided_at < utc(end))
            .subquery()
        )
        rows = self._s.execute(
            select(inner.c.received_on, inner.c.decided_on, inner.c.due_date,
                   inner.c.outcome, func.count())
            .group_by(inner.c.received_on, inner.c.decided_on, inner.c.due_date,
                      inner.c.outcome)
        )
        out = []
        for received_on, decided_on, due_date, kind, n in rows:
            result = _OUTCOMES.get(kind)
            if result is None:  # a decided case always has its decision; never seen
                continue
            out.append(DecidedGroup(_as_date(received_on), _as_date(decided_on),
                                    _as_date(due_date), result, int(n)))
        return out

    def export_page(self, procedure_code: str, after_id: int, limit: int, *,
                    received_from: datetime | None = None,
                    received_before: datetime | None = None) -> list[ExportRow]:
        """Up to *limit* cases of the procedure with id > *after_id*, in id order."""
        procedure: ColumnElement[str] = Case.procedure_code.expression
        if self._dialect == "sqlite":
            # Keeps SQLite on the primary key: with the (procedure, status) index it
            # would sort every case of the procedure again for each page.
            procedure = procedure.concat("")
        stmt = (select(*_EXPORT_COLUMNS)
                .where(procedure == procedure_code, Case.id > after_id))
        if received_from is not None:
            stmt = stmt.where(Case.received_at >= utc(received_from))
        if received_before is not None:
            stmt = stmt.where(Case.received_at < utc(received_before))
        out = []
        for r in self._s.execute(stmt.order_by(Case.id).limit(limit)):
            received = aware(r.received_at)
            assert received is not None
            out.append(ExportRow(
                id=int(r.id), number=r.number or "", receipt_number=r.receipt_number,
                source=r.source, status=Status(r.status), received_at=received,
                due_date=_as_date(r.due_date), decided_at=aware(r.decided_at),
                correction_deadline=r.correction_deadline, fields=dict(r.fields or {})))
        return out
