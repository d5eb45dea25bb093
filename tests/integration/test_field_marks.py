"""Field marks (✓ / ✗ with a defect note per form field) on SQLite and PostgreSQL: only
the holder marks, at the case's stage; every mark is audited; the checker reads the
first reviewer's marks; hostile text is stored and read back exactly."""

from __future__ import annotations

import pytest

from desktop.app import Services
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.errors import InvalidInput, LeaseLost, PermissionDenied
from desktop.domain.field_marks import MAX_NOTE_LENGTH, Mark
from desktop.domain.storable_text import unstorable_character
from desktop.domain.workflow import Stage, Status
from desktop.services.field_marks import FieldMarkService
from tests.conftest import FakeClock, Users
from tests.integration.helpers import (
    COMMUTER,
    MOVE_IN,
    audit_entries,
    create,
    current,
    tick_required,
)
from tests.naughty import naughty_strings


@pytest.fixture
def marks(services: Services) -> FieldMarkService:
    return FieldMarkService(services.ctx)


def test_a_mark_is_stored_replaced_cleared_and_audited(
        services: Services, users: Users, clock: FakeClock, marks: FieldMarkService) -> None:
    op = users.operator
    create(services, op)
    case = services.queue.claim_next(op, MOVE_IN)
    defect = services.ctx.procedure(MOVE_IN).defect_codes[0].code

    ok = marks.mark_field(op, case.id, "applicant_name", "ok")
    assert ok is not None and (ok.mark, ok.note, ok.marked_by) == (Mark.OK, "", op.name)
    clock.advance(minutes=1)
    ng = marks.mark_field(op, case.id, "address", Mark.NG, "番地の記載がありません", defect)
    assert ng is not None and ng.marked_at == clock.now()
    stored = marks.marks(op, case.id).stage(Stage.FIRST_REVIEW)
    assert {f: (m.mark, m.note, m.code) for f, m in stored.items()} == {
        "applicant_name": (Mark.OK, "", None),
        "address": (Mark.NG, "番地の記載がありません", defect)}
    assert marks.marks(op, case.id).stage(Stage.DOUBLE_CHECK) == {}

    marks.mark_field(op, case.id, "address", "ng", "建物名が抜けています")  # replaces
    assert marks.mark_field(op, case.id, "applicant_name", None) is None  # clears
    stored = marks.marks(op, case.id).stage(Stage.FIRST_REVIEW)
    assert list(stored) == ["address"]
    assert (stored["address"].note, stored["address"].code) == ("建物名が抜けています", None)
    assert current(services, case.id).version == case.version  # the case row is untouched

    logged = [e for e in audit_entries(services, case_id=case.id) if e.action == "field_mark"]
    assert [(e.actor, e.details) for e in logged] == [
        (op.name, {"stage": "first_review", "field": "applicant_name", "mark": "ok",
                   "note": "", "code": None}),
        (op.name, {"stage": "first_review", "field": "address", "mark": "ng",
                   "note": "番地の記載がありません", "code": defect}),
        (op.name, {"stage": "first_review", "field": "address", "mark": "ng",
                   "note": "建物名が抜けています", "code": None}),
        (op.name, {"stage": "first_review", "field": "applicant_name", "mark": None,
                   "note": "", "code": None}),
    ]
    with services.ctx.uow() as uow:
        _, problem = uow.audit.verify()
    assert problem is None


def test_only_the_holder_of_a_live_lease_marks(
        services: Services, users: Users, clock: FakeClock, marks: FieldMarkService) -> None:
    a, b, printer = users.operator, users.operator, users.print_staff
    create(services, a)
    case = services.queue.claim_next(a, MOVE_IN)
    with pytest.raises(LeaseLost):
        marks.mark_field(b, case.id, "address", "ng", "他人の案件")
    with pytest.raises(PermissionDenied):
        marks.mark_field(printer, case.id, "address", "ok")
    clock.advance(minutes=16)  # the lease ran out
    with pytest.raises(LeaseLost):
        marks.mark_field(a, case.id, "address", "ok")
    taken = services.queue.claim_next(b, MOVE_IN)
    assert taken.id == case.id
    marks.mark_field(b, case.id, "address", "ok")
    assert marks.marks(a, case.id).stage(Stage.FIRST_REVIEW)["address"].marked_by == b.name
    assert not [e for e in audit_entries(services, case_id=case.id)
                if e.action == "field_mark" and e.actor == a.name]


