"""The unit of work runs on a plain connection and brings in the ORM Session only when a
repository needs it: the claim never does, and what the ORM and the driver write in one
unit of work still commits or rolls back as one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from desktop.app import Services
from desktop.domain.audit import case_stream
from desktop.domain.workflow import Stage, Status
from tests.conftest import FakeClock, Users
from tests.integration.helpers import MOVE_IN, audit_entries, create, current


@pytest.fixture
def orm_begins() -> Iterator[list[object]]:
    """Every ORM Session that begins a transaction while the test runs."""
    begun: list[object] = []

    def note(session: Session, _transaction: Any, _connection: Any) -> None:
        begun.append(session)

    event.listen(Session, "after_begin", note)
    yield begun
    event.remove(Session, "after_begin", note)


def test_a_claim_begins_no_orm_session(services: Services, users: Users,
                                       orm_begins: list[object]) -> None:
    op = users.operator
    case = create(services, op)
    orm_begins.clear()
    claimed = services.queue.claim_next(op, MOVE_IN)
    assert claimed.id == case.id and claimed.status is Status.IN_FIRST_REVIEW
    assert orm_begins == []
    # The claim and its entry are there, and the chain holds.
    assert [e.action for e in audit_entries(services, case_id=case.id)] == ["create", "claim"]
    with services.ctx.uow() as uow:
        assert uow.audit.verify()[1] is None


def test_orm_and_driver_writes_roll_back_and_commit_together(
        services: Services, users: Users, clock: FakeClock) -> None:
    op = users.operator
    case = create(services, op)
    now = clock.now()

    def claim_and_set(uow: Any) -> None:
        assert uow.cases.claim_next(MOVE_IN, Stage.FIRST_REVIEW, op.id or 0, op.name, now,
                                    now, exclude_first_reviewer=False) is not None  # driver
        uow.settings.put("uow-test", {"n": 1})  # ORM

    with services.ctx.uow(write=True) as uow:
        claim_and_set(uow)
    with services.ctx.uow() as uow:
        assert uow.settings.get("uow-test") is None
    assert current(services, case.id).holder_id is None

    with services.ctx.uow(write=True) as uow:
        claim_and_set(uow)
        uow.commit()
    with services.ctx.uow() as uow:
        assert uow.settings.get("uow-test") == {"n": 1}
    assert current(services, case.id).holder_id == op.id


def test_what_a_transaction_learned_ends_with_it(services: Services, users: Users,
                                                 clock: FakeClock) -> None:
    """The claim notes its audit entry (PostgreSQL) or the stream's head (SQLite) for the
    append that follows; after a rollback the same unit of work appends for real, in a
    new transaction that a second rollback undoes as well."""
    op = users.operator
    case = create(services, op)
    now = clock.now()
    stream = case_stream(case.id)
    with services.ctx.uow(write=True) as uow:
        assert uow.cases.claim_next(MOVE_IN, Stage.FIRST_REVIEW, op.id or 0, op.name, now,
                                    now, exclude_first_reviewer=False) is not None
        uow.rollback()
        uow.audit.append(stream, op.name, "claim", case.id, {"note": "undone"}, now)
        uow.rollback()
        entry = uow.audit.append(stream, op.name, "claim", case.id, {"note": "after"}, now)
        uow.commit()
    assert entry.seq == 2
    entries = audit_entries(services, case_id=case.id)
    assert [(e.seq, e.action, e.details) for e in entries] == [
        (1, "create", entries[0].details), (2, "claim", {"note": "after"})]
    assert current(services, case.id).holder_id is None
    with services.ctx.uow() as uow:
        assert uow.audit.verify()[1] is None
