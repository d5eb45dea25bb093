"""The claim's fast path (statements on the driver, the audit head read without a lock,
the claim function on PostgreSQL) keeps every guarantee of the slow one: driver errors
come out as the unit of work's errors, a stale audit head never forks a chain, a lost
connection is noticed before the next unit of work, and the function in the database
is the statement in the code."""

from __future__ import annotations

import re

import psycopg
import pytest
from sqlalchemy import exc
from sqlalchemy.engine import make_url

from desktop.app import Services
from desktop.domain.audit import case_stream
from desktop.domain.workflow import Stage
from desktop.persistence.case_repository import CLAIM_FUNCTION, claim_function_ddl
from desktop.persistence.engine import driver_execute, make_engine, normalise_url
from tests.conftest import FakeClock, Users
from tests.integration.helpers import MOVE_IN, audit_entries, create


def _pg_only(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL: SQLite's write lock serialises the two transactions")


def _conninfo(db_url: str) -> str:
    return make_url(normalise_url(db_url)).set(drivername="postgresql").render_as_string(
        hide_password=False)


def test_claim_appends_after_an_entry_written_since_it_read_the_head(
        services: Services, users: Users, clock: FakeClock, db_url: str) -> None:
    """The claim reads the case stream's head without locking it; an entry another
    transaction commits in between is chained before the claim's, not forked."""
    _pg_only(db_url)
    op = users.operator
    case = create(services, op)
    now = clock.now()
    with services.ctx.uow(write=True) as claiming:
        claimed = claiming.cases.claim_next(MOVE_IN, Stage.FIRST_REVIEW, op.id or 0, op.name,
                                            now, now, exclude_first_reviewer=False)
        assert claimed is not None and claimed.case.id == case.id
        with services.ctx.uow(write=True) as viewer:
            viewer.audit.append(case_stream(case.id), "supervisor", "view", case.id, {}, now)
            viewer.commit()
        record = claiming.audit.append(case_stream(case.id), op.name, "claim", case.id, {},
                                       now)
        claiming.commit()
    entries = audit_entries(services, case_id=case.id)
    assert [(e.seq, e.action) for e in entries] == [(1, "create"), (2, "view"), (3, "claim")]
    assert record.seq == 3 and record.prev_hash == entries[1].hash
    with services.ctx.uow() as uow:
        assert uow.audit.verify()[1] is None


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
        uow.audit.append(case_stream(case.id), op.name, "claim", case.id, {}, now)
        uow.rollback()
    again = services.queue.claim_next(op, MOVE_IN)
    assert again.id == case.id and again.version == case.version + 1
    assert [e.seq for e in audit_entries(services, case_id=case.id)] == [1, 2]


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
    body = re.search(r"\$claim\$(.*)\$claim\$", claim_function_ddl(), re.S)
    assert body is not None
    with psycopg.connect(_conninfo(db_url)) as conn:
        row = conn.execute("SELECT prosrc FROM pg_proc WHERE proname = %s",
                           (CLAIM_FUNCTION,)).fetchone()
    assert row is not None, f"{CLAIM_FUNCTION} is missing: migration 0009_claim_function"
    assert row[0] == body.group(1)
