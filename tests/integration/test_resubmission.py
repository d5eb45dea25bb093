"""Resubmission (補正再提出): a returned case gets corrected values and goes back to first
review with the diff in its history; bad values, a wrong status, a stale version and a
missing permission change nothing."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest

from desktop.app import Services
from desktop.domain.cases import CaseRecord
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.errors import (
    ConcurrentChange,
    IllegalTransition,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from desktop.domain.permissions import Actor
from desktop.domain.workflow import Status
from desktop.services.new_case import CaseCreationService
from desktop.services.queue import QueueService
from desktop.services.resubmission import (
    RESUBMITTED_FLAG,
    InvalidCorrection,
    ResubmissionService,
    resubmissions,
)
from desktop.services.review import ReviewService
from tests.conftest import PASSWORD, Users
from tests.integration.helpers import FLU, audit_entries, create, current
from tests.naughty import naughty_strings
from tests.number_procedure import number_procedure, with_procedure

EXTRA = ["\x00", "山田\x00太郎", "\ud800", "a\r\nb", "\ufeff山田", "\u202e逆順", "<b>太字</b>",
         "㍿" * 60, "ﾔﾏﾀﾞ"]
VALID = "123456789018"
VALID_2 = "000000000019"


def returned_case(services: Services, op: Actor, procedure: str = FLU,
                  **fields: Any) -> CaseRecord:
    """A case of *procedure* claimed by *op* and returned for correction."""
    create(services, op, procedure, **fields)
    case = services.queue.claim_next(op, procedure)
    return services.review.decide(op, case.id,
                                  DecisionRequest(DecisionKind.RETURN, ("missing_entries",)))


def test_corrections_go_back_to_first_review_with_a_diff(services: Services,
                                                         users: Users) -> None:
    op = users.operator
    case = returned_case(services, op)
    assert case.status == Status.AWAITING_CORRECTION and case.correction_deadline
    result = services.resubmission.resubmit(
        op, case.id, {"address": "神戸市中央区加納町6丁目5-2", "phone": "078-331-8182",
                      "postal_code": "650-0001", "other_certificate": "生活保護受給証明書"},
        channel="phone", note="電話で本人確認済み", expected_version=case.version)
    updated = result.case
    assert updated.status == Status.RESUBMITTED
    assert updated.number == case.number and updated.version == case.version + 1
    assert RESUBMITTED_FLAG in updated.flags
    assert updated.correction_deadline is None and updated.checked == {}
    assert updated.fields["address"] == "神戸市中央区加納町6丁目5-2"
    assert updated.fields["other_certificate"] == "生活保護受給証明書"
    # postal_code was sent unchanged: not a change
    assert [(c.field_id, c.before, c.after) for c in result.resubmission.changes] == [
        ("address", "神戸市中央区加納町6丁目5-1", "神戸市中央区加納町6丁目5-2"),
        ("phone", "078-331-8181", "078-331-8182"),
        ("other_certificate", None, "生活保護受給証明書"),
    ]
    [entry] = [r for r in audit_entries(services, case_id=case.id) if r.action == "resubmit"]
    assert entry.actor == op.name
    assert entry.details["from"] == "awaiting_correction"
    assert entry.details["to"] == "resubmitted"
    assert entry.details["channel"] == "phone" and entry.details["note"] == "電話で本人確認済み"
    # the history a reviewer sees carries the same diff
    detail = services.review.show(op, case.id)
    [seen] = resubmissions(detail.history)
    assert seen.changes == result.resubmission.changes and seen.actor == op.name
    [listed] = services.documents.resubmissions(op, case.id)
    assert listed.changes == seen.changes
    # and the case is in the first-review queue again, claimable
    again = services.queue.claim_next(users.operator, FLU)
    assert again.id == case.id and again.status == Status.IN_FIRST_REVIEW


def test_an_emptied_optional_field_and_a_corrected_identity(services: Services,
                                                            users: Users) -> None:
    op = users.operator
    case = returned_case(services, op, other_certificate="障害者手帳")
    result = services.resubmission.resubmit(
        op, case.id, {"other_certificate": "", "applicant_name": "山田 次郎",
                      "applicant_kana": "ﾔﾏﾀﾞ ｼﾞﾛｳ", "applicant_birth_date": "S31.5.2"},
        channel="paper")
    updated = result.case
    assert "other_certificate" not in updated.fields
    assert updated.fields["applicant_kana"] == "ﾔﾏﾀﾞ ｼﾞﾛｳ"  # kept as written
    assert updated.applicant_name == "山田 次郎"
    assert updated.kana_key.replace(" ", "") == "ヤマダジロウ"
    assert updated.birth_date is not None and updated.birth_date.isoformat() == "1956-05-02"
    changed = {c.field_id: (c.before, c.after) for c in result.resubmission.changes}
    assert changed["other_certificate"] == ("障害者手帳", None)
    assert changed["applicant_name"] == ("山田 太郎", "山田 次郎")


def test_bad_values_are_all_listed_and_nothing_changes(services: Services,
                                                       users: Users) -> None:
    op = users.operator
    case = returned_case(services, op)
    with pytest.raises(InvalidCorrection) as info:
        services.resubmission.resubmit(
            op, case.id, {"phone": "電話なし", "applicant_kana": "山田", "applicant_name": "",
                          "no_such_field": "x", "application_route": "伝書鳩"},
            channel="online")
    fields = sorted(p["field"] for p in info.value.params["problems"])
    assert fields == sorted(["application_route", "applicant_kana", "applicant_name",
                             "no_such_field", "phone"])
    assert "電話番号" in info.value.message_ja
    after = current(services, case.id)
    assert (after.status, after.version, after.fields) == (case.status, case.version,
                                                           case.fields)
    assert "resubmit" not in {r.action for r in audit_entries(services, case_id=case.id)}


def test_only_a_case_awaiting_correction_can_be_resubmitted(services: Services,
                                                            users: Users) -> None:
    op = users.operator
    received = create(services, op)
    with pytest.raises(IllegalTransition) as info:
        services.resubmission.resubmit(op, received.id, {"address": "別の住所"}, channel="phone")
    assert "補正待ち" not in info.value.message_ja and "受付" in info.value.message_ja
    claimed = services.queue.claim_next(op, received.procedure_code)
    with pytest.raises(IllegalTransition):
        services.resubmission.resubmit(op, claimed.id, {"address": "別の住所"}, channel="phone")
    case = returned_case(services, op)
    services.resubmission.resubmit(op, case.id, {"address": "別の住所"}, channel="phone")
    with pytest.raises(IllegalTransition):  # twice: it is resubmitted already
        services.resubmission.resubmit(op, case.id, {"address": "また別の住所"},
                                       channel="phone")
    assert current(services, received.id).fields["address"] != "別の住所"
    with pytest.raises(NotFound):
        services.resubmission.resubmit(op, 999_999, {"address": "x"}, channel="phone")


def test_a_stale_version_is_refused_naming_who_changed_it(services: Services,
                                                          users: Users) -> None:
    op = users.operator
    case = returned_case(services, op)
    sv = users.supervisor
    with services.ctx.uow(write=True) as uow:
        changed = uow.cases.update(case.id, case.version, {"priority": 5}, sv.name,
                                   services.ctx.now())
        uow.commit()
    with pytest.raises(ConcurrentChange) as info:
        services.resubmission.resubmit(op, case.id, {"address": "別の住所"}, channel="phone",
                                       expected_version=case.version)
    assert sv.name in info.value.message_ja
    assert current(services, case.id).version == changed.version
    ok = services.resubmission.resubmit(op, case.id, {"address": "別の住所"}, channel="phone",
                                        expected_version=changed.version)
    assert ok.case.status == Status.RESUBMITTED


def test_permission_channel_note_and_nothing_to_do(services: Services, users: Users) -> None:
    op = users.operator
    case = returned_case(services, op)
    printer = users.print_staff
    with pytest.raises(PermissionDenied):
        services.resubmission.resubmit(printer, case.id, {"address": "x"}, channel="phone")
    assert any(r.action == "permission_denied" and r.actor == printer.name
               for r in audit_entries(services))
    with pytest.raises(InvalidInput):
        services.resubmission.resubmit(op, case.id, {"address": "x"}, channel="fax")
    with pytest.raises(InvalidInput):
        services.resubmission.resubmit(op, case.id, {"address": "x"}, channel="phone",
                                       note="\x00")
    with pytest.raises(RuleViolation):
        services.resubmission.resubmit(op, case.id, {"address": case.fields["address"]},
                                       channel="phone")
    assert current(services, case.id).status == Status.AWAITING_CORRECTION


def test_corrected_documents_are_attached(services: Services, users: Users,
                                          tmp_path: Path) -> None:
    from desktop.services.attachments import FileAttachmentStore

    store = FileAttachmentStore(tmp_path / "store")
    ctx = dataclasses.replace(services.ctx, attachments=store)
    op = users.operator
    case = returned_case(services, op)
    scan = tmp_path / "委任状.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    bad = tmp_path / "notes.txt"
    bad.write_text("not a document", encoding="utf-8")
    service = ResubmissionService(ctx)
    with pytest.raises(InvalidCorrection) as info:
        service.resubmit(op, case.id, {}, channel="counter", attachments=[bad])
    assert info.value.params["problems"][0]["code"] == "attachment_type"
    result = service.resubmit(op, case.id, {}, channel="counter", attachments=[scan])
    assert result.resubmission.changes == () and len(result.resubmission.attachments) == 1
    with ctx.uow() as uow:
        [stored] = uow.cases.attachments(case.id)
    assert stored.file_name == "委任状.png" and store.read(stored.sha256) == scan.read_bytes()


@pytest.fixture
def numbered(services: Services, tmp_path: Path) -> Services:
    """The services with a copy of the flu procedure that holds an individual number."""
    procedure = number_procedure(tmp_path)
    ctx = with_procedure(services.ctx, procedure)
    return dataclasses.replace(services, ctx=ctx, queue=QueueService(ctx),
                               review=ReviewService(ctx), cases=CaseCreationService(ctx))


def test_the_individual_number_is_recorded_only_masked(numbered: Services,
                                                       users: Users) -> None:
    from tests.integration.helpers import flu_fields

    op = users.operator
    numbered.cases.create(op, "number-test", flu_fields() | {"individual_number": VALID},
                          source="paper", receipt_number="N-1")
    case = numbered.queue.claim_next(op, "number-test")
    case = numbered.review.decide(op, case.id,
                                  DecisionRequest(DecisionKind.RETURN, ("missing_entries",)))
    service = ResubmissionService(numbered.ctx)
    with pytest.raises(InvalidCorrection) as info:
        service.resubmit(op, case.id, {"individual_number": "123456789012"}, channel="phone")
    assert "123456789012" not in json.dumps(info.value.params, ensure_ascii=False)
    assert "123456789012" not in info.value.message_ja
    result = service.resubmit(op, case.id, {"individual_number": "0000 0000 0019"},
                              channel="phone")
    assert result.case.fields["individual_number"] == VALID_2
    [change] = result.resubmission.changes
    assert (change.before, change.after, change.masked) == ("********9018", "********0019",
                                                            True)
    history = json.dumps([r.details for r in audit_entries(numbered, case_id=case.id)],
                         ensure_ascii=False)
    assert VALID not in history and VALID_2 not in history


def _naughty() -> list[str]:
    return naughty_strings(EXTRA)


@pytest.mark.slow
def test_every_naughty_string_is_stored_exactly_or_refused_with_reasons(
        services: Services, users: Users) -> None:
    """Each string corrects three text fields at once: either all three keep it exactly
    (or, if blank, the optional ones are emptied) with the same values in the diff, or
    the resubmission is refused naming the fields, and the case is unchanged."""
    op = users.operator
    case = returned_case(services, op)
    targets = ("applicant_name", "address", "other_certificate")
    accepted = refused = 0
    expected: dict[int | None, dict[str, Any]] = {}
    for s in _naughty():
        before = current(services, case.id)
        try:
            result = services.resubmission.resubmit(op, case.id, dict.fromkeys(targets, s),
                                                    channel="online")
        except InvalidCorrection as error:
            refused += 1
            problem_fields = {p["field"] for p in error.params["problems"]}
            assert problem_fields and problem_fields <= set(targets), (s, error.params)
            after = current(services, case.id)
            assert (after.version, after.fields) == (before.version, before.fields)
            assert "\x00" not in s or problem_fields == set(targets)
            continue
        except RuleViolation:
            # the same value as the previous string: nothing to resubmit
            assert all(before.fields.get(t) == s for t in targets), repr(s)
            continue
        accepted += 1
        assert "\x00" not in s and not any(0xD800 <= ord(c) <= 0xDFFF for c in s)
        stored = current(services, case.id)
        for t in targets:
            if s.strip():
                assert stored.fields[t] == s, (t, s)
        expected[result.resubmission.audit_id] = {c.field_id: c.after
                                                  for c in result.resubmission.changes}
        with services.ctx.uow(write=True) as uow:  # back to awaiting correction
            uow.cases.update(case.id, stored.version, {"status": Status.AWAITING_CORRECTION},
                             "test", services.ctx.now())
            uow.commit()
    assert accepted > len(_naughty()) // 2 and refused >= 3
    with services.ctx.uow() as uow:
        history = uow.audit.for_case(case.id)
    recorded = {r.id: {c["field"]: c["after"] for c in r.details["changes"]}
                for r in history if r.action == "resubmit"}
    assert recorded == expected  # the diff in the audit log is exactly what was stored


def test_cli_resubmit(services: Services, users: Users, db_url: str,
                      capsys: pytest.CaptureFixture[str],
                      monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.cli import main

    op = users.operator
    case = returned_case(services, op)
    for key in [k for k in os.environ if k.startswith("REVIEW_DESK_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("REVIEW_DESK_PASSWORD", PASSWORD)
    code = main(["--db", db_url, "resubmit", case.number, "--user", op.name, "--field",
                 "phone=078-331-0000", "--field", "other_certificate=受給者証",
                 "--channel", "paper", "--version", str(case.version), "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    data = json.loads(out.out)
    assert data["case"]["status"] == "resubmitted" and "resubmitted" in data["case"]["flags"]
    assert {c["field"] for c in data["changes"]} == {"phone", "other_certificate"}
    code = main(["--db", db_url, "resubmit", case.number, "--user", op.name, "--field",
                 "phone"])
    err = capsys.readouterr().err
    assert code != 0 and err.startswith("review-desk: ") and "Traceback" not in err
    assert current(services, case.id).status == Status.RESUBMITTED
