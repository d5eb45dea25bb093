"""The case lifecycle of DESIGN §3 as one explicit state machine.

A case moves between :class:`Status` values only through :class:`Action` s listed in
:data:`TRANSITIONS`. Anything else raises :class:`IllegalTransition`, naming the from
and to statuses and why. Queue membership (which work queue a case waits in) follows
from the status alone, see :func:`queue_stage`.
"""

from __future__ import annotations

from enum import StrEnum

from desktop.domain.errors import IllegalTransition


class Status(StrEnum):
    RECEIVED = "received"
    IN_FIRST_REVIEW = "in_first_review"
    AWAITING_DOUBLE_CHECK = "awaiting_double_check"
    IN_DOUBLE_CHECK = "in_double_check"
    APPROVED = "approved"
    REJECTED = "rejected"
    AWAITING_CORRECTION = "awaiting_correction"
    RESUBMITTED = "resubmitted"
    ON_HOLD = "on_hold"
    WITHDRAWN = "withdrawn"
    NOTICE_PRINTED = "notice_printed"
    ENCLOSURE_CHECKED = "enclosure_checked"
    DISPATCHED = "dispatched"
    CLOSED = "closed"


class Stage(StrEnum):
    """A review stage; each procedure × stage is one work queue."""

    FIRST_REVIEW = "first_review"
    DOUBLE_CHECK = "double_check"


class Action(StrEnum):
    CLAIM = "claim"
    RELEASE = "release"
    APPROVE = "approve"
    REJECT = "reject"
    RETURN = "return"
    SUBMIT_FOR_CHECK = "submit_for_check"
    CONFIRM = "confirm"
    SEND_BACK = "send_back"
    HOLD = "hold"
    RESUME = "resume"
    RESUBMIT = "resubmit"
    WITHDRAW = "withdraw"
    PRINT_NOTICE = "print_notice"
    CHECK_ENCLOSURE = "check_enclosure"
    DISPATCH = "dispatch"
    CLOSE = "close"


STATUS_LABELS_JA: dict[Status, str] = {
    Status.RECEIVED: "受付",
    Status.IN_FIRST_REVIEW: "一次審査中",
    Status.AWAITING_DOUBLE_CHECK: "二次審査待ち",
    Status.IN_DOUBLE_CHECK: "二次審査中",
    Status.APPROVED: "決定（承認）",
    Status.REJECTED: "決定（却下）",
    Status.AWAITING_CORRECTION: "補正待ち",
    Status.RESUBMITTED: "補正再提出",
    Status.ON_HOLD: "保留",
    Status.WITHDRAWN: "取下げ",
    Status.NOTICE_PRINTED: "通知印刷済",
    Status.ENCLOSURE_CHECKED: "封入確認済",
    Status.DISPATCHED: "発送済",
    Status.CLOSED: "完了",
}

_S = Status
_A = Action

#: (from, action) -> to.  Resume from hold is special: it goes back to the status the
#: case was held from, so it is resolved by :func:`resume_target`.
TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (_S.RECEIVED, _A.CLAIM): _S.IN_FIRST_REVIEW,
    (_S.RESUBMITTED, _A.CLAIM): _S.IN_FIRST_REVIEW,
    (_S.IN_FIRST_REVIEW, _A.RELEASE): _S.RECEIVED,
    (_S.IN_FIRST_REVIEW, _A.APPROVE): _S.APPROVED,
    (_S.IN_FIRST_REVIEW, _A.REJECT): _S.REJECTED,
    (_S.IN_FIRST_REVIEW, _A.SUBMIT_FOR_CHECK): _S.AWAITING_DOUBLE_CHECK,
    (_S.IN_FIRST_REVIEW, _A.RETURN): _S.AWAITING_CORRECTION,
    (_S.IN_FIRST_REVIEW, _A.HOLD): _S.ON_HOLD,
    (_S.AWAITING_DOUBLE_CHECK, _A.CLAIM): _S.IN_DOUBLE_CHECK,
    (_S.IN_DOUBLE_CHECK, _A.RELEASE): _S.AWAITING_DOUBLE_CHECK,
    (_S.IN_DOUBLE_CHECK, _A.APPROVE): _S.APPROVED,
    (_S.IN_DOUBLE_CHECK, _A.REJECT): _S.REJECTED,
    (_S.IN_DOUBLE_CHECK, _A.RETURN): _S.AWAITING_CORRECTION,
    (_S.IN_DOUBLE_CHECK, _A.SEND_BACK): _S.RESUBMITTED,
    (_S.IN_DOUBLE_CHECK, _A.HOLD): _S.ON_HOLD,
    (_S.AWAITING_CORRECTION, _A.RESUBMIT): _S.RESUBMITTED,
    (_S.AWAITING_CORRECTION, _A.CLAIM): _S.IN_FIRST_REVIEW,
    (_S.APPROVED, _A.PRINT_NOTICE): _S.NOTICE_PRINTED,
    (_S.REJECTED, _A.PRINT_NOTICE): _S.NOTICE_PRINTED,
    (_S.NOTICE_PRINTED, _A.CHECK_ENCLOSURE): _S.ENCLOSURE_CHECKED,
    (_S.ENCLOSURE_CHECKED, _A.DISPATCH): _S.DISPATCHED,
    (_S.DISPATCHED, _A.CLOSE): _S.CLOSED,
}

