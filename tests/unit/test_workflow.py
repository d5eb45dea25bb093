"""The case lifecycle (DESIGN §3) as a state machine: what is allowed, what is refused
and how the refusal reads, where a held case resumes, and which queue a status is in.

The expected table below is written from the design brief, not copied from the code:
a transition the code adds or drops shows up here as a failure.
"""

from __future__ import annotations

import itertools

import pytest

from desktop.domain.errors import IllegalTransition
from desktop.domain.workflow import (
    STATUS_LABELS_JA,
    Action,
    Stage,
    Status,
    next_status,
    queue_stage,
)

S, A = Status, Action

#: Undecided work a case can be put on hold from / withdrawn from (DESIGN §3 side paths).
_WITHDRAWABLE = (S.RECEIVED, S.IN_FIRST_REVIEW, S.AWAITING_DOUBLE_CHECK, S.IN_DOUBLE_CHECK,
                 S.AWAITING_CORRECTION, S.RESUBMITTED, S.ON_HOLD)
_HOLDABLE = (S.RECEIVED, S.IN_FIRST_REVIEW, S.AWAITING_DOUBLE_CHECK, S.IN_DOUBLE_CHECK,
             S.AWAITING_CORRECTION, S.RESUBMITTED)

EXPECTED: dict[tuple[Status, Action], Status] = {
    # main line: received → first review → (double check) → decided → printed → … → closed
    (S.RECEIVED, A.CLAIM): S.IN_FIRST_REVIEW,
    (S.IN_FIRST_REVIEW, A.RELEASE): S.RECEIVED,
    (S.IN_FIRST_REVIEW, A.APPROVE): S.APPROVED,
    (S.IN_FIRST_REVIEW, A.REJECT): S.REJECTED,
    (S.IN_FIRST_REVIEW, A.SUBMIT_FOR_CHECK): S.AWAITING_DOUBLE_CHECK,
    (S.IN_FIRST_REVIEW, A.RETURN): S.AWAITING_CORRECTION,
    (S.AWAITING_DOUBLE_CHECK, A.CLAIM): S.IN_DOUBLE_CHECK,
    (S.IN_DOUBLE_CHECK, A.RELEASE): S.AWAITING_DOUBLE_CHECK,
    (S.IN_DOUBLE_CHECK, A.APPROVE): S.APPROVED,
    (S.IN_DOUBLE_CHECK, A.REJECT): S.REJECTED,
    (S.IN_DOUBLE_CHECK, A.RETURN): S.AWAITING_CORRECTION,
    (S.IN_DOUBLE_CHECK, A.SEND_BACK): S.RESUBMITTED,
    (S.APPROVED, A.PRINT_NOTICE): S.NOTICE_PRINTED,
    (S.REJECTED, A.PRINT_NOTICE): S.NOTICE_PRINTED,
    (S.NOTICE_PRINTED, A.CHECK_ENCLOSURE): S.ENCLOSURE_CHECKED,
    (S.ENCLOSURE_CHECKED, A.DISPATCH): S.DISPATCHED,
    (S.DISPATCHED, A.CLOSE): S.CLOSED,
    # correction: returned → resubmitted → first review again; past the deadline a
    # person takes the returned case (never an automatic rejection)
    (S.AWAITING_CORRECTION, A.RESUBMIT): S.RESUBMITTED,
    (S.AWAITING_CORRECTION, A.CLAIM): S.IN_FIRST_REVIEW,
    (S.RESUBMITTED, A.CLAIM): S.IN_FIRST_REVIEW,
    **{(s, A.HOLD): S.ON_HOLD for s in _HOLDABLE},
    **{(s, A.WITHDRAW): S.WITHDRAWN for s in _WITHDRAWABLE},
}

ALL_PAIRS = list(itertools.product(Status, Action))
ILLEGAL = [(s, a) for s, a in ALL_PAIRS if (s, a) not in EXPECTED and a != A.RESUME]


@pytest.mark.parametrize(("status", "action"), sorted(EXPECTED), ids=lambda v: v.value)
def test_allowed_transition(status: Status, action: Action) -> None:
    assert next_status(status, action) == EXPECTED[(status, action)]


