"""Review rules through the service layer, on SQLite and PostgreSQL: checklist, reasons,
returns with a deadline, four eyes, hold/resume/withdraw, permissions, optimistic
locking and the order in which cases are handed out."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from desktop.app import Services
from desktop.domain.business_days import add_business_days
from desktop.domain.cases import CaseRecord
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.errors import (
    ConcurrentChange,
    IllegalTransition,
    InvalidInput,
    LeaseLost,
    PermissionDenied,
    QueueEmpty,
    ReviewDeskError,
    RuleViolation,
)
from desktop.domain.permissions import Actor, Permission, Role
from desktop.domain.workflow import Stage, Status
from desktop.services.context import JST
from desktop.services.new_case import build_new_case
from tests.conftest import FakeClock, Users
from tests.integration.helpers import (
    COMMUTER,
    FLU,
    MOVE_IN,
    approve_first_review,
    audit_entries,
    create,
    current,
    move_in_fields,
    tick_required,
)

K = DecisionKind
FR, DC = Stage.FIRST_REVIEW, Stage.DOUBLE_CHECK
FACTS = "申請書記載の生年月日（昭和40年5月1日）から、接種期間中に65歳に達しない。"


def _claimed(services: Services, actor: Actor, procedure: str = MOVE_IN) -> CaseRecord:
    create(services, actor, procedure)
    return services.queue.claim_next(actor, procedure)


# --------------------------------------------------------------------------- checklist


def test_approve_refused_while_a_required_item_is_unchecked(services: Services,
                                                             users: Users) -> None:
    op = users.operator
    case = _claimed(services, op)
    required = sorted(services.ctx.procedure(MOVE_IN).required_items(FR))
    for item in required[:-1]:
        case = services.review.set_checked(op, case.id, item)
    with pytest.raises(RuleViolation) as info:
        services.review.decide(op, case.id, DecisionRequest(K.APPROVE))
    assert info.value.params["blockers"] == ["checklist_incomplete"]
    label = next(i.label for i in services.ctx.procedure(MOVE_IN).checklist(FR)
                 if i.key == required[-1])
    assert label in info.value.message("ja")
    # nothing changed, nothing decided
    after = current(services, case.id)
    assert after.status == Status.IN_FIRST_REVIEW and after.version == case.version
    assert not [e for e in audit_entries(services, case_id=case.id)
                if e.action.startswith("decide")]

    case = services.review.set_checked(op, case.id, required[-1])
    decided = services.review.decide(op, case.id, DecisionRequest(K.APPROVE))
    assert decided.status == Status.APPROVED
    assert decided.holder_id is None and decided.decided_at == services.ctx.now()


def test_unticking_a_required_item_blocks_approval_again(services: Services,
                                                         users: Users) -> None:
    op = users.operator
    case = tick_required(services, op, _claimed(services, op))
    item = sorted(services.ctx.procedure(MOVE_IN).required_items(FR))[0]
    case = services.review.set_checked(op, case.id, item, checked=False)
    assert item not in case.checked_in(FR)
    with pytest.raises(RuleViolation):
        services.review.decide(op, case.id, DecisionRequest(K.APPROVE))


def test_ticking_an_item_of_another_procedure_is_refused(services: Services,
                                                          users: Users) -> None:
    op = users.operator
    case = _claimed(services, op)
    with pytest.raises(InvalidInput) as info:
        services.review.set_checked(op, case.id, "age_condition")  # a flu item
    assert "age_condition" in info.value.message("en")
    assert current(services, case.id).checked == {}


def test_service_blockers_match_what_decide_refuses(services: Services, users: Users) -> None:
    op = users.operator
    case = _claimed(services, op)
    found = services.review.blockers(case, DecisionRequest(K.APPROVE))
    assert len(found) == len(services.ctx.procedure(MOVE_IN).required_items(FR))
    with pytest.raises(RuleViolation) as info:
        services.review.decide(op, case.id, DecisionRequest(K.APPROVE))
    assert info.value.params["blockers"] == [b.code for b in found]


# ------------------------------------------------------------------------------ reject


@pytest.mark.parametrize(("reasons", "note", "expected"), [
    ((), FACTS, ["reason_required"]),
    (("age_not_eligible",), "", ["facts_required"]),
    (("age_not_eligible",), "  \u3000", ["facts_required"]),
    ((), "", ["reason_required", "facts_required"]),
    (("age_not_eligible", "no_such_reason"), FACTS, ["unknown_code"]),
])
def test_reject_needs_a_reason_code_and_the_facts(services: Services, users: Users,
                                                  reasons: tuple[str, ...], note: str,
                                                  expected: list[str]) -> None:
    op = users.operator
    case = _claimed(services, op, FLU)
    with pytest.raises(RuleViolation) as info:
        services.review.decide(op, case.id, DecisionRequest(K.REJECT, reasons, note))
    assert info.value.params["blockers"] == expected
    assert current(services, case.id).status == Status.IN_FIRST_REVIEW


def test_reject_with_reason_and_facts_is_saved_with_them(services: Services,
                                                         users: Users) -> None:
    op = users.operator
    case = _claimed(services, op, FLU)
    decided = services.review.decide(op, case.id,
                                     DecisionRequest(K.REJECT, ("age_not_eligible",), FACTS))
    # the flu procedure samples cases for the double check
    if decided.status == Status.AWAITING_DOUBLE_CHECK:
        assert decided.pending is not None and decided.pending.kind == "reject"
        assert decided.pending.reasons == ("age_not_eligible",) and decided.pending.note == FACTS
    else:
        assert decided.status == Status.REJECTED
    detail = services.review.show(op, case.id)
    assert [(d.kind, d.reasons, d.note) for d in detail.decisions] == [
        ("reject", ("age_not_eligible",), FACTS)]


# ------------------------------------------------------------------------------ return


def test_return_needs_a_defect_code(services: Services, users: Users) -> None:
    op = users.operator
    case = _claimed(services, op)
    with pytest.raises(RuleViolation) as info:
        services.review.decide(op, case.id, DecisionRequest(K.RETURN))
    assert info.value.params["blockers"] == ["defect_required"]


def _jst_today(clock: FakeClock) -> date:
    return clock.now().astimezone(JST).date()


@pytest.mark.parametrize("utc_time", [
    datetime(2026, 11, 25, 1, 0, tzinfo=UTC),    # Wed 10:00 JST
    datetime(2026, 11, 25, 16, 0, tzinfo=UTC),   # Thu 01:00 JST (still Wednesday in UTC)
    datetime(2026, 12, 25, 6, 0, tzinfo=UTC),    # Fri before the year-end closure
])
def test_return_gets_the_sla_deadline_in_business_days(services: Services, users: Users,
                                                       clock: FakeClock,
                                                       utc_time: datetime) -> None:
    clock.current = utc_time
    op = users.operator
    case = _claimed(services, op, FLU)
    returned = services.review.decide(op, case.id,
                                      DecisionRequest(K.RETURN, ("missing_documents",)))
    days = services.ctx.procedure(FLU).correction_business_days
    expected = add_business_days(_jst_today(clock), days)
    assert returned.status == Status.AWAITING_CORRECTION
    assert returned.correction_deadline == expected
    assert services.review.default_correction_deadline(FLU) == expected
    assert returned.holder_id is None
    assert services.review.show(op, case.id).decisions[0].deadline == expected
    # a returned case waits for the applicant, in no work queue
    with pytest.raises(QueueEmpty):
        services.queue.claim_next(op, FLU)


def test_return_keeps_an_explicit_deadline(services: Services, users: Users,
                                           clock: FakeClock) -> None:
    op = users.operator
    case = _claimed(services, op, FLU)
    deadline = _jst_today(clock) + timedelta(days=30)
    returned = services.review.decide(
        op, case.id, DecisionRequest(K.RETURN, ("illegible", "missing_entries"), "",
                                     deadline))
    assert returned.correction_deadline == deadline


def test_return_deadline_must_be_after_today_in_japan(services: Services, users: Users,
                                                      clock: FakeClock) -> None:
    clock.current = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)  # 26 Nov 01:00 in Japan
    op = users.operator
    case = _claimed(services, op, FLU)
    with pytest.raises(RuleViolation) as info:
        services.review.decide(op, case.id, DecisionRequest(
            K.RETURN, ("illegible",), deadline=date(2026, 11, 26)))
    assert info.value.params["blockers"] == ["deadline_past"]


def test_due_date_counts_business_days_from_the_receipt_day_in_japan(
        services: Services, users: Users) -> None:
    op = users.operator
    received = datetime(2026, 12, 25, 15, 30, tzinfo=UTC)  # Sat 26 Dec 00:30 in Japan
    case = create(services, op, FLU, received_at=received)
    sla = services.ctx.procedure(FLU).sla_business_days
    assert case.due_date == add_business_days(date(2026, 12, 26), sla)
    # 28 Dec, then the closure 29 Dec–3 Jan, then 4–7 Jan
    assert case.due_date == date(2027, 1, 7)


# -------------------------------------------------------------------------- four eyes


def _first_review(services: Services, reviewer: Actor,
                  kind: DecisionKind = K.APPROVE) -> CaseRecord:
    """A commuter-pass case (double check on every case) decided by *reviewer*."""
    create(services, reviewer, COMMUTER)
    case = tick_required(services, reviewer, services.queue.claim_next(reviewer, COMMUTER))
    if kind == K.REJECT:
        request = DecisionRequest(K.REJECT, ("distance_too_short",), "片道1.2km（地図で確認）")
    else:
        request = DecisionRequest(kind)
    return services.review.decide(reviewer, case.id, request)


@pytest.mark.parametrize("kind", [K.APPROVE, K.REJECT])
def test_double_check_confirms_the_first_reviewers_decision(services: Services, users: Users,
                                                            kind: DecisionKind) -> None:
    first, checker = users.make(Role.CHECKER), users.make(Role.CHECKER)
    decided = _first_review(services, first, kind)
    assert decided.status == Status.AWAITING_DOUBLE_CHECK
    assert decided.pending is not None and decided.pending.kind == kind.value
    assert decided.pending.by_name == first.name
    assert decided.decided_at is None

    case = services.queue.claim_next(checker, COMMUTER, DC)
    assert case.id == decided.id and case.status == Status.IN_DOUBLE_CHECK
    with pytest.raises(RuleViolation) as info:  # the double-check checklist first
        services.review.decide(checker, case.id, DecisionRequest(K.CONFIRM))
    assert set(info.value.params["blockers"]) == {"checklist_incomplete"}
    case = tick_required(services, checker, case, DC)
    final = services.review.decide(checker, case.id, DecisionRequest(K.CONFIRM))
    assert final.status == (Status.APPROVED if kind == K.APPROVE else Status.REJECTED)
    assert final.pending is None and final.holder_id is None
    detail = services.review.show(checker, case.id)
    assert [(d.stage, d.kind, d.user_name) for d in detail.decisions] == [
        (FR, kind.value, first.name), (DC, "confirm", checker.name)]


def test_first_reviewer_cannot_claim_the_double_check(services: Services, users: Users) -> None:
    first = users.make(Role.CHECKER)  # has the double-check permission: four eyes must hold
    decided = _first_review(services, first)
    with pytest.raises(QueueEmpty):
        services.queue.claim_next(first, COMMUTER, DC)
    after = current(services, decided.id)
    assert after.status == Status.AWAITING_DOUBLE_CHECK and after.holder_id is None


def test_supervisor_cannot_assign_the_double_check_to_the_first_reviewer(
        services: Services, users: Users) -> None:
    first, sv = users.make(Role.CHECKER), users.supervisor
    decided = _first_review(services, first)
    with pytest.raises(RuleViolation) as info:
        services.queue.assign(sv, decided.id, first.name)
    assert first.name in info.value.message("ja") and decided.number in info.value.message("en")
    after = current(services, decided.id)
    assert after.status == Status.AWAITING_DOUBLE_CHECK and after.holder_id is None
    assert after.version == decided.version


def test_supervisor_who_did_the_first_review_cannot_assign_the_check_to_themselves(
        services: Services, users: Users) -> None:
    sv = users.supervisor
    decided = _first_review(services, sv)
    with pytest.raises(RuleViolation):
        services.queue.assign(sv, decided.id, sv.name)
    with pytest.raises(QueueEmpty):
        services.queue.claim_next(sv, COMMUTER, DC)


def test_first_reviewer_does_not_get_the_check_when_a_lease_expires(
        services: Services, users: Users, clock: FakeClock) -> None:
    first, checker = users.make(Role.CHECKER), users.make(Role.CHECKER)
    decided = _first_review(services, first)
    services.queue.claim_next(checker, COMMUTER, DC)
    clock.advance(minutes=16)
    with pytest.raises(QueueEmpty):
        services.queue.claim_next(first, COMMUTER, DC)
    assert current(services, decided.id).holder_id == checker.id


def test_send_back_returns_the_case_to_first_review(services: Services, users: Users) -> None:
    first, checker = users.make(Role.CHECKER), users.make(Role.CHECKER)
    decided = _first_review(services, first)
    case = services.queue.claim_next(checker, COMMUTER, DC)
    with pytest.raises(RuleViolation) as info:
        services.review.decide(checker, case.id, DecisionRequest(K.SEND_BACK))
    assert info.value.params["blockers"] == ["note_required"]
    back = services.review.decide(checker, case.id,
                                  DecisionRequest(K.SEND_BACK, note="通学距離の根拠が不足"))
    assert back.status == Status.RESUBMITTED
    assert back.pending is None and back.holder_id is None and "sent_back" in back.flags
    # it is first-review work again, for anyone with the first-review permission
    op = users.operator
    again = services.queue.claim_next(op, COMMUTER)
    assert again.id == decided.id and again.status == Status.IN_FIRST_REVIEW


def test_after_a_send_back_the_next_double_check_starts_unticked(
        services: Services, users: Users) -> None:
    first, checker, checker2 = (users.make(Role.CHECKER) for _ in range(3))
    decided = _first_review(services, first)
    case = tick_required(services, checker, services.queue.claim_next(checker, COMMUTER, DC),
                         DC)
    services.review.decide(checker, case.id, DecisionRequest(K.SEND_BACK, note="要再確認"))
    case = services.queue.claim_next(first, COMMUTER)
    redecided = services.review.decide(first, case.id, DecisionRequest(
        K.REJECT, ("distance_too_short",), "片道1.2km"))
    assert redecided.status == Status.AWAITING_DOUBLE_CHECK
    case = services.queue.claim_next(checker2, COMMUTER, DC)
    assert case.id == decided.id
    assert case.checked_in(DC) == frozenset()
    with pytest.raises(RuleViolation):
        services.review.decide(checker2, case.id, DecisionRequest(K.CONFIRM))


# ------------------------------------------------------------------ hold and resume


def test_hold_needs_a_reason_and_resume_returns_to_first_review(services: Services,
                                                                users: Users) -> None:
    op, sv = users.operator, users.supervisor
    case = _claimed(services, op)
    with pytest.raises(RuleViolation):
        services.review.decide(op, case.id, DecisionRequest(K.HOLD, note=" "))
    held = services.review.decide(op, case.id, DecisionRequest(K.HOLD, note="本人に電話確認中"))
    assert held.status == Status.ON_HOLD and held.hold_reason == "本人に電話確認中"
    assert held.held_from == Status.IN_FIRST_REVIEW and held.holder_id is None
    with pytest.raises(QueueEmpty):  # a held case is in no queue
        services.queue.claim_next(op, MOVE_IN)
    with pytest.raises(PermissionDenied):  # resuming is the supervisor's
        services.review.resume(op, case.id)
    resumed = services.review.resume(sv, case.id)
    assert resumed.status == Status.RECEIVED and resumed.hold_reason is None
    assert services.queue.claim_next(op, MOVE_IN).id == case.id


def test_hold_in_double_check_resumes_to_the_double_check_queue(services: Services,
                                                                users: Users) -> None:
    first, checker, checker2 = (users.make(Role.CHECKER) for _ in range(3))
    sv = users.supervisor
    decided = _first_review(services, first)
    case = services.queue.claim_next(checker, COMMUTER, DC)
    held = services.review.decide(checker, case.id, DecisionRequest(K.HOLD, note="口座名義確認"))
    assert held.status == Status.ON_HOLD and held.held_from == Status.IN_DOUBLE_CHECK
    resumed = services.review.resume(sv, case.id)
    assert resumed.status == Status.AWAITING_DOUBLE_CHECK
    assert resumed.pending is not None and resumed.pending.kind == "approve"
    with pytest.raises(QueueEmpty):  # still four eyes after the hold
        services.queue.claim_next(first, COMMUTER, DC)
    case = tick_required(services, checker2, services.queue.claim_next(checker2, COMMUTER, DC),
                         DC)
    final = services.review.decide(checker2, decided.id, DecisionRequest(K.CONFIRM))
    assert final.status == Status.APPROVED


def test_resume_of_a_case_not_on_hold_is_refused(services: Services, users: Users) -> None:
    op, sv = users.operator, users.supervisor
    case = create(services, op)
    with pytest.raises(IllegalTransition) as info:
        services.review.resume(sv, case.id)
    assert "received" in info.value.message("en")


# ---------------------------------------------------------------------------- withdraw


def test_withdraw_takes_the_case_out_of_every_queue(services: Services, users: Users) -> None:
    op, sv = users.operator, users.supervisor
    case = create(services, op)
    with pytest.raises(RuleViolation):
        services.review.withdraw(sv, case.id, "  ")
    with pytest.raises(PermissionDenied):
        services.review.withdraw(op, case.id, "申請者から取下書")
    withdrawn = services.review.withdraw(sv, case.id, "申請者から取下書")
    assert withdrawn.status == Status.WITHDRAWN
    with pytest.raises(QueueEmpty):
        services.queue.claim_next(op, MOVE_IN)
    entry = audit_entries(services, case_id=case.id)[-1]
    assert entry.action == "withdraw" and entry.details["reason"] == "申請者から取下書"
    with pytest.raises(IllegalTransition) as info:  # finished: nothing more happens to it
        services.review.withdraw(sv, case.id, "もう一度")
    assert "finished" in info.value.message("en")


def test_withdraw_while_being_reviewed_stops_the_reviewer(services: Services,
                                                          users: Users) -> None:
    op, sv = users.operator, users.supervisor
    case = tick_required(services, op, _claimed(services, op))
    services.review.withdraw(sv, case.id, "電話で取下げの申出")
    with pytest.raises(ConcurrentChange) as info:
        services.review.decide(op, case.id, DecisionRequest(K.APPROVE), case.version)
    assert sv.name in info.value.message("ja")
    with pytest.raises(LeaseLost):
        services.review.decide(op, case.id, DecisionRequest(K.APPROVE))
    assert current(services, case.id).status == Status.WITHDRAWN


def test_reviewer_of_a_withdrawn_case_is_told_it_was_withdrawn(services: Services,
                                                               users: Users) -> None:
    op, sv = users.operator, users.supervisor
    case = _claimed(services, op)
    services.review.withdraw(sv, case.id, "電話で取下げの申出")
    with pytest.raises(ReviewDeskError) as info:
        services.review.set_checked(op, case.id, "applicant_entries_complete")
    assert "went back to its queue" not in info.value.message("en")
    assert "withdrawn" in info.value.message("en")


def test_decided_cases_cannot_be_withdrawn(services: Services, users: Users) -> None:
    op, sv = users.operator, users.supervisor
    create(services, op)
    decided = approve_first_review(services, op, MOVE_IN)
    with pytest.raises(IllegalTransition):
        services.review.withdraw(sv, decided.id, "取下げ")


# -------------------------------------------------------------------------- permissions


def _denials(services: Services, actor: Actor) -> list[str]:
    return [e.details["permission"] for e in audit_entries(services, stream=f"user:{actor.name}")
            if e.action == "permission_denied" and e.actor == actor.name]


def test_operator_cannot_claim_the_double_check(services: Services, users: Users) -> None:
    first, op = users.make(Role.CHECKER), users.operator
    decided = _first_review(services, first)
    with pytest.raises(PermissionDenied) as info:
        services.queue.claim_next(op, COMMUTER, DC)
    assert op.name in info.value.message("ja")
    assert Permission.CLAIM_DOUBLE_CHECK.value in info.value.message("en")
    assert _denials(services, op) == [Permission.CLAIM_DOUBLE_CHECK.value]
    assert current(services, decided.id).holder_id is None


def test_operator_cannot_assign(services: Services, users: Users) -> None:
    op, other = users.operator, users.operator
    case = create(services, op)
    with pytest.raises(PermissionDenied):
        services.queue.assign(op, case.id, other.name)
    assert _denials(services, op) == [Permission.QUEUE_ASSIGN.value]
    assert current(services, case.id).status == Status.RECEIVED


def test_print_staff_cannot_claim(services: Services, users: Users) -> None:
    printer, op = users.print_staff, users.operator
    case = create(services, op)
    with pytest.raises(PermissionDenied):
        services.queue.claim_next(printer, MOVE_IN)
    assert _denials(services, printer) == [Permission.CLAIM_FIRST_REVIEW.value]
    assert current(services, case.id).status == Status.RECEIVED


def test_operator_cannot_confirm_a_double_check(services: Services, users: Users) -> None:
    op = users.operator
    case = _claimed(services, op)
    with pytest.raises(PermissionDenied):
        services.review.decide(op, case.id, DecisionRequest(K.CONFIRM))
    assert _denials(services, op) == [Permission.DECIDE_DOUBLE_CHECK.value]


def test_admin_cannot_review(services: Services, users: Users) -> None:
    admin, op = users.admin, users.operator
    case = create(services, op)
    with pytest.raises(PermissionDenied):
        services.review.show(admin, case.id)
    with pytest.raises(PermissionDenied):
        services.queue.claim_next(admin, MOVE_IN)
    assert _denials(services, admin) == [Permission.CASE_VIEW.value,
                                         Permission.CLAIM_FIRST_REVIEW.value]
    assert not [e for e in audit_entries(services, case_id=case.id) if e.action == "view"]


# ------------------------------------------------------------------ optimistic locking


def test_stale_version_on_set_checked_names_who_changed_the_case(
        services: Services, users: Users, clock: FakeClock) -> None:
    op, sv = users.operator, users.supervisor
    seen = _claimed(services, op)
    clock.advance(minutes=3)
    services.queue.assign(sv, seen.id, op.name)  # the supervisor touches it meanwhile
    item = sorted(services.ctx.procedure(MOVE_IN).required_items(FR))[0]
    with pytest.raises(ConcurrentChange) as info:
        services.review.set_checked(op, seen.id, item, expected_version=seen.version)
    error = info.value
    stamp = clock.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert sv.name in error.message("ja") and stamp in error.message("ja")
    assert sv.name in error.message("en") and stamp in error.message("en")
    assert error.params["changed_by"] == sv.name
    assert error.params["expected_version"] == seen.version
    assert error.params["current_version"] == seen.version + 1
    assert current(services, seen.id).checked == {}
    # reloading and retrying with the current version works
    fresh = current(services, seen.id)
    assert item in services.review.set_checked(op, seen.id, item,
                                               expected_version=fresh.version).checked_in(FR)


def test_stale_version_on_decide_is_refused(services: Services, users: Users) -> None:
    op = users.operator
    seen = tick_required(services, op, _claimed(services, op))
    item = sorted(services.ctx.procedure(MOVE_IN).required_items(FR))[0]
    newer = services.review.set_checked(op, seen.id, item, checked=False)  # another window
    with pytest.raises(ConcurrentChange) as info:
        services.review.decide(op, seen.id, DecisionRequest(K.APPROVE), seen.version)
    assert op.name in info.value.message("en")
    assert current(services, seen.id).status == Status.IN_FIRST_REVIEW
    assert current(services, seen.id).version == newer.version


# ------------------------------------------------------------------------- claim order


def test_claim_order_priority_then_due_date_then_receipt_time(services: Services,
                                                              users: Users) -> None:
    op = users.operator
    procedure = services.ctx.procedure(MOVE_IN)

    def at(day: int, hour: int) -> datetime:
        return datetime(2026, 11, day, hour, 0, tzinfo=JST)

    # (label, priority, received, due)
    plan = [
        ("R3", 0, at(22, 9), date(2026, 12, 1)),
        ("P", 5, at(24, 16), date(2026, 12, 9)),   # urgent: first despite everything
        ("R2", 0, at(22, 8), date(2026, 12, 1)),
        ("D", 0, at(24, 12), date(2026, 11, 27)),  # received late but due first
        ("R1", 0, at(20, 9), date(2026, 12, 1)),   # same due date: earliest receipt first
    ]
    ids = {}
    with services.ctx.uow(write=True) as uow:
        for n, (label, priority, received, due) in enumerate(plan):
            new = build_new_case(procedure, move_in_fields(), source="web",
                                 receipt_number=f"ORDER-{n}", received_at=received,
                                 priority=priority)
            ids[services.cases.add(uow, op, dataclasses.replace(new, due_date=due),
                                   services.ctx.now()).id] = label
        uow.commit()
    order = [ids[services.queue.claim_next(op, MOVE_IN).id] for _ in plan]
    assert order == ["P", "D", "R1", "R2", "R3"]
    with pytest.raises(QueueEmpty):
        services.queue.claim_next(op, MOVE_IN)


def test_claim_order_through_case_creation(services: Services, users: Users) -> None:
    op = users.operator
    late = create(services, op, received_at=datetime(2026, 11, 24, 9, tzinfo=JST))
    early = create(services, op, received_at=datetime(2026, 11, 24, 8, tzinfo=JST))
    urgent = create(services, op, received_at=datetime(2026, 11, 25, 9, tzinfo=JST),
                    priority=1)
    claimed = [services.queue.claim_next(op, MOVE_IN).id for _ in range(3)]
    assert claimed == [urgent.id, early.id, late.id]


def test_queue_empty_names_the_queue(services: Services, users: Users) -> None:
    with pytest.raises(QueueEmpty) as info:
        services.queue.claim_next(users.operator, FLU)
    assert FLU in info.value.message("ja") and "first_review" in info.value.message("en")


def test_claims_are_per_procedure(services: Services, users: Users) -> None:
    op = users.operator
    flu = create(services, op, FLU)
    create(services, op, MOVE_IN)
    assert services.queue.claim_next(op, FLU).id == flu.id
    with pytest.raises(QueueEmpty):
        services.queue.claim_next(op, FLU)
