"""Many workstations pulling "next" at once: no case is ever handed to two people and
none is lost (DESIGN §3 Claim, §6a).

Each workstation is a real process (``fork``) with its own engine, opened after the
fork, claiming through :meth:`QueueService.claim_next` until every queue is empty.
PostgreSQL: 64 processes over 20,000 cases (``FOR UPDATE SKIP LOCKED``). SQLite: 8
processes on one file over 20,000 cases (``BEGIN IMMEDIATE`` serialises the claims).

Wall time on the 2-core CI machine while other work ran (load average 30–50): about
105 s for PostgreSQL (client and server CPU, ~4 ms per claim together, on two shared
cores) and 30 s for SQLite. Before held cases left the queue index
(``ix_cases_waiting``) each claim scanned past every case claimed before it: 110–160 s
on PostgreSQL and 161 s on SQLite for the same races.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from desktop.app import services_for
from desktop.domain.cases import NewCase
from desktop.domain.errors import QueueEmpty
from desktop.domain.permissions import SYSTEM, Actor, Role
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import Status
from desktop.persistence.bulk import bulk_insert_cases
from desktop.persistence.database import open_database, upgrade_database
from desktop.services.new_case import build_new_case
from tests.conftest import FakeClock, _truncate_pg

pytestmark = pytest.mark.slow

FIELDS: dict[str, object] = {
    "applicant_name": "山田 太郎", "applicant_kana": "ヤマダ タロウ",
    "applicant_birth_date": "昭和30年4月1日", "postal_code": "650-0001",
    "address": "神戸市中央区加納町6丁目5-1", "phone": "078-331-8181",
}
#: Seconds the children may take to start (all connected), to race, and to exit, before
#: the test fails instead of hanging. Generous: a shared 2-core CI box can be very busy.
START_TIMEOUT = 300
RACE_TIMEOUT = 900
EXIT_TIMEOUT = 120


@dataclass(frozen=True)
class RaceResult:
    claimed: dict[int, list[int]]  # user id -> case ids, in the order that user got them
    seconds: float


def _seed(url: str, procedures: dict[str, Procedure], n_cases: int, n_users: int,
          password_hash: str) -> list[Actor]:
    """*n_users* operators and *n_cases* queued cases over every procedure and three
    priorities; the parent's engine is disposed before any child is forked."""
    clock = FakeClock()
    database = open_database(url)
    try:
        services = services_for(database, procedures, clock, database.label)
        actors = []
        with services.ctx.uow(write=True) as uow:
            for i in range(n_users):
                name = f"ws{i:02d}"
                user = uow.users.add(name, name, Role.OPERATOR, password_hash, clock.now())
                actors.append(Actor(user.id, user.name, user.display_name, user.role))
            uow.commit()
        codes = sorted(procedures)
        base = datetime(2026, 11, 2, tzinfo=UTC)
        new: list[NewCase] = [
            build_new_case(procedures[codes[i % len(codes)]], FIELDS, source="race",
                           receipt_number=f"R-{i:06d}",
                           received_at=base + timedelta(seconds=i * 17 % 86_400),
                           priority=i % 3)
            for i in range(n_cases)
        ]
        assert bulk_insert_cases(database, new, actor="seed", now=clock.now()) == n_cases
    finally:
        database.dispose()
    return actors


def _claim_until_empty(url: str, actor: Actor, procedures: dict[str, Procedure],
                       barrier: Barrier, results: Any) -> None:
    """Child process: its own engine (one connection), then claim until every queue
    is empty. Reports (user id, case ids, traceback or None)."""
    claimed: list[int] = []
    try:
        database = open_database(url, pool_size=1)
        services = services_for(database, procedures, None, database.label)
        barrier.wait(START_TIMEOUT)
        for code in sorted(procedures):
            while True:
                try:
                    case = services.queue.claim_next(actor, code)
                except QueueEmpty:
                    break
                claimed.append(case.id)
        services.close()
        results.put((actor.id, claimed, None))
    except BaseException:
        barrier.abort()  # a child that cannot start fails the race now, not after a timeout
        results.put((actor.id, claimed, traceback.format_exc()))


