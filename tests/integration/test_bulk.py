"""Bulk insertion of cases (seeding, benchmarks): the cases come out exactly as the
one-by-one service would make them — numbered, queued, audited — on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import exc

from desktop.app import Services
from desktop.domain.cases import CaseRecord, NewCase
from desktop.domain.permissions import SYSTEM
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import Stage, Status
from desktop.persistence.bulk import bulk_insert_cases
from desktop.persistence.database import Database
from desktop.services.new_case import build_new_case, case_number_prefix
from tests.conftest import FakeClock, Users

FIELDS: dict[str, object] = {
    "applicant_name": "山田 太郎", "applicant_kana": "ヤマダ タロウ",
    "applicant_birth_date": "昭和30年4月1日", "postal_code": "650-0001",
    "address": "神戸市中央区加納町6丁目5-1", "phone": "078-331-8181",
}
RECEIVED = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)


def _new_cases(procedures: dict[str, Procedure], n: int, *, start: int = 0) -> list[NewCase]:
    codes = sorted(procedures)
    return [
        build_new_case(
            procedures[codes[i % len(codes)]],
            {**FIELDS, "applicant_name": f"山田 {i}号"},
            source="bulk",
            receipt_number=f"B-{i:06d}",
            # A spread of receipt times over four days and three priorities, so the
            # queue order (priority, due date, receipt time) is not the insertion order.
            received_at=RECEIVED + timedelta(minutes=(i * 37) % 5760),
            priority=(i * 7) % 3,
        )
        for i in range(start, start + n)
    ]


def _database(services: Services) -> Database:
    database = services.ctx.uow
    assert isinstance(database, Database)
    return database


def _queue(services: Services, code: str) -> list[CaseRecord]:
    with services.ctx.uow() as uow:
        return list(uow.cases.list_queue(code, Stage.FIRST_REVIEW, 100_000, 0))


def test_bulk_cases_are_numbered_queued_and_audited(
    services: Services, users: Users, clock: FakeClock, procedures: dict[str, Procedure]
) -> None:
    new = _new_cases(procedures, 1000)
    inserted = bulk_insert_cases(_database(services), new, actor="seed", now=clock.now(),
                                 chunk=300)
    assert inserted == 1000

    by_receipt = {n.receipt_number: n for n in new}
    seen: set[int] = set()
    for code in sorted(procedures):
        queue = _queue(services, code)
        assert len(queue) == sum(1 for n in new if n.procedure_code == code)
        for case in queue:
            source = by_receipt[case.receipt_number]
            assert case.number == f"{case_number_prefix(code)}-{case.id:08d}"
            assert case.procedure_code == code
            assert case.status == Status.RECEIVED and case.holder_id is None
            assert case.version == 1 and case.checked == {} and case.flags == ()
            assert case.fields == source.fields
            assert case.applicant_name == source.applicant_name
            assert case.priority == source.priority and case.due_date == source.due_date
            assert case.received_at == source.received_at
            assert case.updated_by_name == "seed"
            seen.add(case.id)
    assert len(seen) == 1000

    report = services.admin.verify_audit(SYSTEM)
    assert report.problem is None
    assert report.entries == 1000
    some = min(seen)
    with services.ctx.uow() as uow:
        (entry,) = uow.audit.for_case(some)
    assert (entry.stream, entry.seq, entry.action, entry.actor) == (f"case:{some}", 1,
                                                                    "create", "seed")

    # The queue hands out the bulk cases in the documented order, and the claim is
    # audited on top of the bulk-written chain.
    code = "flu-free-certificate"
    waiting = [n for n in new if n.procedure_code == code]
    first = min(waiting, key=lambda n: (-n.priority, n.due_date, n.received_at))
    operator = users.operator
    claimed = services.queue.claim_next(operator, code)
    assert claimed.receipt_number == first.receipt_number
    assert claimed.status == Status.IN_FIRST_REVIEW and claimed.holder_id == operator.id
    report = services.admin.verify_audit(SYSTEM)
    assert report.problem is None and report.entries == 1001


def test_bulk_and_one_by_one_creation_share_the_id_space(
    services: Services, users: Users, clock: FakeClock, procedures: dict[str, Procedure]
) -> None:
    operator = users.operator
    before = services.cases.create(operator, "move-in-reservation", dict(FIELDS), source="web",
                                   receipt_number="W-1")
    bulk_insert_cases(_database(services).engine, _new_cases(procedures, 50), actor="seed",
                      now=clock.now())
    after = services.cases.create(operator, "move-in-reservation", dict(FIELDS), source="web",
                                  receipt_number="W-2")
    assert after.id == before.id + 51
    assert after.number == f"MIR-{after.id:08d}"
    ids = {c.id for code in procedures for c in _queue(services, code)}
    assert len(ids) == 52
    assert services.admin.verify_audit(SYSTEM).problem is None


def test_a_failing_chunk_leaves_nothing_half_written(
    services: Services, clock: FakeClock, procedures: dict[str, Procedure]
) -> None:
    new = _new_cases(procedures, 30)
    duplicate = _new_cases(procedures, 1, start=3)  # same source + receipt number as #3
    with pytest.raises(exc.IntegrityError):
        bulk_insert_cases(_database(services), [*new, *duplicate, *_new_cases(procedures, 5,
                                                                                start=100)],
                          actor="seed", now=clock.now(), chunk=20)
    # The first chunk (20 cases) is committed; the second (10 + the duplicate) is not.
    total = sum(len(_queue(services, code)) for code in procedures)
    assert total == 20
    report = services.admin.verify_audit(SYSTEM)
    assert report.problem is None and report.entries == 20


def test_nothing_to_insert(services: Services, clock: FakeClock) -> None:
    assert bulk_insert_cases(_database(services), [], actor="seed", now=clock.now()) == 0
    with pytest.raises(ValueError, match="chunk"):
        bulk_insert_cases(_database(services), [], actor="seed", now=clock.now(), chunk=0)
