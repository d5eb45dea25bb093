"""The append-only, hash-chained audit log (one chain per stream)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desktop.domain.audit import (
    GENESIS,
    AuditProblem,
    AuditRecord,
    check_stream,
    entry_hash,
)
from desktop.persistence.mapping import aware, utc
from desktop.persistence.models import AuditEntry, AuditStream


def _record(e: AuditEntry) -> AuditRecord:
    at = aware(e.at)
    assert at is not None
    return AuditRecord(
        id=e.id, stream=e.stream, seq=e.seq, at=at, actor=e.actor, action=e.action,
        case_id=e.case_id, details=dict(e.details), prev_hash=e.prev_hash, hash=e.hash,
    )


_LOG = cast(Table, AuditEntry.__table__)
_HEADS = cast(Table, AuditStream.__table__)
_HEAD = select(_HEADS.c.seq, _HEADS.c.head_hash).where(_HEADS.c.stream == bindparam("s"))
_HEAD_LOCKED = _HEAD.with_for_update()
_INSERT_ENTRY = insert(_LOG).returning(_LOG.c.id)
_MOVE_HEAD = (
    update(_HEADS)
    .where(_HEADS.c.stream == bindparam("s"))
    .values(seq=bindparam("new_seq"), head_hash=bindparam("new_hash"))
)


class SqlAuditLog:
    def __init__(self, session: Session) -> None:
        self._s = session
        self._dialect = session.get_bind().dialect.name

    def append(self, stream: str, actor: str, action: str, case_id: int | None,
               details: dict[str, Any], now: datetime) -> AuditRecord:
        # Runs on every state change: Core statements built once, on the session's
        # connection (the ORM path cost more client CPU than the claim itself).
        conn = self._s.connection()
        head_stmt = _HEAD_LOCKED if self._dialect == "postgresql" else _HEAD
        # Lock the stream head so two writers to one stream cannot fork the chain.
        head = conn.execute(head_stmt, {"s": stream}).first()
        if head is None:
            # A new stream: create its head first, so that two first writers queue on
            # the head's lock instead of both taking seq 1.
            insert_head = (pg_insert if self._dialect == "postgresql" else sqlite_insert)(
                AuditStream
            )
            conn.execute(insert_head.values(stream=stream, seq=0, head_hash=GENESIS)
                         .on_conflict_do_nothing())
            head = conn.execute(head_stmt, {"s": stream}).one()
        seq = head.seq + 1
        prev = head.head_hash
        at = utc(now)
        digest = entry_hash(prev, stream=stream, seq=seq, at=at, actor=actor, action=action,
                            case_id=case_id, details=details)
        entry_id = conn.execute(
            _INSERT_ENTRY,
            {"stream": stream, "seq": seq, "at": at, "actor": actor, "action": action,
             "case_id": case_id, "details": details, "prev_hash": prev, "hash": digest},
        ).scalar_one()
        conn.execute(_MOVE_HEAD, {"s": stream, "new_seq": seq, "new_hash": digest})
        return AuditRecord(entry_id, stream, seq, at, actor, action, case_id, details, prev,
                           digest)

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
