"""The append-only, hash-chained audit log (one chain per stream)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from desktop.domain.audit import (
    GENESIS,
    AuditProblem,
    AuditRecord,
    check_stream,
    entry_hash,
)
from desktop.persistence.engine import driver_execute, sqlite_time
from desktop.persistence.mapping import aware, utc
from desktop.persistence.models import AuditEntry, AuditStream
from desktop.persistence.transaction import Transaction, TransactionBound


def _record(e: AuditEntry) -> AuditRecord:
    at = aware(e.at)
    assert at is not None
    return AuditRecord(
        id=e.id, stream=e.stream, seq=e.seq, at=at, actor=e.actor, action=e.action,
        case_id=e.case_id, details=dict(e.details), prev_hash=e.prev_hash, hash=e.hash,
    )


_HEADS_INFO = "review_desk_audit_heads"
_CLAIMS_INFO = "review_desk_claim_entries"

# The append runs on every state change, so its statements go straight to the driver
# (see engine.driver_execute): SQLAlchemy's execution path cost more client CPU than
# the statements.
#
# The head is read without a lock and moved only if it is still where it was read
# (seq and hash): a writer that lost the race re-reads it under a lock and appends
# after the winner. The stream's head row is locked from the move to the commit, so
# two transactions can never both append after the same entry (and the unique
# (stream, seq) constraint would refuse it if they tried). On PostgreSQL the move and
# the entry are one statement, the entry written only if the head moved.
_PG_HEAD = "SELECT seq, head_hash FROM audit_streams WHERE stream = %(s)s"
_PG_HEAD_LOCKED = _PG_HEAD + " FOR UPDATE"
_PG_NEW_STREAM = ("INSERT INTO audit_streams (stream, seq, head_hash) "
                  "VALUES (%(s)s, 0, %(genesis)s) ON CONFLICT DO NOTHING")
_PG_APPEND = (
    "WITH head AS (UPDATE audit_streams SET seq = %(seq)s, head_hash = %(hash)s "
    "WHERE stream = %(s)s AND seq = %(prev_seq)s AND head_hash = %(prev)s "
    "RETURNING stream) "
    "INSERT INTO audit_log (stream, seq, at, actor, action, case_id, details, prev_hash, "
    "hash) SELECT head.stream, %(seq)s, %(at)s, %(actor)s, %(action)s, %(case_id)s, "
    "%(details)s::json, %(prev)s, %(hash)s FROM head RETURNING id"
)
_SQLITE_HEAD = "SELECT seq, head_hash FROM audit_streams WHERE stream = :s"
_SQLITE_NEW_STREAM = ("INSERT INTO audit_streams (stream, seq, head_hash) "
                      "VALUES (:s, 0, :genesis) ON CONFLICT DO NOTHING")
_SQLITE_MOVE_HEAD = ("UPDATE audit_streams SET seq = :seq, head_hash = :hash "
                     "WHERE stream = :s AND seq = :prev_seq AND head_hash = :prev")
_SQLITE_INSERT = (
    "INSERT INTO audit_log (stream, seq, at, actor, action, case_id, details, prev_hash, "
    "hash) VALUES (:s, :seq, :at, :actor, :action, :case_id, :details, :prev, :hash)"
)


def remember_head(tx: Transaction, stream: str, seq: int, head_hash: str) -> None:
    """Note *stream*'s head as read in transaction *tx* (the claim
    reads the case stream's head in its own statement), so the next
    :meth:`SqlAuditLog.append` to it needs no statement of its own to find it.

    A note that has gone stale only costs the append a re-read: the head moves only
    from where it was read. The note belongs to the transaction, so a rollback or
    commit forgets it."""
    tx.notes(_HEADS_INFO)[stream] = (seq, head_hash)


def _known_head(tx: Transaction, stream: str) -> tuple[int, str] | None:
    head: tuple[int, str] | None = tx.notes(_HEADS_INFO).get(stream)
    return head


def note_claim_entry(tx: Transaction, record: AuditRecord) -> None:
    """Note the ``claim`` entry the PostgreSQL claim function wrote with the claim in
    transaction *tx* (its details are left to the service).

    The service's :meth:`SqlAuditLog.append` of that entry then writes nothing: it
    checks that the entry's hash is the one of the entry it asks for (actor, time,
    case and details), and raises :class:`AuditChainConflict` if not, so the claim
    cannot commit with an entry other than the service's."""
    tx.notes(_CLAIMS_INFO)[record.stream] = record
    remember_head(tx, record.stream, record.seq, record.hash)


class AuditChainConflict(RuntimeError):
    """The stream head moved under a writer that held its lock (a bug, never a user
    error): the transaction is abandoned rather than fork the chain."""


def _confirm(written: AuditRecord, actor: str, case_id: int | None, details: dict[str, Any],
             now: datetime) -> AuditRecord:
    """*written* with *details*, if it is the entry they describe (see
    :func:`note_claim_entry`)."""
    at = utc(now)
    expected = entry_hash(written.prev_hash, stream=written.stream, seq=written.seq, at=at,
                          actor=actor, action=written.action, case_id=case_id,
                          details=details)
    if expected != written.hash:
        raise AuditChainConflict(
            f"the claim of case {written.case_id} wrote an audit entry other than the one "
            f"asked for (actor {actor!r}, details {details!r})")
    return replace(written, at=at, details=details)


