"""Cases: create, read, claim from a queue, versioned update."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, aliased

from desktop.domain.audit import case_stream
from desktop.domain.cases import AttachmentRecord, CaseRecord, DecisionRecord, NewCase
from desktop.domain.errors import NotFound, concurrent_change
from desktop.domain.workflow import WORKING, Stage, Status
from desktop.persistence.audit_repository import remember_head
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
        conn = self._s.connection()
        pg = self._dialect == "postgresql"
        params: dict[str, Any] = {
            "procedure": procedure_code, "stage": stage.value, "uid": user_id,
            "uname": user_name, "working": WORKING[stage].value,
            "now": utc(now) if pg else sqlite_time(now),
            "lease": utc(lease_until) if pg else sqlite_time(lease_until),
        }
        if pg:
            # One call: pick, take, and read the case stream's audit head.
            row = driver_execute(conn, _PG_CLAIM[exclude_first_reviewer], params).fetchone()
            if row is None:
                return None
            values = dict(zip(_CLAIM_NAMES, row, strict=True))
        else:
            # SQLite: the unit of work began with BEGIN IMMEDIATE, so we already hold
            # the database's write lock and pick-then-take cannot race.
            # fetchall: a sqlite3 statement stays open until stepped to its end.
            rows = driver_execute(conn, _SQLITE_PICK[exclude_first_reviewer],
                                  params).fetchall()
            if not rows:
                return None
            picked = rows[0]
            params["id"] = picked[0]
            taken = driver_execute(conn, _SQLITE_TAKE, params).fetchall()[0]
            values = _from_sqlite(dict(zip(_CASE_NAMES, taken, strict=True)))
            values.update(zip(_PICK_NAMES, picked[1:], strict=True))
        if values["head_seq"] is not None:
            remember_head(self._s, case_stream(values["id"]), values["head_seq"],
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



# ------------------------------------------------------------------------- claim
# The claim runs on every "next case", so it is plain SQL run on the driver (see
# engine.driver_execute), built once here per dialect × four-eyes, returning only the
# columns a CaseRecord needs, plus the previous status and holder (to audit a lease
# takeover) and the case stream's audit head (so the audit append need not read it).
#
# A case whose lease ran out is taken first (oldest lease), else the first waiting case
# in queue order. Each comes from its own partial index (ix_cases_leased,
# ix_cases_waiting), so neither scans past the other kind: held cases never slow down
# the search for a free one.

#: The columns :func:`case_from_row` reads, in the order the claim returns them.
_CASE_NAMES = (
    "id", "number", "procedure_code", "source", "receipt_number", "status", "priority",
    "received_at", "due_date", "fields", "checked", "version", "holder_id",
    "lease_expires_at", "first_reviewer_id", "held_from", "hold_reason",
    "correction_deadline", "pending_decision", "applicant_name", "kana_key", "birth_date",
    "updated_by", "updated_at", "decided_at", "flags",
)
_PICK_NAMES = ("old_status", "old_holder_name", "head_seq", "head_hash")
_CLAIM_NAMES = _CASE_NAMES + _PICK_NAMES


def _claim_sql(pg: bool, four_eyes: bool) -> tuple[str, str | None]:
    def p(name: str) -> str:
        return f"%({name})s" if pg else f":{name}"

    not_own = (f"AND (first_reviewer_id IS NULL OR first_reviewer_id <> {p('uid')})"
               if four_eyes else "")
    lock = "FOR UPDATE SKIP LOCKED" if pg else ""
    where = f"procedure_code = {p('procedure')} AND stage = {p('stage')}"
    expired = f"""
        SELECT id, status AS old_status, holder_id AS old_holder FROM cases
        WHERE {where} AND holder_id IS NOT NULL AND lease_expires_at < {p('now')} {not_own}
        ORDER BY lease_expires_at, id LIMIT 1 {lock}"""
    waiting = f"""
        SELECT id, status AS old_status, holder_id AS old_holder FROM cases
        WHERE {where} AND holder_id IS NULL {not_own}
        ORDER BY priority DESC, due_date, received_at, id LIMIT 1 {lock}"""
    set_clause = f"""SET status = {p('working')}, holder_id = {p('uid')},
        lease_expires_at = {p('lease')}, version = version + 1, updated_by = {p('uname')},
        updated_at = {p('now')}"""
    old_holder_name = "(SELECT u.name FROM users AS u WHERE u.id = picked.old_holder)"
    if pg:
        # SKIP LOCKED lets concurrent claimers pass each other; the waiting branch runs
        # only when no expired lease was found. The case stream's audit head is read,
        # not locked: the audit append moves it only from where it was read.
        returning = ", ".join(f"c.{name}" for name in _CASE_NAMES)
        claim = (
            f"WITH expired AS ({expired}), waiting AS ({waiting}), "
            "picked AS (SELECT * FROM expired UNION ALL SELECT * FROM waiting LIMIT 1) "
            f"UPDATE cases AS c {set_clause} FROM picked LEFT JOIN audit_streams AS s "
            "ON s.stream = 'case:' || picked.id "
            f"WHERE c.id = picked.id RETURNING {returning}, picked.old_status, "
            f"{old_holder_name}, s.seq, s.head_hash"
        )
        return claim, None
    pick = (
        f"SELECT picked.id, picked.old_status, {old_holder_name}, s.seq, s.head_hash "
        f"FROM (SELECT * FROM ({expired}) UNION ALL SELECT * FROM ({waiting}) LIMIT 1) "
        "AS picked LEFT JOIN audit_streams AS s ON s.stream = 'case:' || picked.id"
    )
    take = f"UPDATE cases {set_clause} WHERE id = :id RETURNING {', '.join(_CASE_NAMES)}"
    return pick, take


#: The PostgreSQL claim as a function (created by migration 0009_claim_function): a
#: PL/pgSQL function keeps its statement's plan for the life of the server process,
#: so the claim is not parsed and planned again on every call — that was half of the
#: server's CPU per claim (``cases`` has some twenty indexes to consider). The name
#: carries a version: a change to the statement below needs a new version and a
#: migration that creates it (a test compares the function in the database with
#: :func:`claim_function_ddl`).
CLAIM_FUNCTION = "review_desk_claim_next_v1"
_FUNCTION_PARAMS = (
    ("procedure", "varchar"), ("stage", "varchar"), ("uid", "integer"), ("uname", "varchar"),
    ("working", "varchar"), ("now", "timestamptz"), ("lease", "timestamptz"),
    ("four_eyes", "boolean"),
)


def claim_function_ddl() -> str:
    """``CREATE OR REPLACE FUNCTION`` for :data:`CLAIM_FUNCTION` (PostgreSQL)."""
    body = _claim_sql(True, True)[0]
    for name, _ in _FUNCTION_PARAMS:
        body = body.replace(f"%({name})s", f"p_{name}")
    # One function for both queues: four eyes is a parameter.
    body = body.replace("AND (first_reviewer_id IS NULL", "AND (NOT p_four_eyes OR "
                        "first_reviewer_id IS NULL")
    pg = postgresql.dialect()  # type: ignore[no-untyped-call]
    types = {c.name: c.type.compile(dialect=pg) for c in Case.__table__.c}
    types.update(old_status=types["status"], old_holder_name="VARCHAR", head_seq="INTEGER",
                 head_hash="VARCHAR")
    result = ", ".join(f"r_{name} {types[name]}" for name in _CLAIM_NAMES)
    params = ", ".join(f"p_{name} {kind}" for name, kind in _FUNCTION_PARAMS)
    return (
        f"CREATE OR REPLACE FUNCTION {CLAIM_FUNCTION}({params}) RETURNS TABLE ({result}) "
        "LANGUAGE plpgsql AS $claim$\n#variable_conflict use_column\nBEGIN\n"
        f"RETURN QUERY {body};\nEND\n$claim$"
    )


_PG_CLAIM = {
    four_eyes: f"SELECT * FROM {CLAIM_FUNCTION}("
    + ", ".join(f"%({name})s" for name, _ in _FUNCTION_PARAMS[:-1])
    + (", true)" if four_eyes else ", false)")
    for four_eyes in (False, True)
}
_SQLITE_PICK = {four_eyes: _claim_sql(False, four_eyes)[0] for four_eyes in (False, True)}
_SQLITE_TAKE = _claim_sql(False, False)[1] or ""

_SQLITE_DATES = ("due_date", "correction_deadline", "birth_date")
_SQLITE_TIMES = ("received_at", "lease_expires_at", "updated_at", "decided_at")
_SQLITE_JSON = ("fields", "checked", "flags", "pending_decision")


def _from_sqlite(values: dict[str, Any]) -> dict[str, Any]:
    """Column values as SQLAlchemy's types would read them back from SQLite."""
    for name in _SQLITE_DATES:
        if values[name] is not None:
            values[name] = date.fromisoformat(values[name])
    for name in _SQLITE_TIMES:
        if values[name] is not None:
            values[name] = datetime.fromisoformat(values[name])
    for name in _SQLITE_JSON:
        if values[name] is not None:
            values[name] = json.loads(values[name])
    return values
