"""Cases: create, read, claim from a queue, versioned update."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    Integer,
    String,
    Table,
    column,
    exc,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, aliased

from desktop.domain.audit import GENESIS, case_stream, entry_hash
from desktop.domain.cases import AttachmentRecord, CaseRecord, DecisionRecord, NewCase
from desktop.domain.errors import NotFound, concurrent_change
from desktop.domain.workflow import OPEN_STATUSES, WORKING, Stage, Status, queue_stage
from desktop.persistence.mapping import aware, case_from_row, to_column_value, utc
from desktop.persistence.models import (
    Attachment,
    AuditEntry,
    AuditStream,
    Case,
    CaseLink,
    Decision,
    ImportBatch,
    QuarantineItem,
    User,
)
from desktop.services.intake_records import (
    BATCH_RUNNING,
    QUARANTINE_OPEN,
    BatchCounts,
    CaseLinkRecord,
    DuplicateKey,
    ImportBatchRecord,
    InsertedCase,
    IntakeCase,
    NewImportBatch,
    NewQuarantineItem,
    QuarantineRecord,
    ReceiptAlreadyPresent,
)
from desktop.services.new_case import case_number_prefix
from desktop.services.ports import CaseCount, Claimed

_CASE_COLUMNS = list(Case.__table__.c)
_CASES = cast(Table, Case.__table__)
_AUDIT = cast(Table, AuditEntry.__table__)
_STREAMS = cast(Table, AuditStream.__table__)
_BATCHES = cast(Table, ImportBatch.__table__)
_QUARANTINE = cast(Table, QuarantineItem.__table__)
_LINKS = cast(Table, CaseLink.__table__)
_UPDATABLE = frozenset(
    {
        "status", "held_from", "hold_reason", "priority", "due_date", "correction_deadline",
        "holder_id", "lease_expires_at", "first_reviewer_id", "pending_decision", "fields",
        "checked", "flags", "decided_at",
    }
)


class SqlCaseRepository:
    def __init__(self, session: Session) -> None:
        self._s = session
        self._dialect = session.get_bind().dialect.name

    def add(self, new: NewCase, number_prefix: str, actor: str, now: datetime) -> CaseRecord:
        values: dict[str, Any] = {
            "procedure_code": new.procedure_code,
            "source": new.source,
            "receipt_number": new.receipt_number,
            "status": new.status.value,
            "stage": _stage_value(new.status),
            "priority": new.priority,
            "received_at": utc(new.received_at),
            "due_date": new.due_date,
            "fields": new.fields,
            "checked": {},
            "flags": {},
            "applicant_name": new.applicant_name,
            "name_key": new.name_key,
            "kana_key": new.kana_key,
            "birth_date": new.birth_date,
            "postal_code": new.postal_code,
            "address": new.address,
            "phone_key": new.phone_key,
            "version": 1,
            "updated_by": actor,
            "updated_at": utc(now),
        }
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
        four_eyes = (
            "AND (first_reviewer_id IS NULL OR first_reviewer_id <> :uid)"
            if exclude_first_reviewer
            else ""
        )
        pick = f"""
            SELECT id, status AS old_status, holder_id AS old_holder FROM cases
            WHERE procedure_code = :procedure AND stage = :stage
              AND (holder_id IS NULL OR lease_expires_at < :now) {four_eyes}
            ORDER BY priority DESC, due_date, received_at, id
            LIMIT 1
        """
        take = """
            UPDATE cases SET status = :working, holder_id = :uid, lease_expires_at = :lease,
                version = version + 1, updated_by = :uname, updated_at = :now
        """
        typed = [column(col.name, col.type) for col in _CASE_COLUMNS]
        returning = ", ".join(f"c.{col.name}" for col in _CASE_COLUMNS)
        row: Mapping[Any, Any] | None
        if self._dialect == "postgresql":
            # One statement: SKIP LOCKED lets concurrent claimers pass each other.
            stmt = text(
                f"WITH picked AS ({pick} FOR UPDATE SKIP LOCKED) "
                f"{take.replace('UPDATE cases', 'UPDATE cases AS c')} "
                f"FROM picked WHERE c.id = picked.id "
                f"RETURNING {returning}, picked.old_status, picked.old_holder"
            ).columns(*typed, column("old_status", String()), column("old_holder", Integer()))
            row = self._s.execute(stmt, params).mappings().first()
        else:
            # SQLite: the unit of work began with BEGIN IMMEDIATE, so we already hold
            # the database's write lock and pick-then-take cannot race.
            picked = self._s.execute(text(pick), params).mappings().first()
            if picked is None:
                return None
            plain = ", ".join(col.name for col in _CASE_COLUMNS)
            taken = self._s.execute(
                text(f"{take} WHERE id = :id RETURNING {plain}").columns(*typed),
                {**params, "id": picked["id"]},
            ).mappings().one()
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
            values["stage"] = _stage_value(Status(changes["status"]))
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

    def intake_batch_create(self, batch: NewImportBatch, now: datetime) -> ImportBatchRecord:
        at = utc(now)
        batch_id = self._s.execute(
            insert(_BATCHES).values(
                procedure_code=batch.procedure_code, profile=batch.profile, source=batch.source,
                file_name=batch.file_name[:255], file_sha256=batch.file_sha256,
                file_size=batch.file_size, file_format=batch.file_format,
                encoding=batch.encoding, archive_path=batch.archive_path,
                status=BATCH_RUNNING, notes=batch.notes, actor=batch.actor,
                actor_id=batch.actor_id, started_at=at, updated_at=at,
            ).returning(_BATCHES.c.id)
        ).scalar_one()
        record = self.intake_batch(int(batch_id))
        assert record is not None
        return record

    def intake_batch(self, batch_id: int, *, for_update: bool = False,
                     ) -> ImportBatchRecord | None:
        stmt = select(_BATCHES).where(_BATCHES.c.id == batch_id)
        if for_update and self._dialect == "postgresql":
            stmt = stmt.with_for_update()
        row = self._s.execute(stmt).mappings().first()
        return _batch_record(row) if row else None

    def intake_batch_resumable(self, procedure_code: str, profile: str, sha256: str,
                               ) -> ImportBatchRecord | None:
        t = _BATCHES
        row = self._s.execute(
            select(t).where(t.c.file_sha256 == sha256, t.c.procedure_code == procedure_code,
                            t.c.profile == profile, t.c.status == BATCH_RUNNING)
            .order_by(t.c.id.desc()).limit(1)
        ).mappings().first()
        return _batch_record(row) if row else None

    def intake_batches(self, limit: int, offset: int) -> list[ImportBatchRecord]:
        t = _BATCHES
        rows = self._s.execute(select(t).order_by(t.c.id.desc()).limit(limit).offset(offset))
        return [_batch_record(r) for r in rows.mappings()]

    def intake_batch_advance(self, batch_id: int, last_row: int, counts: BatchCounts,
                             now: datetime, notes: dict[str, Any] | None = None) -> None:
        t = _BATCHES
        values: dict[str, Any] = {
            "last_row": last_row,
            "received": t.c.received + counts.received,
            "imported": t.c.imported + counts.imported,
            "already_present": t.c.already_present + counts.already_present,
            "quarantined": t.c.quarantined + counts.quarantined,
            "warnings": t.c.warnings + counts.warnings,
            "duplicates": t.c.duplicates + counts.duplicates,
            "updated_at": utc(now),
        }
        if notes is not None:
            values["notes"] = notes
        self._s.execute(update(t).where(t.c.id == batch_id).values(**values))

    def intake_batch_finish(self, batch_id: int, status: str, message: str | None,
                            now: datetime) -> ImportBatchRecord:
        t = _BATCHES
        self._s.execute(update(t).where(t.c.id == batch_id).values(
            status=status, message=message, finished_at=utc(now), updated_at=utc(now)))
        record = self.intake_batch(batch_id)
        assert record is not None
        return record

    def intake_existing_receipts(self, source: str, receipts: Sequence[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        unique = sorted(set(receipts))
        for i in range(0, len(unique), 900):
            part = unique[i:i + 900]
            rows = self._s.execute(
                select(Case.receipt_number, Case.id)
                .where(Case.source == source, Case.receipt_number.in_(part))
            )
            out.update({r: int(i) for r, i in rows})
        return out

    def intake_insert_cases(self, cases: Sequence[IntakeCase], actor: str, now: datetime,
                            ) -> list[InsertedCase]:
        """Insert *cases* (numbered, queued, each with its ``create`` audit entry) at
        driver speed — COPY on PostgreSQL, one executemany on SQLite — with values
        converted as SQLAlchemy's column types would, so the rows read back exactly like
        ORM-written ones. :class:`ReceiptAlreadyPresent` if another workstation inserted
        one of them first (the caller retries the chunk)."""
        if not cases:
            return []
        pg = self._dialect == "postgresql"
        at = utc(now)
        when: Any = at if pg else _sqlite_time(at)
        ids = self._reserve_case_ids(len(cases))
        case_rows: list[tuple[Any, ...]] = []
        audit_rows: list[tuple[Any, ...]] = []
        stream_rows: list[tuple[Any, ...]] = []
        out: list[InsertedCase] = []
        prefixes: dict[str, str] = {}
        times: dict[datetime, Any] = {}
        dumps = json.dumps
        for case_id, item in zip(ids, cases, strict=True):
            new = item.new
            prefix = prefixes.get(new.procedure_code)
            if prefix is None:
                prefix = prefixes[new.procedure_code] = case_number_prefix(new.procedure_code)
            number = f"{prefix}-{case_id:08d}"
            received = times.get(new.received_at)
            if received is None:
                received = times[new.received_at] = (
                    utc(new.received_at) if pg else _sqlite_time(new.received_at))
            birth = new.birth_date
            case_rows.append((
                case_id, number, new.procedure_code, new.source, new.receipt_number,
                new.status.value, _stage_value(new.status), new.priority, received,
                new.due_date if pg else new.due_date.isoformat(), dumps(new.fields), "{}",
                dumps(item.flags), new.applicant_name, new.name_key, new.kana_key,
                birth if pg or birth is None else birth.isoformat(), new.postal_code,
                new.address, new.phone_key, 1, actor, when,
            ))
            stream = case_stream(case_id)
            details = {"source": new.source, "receipt_number": new.receipt_number,
                       "status": new.status.value, **item.audit_details}
            digest = entry_hash(GENESIS, stream=stream, seq=1, at=at, actor=actor,
                                action="create", case_id=case_id, details=details)
            audit_rows.append((stream, 1, when, actor, "create", case_id, dumps(details),
                               GENESIS, digest))
            stream_rows.append((stream, 1, digest))
            out.append(InsertedCase(case_id, number, new.receipt_number))
        try:
            self._fast_insert("cases", _INTAKE_CASE_COLUMNS, case_rows)
        except Exception as error:
            # SQLAlchemy's IntegrityError (SQLite), or psycopg's UniqueViolation from COPY.
            if not (isinstance(error, exc.IntegrityError)
                    or getattr(error, "sqlstate", None) == "23505"):
                raise
            raise ReceiptAlreadyPresent(
                "同じ受付番号の案件が同時に登録されました。再試行します",
                "a case with the same receipt number was created concurrently; retrying",
            ) from error
        self._fast_insert("audit_log", ("stream", "seq", "at", "actor", "action", "case_id",
                                        "details", "prev_hash", "hash"), audit_rows)
        self._fast_insert("audit_streams", ("stream", "seq", "head_hash"), stream_rows)
        return out

    def _fast_insert(self, table: str, columns: Sequence[str],
                     rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        connection = self._s.connection()
        names = ", ".join(columns)
        if self._dialect == "postgresql":
            cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join("?" * len(columns))
        connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({placeholders})",
                                   rows)

    def _reserve_case_ids(self, n: int) -> list[int]:
        if self._dialect == "postgresql":
            rows = self._s.execute(
                text("SELECT nextval(pg_get_serial_sequence('cases', 'id')) "
                     "FROM generate_series(1, :n)"), {"n": n})
            return sorted(int(r[0]) for r in rows)
        # SQLite: the write unit of work holds the database lock (BEGIN IMMEDIATE).
        start = int(self._s.execute(select(func.coalesce(func.max(Case.id), 0))).scalar_one())
        return list(range(start + 1, start + 1 + n))

    def intake_duplicate_candidates(self, procedure_code: str, keys: Sequence[DuplicateKey],
                                    since: datetime) -> dict[DuplicateKey, list[int]]:
        """Earlier cases of *procedure_code* with the same kana name and birth date that
        are open or were received since *since*: a join of the wanted pairs with the
        cases on ``ix_cases_kana_birth`` (a row-value IN list would scan on SQLite)."""
        out: dict[DuplicateKey, list[int]] = {}
        pairs = sorted({(k.kana_key, k.birth_date) for k in keys if k.kana_key})
        open_statuses = {s.value for s in OPEN_STATUSES}
        since_utc = utc(since)
        pg = self._dialect == "postgresql"
        mark = "%s" if pg else "?"
        for i in range(0, len(pairs), 400):
            part = pairs[i:i + 400]
            params: list[Any] = []
            for kana, birth in part:
                params += [kana, birth if pg else birth.isoformat()]
            value = f"({mark}, CAST({mark} AS DATE))" if pg else f"({mark}, {mark})"
            # CROSS JOIN keeps SQLite's join order (probe the index per wanted pair);
            # the procedure is checked below, or SQLite builds an automatic index.
            # Plain driver SQL: 800 parameters through text() cost more than the query.
            rows = self._s.connection().exec_driver_sql(
                f"WITH k(kana, birth) AS (VALUES {', '.join([value] * len(part))}) "
                "SELECT c.id, c.kana_key, c.birth_date, c.procedure_code, c.status, "
                "c.received_at FROM k CROSS JOIN cases AS c "
                "WHERE c.kana_key = k.kana AND c.birth_date = k.birth", tuple(params))
            for case_id, kana_key, birth, code, status, received in sorted(rows):
                if code != procedure_code:
                    continue
                if isinstance(birth, str):
                    birth = date.fromisoformat(birth)
                if isinstance(received, str):
                    received = datetime.fromisoformat(received)
                received = aware(received)
                if status in open_statuses or (received is not None and received >= since_utc):
                    out.setdefault(DuplicateKey(kana_key, birth), []).append(int(case_id))
        return out

    def intake_number_candidates(self, procedure_code: str, field_id: str,
                                 numbers: Sequence[str], since: datetime) -> dict[str, list[int]]:
        """Earlier open or recent cases holding one of *numbers* in *field_id*."""
        out: dict[str, list[int]] = {}
        if not numbers:
            return out
        value = Case.fields[field_id].as_string()
        open_statuses = sorted(s.value for s in OPEN_STATUSES)
        rows = self._s.execute(
            select(Case.id, value)
            .where(Case.procedure_code == procedure_code, value.in_(sorted(set(numbers))),
                   or_(Case.status.in_(open_statuses), Case.received_at >= utc(since)))
            .order_by(Case.id)
        )
        for case_id, number in rows:
            out.setdefault(str(number), []).append(int(case_id))
        return out

    def intake_add_links(self, links: Sequence[tuple[int, int, str, dict[str, Any]]],
                         now: datetime) -> None:
        if links:
            self._s.execute(insert(_LINKS), [
                {"case_id": a, "other_case_id": b, "kind": kind, "details": details,
                 "created_at": utc(now)} for a, b, kind, details in links])

    def case_links(self, case_id: int) -> list[CaseLinkRecord]:
        """Links from and to *case_id* (each seen from this case's side)."""
        t = _LINKS
        other = aliased(Case)
        out = []
        for mine, theirs in ((t.c.case_id, t.c.other_case_id), (t.c.other_case_id, t.c.case_id)):
            rows = self._s.execute(
                select(theirs.label("other"), other.number, t.c.kind, t.c.details,
                       t.c.created_at)
                .join(other, other.id == theirs).where(mine == case_id).order_by(t.c.id))
            for o, number, kind, details, created in rows:
                out.append(CaseLinkRecord(case_id, int(o), number or "", kind, dict(details),
                                          aware(created) or utc(created)))
        return out

    def intake_quarantine_add(self, items: Sequence[NewQuarantineItem], now: datetime) -> None:
        if items:
            self._s.execute(insert(_QUARANTINE), [
                {"batch_id": q.batch_id, "row_number": q.row_number,
                 "line_number": q.line_number, "receipt_number": q.receipt_number,
                 "dedupe_key": q.dedupe_key[:255], "raw": q.raw, "reasons": q.reasons,
                 "status": QUARANTINE_OPEN, "created_at": utc(now)} for q in items])

    def intake_quarantine_by_keys(self, keys: Sequence[str]) -> dict[str, QuarantineRecord]:
        """The newest quarantine item for each of *keys* (any status)."""
        t = _QUARANTINE
        out: dict[str, QuarantineRecord] = {}
        unique = sorted({k[:255] for k in keys})
        for i in range(0, len(unique), 900):
            rows = self._s.execute(
                select(t).where(t.c.dedupe_key.in_(unique[i:i + 900])).order_by(t.c.id))
            for r in rows.mappings():
                out[r["dedupe_key"]] = _quarantine_record(r)
        return out

    def intake_quarantine_item(self, item_id: int, *, for_update: bool = False,
                               ) -> QuarantineRecord | None:
        t = _QUARANTINE
        stmt = select(t).where(t.c.id == item_id)
        if for_update and self._dialect == "postgresql":
            stmt = stmt.with_for_update()
        row = self._s.execute(stmt).mappings().first()
        return _quarantine_record(row) if row else None

    def intake_quarantine_items(self, batch_id: int | None, status: str | None, limit: int,
                                offset: int) -> list[QuarantineRecord]:
        t = _QUARANTINE
        stmt = select(t)
        if batch_id is not None:
            stmt = stmt.where(t.c.batch_id == batch_id)
        if status is not None:
            stmt = stmt.where(t.c.status == status)
        rows = self._s.execute(stmt.order_by(t.c.batch_id, t.c.row_number, t.c.id)
                               .limit(limit).offset(offset))
        return [_quarantine_record(r) for r in rows.mappings()]

    def intake_quarantine_resolve(self, item_ids: Sequence[int], status: str, actor: str,
                                  now: datetime, note: str | None, case_id: int | None,
                                  reasons: list[dict[str, Any]] | None = None) -> None:
        t = _QUARANTINE
        values: dict[str, Any] = {"status": status, "resolved_by": actor,
                                  "resolved_at": utc(now), "resolution_note": note,
                                  "case_id": case_id}
        if reasons is not None:
            values["reasons"] = reasons
        if item_ids:
            self._s.execute(update(t).where(t.c.id.in_(list(item_ids))).values(**values))

    def intake_quarantine_update_reasons(self, item_id: int, reasons: list[dict[str, Any]],
                                         raw: dict[str, Any]) -> None:
        t = _QUARANTINE
        self._s.execute(update(t).where(t.c.id == item_id).values(reasons=reasons, raw=raw))


def _stage_value(status: Status) -> str | None:
    stage = queue_stage(status)
    return stage.value if stage else None


def _batch_record(row: Mapping[Any, Any]) -> ImportBatchRecord:
    started = aware(row["started_at"])
    updated = aware(row["updated_at"])
    assert started is not None and updated is not None
    return ImportBatchRecord(
        id=int(row["id"]), procedure_code=row["procedure_code"], profile=row["profile"],
        source=row["source"], file_name=row["file_name"], file_sha256=row["file_sha256"],
        file_size=int(row["file_size"]), file_format=row["file_format"],
        encoding=row["encoding"], archive_path=row["archive_path"], status=row["status"],
        received=int(row["received"]), imported=int(row["imported"]),
        already_present=int(row["already_present"]), quarantined=int(row["quarantined"]),
        warnings=int(row["warnings"]), duplicates=int(row["duplicates"]),
        last_row=int(row["last_row"]), notes=dict(row["notes"] or {}), actor=row["actor"],
        started_at=started, updated_at=updated, finished_at=aware(row["finished_at"]),
        message=row["message"],
    )


def _quarantine_record(row: Mapping[Any, Any]) -> QuarantineRecord:
    created = aware(row["created_at"])
    assert created is not None
    return QuarantineRecord(
        id=int(row["id"]), batch_id=int(row["batch_id"]), row_number=int(row["row_number"]),
        line_number=int(row["line_number"]), receipt_number=row["receipt_number"],
        dedupe_key=row["dedupe_key"], raw=dict(row["raw"] or {}),
        reasons=list(row["reasons"] or []), status=row["status"],
        case_id=int(row["case_id"]) if row["case_id"] is not None else None,
        resolved_by=row["resolved_by"], resolved_at=aware(row["resolved_at"]),
        resolution_note=row["resolution_note"], created_at=created,
    )



#: The columns intake writes (the others keep their defaults: NULL, 0, {}).
_INTAKE_CASE_COLUMNS = (
    "id", "number", "procedure_code", "source", "receipt_number", "status", "stage",
    "priority", "received_at", "due_date", "fields", "checked", "flags", "applicant_name",
    "name_key", "kana_key", "birth_date", "postal_code", "address", "phone_key", "version",
    "updated_by", "updated_at",
)


def _sqlite_time(value: datetime) -> str:
    """How SQLAlchemy's DateTime stores a (UTC) time in SQLite."""
    return utc(value).strftime("%Y-%m-%d %H:%M:%S.%f")
