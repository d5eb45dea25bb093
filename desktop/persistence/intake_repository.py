"""Intake's queries on cases: import batches, bulk insertion, duplicates, quarantine.

A mixin of :class:`SqlCaseRepository` (kept apart so each module holds one idea)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    Table,
    exc,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import aliased

from desktop.domain.audit import GENESIS, canonical_time
from desktop.domain.workflow import OPEN_STATUSES, Status
from desktop.persistence.engine import driver_execute
from desktop.persistence.mapping import aware, stage_value, utc
from desktop.persistence.models import (
    Case,
    CaseLink,
    ImportBatch,
    QuarantineItem,
)
from desktop.persistence.transaction import TransactionBound
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

_CASE_COLUMNS = list(Case.__table__.c)
_BATCHES = cast(Table, ImportBatch.__table__)
_QUARANTINE = cast(Table, QuarantineItem.__table__)
_LINKS = cast(Table, CaseLink.__table__)


class IntakeQueries(TransactionBound):
    """The intake part of the case repository."""

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
        """The ids of the cases of *source* holding any of *receipts*."""
        unique = sorted(set(receipts))
        if not unique:
            return {}
        rows = self._in_list(
            "SELECT receipt_number, id FROM cases WHERE source = {p} AND receipt_number",
            (source,), unique)
        return {r: int(i) for r, i in rows}

    def _in_list(self, sql: str, leading: tuple[Any, ...],
                 values: list[Any]) -> list[tuple[Any, ...]]:
        """Rows of *sql* (ending in a column; ``{p}`` marks each of the *leading*
        parameters) whose column is one of *values*: ``= ANY(array)`` on
        PostgreSQL, ``IN (?, …)`` in parts on SQLite — plain driver SQL, because a long
        IN list through SQLAlchemy cost more client CPU than the query (an expanding
        parameter compiled, then the driver parsing hundreds of placeholders)."""
        conn = self._tx.connection
        if self._dialect == "postgresql":
            # The values as one JSON text: psycopg adapts a list element by element in
            # Python, json.dumps does it in C.
            query = (sql.replace("{p}", "%s")
                     + " = ANY(ARRAY(SELECT json_array_elements_text(%s::json)))")
            return list(driver_execute(conn, query, (*leading, _json(values))).fetchall())
        out: list[tuple[Any, ...]] = []
        for i in range(0, len(values), 900):
            part = values[i:i + 900]
            query = sql.replace("{p}", "?") + f" IN ({', '.join('?' * len(part))})"
            out += driver_execute(conn, query, (*leading, *part)).fetchall()
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
        statuses: dict[Status, tuple[str, str | None]] = {}
        create_entry = _CreateEntries(actor, at)
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
            status_stage = statuses.get(new.status)
            if status_stage is None:
                status_stage = statuses[new.status] = (new.status.value,
                                                       stage_value(new.status))
            status, stage = status_stage
            birth = new.birth_date
            receipt = new.receipt_number
            case_rows.append((
                case_id, number, new.procedure_code, new.source, receipt, status, stage,
                new.priority, received, new.due_date if pg else new.due_date.isoformat(),
                _json(new.fields), "{}", _json(item.flags) if item.flags else "{}",
                new.applicant_name, new.name_key, new.kana_key,
                birth if pg or birth is None else birth.isoformat(), new.postal_code,
                new.address, new.phone_key, 1, actor, when,
            ))
            stream = f"case:{case_id}"
            details, digest = create_entry(case_id, {
                "source": new.source, "receipt_number": receipt, "status": status,
                **item.audit_details})
            audit_rows.append((stream, 1, when, actor, "create", case_id, details, GENESIS,
                               digest))
            stream_rows.append((stream, 1, digest))
            out.append(InsertedCase(case_id, number, receipt))
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
        connection = self._tx.connection
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
        if not pairs:
            return out
        open_statuses = {s.value for s in OPEN_STATUSES}
        since_utc = utc(since)
        conn = self._tx.connection
        select_cases = ("SELECT c.id, c.kana_key, c.birth_date, c.procedure_code, c.status, "
                        "c.received_at FROM k CROSS JOIN cases AS c "
                        "WHERE c.kana_key = k.kana AND c.birth_date = k.birth")
        rows: list[tuple[Any, ...]] = []
        if self._dialect == "postgresql":
            rows = driver_execute(
                conn, "WITH k(kana, birth) AS (SELECT kana, birth::date FROM "
                "json_to_recordset(%s::json) AS j(kana text, birth text)) " + select_cases,
                (_json([{"kana": k, "birth": b.isoformat()} for k, b in pairs]),)).fetchall()
        else:
            for i in range(0, len(pairs), 400):
                part = pairs[i:i + 400]
                params = [v for kana, birth in part for v in (kana, birth.isoformat())]
                # CROSS JOIN keeps SQLite's join order (probe the index per wanted pair);
                # the procedure is checked below, or SQLite builds an automatic index.
                rows += driver_execute(
                    conn, f"WITH k(kana, birth) AS (VALUES {', '.join(['(?, ?)'] * len(part))}) "
                    + select_cases, params).fetchall()
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
        unique = sorted({k[:255] for k in keys})
        if not unique:
            return {}
        t = _QUARANTINE
        ids = [int(r[0]) for r in self._in_list(
            "SELECT id FROM quarantine_items WHERE dedupe_key", (), unique)]
        out: dict[str, QuarantineRecord] = {}
        if ids:
            rows = self._s.execute(select(t).where(t.c.id.in_(ids)).order_by(t.c.id))
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


#: JSON for the driver: UTF-8 text as is (what json.dumps does by default — escaping
#: every kanji as \\uXXXX — triples the size of Japanese form data).
_json = json.JSONEncoder(ensure_ascii=False).encode
#: The audit hash's canonical JSON (see :func:`desktop.domain.audit.entry_hash`).
_canonical = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


class _CreateEntries:
    """The ``create`` audit entries of one insert: each case's stream starts at seq 1
    after :data:`GENESIS`. The same hash as :func:`~desktop.domain.audit.entry_hash`
    (a test compares them), built from the canonical JSON of the details alone, which is
    also what is stored: the rest of the entry is the same for every case of the call."""

    def __init__(self, actor: str, at: datetime) -> None:
        self._head = (f'{GENESIS}|{{"action":"create","actor":{_canonical(actor)},'
                      f'"at":{_canonical(canonical_time(at))},"case_id":')

    def __call__(self, case_id: int, details: dict[str, Any]) -> tuple[str, str]:
        text = _canonical(details)
        body = f'{self._head}{case_id},"details":{text},"seq":1,"stream":"case:{case_id}"}}'
        return text, hashlib.sha256(body.encode()).hexdigest()


def _sqlite_time(value: datetime) -> str:
    """How SQLAlchemy's DateTime stores a (UTC) time in SQLite."""
    return utc(value).strftime("%Y-%m-%d %H:%M:%S.%f")
