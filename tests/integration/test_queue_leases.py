"""Claims are leases (DESIGN §3): they expire, can be renewed, released, swept and
reassigned — and no case is ever held by two people or lost."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop.app import Services
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.errors import (
    IllegalTransition,
    LeaseLost,
    NotFound,
    QueueEmpty,
    ReviewDeskError,
    RuleViolation,
)
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
    tick_required,
)

LEASE = timedelta(minutes=15)
ITEM = "applicant_entries_complete"  # a move-in first-review checklist item


def test_claim_is_a_fifteen_minute_lease(services: Services, users: Users,
                                         clock: FakeClock) -> None:
    op = users.operator
    created = create(services, op)
    case = services.queue.claim_next(op, MOVE_IN)
    assert case.id == created.id and case.holder_id == op.id and case.holder_name == op.name
    assert case.lease_expires_at == clock.now() + LEASE
    entry = audit_entries(services, case_id=case.id)[-1]
    assert entry.action == "claim" and entry.actor == op.name
    assert entry.details["from"] == "received" and entry.details["to"] == "in_first_review"
    assert "lease_expired_for" not in entry.details


def test_a_claimed_case_is_not_handed_to_anyone_else(services: Services, users: Users,
                                                     clock: FakeClock) -> None:
    a, b = users.operator, users.operator
    create(services, a)
    services.queue.claim_next(a, MOVE_IN)
    clock.advance(minutes=14)
    with pytest.raises(QueueEmpty):
        services.queue.claim_next(b, MOVE_IN)


def test_expired_lease_goes_to_the_next_claimer_and_the_first_holder_is_told(
        services: Services, users: Users, clock: FakeClock) -> None:
    a, b = users.operator, users.operator
    create(services, a)
    mine = services.queue.claim_next(a, MOVE_IN)
    mine = services.review.set_checked(a, mine.id, ITEM)
    clock.advance(minutes=16)  # A's workstation went away

    theirs = services.queue.claim_next(b, MOVE_IN)
    assert theirs.id == mine.id and theirs.holder_id == b.id
    assert theirs.status == Status.IN_FIRST_REVIEW
    assert ITEM in theirs.checked_in(Stage.FIRST_REVIEW)  # A's work is not lost
    takeover = audit_entries(services, case_id=mine.id)[-1]
    assert takeover.action == "claim" and takeover.actor == b.name
    assert takeover.details["lease_expired_for"] == a.name

    with pytest.raises(LeaseLost) as info:
        services.review.set_checked(a, mine.id, "previous_address_complete")
    assert b.name in info.value.message("ja") and b.name in info.value.message("en")
    assert info.value.params["holder"] == b.name
    with pytest.raises(LeaseLost) as info:
        services.review.decide(a, mine.id, DecisionRequest(DecisionKind.HOLD, note="確認中"))
    assert b.name in info.value.message("en")
    after = current(services, mine.id)
    assert after.holder_id == b.id and after.status == Status.IN_FIRST_REVIEW
    assert after.version == theirs.version


def test_expired_lease_refuses_writes_even_if_nobody_took_the_case(
        services: Services, users: Users, clock: FakeClock) -> None:
    a = users.operator
    create(services, a)
    case = services.queue.claim_next(a, MOVE_IN)
    clock.advance(minutes=15, seconds=1)
    with pytest.raises(LeaseLost) as info:
        services.review.set_checked(a, case.id, ITEM)
    assert info.value.params["holder"] is None
    assert "expired" in info.value.message("en")
    with pytest.raises(LeaseLost):
        services.review.decide(a, case.id, DecisionRequest(DecisionKind.HOLD, note="確認中"))
    assert current(services, case.id).checked == {}
    # and A can simply claim it again
    again = services.queue.claim_next(a, MOVE_IN)
    assert again.id == case.id
    assert audit_entries(services, case_id=case.id)[-1].details["lease_expired_for"] == a.name


def test_renew_lease_extends_it(services: Services, users: Users, clock: FakeClock) -> None:
    a, b = users.operator, users.operator
    create(services, a)
    case = services.queue.claim_next(a, MOVE_IN)
    clock.advance(minutes=10)
    renewed = services.queue.renew_lease(a, case.id)
    assert renewed.lease_expires_at == clock.now() + LEASE
    clock.advance(minutes=10)  # 20 minutes after the claim, 10 after the renewal
    with pytest.raises(QueueEmpty):
        services.queue.claim_next(b, MOVE_IN)
    assert ITEM in services.review.set_checked(a, case.id, ITEM).checked_in(Stage.FIRST_REVIEW)


def test_renew_lease_only_by_the_holder(services: Services, users: Users,
                                        clock: FakeClock) -> None:
    a, b = users.operator, users.operator
    create(services, a)
    case = services.queue.claim_next(a, MOVE_IN)
    with pytest.raises(LeaseLost):
        services.queue.renew_lease(b, case.id)
    clock.advance(minutes=16)
    with pytest.raises(LeaseLost):  # too late: the case is back in the queue
        services.queue.renew_lease(a, case.id)


def test_release_returns_the_case_to_its_queue(services: Services, users: Users) -> None:
    a, b = users.operator, users.operator
    create(services, a)
    case = tick_required(services, a, services.queue.claim_next(a, MOVE_IN))
    released = services.queue.release(a, case.id)
    assert released.status == Status.RECEIVED
    assert released.holder_id is None and released.lease_expires_at is None
    entry = audit_entries(services, case_id=case.id)[-1]
    assert entry.action == "release" and entry.details["previous_holder"] == a.name
    with pytest.raises(LeaseLost):
        services.review.decide(a, case.id, DecisionRequest(DecisionKind.APPROVE))
    taken = services.queue.claim_next(b, MOVE_IN)
    assert taken.id == case.id and taken.checked == case.checked


def test_release_from_double_check_returns_to_the_double_check_queue(
        services: Services, users: Users) -> None:
    first, checker = users.make(Role.CHECKER), users.make(Role.CHECKER)
    create(services, first, COMMUTER)
    decided = approve_first_review(services, first, COMMUTER)
    services.queue.claim_next(checker, COMMUTER, Stage.DOUBLE_CHECK)
    released = services.queue.release(checker, decided.id)
    assert released.status == Status.AWAITING_DOUBLE_CHECK and released.holder_id is None
    assert released.pending is not None


def test_release_of_an_unclaimed_case_is_refused(services: Services, users: Users) -> None:
    sv, op = users.supervisor, users.operator
    case = create(services, op)
    with pytest.raises(RuleViolation):
        services.queue.release(sv, case.id)
    with pytest.raises(LeaseLost):
        services.queue.release(op, case.id)


def test_operator_cannot_release_someone_elses_case(services: Services, users: Users) -> None:
    a, b = users.operator, users.operator
    create(services, a)
    case = services.queue.claim_next(a, MOVE_IN)
    with pytest.raises(ReviewDeskError):
        services.queue.release(b, case.id)
    assert current(services, case.id).holder_id == a.id


def test_sweep_returns_expired_leases_and_counts_them(services: Services, users: Users,
                                                      clock: FakeClock) -> None:
    a, b, c = users.operator, users.operator, users.operator
    first, checker = users.make(Role.CHECKER), users.make(Role.CHECKER)
    for _ in range(3):
        create(services, a)
    create(services, first, COMMUTER)
    in_check = approve_first_review(services, first, COMMUTER)
    expired_1 = services.queue.claim_next(a, MOVE_IN)
    expired_2 = services.queue.claim_next(b, MOVE_IN)
    services.queue.claim_next(checker, COMMUTER, Stage.DOUBLE_CHECK)
    clock.advance(minutes=10)
    kept = services.queue.claim_next(c, MOVE_IN)  # claimed later: still live at the sweep
    clock.advance(minutes=6)

    assert services.queue.sweep_expired_leases() == 3
    assert current(services, expired_1.id).status == Status.RECEIVED
    assert current(services, expired_2.id).status == Status.RECEIVED
    checked = current(services, in_check.id)
    assert checked.status == Status.AWAITING_DOUBLE_CHECK and checked.holder_id is None
    still = current(services, kept.id)
    assert still.holder_id == c.id and still.status == Status.IN_FIRST_REVIEW

    entry = audit_entries(services, case_id=expired_1.id)[-1]
    assert entry.action == "lease_expired" and entry.details["previous_holder"] == a.name
    sweep = [e for e in audit_entries(services, stream="system") if e.action == "lease_sweep"]
    assert len(sweep) == 1
    assert sorted(sweep[0].details["cases"]) == sorted([expired_1.id, expired_2.id, in_check.id])
    assert services.queue.sweep_expired_leases() == 0  # nothing twice
    with pytest.raises(LeaseLost):
        services.review.set_checked(a, expired_1.id, ITEM)
    # every case is somewhere: two back in the queue, one in hand, one awaiting check
    reclaimed = {services.queue.claim_next(b, MOVE_IN).id for _ in range(2)}
    assert reclaimed == {expired_1.id, expired_2.id}


def test_sweep_respects_its_limit(services: Services, users: Users, clock: FakeClock) -> None:
    op = users.operator
    for _ in range(3):
        create(services, op)
        services.queue.claim_next(op, MOVE_IN)
    clock.advance(minutes=20)
    assert services.queue.sweep_expired_leases(limit=2) == 2
    assert services.queue.sweep_expired_leases(limit=2) == 1


# ------------------------------------------------------------------ supervisor actions


def test_supervisor_assigns_a_waiting_case_to_a_named_person(services: Services,
                                                             users: Users,
                                                             clock: FakeClock) -> None:
    sv, op = users.supervisor, users.operator
    case = create(services, op)
    assigned = services.queue.assign(sv, case.id, op.name)
    assert assigned.status == Status.IN_FIRST_REVIEW and assigned.holder_id == op.id
    assert assigned.lease_expires_at == clock.now() + LEASE
    entry = audit_entries(services, case_id=case.id)[-1]
    assert entry.action == "assign" and entry.actor == sv.name
    assert entry.details["to_user"] == op.name and entry.details["previous_holder"] is None
    tick_required(services, op, assigned)
    decided = services.review.decide(op, case.id, DecisionRequest(DecisionKind.APPROVE))
    assert decided.status == Status.APPROVED


def test_supervisor_reassigns_a_case_someone_holds(services: Services, users: Users) -> None:
    sv, a, b = users.supervisor, users.operator, users.operator
    create(services, a)
    case = services.queue.claim_next(a, MOVE_IN)
    reassigned = services.queue.assign(sv, case.id, b.name)
    assert reassigned.holder_id == b.id and reassigned.status == Status.IN_FIRST_REVIEW
    assert audit_entries(services, case_id=case.id)[-1].details["previous_holder"] == a.name
    with pytest.raises(LeaseLost) as info:
        services.review.set_checked(a, case.id, ITEM)
    assert b.name in info.value.message("ja")
    assert ITEM in services.review.set_checked(b, case.id, ITEM).checked_in(Stage.FIRST_REVIEW)


def test_supervisor_releases_someone_elses_case(services: Services, users: Users) -> None:
    sv, a, b = users.supervisor, users.operator, users.operator
    create(services, a)
    case = services.queue.claim_next(a, MOVE_IN)
    released = services.queue.release(sv, case.id)
    assert released.status == Status.RECEIVED and released.holder_id is None
    entry = audit_entries(services, case_id=case.id)[-1]
    assert entry.action == "release" and entry.actor == sv.name
    assert entry.details["previous_holder"] == a.name
    with pytest.raises(LeaseLost):
        services.review.set_checked(a, case.id, ITEM)
    assert services.queue.claim_next(b, MOVE_IN).id == case.id


def test_assign_refuses_unknown_people_and_wrong_roles(services: Services,
                                                       users: Users) -> None:
    sv, op, printer, admin = users.supervisor, users.operator, users.print_staff, users.admin
    case = create(services, op)
    with pytest.raises(NotFound) as missing:
        services.queue.assign(sv, case.id, "nobody")
    assert "nobody" in missing.value.message("en")
    for person in (printer, admin):
        with pytest.raises(RuleViolation):
            services.queue.assign(sv, case.id, person.name)
    # an operator has no double-check permission
    first = users.make(Role.CHECKER)
    create(services, first, COMMUTER)
    decided = approve_first_review(services, first, COMMUTER)
    with pytest.raises(RuleViolation) as info:
        services.queue.assign(sv, decided.id, op.name)
    assert "double_check" in info.value.message("en")
    assert current(services, case.id).status == Status.RECEIVED


def test_assign_refuses_cases_that_are_not_review_work(services: Services,
                                                       users: Users) -> None:
    sv, op = users.supervisor, users.operator
    create(services, op)
    decided = approve_first_review(services, op, MOVE_IN)
    with pytest.raises(IllegalTransition):
        services.queue.assign(sv, decided.id, op.name)


def test_returned_case_past_its_deadline_is_assigned_to_a_person(
        services: Services, users: Users, clock: FakeClock) -> None:
    # DESIGN §3: correction deadline passed → a human decides (never auto-reject)
    sv, op = users.supervisor, users.operator
    create(services, op)
    case = services.queue.claim_next(op, MOVE_IN)
    returned = services.review.decide(
        op, case.id, DecisionRequest(DecisionKind.RETURN, ("contact_missing",)))
    clock.advance(days=30)
    assert services.queue.sweep_expired_leases() == 0
    assert current(services, case.id).status == Status.AWAITING_CORRECTION  # not rejected
    assigned = services.queue.assign(sv, returned.id, op.name)
    assert assigned.status == Status.IN_FIRST_REVIEW and assigned.holder_id == op.id
