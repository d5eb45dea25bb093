"""Decision rules: what a reviewer must have done before a decision can be saved.

:func:`blockers` lists what is missing (the UI shows it on a disabled button);
:func:`validate` raises :class:`RuleViolation` with the same list. Both are pure.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop.domain.errors import RuleViolation
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import Action, Stage


class DecisionKind(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    RETURN = "return"
    HOLD = "hold"
    CONFIRM = "confirm"
    SEND_BACK = "send_back"


#: Which decisions each stage offers.
STAGE_DECISIONS: dict[Stage, tuple[DecisionKind, ...]] = {
    Stage.FIRST_REVIEW: (
        DecisionKind.APPROVE,
        DecisionKind.REJECT,
        DecisionKind.RETURN,
        DecisionKind.HOLD,
    ),
    Stage.DOUBLE_CHECK: (DecisionKind.CONFIRM, DecisionKind.SEND_BACK, DecisionKind.HOLD),
}

ACTION_OF: dict[DecisionKind, Action] = {
    DecisionKind.APPROVE: Action.APPROVE,
    DecisionKind.REJECT: Action.REJECT,
    DecisionKind.RETURN: Action.RETURN,
    DecisionKind.HOLD: Action.HOLD,
    DecisionKind.SEND_BACK: Action.SEND_BACK,
}


@dataclass(frozen=True)
class DecisionRequest:
    """What the reviewer chose: the kind, reason or defect codes, facts/note, deadline."""

    kind: DecisionKind
    reasons: tuple[str, ...] = ()
    note: str = ""
    deadline: date | None = None


@dataclass(frozen=True)
class Blocker:
    """One thing that stops a decision; ``code`` is stable, the texts are for people."""

    code: str
    message_ja: str
    message_en: str


def blockers(
    procedure: Procedure,
    stage: Stage,
    checked: Collection[str],
    request: DecisionRequest,
    *,
    today: date,
) -> list[Blocker]:
    """Everything that keeps *request* from being saved at *stage* (empty: allowed)."""
    found: list[Blocker] = []
    kind = request.kind
    if kind not in STAGE_DECISIONS[stage]:
        found.append(
            Blocker(
                "decision_not_in_stage",
                f"「{kind.value}」はこの段階（{stage.value}）では選べません",
                f"{kind.value} is not a decision of the {stage.value} stage",
            )
        )
        return found
    if kind in (DecisionKind.APPROVE, DecisionKind.CONFIRM):
        missing = sorted(procedure.required_items(stage) - set(checked))
        for key in missing:
            item = next(i for i in procedure.checklist(stage) if i.key == key)
            found.append(
                Blocker(
                    "checklist_incomplete",
                    f"必須の確認項目「{item.label}」が未チェックです",
                    f"required checklist item '{item.label_en}' is not checked",
                )
            )
    if kind == DecisionKind.REJECT:
        if not request.reasons:
            found.append(
                Blocker(
                    "reason_required",
                    "却下には理由コードが1つ以上必要です（行政手続法第8条）",
                    "a rejection needs at least one reason code (Administrative Procedure Act art. 8)",
                )
            )
        found += _unknown_codes(request.reasons, {r.code for r in procedure.refusal_reasons})
        if not request.note.strip():
            found.append(
                Blocker(
                    "facts_required",
                    "却下には理由となる事実の記載が必要です",
                    "a rejection needs the facts that support the reasons",
                )
            )
    if kind == DecisionKind.RETURN:
        if not request.reasons:
            found.append(
                Blocker(
                    "defect_required",
                    "補正依頼には不備項目が1つ以上必要です（行政手続法第7条）",
                    "a return for correction needs at least one defect code (art. 7)",
                )
            )
        found += _unknown_codes(request.reasons, {d.code for d in procedure.defect_codes})
        if request.deadline is None:
            found.append(
                Blocker("deadline_required", "補正期限が必要です", "a correction deadline is needed")
            )
        elif request.deadline <= today:
            found.append(
                Blocker(
                    "deadline_past",
                    "補正期限は明日以降の日付にしてください",
                    "the correction deadline must be after today",
                )
            )
    if kind in (DecisionKind.HOLD, DecisionKind.SEND_BACK) and not request.note.strip():
        found.append(
            Blocker(
                "note_required",
                "保留・差戻しには理由の記載が必要です",
                "putting on hold or sending back needs a written reason",
            )
        )
    return found


def _unknown_codes(codes: Collection[str], known: set[str]) -> list[Blocker]:
    return [
        Blocker("unknown_code", f"理由コード「{c}」はこの手続にありません",
                f"code '{c}' is not defined for this procedure")
        for c in codes
        if c not in known
    ]


def validate(
    procedure: Procedure,
    stage: Stage,
    checked: Collection[str],
    request: DecisionRequest,
    *,
    today: date,
) -> None:
    """Raise :class:`RuleViolation` listing every blocker, or return when allowed."""
    found = blockers(procedure, stage, checked, request, today=today)
    if found:
        raise RuleViolation(
            "／".join(b.message_ja for b in found),
            "; ".join(b.message_en for b in found),
            blockers=[b.code for b in found],
        )