class SqlAuditLog(TransactionBound):

    def append(self, stream: str, actor: str, action: str, case_id: int | None,
               details: dict[str, Any], now: datetime) -> AuditRecord:
        if action == "claim":
            written = self._tx.notes(_CLAIMS_INFO).pop(stream, None)
            if written is not None:
                return _confirm(written, actor, case_id, details, now)
        conn = self._tx.connection
        pg = self._dialect == "postgresql"
        head = _known_head(self._tx, stream) or self._read_head(conn, stream, pg, lock=False)
        record = self._write(conn, pg, head, stream, actor, action, case_id, details, now)
        if record is None:
            # Another transaction appended since the head was read: wait for its lock,
            # then append after its entry.
            head = self._read_head(conn, stream, pg, lock=True)
            record = self._write(conn, pg, head, stream, actor, action, case_id, details, now)
            if record is None:
                raise AuditChainConflict(f"audit stream {stream} moved past seq {head[0]}")
        # This transaction now holds the head (it just moved it).
        remember_head(self._tx, stream, record.seq, record.hash)
        return record

    def _write(self, conn: Connection, pg: bool, head: tuple[int, str], stream: str,
               actor: str, action: str, case_id: int | None, details: dict[str, Any],
               now: datetime) -> AuditRecord | None:
        """Append after *head*; None (and nothing written) if the head is elsewhere."""
        prev_seq, prev = head
        seq = prev_seq + 1
        at = utc(now)
        digest = entry_hash(prev, stream=stream, seq=seq, at=at, actor=actor, action=action,
                            case_id=case_id, details=details)
        params = {"s": stream, "seq": seq, "actor": actor, "action": action,
                  "case_id": case_id, "prev": prev, "hash": digest, "prev_seq": prev_seq,
                  "details": json.dumps(details)}
        if pg:
            params["at"] = at
            row = driver_execute(conn, _PG_APPEND, params).fetchone()
            if row is None:
                return None
            entry_id = int(row[0])
        else:
            params["at"] = sqlite_time(at)
            if driver_execute(conn, _SQLITE_MOVE_HEAD, params).rowcount != 1:
                return None
            entry_id = int(driver_execute(conn, _SQLITE_INSERT, params).lastrowid)
        return AuditRecord(entry_id, stream, seq, at, actor, action, case_id, details, prev,
                           digest)

    def _read_head(self, conn: Connection, stream: str, pg: bool, *,
                   lock: bool) -> tuple[int, str]:
        """The stream's head (created at seq 0 for a new stream); *lock* holds it on
        PostgreSQL until the transaction ends (SQLite's write transaction holds the
        whole database)."""
        head_sql = (_PG_HEAD_LOCKED if lock else _PG_HEAD) if pg else _SQLITE_HEAD
        row = driver_execute(conn, head_sql, {"s": stream}).fetchone()
        if row is None:
            # A new stream: create its head first (two first writers then queue on the
            # head row instead of both taking seq 1).
            driver_execute(conn, _PG_NEW_STREAM if pg else _SQLITE_NEW_STREAM,
                           {"s": stream, "genesis": GENESIS})
            row = driver_execute(conn, head_sql, {"s": stream}).fetchone()
            assert row is not None
        return int(row[0]), str(row[1])

    def for_case(self, case_id: int) -> list[AuditRecord]:
        rows = self._s.execute(
            select(AuditEntry).where(AuditEntry.case_id == case_id).order_by(AuditEntry.id)
        ).scalars()
        return [_record(e) for e in rows]

    def iter_all(self) -> Iterator[AuditRecord]:
        rows = self._s.execute(
            select(AuditEntry).order_by(AuditEntry.stream, AuditEntry.seq)
            .execution_options(yield_per=2000)
        ).scalars()
        for e in rows:
            yield _record(e)

    def verify(self) -> tuple[int, AuditProblem | None]:
        """Walk every stream in order; return (entries checked, first problem or None)."""
        heads = {
            s.stream: (s.seq, s.head_hash)
            for s in self._s.execute(select(AuditStream)).scalars()
        }
        checked = 0
        first: AuditProblem | None = None
        current: str | None = None
        batch: list[AuditRecord] = []

        def flush() -> None:
            nonlocal first
            if current is None:
                return
            seq, head_hash = heads.pop(current, (None, None))
            problem = check_stream(current, batch, seq, head_hash)
            if problem and (first is None or (problem.entry_id or 0) < (first.entry_id or 0)):
                first = problem

        for record in self.iter_all():
            checked += 1
            if record.stream != current:
                flush()
                current, batch = record.stream, []
            batch.append(record)
        flush()
        for stream, (seq, head_hash) in sorted(heads.items()):
            problem = check_stream(stream, [], seq, head_hash)
            if problem and first is None:
                first = problem
        return checked, first
