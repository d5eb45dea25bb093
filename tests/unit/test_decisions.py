"""Decision rules (行政手続法 7条・8条, the checklist): what blocks a decision and how the
blockers read. Pure functions over the shipped procedure files."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain.decisions import (
    STAGE_DECISIONS,
    Blocker,
    DecisionKind,
    DecisionRequest,
    blockers,
    validate,
)
from desktop.domain.errors import RuleViolation
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import Stage

FLU = "flu-free-certificate"
TODAY = date(2026, 11, 25)
FR, DC = Stage.FIRST_REVIEW, Stage.DOUBLE_CHECK
K = DecisionKind


@pytest.fixture
def flu(procedures: dict[str, Procedure]) -> Procedure:
    return procedures[FLU]


def _blockers(procedure: Procedure, request: DecisionRequest, *, stage: Stage = FR,
              checked: frozenset[str] | None = None) -> list[Blocker]:
    if checked is None:
        checked = procedure.required_items(stage)
    return blockers(procedure, stage, checked, request, today=TODAY)


def codes(found: list[Blocker]) -> list[str]:
    return [b.code for b in found]


# ----------------------------------------------------------------------------- approve


def test_approve_lists_every_unchecked_required_item(flu: Procedure) -> None:
    required = [i for i in flu.checklist(FR) if i.required]
    assert len(required) >= 2
    found = _blockers(flu, DecisionRequest(K.APPROVE), checked=frozenset())
    assert codes(found) == ["checklist_incomplete"] * len(required)
    for item in required:
        assert sum(item.label in b.message_ja for b in found) == 1, item.key
        assert sum(item.label_en in b.message_en for b in found) == 1, item.key


def test_approve_lists_only_the_missing_items(flu: Procedure) -> None:
    required = sorted(flu.required_items(FR))
    missing = required[1]
    found = _blockers(flu, DecisionRequest(K.APPROVE),
                      checked=frozenset(required) - {missing})
    label = next(i.label for i in flu.checklist(FR) if i.key == missing)
    assert len(found) == 1 and label in found[0].message_ja


def test_approve_allowed_with_required_items_only(flu: Procedure) -> None:
    optional = {i.key for i in flu.checklist(FR) if not i.required}
    assert optional, "the flu checklist has optional items (e.g. proxy_authority)"
    assert _blockers(flu, DecisionRequest(K.APPROVE), checked=flu.required_items(FR)) == []


def test_unknown_ticked_keys_do_not_count_as_required_items(flu: Procedure) -> None:
    found = _blockers(flu, DecisionRequest(K.APPROVE), checked=frozenset({"bogus"}))
    assert len(found) == len(flu.required_items(FR))


def test_confirm_needs_the_double_check_checklist(flu: Procedure) -> None:
    found = _blockers(flu, DecisionRequest(K.CONFIRM), stage=DC, checked=frozenset())
    assert codes(found) == ["checklist_incomplete"] * len(flu.required_items(DC))
    # first-review ticks do not count in the double check
    found = _blockers(flu, DecisionRequest(K.CONFIRM), stage=DC,
                      checked=flu.required_items(FR))
    assert len(found) == len(flu.required_items(DC))
    assert _blockers(flu, DecisionRequest(K.CONFIRM), stage=DC) == []


# ------------------------------------------------------------------------------ reject

REASON = "age_not_eligible"
FACTS = "生年月日 昭和40年5月1日。接種期間中に65歳に達しない。"


def test_reject_without_reason_code(flu: Procedure) -> None:
    found = _blockers(flu, DecisionRequest(K.REJECT, note=FACTS))
    assert codes(found) == ["reason_required"]
    assert "理由コード" in found[0].message_ja and "第8条" in found[0].message_ja
    assert "reason code" in found[0].message_en


@pytest.mark.parametrize("note", ["", "   ", "\u3000\n\t"])
def test_reject_without_facts(flu: Procedure, note: str) -> None:
    found = _blockers(flu, DecisionRequest(K.REJECT, (REASON,), note))
    assert codes(found) == ["facts_required"]
    assert "事実" in found[0].message_ja


def test_reject_without_reason_and_facts_lists_both(flu: Procedure) -> None:
    assert codes(_blockers(flu, DecisionRequest(K.REJECT))) == ["reason_required",
                                                              "facts_required"]


def test_reject_with_unknown_code_names_it(flu: Procedure) -> None:
    found = _blockers(flu, DecisionRequest(K.REJECT, (REASON, "made_up"), FACTS))
    assert codes(found) == ["unknown_code"]
    assert "made_up" in found[0].message_ja and "made_up" in found[0].message_en


def test_reject_with_a_defect_code_is_not_a_refusal_reason(flu: Procedure) -> None:
    defect = flu.defect_codes[0].code
    assert flu.refusal(defect) is None
    assert codes(_blockers(flu, DecisionRequest(K.REJECT, (defect,), FACTS))) == ["unknown_code"]


def test_reject_with_reason_and_facts_is_allowed_without_the_checklist(flu: Procedure) -> None:
    found = _blockers(flu, DecisionRequest(K.REJECT, (REASON,), FACTS), checked=frozenset())
    assert found == []


# ------------------------------------------------------------------------------ return

DEFECT = "missing_documents"


def test_return_without_defect_code(flu: Procedure) -> None:
    found = _blockers(flu, DecisionRequest(K.RETURN, deadline=TODAY + timedelta(days=10)))
    assert codes(found) == ["defect_required"]
    assert "第7条" in found[0].message_ja


def test_return_with_a_refusal_reason_instead_of_a_defect(flu: Procedure) -> None:
    found = _blockers(flu, DecisionRequest(K.RETURN, (REASON,),
                                           deadline=TODAY + timedelta(days=10)))
    assert codes(found) == ["unknown_code"]
    assert REASON in found[0].message_en


@pytest.mark.parametrize("deadline", [TODAY, TODAY - timedelta(days=1), date(2020, 1, 1)])
def test_return_deadline_today_or_past(flu: Procedure, deadline: date) -> None:
    found = _blockers(flu, DecisionRequest(K.RETURN, (DEFECT,), deadline=deadline))
    assert codes(found) == ["deadline_past"]
    assert "after today" in found[0].message_en


def test_return_needs_a_deadline(flu: Procedure) -> None:
    # (the service fills in the SLA default before validating; the rule itself needs one)
    assert codes(_blockers(flu, DecisionRequest(K.RETURN, (DEFECT,)))) == ["deadline_required"]


def test_return_with_defect_and_future_deadline(flu: Procedure) -> None:
    request = DecisionRequest(K.RETURN, (DEFECT, "illegible"), deadline=TODAY + timedelta(days=1))
    assert _blockers(flu, request, checked=frozenset()) == []


# ---------------------------------------------------------------- hold and send back


@pytest.mark.parametrize(("kind", "stage"), [(K.HOLD, FR), (K.HOLD, DC), (K.SEND_BACK, DC)])
@pytest.mark.parametrize("note", ["", " \u3000 "])
def test_hold_and_send_back_need_a_note(flu: Procedure, kind: DecisionKind, stage: Stage,
                                        note: str) -> None:
    found = _blockers(flu, DecisionRequest(kind, note=note), stage=stage, checked=frozenset())
    assert codes(found) == ["note_required"]
    assert "理由" in found[0].message_ja


@pytest.mark.parametrize(("kind", "stage"), [(K.HOLD, FR), (K.HOLD, DC), (K.SEND_BACK, DC)])
def test_hold_and_send_back_with_a_note(flu: Procedure, kind: DecisionKind, stage: Stage) -> None:
    found = _blockers(flu, DecisionRequest(kind, note="委任状の原本確認待ち"), stage=stage,
                      checked=frozenset())
    assert found == []


# ----------------------------------------------------------------------- stage check

NOT_IN_STAGE = [(kind, stage) for stage in Stage for kind in DecisionKind
                if kind not in STAGE_DECISIONS[stage]]


def test_stage_decisions() -> None:
    assert set(STAGE_DECISIONS[FR]) == {K.APPROVE, K.REJECT, K.RETURN, K.HOLD}
    assert set(STAGE_DECISIONS[DC]) == {K.CONFIRM, K.SEND_BACK, K.HOLD}


@pytest.mark.parametrize(("kind", "stage"), NOT_IN_STAGE, ids=str)
def test_decision_not_in_stage(flu: Procedure, kind: DecisionKind, stage: Stage) -> None:
    # a complete request of the wrong stage is refused for that reason alone
    request = DecisionRequest(kind, (REASON,), FACTS, TODAY + timedelta(days=5))
    found = blockers(flu, stage, flu.required_items(FR) | flu.required_items(DC), request,
                     today=TODAY)
    assert codes(found) == ["decision_not_in_stage"]
    assert kind.value in found[0].message_en and stage.value in found[0].message_en
    assert kind.value in found[0].message_ja


# ---------------------------------------------------------------------------- validate


def test_validate_raises_rule_violation_with_every_blocker(flu: Procedure) -> None:
    with pytest.raises(RuleViolation) as info:
        validate(flu, FR, frozenset(), DecisionRequest(K.REJECT, ("nope",)), today=TODAY)
    error = info.value
    assert error.code == "rule_violation"
    assert error.params["blockers"] == ["unknown_code", "facts_required"]
    assert "nope" in error.message("ja") and "事実" in error.message("ja")
    assert "nope" in error.message("en") and "facts" in error.message("en")


def test_validate_returns_when_allowed(flu: Procedure) -> None:
    validate(flu, FR, flu.required_items(FR), DecisionRequest(K.APPROVE), today=TODAY)
