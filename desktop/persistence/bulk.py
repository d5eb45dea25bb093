"""Fast insertion of many new cases (seeding, benchmarks, large intake runs).

:meth:`SqlCaseRepository.add` costs an INSERT, an UPDATE (the case number) and a
SELECT per case, plus three audit statements; for 100,000 cases that is minutes.
Here each chunk is one transaction of a handful of ``executemany`` statements:

1. ids are reserved up front — on PostgreSQL from the table's own sequence
   (``nextval``), so concurrent ordinary inserts can never collide with ours; on
   SQLite from ``MAX(id)`` under the write lock the chunk's ``BEGIN IMMEDIATE`` holds —
   so the case number ``PREFIX-00000042`` is written by the INSERT itself;
2. one audit entry per case (``create``, stream ``case:<id>``, seq 1, previous hash
   :data:`GENESIS`) and its ``audit_streams`` head, with the same details
   :meth:`CaseCreationService.add` writes, so ``review-desk audit verify`` stays clean.

Nothing here checks permissions or validates form data: callers are trusted
(administration commands, tests, benchmarks).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, func, insert, select, text

from desktop.domain.audit import GENESIS, case_stream, entry_hash
from desktop.domain.cases import NewCase
from desktop.persistence.engine import WRITE_OPTION
from desktop.persistence.mapping import new_case_values, utc
from desktop.persistence.models import AuditEntry, AuditStream, Case
from desktop.services.new_case import case_number_prefix

DEFAULT_CHUNK = 5000

class _HasEngine(Protocol):
    @property
    def engine(self) -> Engine: ...


def bulk_insert_cases(
    uow_factory_or_engine: Engine | _HasEngine,
    cases: Iterable[NewCase],
    *,
    actor: str,
    now: datetime,
    chunk: int = DEFAULT_CHUNK,
) -> int:
    """Insert *cases* (with their case numbers and ``create`` audit entries) in
    transactions of *chunk* cases; returns how many were inserted.

    *uow_factory_or_engine* is an :class:`~sqlalchemy.Engine` or anything with an
    ``engine`` attribute (:class:`SqlUnitOfWorkFactory`, :class:`Database`). A failing
    chunk rolls back whole; the chunks before it stay committed.
    """
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, not {chunk}")
    engine = (
        uow_factory_or_engine
        if isinstance(uow_factory_or_engine, Engine)
        else uow_factory_or_engine.engine
    )
    at = utc(now)
    total = 0
    for batch in _chunks(cases, chunk):
        # The write option makes SQLite's BEGIN an IMMEDIATE one (see engine.py):
        # MAX(id) below is then read under the database's write lock.
        with engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                ids = _reserve_ids(conn, len(batch))
                _insert_chunk(conn, batch, ids, actor, at)
        total += len(batch)
    return total


def _chunks(items: Iterable[NewCase], size: int) -> Iterator[list[NewCase]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _reserve_ids(conn: Connection, n: int) -> list[int]:
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence('cases', 'id')) "
                "FROM generate_series(1, :n)"
            ),
            {"n": n},
        )
        return sorted(int(r[0]) for r in rows)
    start = int(conn.execute(select(func.coalesce(func.max(Case.id), 0))).scalar_one())
    return list(range(start + 1, start + 1 + n))


def _insert_chunk(conn: Connection, batch: list[NewCase], ids: list[int], actor: str,
                  at: datetime) -> None:
    case_rows: list[dict[str, Any]] = []
    audit_rows: list[dict[str, Any]] = []
    stream_rows: list[dict[str, Any]] = []
    prefixes: dict[str, str] = {}
    for case_id, new in zip(ids, batch, strict=True):
        prefix = prefixes.get(new.procedure_code)
        if prefix is None:
            prefix = prefixes[new.procedure_code] = case_number_prefix(new.procedure_code)
        case_rows.append({
            "id": case_id,
            "number": f"{prefix}-{case_id:08d}",
            **new_case_values(new, actor, at),
            # executemany needs every row to name the same columns
            "held_from": None, "hold_reason": None, "correction_deadline": None,
            "holder_id": None, "lease_expires_at": None, "first_reviewer_id": None,
            "pending_decision": None, "decided_at": None,
        })
        # The same entry CaseCreationService.add writes for one case.
        stream = case_stream(case_id)
        details = {"source": new.source, "receipt_number": new.receipt_number,
                   "status": new.status.value}
        digest = entry_hash(GENESIS, stream=stream, seq=1, at=at, actor=actor, action="create",
                            case_id=case_id, details=details)
        audit_rows.append({
            "stream": stream, "seq": 1, "at": at, "actor": actor, "action": "create",
            "case_id": case_id, "details": details, "prev_hash": GENESIS, "hash": digest,
        })
        stream_rows.append({"stream": stream, "seq": 1, "head_hash": digest})
    conn.execute(insert(Case), case_rows)
    conn.execute(insert(AuditEntry), audit_rows)
    conn.execute(insert(AuditStream), stream_rows)
