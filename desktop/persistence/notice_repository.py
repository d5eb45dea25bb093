"""Notices, document-number sequences, print batches, the print log, enclosure events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased

from desktop.domain.workflow import Status
from desktop.persistence.mapping import aware, utc
from desktop.persistence.models import (
    Case,
    Decision,
    EnclosureEvent,
    Notice,
    NoticeBatch,
    NoticeSequence,
    PrintLogEntry,
    User,
)
from desktop.persistence.transaction import TransactionBound
from desktop.services.notice_ports import BatchRecord, Candidate, NoticeRecord, PrintLogRecord

_NOTICE_UPDATABLE = frozenset({"status", "generation", "sheets", "batch_id", "lease_until",
                               "printed_at", "enclosed_at", "enclosed_by", "enclosed_generation",
                               "issued_on"})
_BATCH_UPDATABLE = frozenset({"finished_at", "status", "cases", "sheets", "files", "skipped",
                              "printer", "directory"})


def _notice(n: Notice, number: str) -> NoticeRecord:
    return NoticeRecord(
        id=n.id, case_id=n.case_id, decision_id=n.decision_id, procedure_code=n.procedure_code,
        kind=n.kind, fiscal_year=n.fiscal_year, seq=n.seq, document_number=n.document_number,
        issued_on=n.issued_on, status=n.status, generation=n.generation, sheets=n.sheets,
        batch_id=n.batch_id, lease_until=aware(n.lease_until), printed_at=aware(n.printed_at),
        enclosed_at=aware(n.enclosed_at), enclosed_by=n.enclosed_by,
        enclosed_generation=n.enclosed_generation, case_number=number or "",
    )


def _batch(b: NoticeBatch) -> BatchRecord:
    created = aware(b.created_at)
    assert created is not None
    return BatchRecord(
        id=b.id, kind=b.kind, procedure_code=b.procedure_code, operator=b.operator,
        created_at=created, finished_at=aware(b.finished_at), status=b.status,
        printer=b.printer, directory=b.directory, cases=b.cases, sheets=b.sheets,
        files=tuple(b.files or ()), reason=b.reason, selection=dict(b.selection or {}),
        skipped=tuple(b.skipped or ()),
    )


def _datetimes(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: utc(v) if isinstance(v, datetime) else v for k, v in changes.items()}


class SqlNoticeRepository(TransactionBound):

    # ------------------------------------------------------------------ selection
    def candidates(self, procedure_code: str, statuses: Sequence[Status], *,
                   decided_from: datetime | None, decided_until: datetime | None,
                   first_reviewer: str | None, case_ids: Sequence[int] | None,
                   now: datetime) -> list[Candidate]:
        d = aliased(Decision)
        n = aliased(Notice)
        latest = (select(func.max(Decision.id)).where(Decision.case_id == Case.id)
                  .correlate(Case).scalar_subquery())
        stmt = (
            select(Case.id, d.id)
            .select_from(Case)
            .outerjoin(d, d.id == latest)
            .where(Case.procedure_code == procedure_code,
                   Case.status.in_([s.value for s in statuses]))
            .where(~exists().where(
                n.case_id == Case.id, n.decision_id == d.id,
                or_(n.status == "printed",
                    and_(n.status == "pending", n.lease_until.is_not(None),
                         n.lease_until > utc(now))),
            ))
            .order_by(Case.postal_code, Case.id)
        )
        if decided_from is not None:
            stmt = stmt.where(d.at >= utc(decided_from))
        if decided_until is not None:
            stmt = stmt.where(d.at < utc(decided_until))
        if first_reviewer is not None:
            reviewer = aliased(User)
            stmt = stmt.join(reviewer, reviewer.id == Case.first_reviewer_id).where(
                reviewer.name == first_reviewer)
        if case_ids is not None:
            stmt = stmt.where(Case.id.in_(list(case_ids)))
        return [Candidate(int(cid), int(did) if did is not None else None)
                for cid, did in self._s.execute(stmt)]

    def latest_decision_id(self, case_id: int) -> int | None:
        value = self._s.execute(
            select(func.max(Decision.id)).where(Decision.case_id == case_id)).scalar()
        return int(value) if value is not None else None

    # ------------------------------------------------------------------ notices
    def _select(self) -> Any:
        return select(Notice, Case.number).join(Case, Case.id == Notice.case_id)

    def find(self, case_id: int, decision_id: int | None, kind: str) -> NoticeRecord | None:
        stmt = self._select().where(Notice.case_id == case_id, Notice.kind == kind)
        stmt = stmt.where(Notice.decision_id.is_(None) if decision_id is None
                          else Notice.decision_id == decision_id)
        row = self._s.execute(stmt).first()
        return _notice(row[0], row[1]) if row else None

    def get(self, notice_id: int) -> NoticeRecord | None:
        row = self._s.execute(self._select().where(Notice.id == notice_id)).first()
        return _notice(row[0], row[1]) if row else None

    def for_case(self, case_id: int) -> list[NoticeRecord]:
        rows = self._s.execute(self._select().where(Notice.case_id == case_id)
                               .order_by(Notice.id)).all()
        return [_notice(n, number) for n, number in rows]

    def allocate(self, procedure_code: str, fiscal_year: int, count: int) -> int:
        """Take *count* consecutive numbers; returns the first. The row lock taken by the
        UPDATE holds other writers until this transaction ends, and a rollback gives the
        numbers back, so numbers are never shared and never skipped."""
        if count <= 0:
            raise ValueError("count must be positive")
        dialect_insert = postgresql.insert if self._dialect == "postgresql" else sqlite.insert
        self._s.execute(
            dialect_insert(NoticeSequence)
            .values(procedure_code=procedure_code, fiscal_year=fiscal_year, last_value=0)
            .on_conflict_do_nothing(index_elements=["procedure_code", "fiscal_year"])
        )
        last = self._s.execute(
            update(NoticeSequence)
            .where(NoticeSequence.procedure_code == procedure_code,
                   NoticeSequence.fiscal_year == fiscal_year)
            .values(last_value=NoticeSequence.last_value + count)
            .returning(NoticeSequence.last_value)
        ).scalar_one()
        return int(last) - count + 1

    def add(self, *, case_id: int, decision_id: int | None, procedure_code: str, kind: str,
            fiscal_year: int, seq: int, document_number: str, issued_on: Any, sheets: int,
            batch_id: int, lease_until: datetime, now: datetime) -> NoticeRecord:
        notice_id = self._s.execute(
            insert(Notice).values(
                case_id=case_id, decision_id=decision_id, procedure_code=procedure_code,
                kind=kind, fiscal_year=fiscal_year, seq=seq, document_number=document_number,
                issued_on=issued_on, status="pending", generation=0, sheets=sheets,
                batch_id=batch_id, lease_until=utc(lease_until), created_at=utc(now),
            ).returning(Notice.id)
        ).scalar_one()
        record = self.get(int(notice_id))
        assert record is not None
        return record

    def update(self, notice_id: int, changes: dict[str, Any]) -> None:
        unknown = set(changes) - _NOTICE_UPDATABLE
        if unknown:
            raise ValueError(f"not updatable: {sorted(unknown)}")
        self._s.execute(update(Notice).where(Notice.id == notice_id).values(**_datetimes(changes)))

    # ------------------------------------------------------------------ batches
    def add_batch(self, *, kind: str, procedure_code: str | None, operator_id: int | None,
                  operator: str, printer: str | None, directory: str | None,
                  selection: dict[str, Any], reason: str | None, now: datetime) -> int:
        return int(self._s.execute(
            insert(NoticeBatch).values(
                kind=kind, procedure_code=procedure_code, operator_id=operator_id,
                operator=operator, created_at=utc(now), status="running", printer=printer,
                directory=directory, cases=0, sheets=0, files=[], reason=reason,
                selection=selection, skipped=[],
            ).returning(NoticeBatch.id)
        ).scalar_one())

    def update_batch(self, batch_id: int, changes: dict[str, Any]) -> None:
        unknown = set(changes) - _BATCH_UPDATABLE
        if unknown:
            raise ValueError(f"not updatable: {sorted(unknown)}")
        self._s.execute(update(NoticeBatch).where(NoticeBatch.id == batch_id)
                        .values(**_datetimes(changes)))

    def get_batch(self, batch_id: int) -> BatchRecord | None:
        b = self._s.get(NoticeBatch, batch_id)
        return _batch(b) if b else None

    def batches(self, limit: int) -> list[BatchRecord]:
        rows = self._s.execute(select(NoticeBatch).order_by(NoticeBatch.id.desc())
                               .limit(limit)).scalars()
        return [_batch(b) for b in rows]

    # ------------------------------------------------------------------ print log
    def add_print_log(self, *, batch_id: int, operator: str, printer: str, job_id: str | None,
                      outcome: str, message: str, cases: Sequence[str], sheets: int,
                      files: Sequence[str], reason: str | None, now: datetime) -> None:
        self._s.execute(insert(PrintLogEntry).values(
            batch_id=batch_id, at=utc(now), operator=operator, printer=printer, job_id=job_id,
            outcome=outcome, message=message, cases=list(cases), sheets=sheets,
            files=list(files), reason=reason,
        ))

    def print_log(self, batch_id: int | None, limit: int) -> list[PrintLogRecord]:
        stmt = select(PrintLogEntry).order_by(PrintLogEntry.id.desc()).limit(limit)
        if batch_id is not None:
            stmt = stmt.where(PrintLogEntry.batch_id == batch_id)
        out = []
        for e in self._s.execute(stmt).scalars():
            at = aware(e.at)
            assert at is not None
            out.append(PrintLogRecord(
                id=e.id, batch_id=e.batch_id, at=at, operator=e.operator, printer=e.printer,
                job_id=e.job_id, outcome=e.outcome, message=e.message,
                cases=tuple(e.cases or ()), sheets=e.sheets, files=tuple(e.files or ()),
                reason=e.reason,
            ))
        return out

    # ------------------------------------------------------------------ enclosure
    def add_enclosure_event(self, *, case_id: int | None, notice_id: int | None, user: str,
                            result: str, details: dict[str, Any], now: datetime) -> None:
        self._s.execute(insert(EnclosureEvent).values(
            case_id=case_id, notice_id=notice_id, at=utc(now), user=user, result=result,
            details=details,
        ))

    def unconfirmed(self, batch_id: int | None, procedure_code: str | None,
                    limit: int) -> list[NoticeRecord]:
        stmt = (self._select()
                .where(Notice.status == "printed", Notice.enclosed_at.is_(None))
                .order_by(Notice.batch_id, Case.postal_code, Notice.id).limit(limit))
        if batch_id is not None:
            stmt = stmt.where(Notice.batch_id == batch_id)
        if procedure_code is not None:
            stmt = stmt.where(Notice.procedure_code == procedure_code)
        return [_notice(n, number) for n, number in self._s.execute(stmt).all()]
