"""Two workstations printing the same procedure at once: every case printed once,
document numbers never shared and never skipped (both databases; PostgreSQL is the one
that matters for a floor of workstations)."""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.app import Services, services_for
from desktop.domain.procedures import Procedure
from desktop.persistence.database import Database, open_database
from desktop.persistence.notice_uow import SqlNoticeUnitOfWorkFactory
from desktop.services.notice_batch import BatchOutput, BatchResult, BatchSelection
from tests.conftest import FakeClock, Users
from tests.notices import samples
from tests.notices.workflow import decided


@pytest.fixture
def workstations(db_url: str, clock: FakeClock,
                 procedures: dict[str, Procedure]) -> Iterator[list[Services]]:
    opened: list[Database] = [open_database(db_url) for _ in range(2)]
    yield [services_for(db, procedures, clock, db.label) for db in opened]
    for db in opened:
        db.dispose()


def _seq(number: str) -> int:
    return int(re.sub(r"\D", "", number))


def test_two_workstations_never_share_or_skip_a_number(
        services: Services, users: Users, workstations: list[Services],
        tmp_path: Path) -> None:
    op, checker = users.operator, users.checker
    printers = [users.print_staff, users.print_staff]
    cases = [decided(services, op, checker, samples.MOVE_IN, "approve",
                     postal_code=f"65{i % 10}-00{i:02d}") for i in range(24)]
    results: list[BatchResult] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def print_batch(k: int) -> None:
        try:
            start.wait()
            results.append(workstations[k].notices.run_batch(
                printers[k], BatchSelection(samples.MOVE_IN),
                BatchOutput(directory=tmp_path / f"ws{k}", max_sheets_per_file=3)))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=print_batch, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    printed = [p for r in results for p in r.printed]
    assert sorted(p.case_id for p in printed) == sorted(c.id for c in cases)  # each once
    numbers = sorted(_seq(p.document_number) for p in printed)
    assert numbers == list(range(numbers[0], numbers[0] + len(cases)))  # no gap, no repeat
    skipped = [s for r in results for s in r.skipped]
    assert all(s.code in ("taken", "changed") for s in skipped), skipped


def test_number_blocks_under_contention_with_rollbacks(db_url: str) -> None:
    """Many writers taking numbers at once, some rolling back: what is committed is a
    run of consecutive numbers without a gap and without a repeat."""
    dbs = [open_database(db_url) for _ in range(4)]
    factories = [SqlNoticeUnitOfWorkFactory(db.engine, db.label) for db in dbs]
    taken: list[int] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def worker(k: int) -> None:
        rng = random.Random(k)
        try:
            for _ in range(15):
                with factories[k](write=True) as uow:
                    count = rng.randint(1, 3)
                    first = uow.notices.allocate("concurrency-test", 2026, count)
                    if rng.random() < 0.3:
                        uow.rollback()
                        continue
                    uow.commit()
                with lock:
                    taken.extend(range(first, first + count))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for db in dbs:
        db.dispose()
    assert errors == []
    start = min(taken)  # the sequence table is not emptied between tests on PostgreSQL
    assert sorted(taken) == list(range(start, start + len(taken)))