def test_bad_fields_marks_codes_and_notes_are_refused(
        services: Services, users: Users, marks: FieldMarkService) -> None:
    op = users.operator
    create(services, op)
    case = services.queue.claim_next(op, MOVE_IN)
    with pytest.raises(InvalidInput) as no_field:
        marks.mark_field(op, case.id, "'; DROP TABLE field_marks; --", "ok")
    assert no_field.value.params["field"] == "'; DROP TABLE field_marks; --"
    with pytest.raises(InvalidInput):
        marks.mark_field(op, case.id, "address", "maybe")
    with pytest.raises(InvalidInput):
        marks.mark_field(op, case.id, "address", "ng", "x", code="no-such-defect")
    with pytest.raises(InvalidInput) as too_long:
        marks.mark_field(op, case.id, "address", "ng", "長" * (MAX_NOTE_LENGTH + 1))
    assert too_long.value.params == {"length": MAX_NOTE_LENGTH + 1, "limit": MAX_NOTE_LENGTH}
    with pytest.raises(InvalidInput):
        marks.mark_field(op, case.id, "address", "ng", "NUL\x00here")
    longest = "長" * MAX_NOTE_LENGTH
    marks.mark_field(op, case.id, "address", "ng", longest)
    assert marks.marks(op, case.id).stage(Stage.FIRST_REVIEW)["address"].note == longest
    assert [e.details["field"] for e in audit_entries(services, case_id=case.id)
            if e.action == "field_mark"] == ["address"]


def test_the_checker_reads_the_first_reviewers_marks_beside_their_own(
        services: Services, users: Users, marks: FieldMarkService) -> None:
    op, checker = users.operator, users.checker
    create(services, op, COMMUTER)
    case = services.queue.claim_next(op, COMMUTER)
    marks.mark_field(op, case.id, "applicant_name", "ok")
    marks.mark_field(op, case.id, "address", "ng", "番地の記載がありません")
    case = tick_required(services, op, case)
    decided = services.review.decide(op, case.id, DecisionRequest(DecisionKind.APPROVE))
    assert decided.status == Status.AWAITING_DOUBLE_CHECK
    with pytest.raises(LeaseLost):  # decided: no longer the operator's to mark
        marks.mark_field(op, case.id, "address", "ok")

    claimed = services.queue.claim_next(checker, COMMUTER, Stage.DOUBLE_CHECK)
    assert claimed.id == case.id
    marks.mark_field(checker, case.id, "address", "ok")
    both = marks.marks(checker, case.id)
    first = both.stage(Stage.FIRST_REVIEW)
    assert {f: (m.mark, m.note, m.marked_by) for f, m in first.items()} == {
        "applicant_name": (Mark.OK, "", op.name),
        "address": (Mark.NG, "番地の記載がありません", op.name)}
    own = both.stage(Stage.DOUBLE_CHECK)
    assert {f: (m.mark, m.marked_by) for f, m in own.items()} == {
        "address": (Mark.OK, checker.name)}


@pytest.mark.slow
def test_naughty_strings_are_stored_and_read_back_unchanged(
        services: Services, users: Users, marks: FieldMarkService) -> None:
    strings = naughty_strings()
    op = users.operator
    create(services, op)
    case = services.queue.claim_next(op, MOVE_IN)
    fields = [f.id for f in services.ctx.procedure(MOVE_IN).fields]
    kept: dict[str, str] = {}
    refused = 0
    for n, text in enumerate(strings):
        text = text[:MAX_NOTE_LENGTH]
        field_id = fields[n % len(fields)]
        if unstorable_character(text) is not None:
            with pytest.raises(InvalidInput):
                marks.mark_field(op, case.id, field_id, "ng", text)
            refused += 1
            continue
        marks.mark_field(op, case.id, field_id, "ng", text)
        kept[field_id] = text
        stored = marks.marks(op, case.id).stage(Stage.FIRST_REVIEW)[field_id]
        assert stored.note == text, n
    assert refused <= 2 and len(strings) - refused > 400
    final = marks.marks(op, case.id).stage(Stage.FIRST_REVIEW)
    assert {f: m.note for f, m in final.items()} == kept


def test_a_resubmission_starts_a_new_round_without_the_old_marks(
        services: Services, users: Users, marks: FieldMarkService) -> None:
    """The ✗ notes of the round that returned the case do not pre-fill the review of
    the corrected application; the audit keeps them and says how many were cleared."""
    op = users.operator
    create(services, op, MOVE_IN)
    case = services.queue.claim_next(op, MOVE_IN)
    defect = services.ctx.procedure(MOVE_IN).defect_codes[0].code
    marks.mark_field(op, case.id, "address", Mark.NG, "番地の記載がありません", defect)
    marks.mark_field(op, case.id, "applicant_name", Mark.OK)
    returned = services.review.decide(op, case.id,
                                      DecisionRequest(DecisionKind.RETURN, (defect,)))
    assert marks.marks(op, case.id).stage(Stage.FIRST_REVIEW) != {}  # kept while waiting
    address = returned.fields["address"] + "-2"
    services.resubmission.resubmit(op, case.id, {"address": address}, channel="phone",
                                   expected_version=returned.version)
    assert marks.marks(op, case.id).stage(Stage.FIRST_REVIEW) == {}
    [entry] = [e for e in audit_entries(services, case_id=case.id) if e.action == "resubmit"]
    assert entry.details["field_marks_cleared"] == 2