#: Statuses a case may be put on hold or withdrawn from (open, undecided work).
_OPEN_UNDECIDED = frozenset(
    {
        _S.RECEIVED,
        _S.IN_FIRST_REVIEW,
        _S.AWAITING_DOUBLE_CHECK,
        _S.IN_DOUBLE_CHECK,
        _S.AWAITING_CORRECTION,
        _S.RESUBMITTED,
        _S.ON_HOLD,
    }
)
for _status in _OPEN_UNDECIDED:
    TRANSITIONS[(_status, _A.WITHDRAW)] = _S.WITHDRAWN
for _status in (_S.RECEIVED, _S.AWAITING_DOUBLE_CHECK, _S.RESUBMITTED, _S.AWAITING_CORRECTION):
    TRANSITIONS[(_status, _A.HOLD)] = _S.ON_HOLD

#: Statuses a held case may resume to: the queue it came from.
_RESUME_TO: dict[Status, Status] = {
    _S.RECEIVED: _S.RECEIVED,
    _S.IN_FIRST_REVIEW: _S.RECEIVED,
    _S.RESUBMITTED: _S.RESUBMITTED,
    _S.AWAITING_DOUBLE_CHECK: _S.AWAITING_DOUBLE_CHECK,
    _S.IN_DOUBLE_CHECK: _S.AWAITING_DOUBLE_CHECK,
    _S.AWAITING_CORRECTION: _S.AWAITING_CORRECTION,
}

#: Which statuses wait in (or are being worked in) which stage's queue.
QUEUED: dict[Stage, tuple[Status, ...]] = {
    Stage.FIRST_REVIEW: (_S.RECEIVED, _S.RESUBMITTED),
    Stage.DOUBLE_CHECK: (_S.AWAITING_DOUBLE_CHECK,),
}
WORKING: dict[Stage, Status] = {
    Stage.FIRST_REVIEW: _S.IN_FIRST_REVIEW,
    Stage.DOUBLE_CHECK: _S.IN_DOUBLE_CHECK,
}

OPEN_STATUSES = frozenset(_OPEN_UNDECIDED | {_S.APPROVED, _S.REJECTED, _S.NOTICE_PRINTED,
                                              _S.ENCLOSURE_CHECKED, _S.DISPATCHED})
DECIDED_STATUSES = frozenset({_S.APPROVED, _S.REJECTED})


def queue_stage(status: Status) -> Stage | None:
    """The stage whose queue a case in *status* belongs to (waiting or being worked)."""
    for stage, statuses in QUEUED.items():
        if status in statuses or WORKING[stage] == status:
            return stage
    return None


def _why(status: Status, action: Action) -> tuple[str, str]:
    if status in (_S.WITHDRAWN, _S.CLOSED):
        return "この案件は終了しています", "the case is finished"
    if action in (_A.APPROVE, _A.REJECT, _A.RETURN, _A.SUBMIT_FOR_CHECK, _A.SEND_BACK):
        return "審査中の案件ではありません", "the case is not under review"
    if action == _A.CLAIM:
        return "キューで待っている案件ではありません", "the case is not waiting in a queue"
    if action == _A.RESUME:
        return "保留中の案件ではありません", "the case is not on hold"
    return "この状態からは行えない操作です", "this action is not possible from this status"


def next_status(status: Status, action: Action, *, held_from: Status | None = None) -> Status:
    """The status after *action*, or :class:`IllegalTransition` saying from what to what and why."""
    if action == _A.RESUME:
        if status == _S.ON_HOLD and held_from in _RESUME_TO:
            return _RESUME_TO[held_from]
    elif (status, action) in TRANSITIONS:
        return TRANSITIONS[(status, action)]
    why_ja, why_en = _why(status, action)
    raise IllegalTransition(
        f"状態「{STATUS_LABELS_JA[status]}」から操作「{action.value}」はできません（{why_ja}）",
        f"cannot {action.value} a case in status {status.value}: {why_en}",
        status=status.value,
        action=action.value,
    )