@pytest.mark.parametrize(("status", "action"), ILLEGAL, ids=lambda v: v.value)
def test_illegal_transition_names_status_and_action(status: Status, action: Action) -> None:
    with pytest.raises(IllegalTransition) as info:
        next_status(status, action)
    error = info.value
    assert error.code == "illegal_transition"
    # Japanese: the status as staff know it (受付, 保留 …) and the action
    assert STATUS_LABELS_JA[status] in error.message("ja")
    assert action.value in error.message("ja")
    # English: the status code and the action
    assert status.value in error.message("en")
    assert action.value in error.message("en")
    assert error.params == {"status": status.value, "action": action.value}


@pytest.mark.parametrize("status", [S.WITHDRAWN, S.CLOSED])
def test_finished_cases_say_they_are_finished(status: Status) -> None:
    for action in Action:
        with pytest.raises(IllegalTransition) as info:
            next_status(status, action, held_from=S.RECEIVED)
        assert "finished" in info.value.message("en")
        assert "終了" in info.value.message("ja")


def test_no_decision_outside_review() -> None:
    with pytest.raises(IllegalTransition) as info:
        next_status(S.RECEIVED, A.APPROVE)
    assert "not under review" in info.value.message("en")
    assert "審査中の案件ではありません" in info.value.message("ja")


def test_the_double_check_has_no_confirm_transition_of_its_own() -> None:
    # "confirm" resolves to the first reviewer's approve/reject (see the service tests)
    for status in Status:
        with pytest.raises(IllegalTransition):
            next_status(status, A.CONFIRM)


# ------------------------------------------------------------------------------ resume

RESUME_TO = {
    S.RECEIVED: S.RECEIVED,
    S.IN_FIRST_REVIEW: S.RECEIVED,  # the first-review queue; the lease is gone
    S.RESUBMITTED: S.RESUBMITTED,
    S.AWAITING_DOUBLE_CHECK: S.AWAITING_DOUBLE_CHECK,
    S.IN_DOUBLE_CHECK: S.AWAITING_DOUBLE_CHECK,  # back to the double-check queue
    S.AWAITING_CORRECTION: S.AWAITING_CORRECTION,
}


@pytest.mark.parametrize("held_from", list(RESUME_TO), ids=lambda v: v.value)
def test_resume_goes_back_to_the_queue_it_was_held_from(held_from: Status) -> None:
    resumed = next_status(S.ON_HOLD, A.RESUME, held_from=held_from)
    assert resumed == RESUME_TO[held_from]
    # and that status waits in the same stage's queue as before the hold (if any)
    assert queue_stage(resumed) == queue_stage(held_from)


@pytest.mark.parametrize("held_from", [None, S.APPROVED, S.ON_HOLD, S.WITHDRAWN, S.CLOSED])
def test_resume_refused_without_a_queue_to_go_back_to(held_from: Status | None) -> None:
    with pytest.raises(IllegalTransition) as info:
        next_status(S.ON_HOLD, A.RESUME, held_from=held_from)
    assert "resume" in info.value.message("en")
    assert STATUS_LABELS_JA[S.ON_HOLD] in info.value.message("ja")


@pytest.mark.parametrize("status", [s for s in Status if s != S.ON_HOLD], ids=lambda v: v.value)
def test_resume_refused_when_not_on_hold(status: Status) -> None:
    with pytest.raises(IllegalTransition) as info:
        next_status(status, A.RESUME, held_from=S.RECEIVED)
    assert status.value in info.value.message("en")
    assert "resume" in info.value.message("en")
    assert STATUS_LABELS_JA[status] in info.value.message("ja")


# --------------------------------------------------------------------------- queue_stage

STAGE_OF = {
    S.RECEIVED: Stage.FIRST_REVIEW,
    S.RESUBMITTED: Stage.FIRST_REVIEW,
    S.IN_FIRST_REVIEW: Stage.FIRST_REVIEW,
    S.AWAITING_DOUBLE_CHECK: Stage.DOUBLE_CHECK,
    S.IN_DOUBLE_CHECK: Stage.DOUBLE_CHECK,
}


@pytest.mark.parametrize("status", list(Status), ids=lambda v: v.value)
def test_queue_stage(status: Status) -> None:
    # Returned, held, decided and finished cases are in no work queue.
    assert queue_stage(status) == STAGE_OF.get(status)


def test_every_status_has_a_japanese_label() -> None:
    assert set(STATUS_LABELS_JA) == set(Status)
    assert len(set(STATUS_LABELS_JA.values())) == len(Status)
