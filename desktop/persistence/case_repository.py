"""Cases: create, read, claim from a queue, versioned update."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import aliased

from desktop.domain.audit import AuditRecord, canonical_time, case_stream
from desktop.domain.cases import AttachmentRecord, CaseRecord, DecisionRecord, NewCase
from desktop.domain.errors import NotFound, concurrent_change
from desktop.domain.workflow import WORKING, Stage, Status
from desktop.persistence.audit_repository import note_claim_entry, remember_head
from desktop.persistence.claim_sql import (
    CASE_NAMES,
    CLAIM_FUNCTION,
    PG_CLAIM,
    PG_CLAIM_NAMES,
    PICK_NAMES,
    SQLITE_PICK,
    SQLITE_TAKE,
    claim_function_ddl,
    from_sqlite,
)
from desktop.persistence.engine import driver_execute, sqlite_time
from desktop.persistence.intake_repository import IntakeQueries
from desktop.persistence.mapping import (
    aware,
    case_from_row,
    new_case_values,
    stage_value,
    to_column_value,
    utc,
)
from desktop.persistence.models import (
    Attachment,
    Case,
    Decision,
    User,
)
from desktop.services.ports import CaseCount, Claimed

# Migration 0009 imports the first claim function from here.
__all__ = ["CLAIM_FUNCTION", "SqlCaseRepository", "claim_function_ddl"]

_CASE_COLUMNS = list(Case.__table__.c)
_UPDATABLE = frozenset(
    {
        "status", "held_from", "hold_reason", "priority", "due_date", "correction_deadline",
        "holder_id", "lease_expires_at", "first_reviewer_id", "pending_decision", "fields",
        "checked", "flags", "decided_at",
        # search columns, recomputed when a resubmission corrects the applicant's identity
        "applicant_name", "name_key", "kana_key", "birth_date", "postal_code", "address",
        "phone_key",
    }
)


class SqlCaseRepository(IntakeQueries):
    """Cases and what hangs on them (see :class:`desktop.services.ports.CaseRepository`)."""

    def add(self, new: NewCase, number_prefix: str, actor: str, now: datetime) -> CaseRecord:
        values = new_case_values(new, actor, now)
        case_id = self._s.execute(insert(Case).values(**values).returning(Case.id)).scalar_one()
        number = f"{number_prefix}-{case_id:08d}"
        self._s.execute(update(Case).where(Case.id == case_id).values(number=number))
        record = self.get(case_id)
        assert record is not None
        return record

    def get(self, case_id: int, *, for_update: bool = False) -> CaseRecord | None:
        holder = aliased(User)
        stmt = (
            select(*_CASE_COLUMNS, holder.name.label("holder_name"))
            .outerjoin(holder, holder.id == Case.holder_id)
            .where(Case.id == case_id)
        )
        if for_update and self._dialect == "postgresql":
            stmt = stmt.with_for_update(of=Case)
        row = self._s.execute(stmt).mappings().first()
        return case_from_row(row, row["holder_name"]) if row else None

    def id_for_number(self, number: str) -> int | None:
        return self._s.execute(select(Case.id).where(Case.number == number)).scalar_one_or_none()

    def claim_next(
        self,
        procedure_code: str,
        stage: Stage,
        user_id: int,
        user_name: str,
        now: datetime,
        lease_until: datetime,
        exclude_first_reviewer: bool,
    ) -> Claimed | None:
        conn = self._tx.connection
        pg = self._dialect == "postgresql"
        params: dict[str, Any] = {
            "procedure": procedure_code, "stage": stage.value, "uid": user_id,
            "uname": user_name, "working": WORKING[stage].value,
            "now": utc(now) if pg else sqlite_time(now),
            "lease": utc(lease_until) if pg else sqlite_time(lease_until),
        }
        if pg:
            # One call: pick, take, and append the claim's audit entry (see
            # claim_sql.claim_audit_function_ddl), which the audit log then checks
            # against the entry the service asks for.
            params["at_text"] = canonical_time(now)
            params["lease_text"] = params["lease"].isoformat()
            row = driver_execute(conn, PG_CLAIM[exclude_first_reviewer], params).fetchone()
            if row is None:
                return None
            values = dict(zip(PG_CLAIM_NAMES, row, strict=True))
            # As the entry's lease_until was written: UTC, whatever the session's zone.
            values["lease_expires_at"] = params["lease"]
            stream = case_stream(values["id"])
            note_claim_entry(self._tx, AuditRecord(
                id=values["audit_id"], stream=stream, seq=values["audit_seq"],
                at=params["now"], actor=user_name, action="claim", case_id=values["id"],
                details={}, prev_hash=values["audit_prev"], hash=values["audit_hash"]))
        else:
            # SQLite: the unit of work began with BEGIN IMMEDIATE, so we already hold
            # the database's write lock and pick-then-take cannot race.
            # fetchall: a sqlite3 statement stays open until stepped to its end.
            rows = driver_execute(conn, SQLITE_PICK[exclude_first_reviewer],
                                  params).fetchall()
            if not rows:
                return None
            picked = rows[0]
            params["id"] = picked[0]
            taken = driver_execute(conn, SQLITE_TAKE, params).fetchall()[0]
            values = from_sqlite(dict(zip(CASE_NAMES, taken, strict=True)))
            values.update(zip(PICK_NAMES, picked[1:], strict=True))
            if values["head_seq"] is not None:
                remember_head(self._tx, case_stream(values["id"]), values["head_seq"],
                              values["head_hash"])
        return Claimed(
            case=case_from_row(values, user_name),
            previous_status=Status(values["old_status"]),
            previous_holder=values["old_holder_name"],
        )

    def update(
        self, case_id: int, expected_version: int, changes: dict[str, Any], actor: str,
        now: datetime,
    ) -> CaseRecord:
        unknown = set(changes) - _UPDATABLE
        if unknown:
            raise ValueError(f"not updatable: {sorted(unknown)}")
        values = {k: to_column_value(k, v) for k, v in changes.items()}
        if "status" in changes:
            values["stage"] = stage_value(Status(changes["status"]))
        if "flags" in changes:
            # Flags are set or cleared one by one; others (e.g. intake's) are kept.
            current = self._s.execute(select(Case.flags).where(Case.id == case_id)).scalar()
            values["flags"] = {**(current or {}), **changes["flags"]}
        values.update(version=Case.version + 1, updated_by=actor, updated_at=utc(now))
        result = self._s.execute(
            update(Case)
            .where(Case.id == case_id, Case.version == expected_version)
            .values(**values)
            .returning(Case.id)
        )
        if result.first() is None:
            raise self._conflict(case_id, expected_version)
        record = self.get(case_id)
        assert record is not None
        return record

    def _conflict(self, case_id: int, expected_version: int) -> Exception:
        row = self._s.execute(
            select(Case.updated_by, Case.updated_at, Case.version).where(Case.id == case_id)
        ).first()
        if row is None:
            return NotFound(f"案件 {case_id} がありません", f"no case {case_id}", case_id=case_id)
        return concurrent_change(row.updated_by, aware(row.updated_at), expected_version,
                                 row.version)

    def extend_lease(self, case_id: int, user_id: int, until: datetime) -> bool:
        """Move the holder's lease end; not a change of the case, so no new version
        (a renewal must not trip the holder's own optimistic lock)."""
        result = self._s.execute(
            update(Case)
            .where(Case.id == case_id, Case.holder_id == user_id)
            .values(lease_expires_at=utc(until))
            .returning(Case.id)
        )
        return result.first() is not None

    def add_decision(self, decision: DecisionRecord) -> None:
        self._s.execute(
            insert(Decision).values(
                case_id=decision.case_id,
                stage=decision.stage.value,
                kind=decision.kind,
                reasons=list(decision.reasons),
                note=decision.note,
                deadline=decision.deadline,
                user_id=decision.user_id,
                at=utc(decision.at),
            )
        )

    def decisions(self, case_id: int) -> list[DecisionRecord]:
        rows = self._s.execute(
            select(Decision, User.name)
            .join(User, User.id == Decision.user_id)
            .where(Decision.case_id == case_id)
            .order_by(Decision.id)
        ).all()
        out = []
        for d, name in rows:
            at = aware(d.at)
            assert at is not None
            out.append(
                DecisionRecord(
                    case_id=d.case_id, stage=Stage(d.stage), kind=d.kind,
                    reasons=tuple(d.reasons), note=d.note, deadline=d.deadline,
                    user_id=d.user_id, user_name=name, at=at,
                )
            )
        return out

    def add_attachment(self, case_id: int, file_name: str, media_type: str, sha256: str,
                       size: int, now: datetime) -> AttachmentRecord:
        attachment_id = self._s.execute(
            insert(Attachment)
            .values(case_id=case_id, file_name=file_name, media_type=media_type, sha256=sha256,
                    size=size, added_at=utc(now))
            .returning(Attachment.id)
        ).scalar_one()
        return AttachmentRecord(attachment_id, case_id, file_name, media_type, sha256, size,
                                utc(now))

    def attachments(self, case_id: int) -> list[AttachmentRecord]:
        rows = self._s.execute(
            select(Attachment).where(Attachment.case_id == case_id).order_by(Attachment.id)
        ).scalars()
        return [
            AttachmentRecord(a.id, a.case_id, a.file_name, a.media_type, a.sha256, a.size,
                             aware(a.added_at) or utc(a.added_at))
            for a in rows
        ]

    def counts(self) -> list[CaseCount]:
        rows = self._s.execute(
            select(Case.procedure_code, Case.status, func.count())
            .group_by(Case.procedure_code, Case.status)
            .order_by(Case.procedure_code, Case.status)
        ).all()
        return [CaseCount(p, Status(s), int(n)) for p, s, n in rows]

    def expired_leases(self, now: datetime, limit: int) -> list[CaseRecord]:
        ids = self._s.execute(
            select(Case.id)
            .where(Case.holder_id.is_not(None), Case.lease_expires_at < utc(now))
            .order_by(Case.id)
            .limit(limit)
        ).scalars()
        return [r for r in (self.get(i) for i in ids) if r is not None]

    def list_queue(
        self, procedure_code: str, stage: Stage | None, limit: int, offset: int
    ) -> list[CaseRecord]:
        holder = aliased(User)
        stmt = (
            select(*_CASE_COLUMNS, holder.name.label("holder_name"))
            .outerjoin(holder, holder.id == Case.holder_id)
            .where(Case.procedure_code == procedure_code)
        )
        if stage is not None:
            stmt = stmt.where(Case.stage == stage.value)
        stmt = stmt.order_by(
            Case.priority.desc(), Case.due_date, Case.received_at, Case.id
        ).limit(limit).offset(offset)
        return [case_from_row(r, r["holder_name"]) for r in self._s.execute(stmt).mappings()]

    # ---------------------------------------------------------------------- intake
    # Batches, quarantine and case links live beside the cases they produce; every
    # method runs in the caller's unit of work, so a chunk of rows, its audit entries
    # and the batch's progress record commit together.