def _race(url: str, actors: list[Actor], procedures: dict[str, Procedure]) -> RaceResult:
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(len(actors) + 1)
    results = ctx.Queue()
    children = [
        ctx.Process(target=_claim_until_empty, args=(url, a, procedures, barrier, results),
                    name=f"claimer-{a.name}", daemon=True)
        for a in actors
    ]
    for child in children:
        child.start()
    try:
        barrier.wait(START_TIMEOUT)  # every child has its engine: start together
        started = time.perf_counter()
        claimed: dict[int, list[int]] = {}
        errors: list[str] = []
        deadline = started + RACE_TIMEOUT
        for _ in children:
            try:
                user_id, ids, error = results.get(timeout=max(1.0, deadline - time.perf_counter()))
            except queue.Empty:
                pytest.fail(f"claimers still running after {RACE_TIMEOUT} s "
                            f"({len(claimed)} of {len(children)} finished)")
            claimed[user_id] = ids
            if error:
                errors.append(error)
        seconds = time.perf_counter() - started
        assert not errors, f"{len(errors)} claimer(s) failed; first:\n{errors[0]}"
        for child in children:
            child.join(EXIT_TIMEOUT)
        codes = {c.name: c.exitcode for c in children if c.exitcode != 0}
        assert not codes, f"claimers did not exit cleanly (None = still running): {codes}"
    finally:
        for child in children:
            if child.is_alive():
                child.terminate()
                child.join(5)
    return RaceResult(claimed, seconds)


def _assert_each_case_claimed_once(url: str, race: RaceResult, n_cases: int,
                                   procedures: dict[str, Procedure]) -> None:
    got = Counter(case_id for ids in race.claimed.values() for case_id in ids)
    twice = sorted(case_id for case_id, n in got.items() if n > 1)
    assert not twice, f"{len(twice)} cases handed out more than once, e.g. {twice[:10]}"

    database = open_database(url)
    try:
        with database.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT id, status, holder_id, lease_expires_at, version FROM cases"
            )).all()
        assert len(rows) == n_cases
        missing = sorted(r.id for r in rows if r.id not in got)
        assert not missing, f"{len(missing)} cases never claimed, e.g. {missing[:10]}"
        holder_of = {case_id: uid for uid, ids in race.claimed.items() for case_id in ids}
        wrong = [r for r in rows
                 if r.status != Status.IN_FIRST_REVIEW.value or r.holder_id is None
                 or r.holder_id != holder_of[r.id] or r.lease_expires_at is None
                 or r.version != 2]
        assert not wrong, f"{len(wrong)} cases not held as claimed, e.g. {wrong[:5]}"
        # Every claim was audited on its case's chain, and no chain forked.
        services = services_for(database, procedures, None, database.label)
        report = services.admin.verify_audit(SYSTEM)
        assert report.problem is None, report.problem
        assert report.entries == 2 * n_cases
    finally:
        database.dispose()


def _report(label: str, race: RaceResult, n_cases: int) -> None:
    busy = sum(1 for ids in race.claimed.values() if ids)
    print(f"\n{label}: {n_cases} claims by {len(race.claimed)} processes ({busy} got work) "
          f"in {race.seconds:.1f} s = {n_cases / race.seconds:.0f} claims/s")


@pytest.mark.pg
def test_64_workstations_on_postgresql_claim_each_case_once(
    pg_database: str, procedures: dict[str, Procedure], password_hash: str
) -> None:
    n_cases, n_workers = 20_000, 64
    _truncate_pg(pg_database)
    actors = _seed(pg_database, procedures, n_cases, n_workers, password_hash)
    race = _race(pg_database, actors, procedures)
    _report("PostgreSQL", race, n_cases)
    _assert_each_case_claimed_once(pg_database, race, n_cases, procedures)


def test_8_workstations_on_one_sqlite_file_claim_each_case_once(
    tmp_path: Path, procedures: dict[str, Procedure], password_hash: str
) -> None:
    n_cases, n_workers = 20_000, 8
    url = str(tmp_path / "claims.sqlite3")
    upgrade_database(url)
    actors = _seed(url, procedures, n_cases, n_workers, password_hash)
    race = _race(url, actors, procedures)
    _report("SQLite", race, n_cases)
    _assert_each_case_claimed_once(url, race, n_cases, procedures)
