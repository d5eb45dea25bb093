"""The claim's fast path (statements on the driver, the audit head read without a lock,
the claim function on PostgreSQL) keeps every guarantee of the slow one: driver errors
come out as the unit of work's errors, a stale audit head never forks a chain, a lost
connection is noticed before the next unit of work, and the function in the database
is the statement in the code."""

from __future__ import annotations

import re
import threading
import time
from datetime import datetime

import psycopg
import pytest
from sqlalchemy import exc
from sqlalchemy.engine import make_url

from desktop.app import Services
from desktop.domain.audit import case_stream, recomputed_hash
from desktop.domain.cases import CaseRecord
from desktop.domain.permissions import Role
from desktop.domain.workflow import Stage
from desktop.persistence.audit_repository import AuditChainConflict
from desktop.persistence.claim_sql import CLAIM_AUDIT_FUNCTION, claim_audit_function_ddl
from desktop.persistence.engine import driver_execute, make_engine, normalise_url
from tests.conftest import FakeClock, Users
from tests.integration.helpers import MOVE_IN, audit_entries, create, current


def _pg_only(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL: SQLite's write lock serialises the two transactions")


def _conninfo(db_url: str) -> str:
    return make_url(normalise_url(db_url)).set(drivername="postgresql").render_as_string(
        hide_password=False)


def test_claim_appends_after_an_entry_written_since_it_read_the_head(
        services: Services, users: Users, clock: FakeClock, db_url: str) -> None:
    """The claim reads the case stream's head without locking it; an entry another
    transaction writes in between is chained before the claim's, not forked: the
    claim waits for that transaction's lock on the head, then chains after its entry."""
    _pg_only(db_url)
    op = users.operator
    case = create(services, op)
    now = clock.now()
    claimed: list[CaseRecord] = []
    with services.ctx.uow(write=True) as viewer:
        viewer.audit.append(case_stream(case.id), "supervisor", "view", case.id, {}, now)
        # The viewer holds the head; the claim takes the case, then waits on the head.
        claimer = threading.Thread(
            target=lambda: claimed.append(services.queue.claim_next(op, MOVE_IN)))
        claimer.start()
        _wait_for_lock_wait(db_url)
        viewer.commit()
    claimer.join(30)
    assert claimed and claimed[0].id == case.id
    entries = audit_entries(services, case_id=case.id)
    assert [(e.seq, e.action) for e in entries] == [(1, "create"), (2, "view"), (3, "claim")]
    assert entries[2].prev_hash == entries[1].hash
    with services.ctx.uow() as uow:
        assert uow.audit.verify()[1] is None


def _wait_for_lock_wait(db_url: str) -> None:
    """Return once some backend of this database waits for a row lock."""
    with psycopg.connect(_conninfo(db_url), autocommit=True) as conn:
        for _ in range(300):
            row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                               "current_database() AND wait_event_type = 'Lock'").fetchone()
            if row and row[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the claim never waited for the audit head")


def test_the_claim_entry_is_the_services_own(services: Services, users: Users,
                                             clock: FakeClock) -> None:
    """On PostgreSQL the claim function writes the claim's entry in SQL; it must be
    byte for byte the entry the service asks for (its hash), names with quotes,
    backslashes, control characters and Japanese included, for a lease takeover too."""
    odd = users.make(Role.OPERATOR, 'o"p\\e\n\tr\x01\x7f—山田')
    other = users.make(Role.OPERATOR, 'o2"\\\b\f\r')
    first = create(services, odd)
    services.queue.claim_next(other, MOVE_IN)
    clock.advance(minutes=16)
    taken = services.queue.claim_next(odd, MOVE_IN)  # the lease of `other` ran out
    assert taken.id == first.id
    entries = audit_entries(services, case_id=first.id)
    assert [e.action for e in entries] == ["create", "claim", "claim"]
    assert entries[1].actor == other.name and entries[2].actor == odd.name
    assert entries[2].details["lease_expired_for"] == other.name
    assert entries[2].details["lease_until"] == (taken.lease_expires_at or datetime.min).isoformat()
    for entry in entries:
        assert recomputed_hash(entry) == entry.hash
    with services.ctx.uow() as uow:
        assert uow.audit.verify()[1] is None


def test_a_claim_entry_other_than_the_services_is_refused(
        services: Services, users: Users, clock: FakeClock, db_url: str) -> None:
    """The entry written with the claim is checked against the one the service asks
    for; if they differ the claim does not commit."""
    _pg_only(db_url)
    op = users.operator
    case = create(services, op)
    now = clock.now()
    with services.ctx.uow(write=True) as uow:
        assert uow.cases.claim_next(MOVE_IN, Stage.FIRST_REVIEW, op.id or 0, op.name, now,
                                    now, exclude_first_reviewer=False) is not None
        with pytest.raises(AuditChainConflict):
            uow.audit.append(case_stream(case.id), op.name, "claim", case.id,
                             {"from": "received"}, now)
    assert current(services, case.id).holder_id is None
    assert [e.seq for e in audit_entries(services, case_id=case.id)] == [1]


def test_two_appends_in_one_transaction_chain_on_each_other(
        services: Services, users: Users, clock: FakeClock) -> None:
    op = users.operator
    case = create(services, op)
    services.queue.claim_next(op, MOVE_IN)
    with services.ctx.uow(write=True) as uow:
        first = uow.audit.append(case_stream(case.id), op.name, "view", case.id, {"n": 1},
                                 clock.now())
        second = uow.audit.append(case_stream(case.id), op.name, "view", case.id, {"n": 2},
                                  clock.now())
        uow.commit()
    assert (first.seq, second.seq) == (3, 4) and second.prev_hash == first.hash
    with services.ctx.uow() as uow:
        assert uow.audit.verify() == (4, None)


def test_a_rolled_back_claim_leaves_no_trace(services: Services, users: Users,
                                             clock: FakeClock) -> None:
    op = users.operator
    case = create(services, op)
    now = clock.now()
    with services.ctx.uow(write=True) as uow:
        assert uow.cases.claim_next(MOVE_IN, Stage.FIRST_REVIEW, op.id or 0, op.name, now, now,
                                    exclude_first_reviewer=False) is not None
        uow.audit.append(case_stream(case.id), op.name, "view", case.id, {}, now)
        uow.rollback()
    again = services.queue.claim_next(op, MOVE_IN)
    assert again.id == case.id and again.version == case.version + 1
    assert [e.seq for e in audit_entries(services, case_id=case.id)] == [1, 2]
    with services.ctx.uow() as uow:
        assert uow.audit.verify()[1] is None


def test_driver_errors_are_sqlalchemy_errors(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        expected = exc.ProgrammingError if db_url.startswith("postgresql") else exc.OperationalError
        with engine.connect() as conn, conn.begin(), pytest.raises(expected):
            driver_execute(conn, "SELECT no_such_column FROM cases")
        with engine.connect() as conn, conn.begin():
            driver_execute(conn, "INSERT INTO settings (key, value) VALUES ('k', '{}')")
            with pytest.raises(exc.IntegrityError):
                driver_execute(conn, "INSERT INTO settings (key, value) VALUES ('k', '{}')")
    finally:
        engine.dispose()


def test_a_killed_connection_is_invalidated_mid_transaction_and_replaced_by_the_ping(
        services: Services, users: Users, db_url: str) -> None:
    _pg_only(db_url)
    op = users.operator
    create(services, op)
    create(services, op)
    engine = make_engine(db_url, pool_size=1)
    try:
        with engine.connect() as conn:
            conn.begin()
            pid = driver_execute(conn, "SELECT pg_backend_pid()").fetchone()[0]
            with psycopg.connect(_conninfo(db_url), autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            with pytest.raises(exc.OperationalError) as raised:
                driver_execute(conn, "SELECT 1")
            assert raised.value.connection_invalidated
    finally:
        engine.dispose()
    # The services' pooled connection dies between two claims: the pre-ping notices
    # and the next claim runs on a new connection.
    services.queue.claim_next(op, MOVE_IN)
    with psycopg.connect(_conninfo(db_url), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                      "AND application_name = 'review-desk'")
    assert services.queue.claim_next(op, MOVE_IN).holder_id == op.id


def test_the_claim_function_in_the_database_is_the_statement_in_the_code(
        db_url: str) -> None:
    """A change to the claim statement needs a new function version and a migration."""
    _pg_only(db_url)
    body = re.search(r"\$claim\$(.*)\$claim\$", claim_audit_function_ddl(), re.S)
    assert body is not None
    with psycopg.connect(_conninfo(db_url)) as conn:
        rows = conn.execute("SELECT proname, prosrc FROM pg_proc WHERE proname LIKE %s",
                            ("review_desk_claim_next%",)).fetchall()
    assert [r[0] for r in rows] == [CLAIM_AUDIT_FUNCTION], \
        f"expected only {CLAIM_AUDIT_FUNCTION}: migration 0013_claim_audit"
    assert rows[0][1] == body.group(1)
