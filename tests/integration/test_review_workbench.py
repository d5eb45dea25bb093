"""Queue rules the operator workbench relies on, on SQLite and PostgreSQL: releasing
someone else's case is refused and audited; a lost lease can be taken back only by the
person who lost it; an empty double-check queue says when four eyes are the reason."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop.app import Services
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.errors import LeaseLost, PermissionDenied, QueueEmpty, RuleViolation
from desktop.domain.permissions import Role
from desktop.domain.workflow import Stage, Status
from tests.conftest import FakeClock, Users
from tests.integration.helpers import (
    COMMUTER,
    MOVE_IN,
    approve_first_review,
    audit_entries,
    create,
    current,
)

LEASE = timedelta(minutes=15)


def test_releasing_someone_elses_case_is_refused_and_audited(services: Services,
                                                             users: Users) -> None:
    a, b = users.operator, users.operator
    create(services, a)
    case = services.queue.claim_next(a, MOVE_IN)
    with pytest.raises(PermissionDenied) as info:
        services.queue.release(b, case.id)
    assert a.name in info.value.message("ja") and a.name in info.value.message("en")
    assert info.value.params == {"case": case.number, "holder": a.name,
                                 "permission": "queue.release_any"}
    after = current(services, case.id)
    assert after.holder_id == a.id and after.version == case.version
    refusal = audit_entries(services, case_id=case.id)[-1]
    assert (refusal.action, refusal.actor, refusal.stream) == (
        "permission_denied", b.name, f"case:{case.id}")
    assert refusal.details == {"permission": "queue.release_any", "action": "release",
                               "holder": a.name}
    _, problem = _verify(services)
    assert problem is None


def test_an_expired_holder_is_still_refused_releasing_a_case_taken_over(
        services: Services, users: Users, clock: FakeClock) -> None:
    a, b = users.operator, users.operator
    create(services, a)
    case = services.queue.claim_next(a, MOVE_IN)
    clock.advance(minutes=16)
    services.queue.claim_next(b, MOVE_IN)
    with pytest.raises(PermissionDenied) as info:
        services.queue.release(a, case.id)
    assert b.name in info.value.message("ja")
    assert current(services, case.id).holder_id == b.id


def test_the_holder_takes_back_an_expired_lease(services: Services, users: Users,
                                                clock: FakeClock) -> None:
    op = users.operator
    create(services, op)
    case = services.queue.claim_next(op, MOVE_IN)
    clock.advance(minutes=20)
    with pytest.raises(LeaseLost):
        services.review.set_checked(op, case.id, "applicant_entries_complete")
    again = services.queue.reclaim(op, case.id)
    assert again.status == Status.IN_FIRST_REVIEW and again.holder_id == op.id
    assert again.lease_expires_at == clock.now() + LEASE
    assert again.version == case.version + 1
    entry = audit_entries(services, case_id=case.id)[-1]
    assert (entry.action, entry.actor, entry.details["reclaimed"]) == ("claim", op.name, True)
    services.review.set_checked(op, case.id, "applicant_entries_complete")  # works again


def test_a_swept_case_goes_back_to_its_last_holder_only(services: Services, users: Users,
                                                        clock: FakeClock) -> None:
    a, b = users.operator, users.operator
    create(services, a)
    case = services.queue.claim_next(a, MOVE_IN)
    clock.advance(minutes=16)
    assert services.queue.sweep_expired_leases() == 1
    assert current(services, case.id).status == Status.RECEIVED
    with pytest.raises(LeaseLost):
        services.queue.reclaim(b, case.id)  # never held it: no picking of cases
    taken = services.queue.reclaim(a, case.id)
    assert taken.status == Status.IN_FIRST_REVIEW and taken.holder_id == a.id


def test_a_case_someone_else_took_cannot_be_taken_back(services: Services, users: Users,
                                                       clock: FakeClock) -> None:
    a, b = users.operator, users.operator
    create(services, a)
    case = services.queue.claim_next(a, MOVE_IN)
    clock.advance(minutes=16)
    services.queue.claim_next(b, MOVE_IN)
    with pytest.raises(LeaseLost) as info:
        services.queue.reclaim(a, case.id)
    assert b.name in info.value.message("ja")
    services.queue.release(b, case.id)  # back in the queue, but b held it last
    with pytest.raises(LeaseLost):
        services.queue.reclaim(a, case.id)
    assert current(services, case.id).holder_id is None


def test_a_decided_case_cannot_be_taken_back(services: Services, users: Users) -> None:
    sv, op = users.supervisor, users.operator
    create(services, op)
    case = services.queue.claim_next(op, MOVE_IN)
    services.review.withdraw(sv, case.id, "申請者から取下げの申出")
    with pytest.raises(RuleViolation) as info:
        services.queue.reclaim(op, case.id)
    assert sv.name in info.value.message("ja")


def test_reclaim_keeps_four_eyes(services: Services, users: Users) -> None:
    first = users.make(Role.CHECKER)
    create(services, first, COMMUTER)
    decided = approve_first_review(services, first, COMMUTER)
    assert decided.status == Status.AWAITING_DOUBLE_CHECK
    with pytest.raises(RuleViolation):
        services.queue.reclaim(first, decided.id)  # last holder, but the first reviewer
    assert current(services, decided.id).holder_id is None


def test_an_operator_cannot_reclaim_into_the_double_check(services: Services,
                                                          users: Users) -> None:
    op, checker = users.operator, users.make(Role.CHECKER)
    create(services, op, COMMUTER)
    decided = approve_first_review(services, op, COMMUTER)
    services.queue.claim_next(checker, COMMUTER, Stage.DOUBLE_CHECK)
    services.queue.release(checker, decided.id)
    with pytest.raises(PermissionDenied):
        services.queue.reclaim(op, decided.id)
    denied = [e for e in audit_entries(services, stream=f"user:{op.name}")
              if e.action == "permission_denied"]
    assert [e.details["permission"] for e in denied] == ["queue.claim.double_check"]


def test_an_empty_double_check_queue_says_when_four_eyes_is_why(services: Services,
                                                                users: Users) -> None:
    first, other = users.make(Role.CHECKER), users.make(Role.CHECKER)
    create(services, first, COMMUTER)
    create(services, first, COMMUTER)
    approve_first_review(services, first, COMMUTER)
    approve_first_review(services, first, COMMUTER)
    with pytest.raises(QueueEmpty) as info:
        services.queue.claim_next(first, COMMUTER, Stage.DOUBLE_CHECK)
    assert info.value.params["own_first_review"] == 2
    assert "一次審査した案件（2件）だけです" in info.value.message("ja")
    assert "someone else must double-check them" in info.value.message("en")
    taken = services.queue.claim_next(other, COMMUTER, Stage.DOUBLE_CHECK)
    services.review.decide(other, taken.id, DecisionRequest(DecisionKind.HOLD, note="確認中"))
    with pytest.raises(QueueEmpty) as info:
        services.queue.claim_next(first, COMMUTER, Stage.DOUBLE_CHECK)
    assert info.value.params["own_first_review"] == 1
    services.queue.claim_next(other, COMMUTER, Stage.DOUBLE_CHECK)
    with pytest.raises(QueueEmpty) as info:  # the last one is being worked by someone
        services.queue.claim_next(first, COMMUTER, Stage.DOUBLE_CHECK)
    assert "own_first_review" not in info.value.params
    assert info.value.message("ja").endswith("に待ちの案件はありません")


def _verify(services: Services) -> tuple[int, object]:
    with services.ctx.uow() as uow:
        return uow.audit.verify()
