"""Cases: create, read, claim from a queue, versioned update."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Integer,
    String,
    TextClause,
    TextualSelect,
    column,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, aliased

from desktop.domain.cases import AttachmentRecord, CaseRecord, DecisionRecord, NewCase
from desktop.domain.errors import NotFound, concurrent_change
from desktop.domain.workflow import WORKING, Stage, Status
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

_CASE_COLUMNS = list(Case.__table__.c)
_UPDATABLE = frozenset(
    {
        "status", "held_from", "hold_reason", "priority", "due_date", "correction_deadline",
        "holder_id", "lease_expires_at", "first_reviewer_id", "pending_decision", "fields",
        "checked", "flags", "decided_at",
    }
)


class SqlCaseRepository(IntakeQueries):
    def __init__(self, session: Session) -> None:
        self._s = session
        self._dialect = session.get_bind().dialect.name

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
        params = {
            "procedure": procedure_code,
            "stage": stage.value,
            "now": utc(now),
            "uid": user_id,
            "uname": user_name,
            "lease": utc(lease_until),
            "working": WORKING[stage].value,
        }
        pick, take = _claim_statements(self._dialect, exclude_first_reviewer)
        row: Mapping[Any, Any] | None
        if take is None:
            row = self._s.execute(pick, params).mappings().first()
        else:
            # SQLite: the unit of work began with BEGIN IMMEDIATE, so we already hold
            # the database's write lock and pick-then-take cannot race.
            picked = self._s.execute(pick, params).mappings().first()
            if picked is None:
                return None
            taken = self._s.execute(take, {**params, "id": picked["id"]}).mappings().one()
            row = {**taken, "old_status": picked["old_status"], "old_holder": picked["old_holder"]}
        if row is None:
            return None
        previous_holder = None
        if row["old_holder"] is not None:
            previous_holder = self._s.execute(
                select(User.name).where(User.id == row["old_holder"])
            ).scalar_one_or_none()
        return Claimed(
            case=case_from_row(row, user_name),
            previous_status=Status(row["old_status"]),
            previous_holder=previous_holder,
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



@lru_cache(maxsize=8)
def _claim_statements(
    dialect: str, four_eyes: bool
) -> tuple[TextClause | TextualSelect, TextualSelect | None]:
    """The claim, built once per dialect × four-eyes (rebuilding cost more than running).

    A case whose lease ran out is taken first (oldest lease), else the first waiting case
    in queue order. Each comes from its own partial index, so neither scans past the
    other kind: held cases never slow down the search for a free one.
    """
    not_own = "AND (first_reviewer_id IS NULL OR first_reviewer_id <> :uid)" if four_eyes else ""
    lock = "FOR UPDATE SKIP LOCKED" if dialect == "postgresql" else ""
    expired = f"""
        SELECT id, status AS old_status, holder_id AS old_holder FROM cases
        WHERE procedure_code = :procedure AND stage = :stage
          AND holder_id IS NOT NULL AND lease_expires_at < :now {not_own}
        ORDER BY lease_expires_at, id LIMIT 1 {lock}"""
    waiting = f"""
        SELECT id, status AS old_status, holder_id AS old_holder FROM cases
        WHERE procedure_code = :procedure AND stage = :stage AND holder_id IS NULL {not_own}
        ORDER BY priority DESC, due_date, received_at, id LIMIT 1 {lock}"""
    set_clause = """SET status = :working, holder_id = :uid, lease_expires_at = :lease,
        version = version + 1, updated_by = :uname, updated_at = :now"""
    typed = [column(col.name, col.type) for col in _CASE_COLUMNS]
    if dialect == "postgresql":
        # One statement; SKIP LOCKED lets concurrent claimers pass each other, and the
        # waiting branch runs only when no expired lease was found.
        returning = ", ".join(f"c.{col.name}" for col in _CASE_COLUMNS)
        claim = text(
            f"WITH expired AS ({expired}), waiting AS ({waiting}), "
            "picked AS (SELECT * FROM expired UNION ALL SELECT * FROM waiting LIMIT 1) "
            f"UPDATE cases AS c {set_clause} FROM picked WHERE c.id = picked.id "
            f"RETURNING {returning}, picked.old_status, picked.old_holder"
        ).columns(*typed, column("old_status", String()), column("old_holder", Integer()))
        return claim, None
    pick = text(f"SELECT * FROM ({expired}) UNION ALL SELECT * FROM ({waiting}) LIMIT 1")
    plain = ", ".join(col.name for col in _CASE_COLUMNS)
    take = text(f"UPDATE cases {set_clause} WHERE id = :id RETURNING {plain}").columns(*typed)
    return pick, take
