"""Supervisor actions from the dashboard: release, reassign one or many, priority —
permission-checked and audited in the service, refused on a stale version."""

from __future__ import annotations

import pytest

from desktop.app import Services
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.errors import (
    ConcurrentChange,
    InvalidInput,
    LeaseLost,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from desktop.domain.permissions import Role
from desktop.domain.workflow import Stage, Status
from desktop.services.supervision import CaseRef
from tests.conftest import FakeClock, Users
from tests.integration.dashboard_helpers import assert_summaries_match
from tests.integration.helpers import (
    COMMUTER,
    MOVE_IN,
    actions,
    audit_entries,
    create,
    current,
    tick_required,
)


def test_release_puts_a_held_case_back_and_is_audited(services: Services, users: Users) -> None:
    sv, op = users.supervisor, users.operator
    case = create(services, sv)
    held = services.queue.claim_next(op, MOVE_IN)
    released = services.dashboard.supervision.release(sv, CaseRef(held.id, held.version))
    assert (released.status, released.holder_id, released.lease_expires_at) == (
        Status.RECEIVED, None, None)
    entry = audit_entries(services, case_id=case.id)[-1]
    assert (entry.actor, entry.action) == (sv.name, "release")
    assert entry.details["previous_holder"] == op.name and entry.details["by_supervisor"]
    with pytest.raises(LeaseLost):
        services.review.decide(op, case.id, DecisionRequest(DecisionKind.HOLD, note="x"))


def test_release_of_a_changed_case_names_who_changed_it(services: Services,
                                                       users: Users) -> None:
    sv, op = users.supervisor, users.operator
    create(services, sv)
    held = services.queue.claim_next(op, MOVE_IN)
    tick_required(services, op, held)  # the case moves on while the supervisor looks
    with pytest.raises(ConcurrentChange, match=op.name):
        services.dashboard.supervision.release(sv, CaseRef(held.id, held.version))
    assert current(services, held.id).holder_id == op.id


def test_operators_cannot_supervise_and_the_refusal_is_audited(services: Services,
                                                               users: Users) -> None:
    sv, op = users.supervisor, users.operator
    case = create(services, sv)
    supervision = services.dashboard.supervision
    with pytest.raises(PermissionDenied):
        supervision.release(op, CaseRef(case.id))
    with pytest.raises(PermissionDenied):
        supervision.reassign(op, [CaseRef(case.id)], op.name)
    with pytest.raises(PermissionDenied):
        supervision.set_priority(op, CaseRef(case.id), 3)
    denied = [e.details["permission"] for e in audit_entries(services, stream=f"user:{op.name}")
              if e.action == "permission_denied"]
    assert denied == ["queue.release_any", "queue.assign", "case.priority"]
    assert current(services, case.id).priority == 0


def test_reassign_many_moves_what_it_can_and_reports_the_rest(services: Services,
                                                             users: Users, db_url: str) -> None:
    sv, op1, checker = users.supervisor, users.operator, users.checker
    other_checker = users.make(Role.CHECKER)
    waiting = create(services, sv)
    held = create(services, sv)
    services.queue.claim_next(op1, MOVE_IN)             # op1 holds "waiting" (first)
    checked = create(services, sv, COMMUTER)
    claimed = services.queue.claim_next(checker, COMMUTER)
    tick_required(services, checker, claimed)
    services.review.decide(checker, checked.id, DecisionRequest(DecisionKind.APPROVE))
    stale = current(services, held.id)
    services.dashboard.supervision.set_priority(sv, CaseRef(held.id, stale.version), 2)

    report = services.dashboard.supervision.reassign(
        sv, [CaseRef(waiting.id), CaseRef(checked.id), CaseRef(held.id, stale.version)],
        checker.name)
    assert [c.id for c in report.moved] == [waiting.id]
    refused = {r.case_id: r.error for r in report.refused}
    assert isinstance(refused[checked.id], RuleViolation)      # four eyes
    assert isinstance(refused[held.id], ConcurrentChange)      # changed since seen
    moved = current(services, waiting.id)
    assert (moved.holder_name, moved.status) == (checker.name, Status.IN_FIRST_REVIEW)
    entry = audit_entries(services, case_id=waiting.id)[-1]
    assert (entry.actor, entry.action, entry.details["to_user"],
            entry.details["previous_holder"]) == (sv.name, "assign", checker.name, op1.name)

    again = services.dashboard.supervision.reassign(sv, [CaseRef(checked.id)],
                                                    other_checker.name)
    assert [c.status for c in again.moved] == [Status.IN_DOUBLE_CHECK]
    assert_summaries_match(db_url)


def test_reassign_refuses_a_role_that_cannot_work_the_stage(services: Services,
                                                           users: Users) -> None:
    sv, op, checker = users.supervisor, users.operator, users.checker
    case = create(services, sv, COMMUTER)
    claimed = services.queue.claim_next(checker, COMMUTER)
    tick_required(services, checker, claimed)
    services.review.decide(checker, case.id, DecisionRequest(DecisionKind.APPROVE))
    report = services.dashboard.supervision.reassign(sv, [CaseRef(case.id)], op.name)
    assert report.moved == [] and report.refused[0].number == case.number
    assert "double_check" in report.refused[0].error.message("en")
    with pytest.raises(NotFound):
        services.dashboard.supervision.reassign(sv, [CaseRef(case.id)], "nobody")
    assert actions(services, case.id)["assign"] == 0


def test_handling_time_starts_at_the_assignment(services: Services, users: Users,
                                                clock: FakeClock) -> None:
    sv, op = users.supervisor, users.operator
    case = create(services, sv)
    services.dashboard.supervision.reassign(sv, [CaseRef(case.id)], op.name)
    clock.advance(minutes=7)
    services.review.decide(op, case.id, DecisionRequest(DecisionKind.RETURN,
                                                        ("contact_missing",)))
    person = next(o for o in services.dashboard.snapshot(sv).operators if o.name == op.name)
    assert (person.today.decided, person.today.median_handling_seconds) == (1, 420)


def test_priority_changes_the_claim_order_and_is_audited(services: Services,
                                                         users: Users) -> None:
    sv, op = users.supervisor, users.operator
    first = create(services, sv)
    second = create(services, sv)
    updated = services.dashboard.supervision.set_priority(sv, CaseRef(second.id, 1), 5)
    assert updated.priority == 5 and updated.version == 2
    entry = audit_entries(services, case_id=second.id)[-1]
    assert (entry.action, entry.details) == ("priority", {"from": 0, "to": 5})
    assert services.queue.claim_next(op, MOVE_IN).id == second.id
    with pytest.raises(InvalidInput):
        services.dashboard.supervision.set_priority(sv, CaseRef(first.id), 10)
    with pytest.raises(ConcurrentChange):
        services.dashboard.supervision.set_priority(sv, CaseRef(second.id, 1), 1)


def test_priority_of_a_decided_case_is_refused(services: Services, users: Users) -> None:
    sv, op = users.supervisor, users.operator
    case = create(services, sv)
    claimed = services.queue.claim_next(op, MOVE_IN)
    tick_required(services, op, claimed)
    services.review.decide(op, case.id, DecisionRequest(DecisionKind.APPROVE))
    with pytest.raises(RuleViolation):
        services.dashboard.supervision.set_priority(sv, CaseRef(case.id), 3)


def test_assignees_are_the_active_reviewers(services: Services, users: Users) -> None:
    sv, op, checker = users.supervisor, users.operator, users.checker
    users.make(Role.PRINT_STAFF)
    people = {a.name: a.stages for a in services.dashboard.supervision.assignees(sv)}
    assert people[op.name] == (Stage.FIRST_REVIEW,)
    assert people[checker.name] == (Stage.FIRST_REVIEW, Stage.DOUBLE_CHECK)
    assert sv.name in people and len(people) == 3
