"""The summary tables behind the dashboard: their triggers exist at head, every write path
keeps them equal to a recount (bulk insert, intake-style COPY, hand-written SQL, deletes),
and a claim leaves them untouched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from desktop.app import Services
from desktop.domain.cases import NewCase
from desktop.domain.workflow import Status
from desktop.persistence import summary_triggers
from desktop.persistence.bulk import bulk_insert_cases
from desktop.persistence.engine import make_engine
from desktop.services.new_case import build_new_case
from tests.conftest import FakeClock, Users
from tests.integration.dashboard_helpers import assert_summaries_match, stored
from tests.integration.helpers import FIELDS, FLU, MOVE_IN, create, raw_connection


def test_every_trigger_is_installed_at_head(db_url: str) -> None:
    engine = make_engine(db_url)
    dialect = engine.dialect.name
    with engine.connect() as conn:
        if dialect == "sqlite":
            names = conn.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars().all()
        else:
            names = conn.execute(text(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars().all()
    engine.dispose()
    assert set(summary_triggers.TRIGGERS[dialect]) <= set(names)


def _new_cases(services: Services, n: int, status: Status = Status.RECEIVED) -> list[NewCase]:
    base = datetime(2026, 11, 2, 14, 30, tzinfo=UTC)  # 23:30 in Japan: the next day there
    procedure = services.ctx.procedure(FLU)
    out = []
    for i in range(n):
        new = build_new_case(procedure, FIELDS[FLU](), source="bulk",
                             receipt_number=f"B-{status.value}-{i}",
                             received_at=base + timedelta(hours=7 * i), priority=i % 3)
        out.append(NewCase(**{**new.__dict__, "status": status}))
    return out


def test_bulk_insert_keeps_the_summaries(services: Services, db_url: str) -> None:
    bulk_insert_cases(services.ctx.uow, _new_cases(services, 250), actor="seed",  # type: ignore[arg-type]
                      now=datetime(2026, 11, 25, tzinfo=UTC), chunk=100)
    bulk_insert_cases(services.ctx.uow, _new_cases(services, 20, Status.WITHDRAWN),  # type: ignore[arg-type]
                      actor="seed", now=datetime(2026, 11, 25, tzinfo=UTC))
    assert_summaries_match(db_url)
    counts, flow = stored(db_url)
    assert sum(n for (p, g, _r, _d), n in counts.items() if g == "first_review") == 250
    assert sum(n for (_p, _d, k), n in flow.items() if k == "resolved") == 20


def test_intake_import_keeps_the_summaries(services: Services, users: Users, db_url: str,
                                           tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.intake.helpers import flu_row, write_csv  # the intake tests' own writer

    rows = [flu_row(**{"受付日時": f"2026-11-{10 + i % 10:02d} {i % 24:02d}:15"})
            for i in range(40)]
    path = write_csv(tmp_path / "export.csv", rows)
    report = services.intake.import_file(users.supervisor, path, FLU)
    assert report.batch.imported == 40
    assert_summaries_match(db_url)


def test_a_claim_leaves_the_counters_alone(services: Services, users: Users,
                                           db_url: str) -> None:
    create(services, users.supervisor)
    before = stored(db_url)
    services.queue.claim_next(users.operator, MOVE_IN)
    assert stored(db_url) == before


def test_hand_written_sql_and_deletes_are_counted(services: Services, users: Users,
                                                   db_url: str) -> None:
    sv = users.supervisor
    cases = [create(services, sv) for _ in range(4)]
    with raw_connection(db_url) as conn:
        conn.execute(text("UPDATE cases SET due_date = due_date + 3 WHERE id = :i")
                     if conn.dialect.name == "postgresql" else
                     text("UPDATE cases SET due_date = date(due_date, '+3 days') WHERE id = :i"),
                     {"i": cases[0].id})
        conn.execute(text("UPDATE cases SET status = 'withdrawn', stage = NULL WHERE id = :i"),
                     {"i": cases[1].id})
        conn.execute(text("UPDATE cases SET status = 'on_hold', stage = NULL, "
                          "held_from = 'received' WHERE id = :i"), {"i": cases[2].id})
        for table in ("audit_log", "case_links"):
            conn.execute(text(f"DELETE FROM {table} WHERE case_id = :i"), {"i": cases[3].id})
        conn.execute(text("DELETE FROM cases WHERE id = :i"), {"i": cases[3].id})
    assert_summaries_match(db_url)
    counts, _ = stored(db_url)
    by_group: dict[str, int] = {}
    for (_p, g, _r, _d), n in counts.items():
        by_group[g] = by_group.get(g, 0) + n
    assert by_group == {"first_review": 1, "done": 1, "on_hold": 1}


def test_rebuild_gives_what_the_triggers_kept(services: Services, users: Users,
                                              clock: FakeClock, db_url: str) -> None:
    sv = users.supervisor
    for _ in range(3):
        create(services, sv)
        clock.advance(days=1)
    services.queue.claim_next(users.operator, MOVE_IN)
    kept = stored(db_url)
    with raw_connection(db_url) as conn:
        summary_triggers.rebuild(lambda sql: conn.execute(text(sql)), conn.dialect.name)
    assert stored(db_url) == kept


@pytest.mark.pg
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_truncate_empties_the_summaries(services: Services, users: Users, db_url: str) -> None:
    create(services, users.supervisor)
    with raw_connection(db_url) as conn:
        conn.execute(text("TRUNCATE audit_log, audit_streams, decisions, cases CASCADE"))
    assert stored(db_url) == ({}, {})
