"""The enclosure check: scan every sheet going into an envelope; only all sheets of one
case, in order, confirm it (both databases)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.app import Services
from desktop.domain.permissions import Actor
from desktop.domain.workflow import Status
from desktop.services.enclosure import Envelope, ScanOutcome
from desktop.services.notice_batch import BatchOutput, BatchResult, BatchSelection
from desktop.services.notice_code import SheetCode, parse_sheet_code, sheet_code
from tests.conftest import Users
from tests.notices import pdftools, samples
from tests.notices.workflow import decided


def _print(services: Services, users: Users, tmp_path: Path, procedure: str,
           decisions: list[str]) -> tuple[BatchResult, list[list[str]]]:
    for d in decisions:
        decided(services, users.operator, users.checker, procedure, d)
    result = services.notices.run_batch(users.print_staff, BatchSelection(procedure),
                                        BatchOutput(directory=tmp_path))
    codes = pdftools.codes(Path(result.files[0]))
    by_case: dict[int, list[str]] = {}
    for c in codes:
        assert c is not None
        by_case.setdefault(c.case_id, []).append(c.text)
    return result, [by_case[p.case_id] for p in result.printed]


def _scan_all(services: Services, actor: Actor, codes: list[str]) -> list[ScanOutcome]:
    envelope: Envelope | None = None
    out = []
    for code in codes:
        outcome = services.enclosure.scan(actor, envelope, code)
        envelope = outcome.envelope
        out.append(outcome)
    return out


def test_all_sheets_in_order_confirm_the_envelope(services: Services, users: Users,
                                                  tmp_path: Path) -> None:
    result, sheets = _print(services, users, tmp_path, samples.MOVE_IN, ["approve", "approve"])
    staff = users.print_staff
    outcomes = _scan_all(services, staff, sheets[0])  # the codes as read off the paper
    assert [o.outcome for o in outcomes] == ["sheet_ok", "sheet_ok", "confirmed"]
    case_id = result.printed[0].case_id
    assert services.review.show(staff, case_id).case.status == Status.ENCLOSURE_CHECKED
    unconfirmed = services.enclosure.unconfirmed(staff, result.batch_id)
    assert [u.case_id for u in unconfirmed] == [result.printed[1].case_id]
    history = services.review.show(staff, case_id).history
    assert any(h.action == "enclosure_checked" for h in history)


def test_a_sheet_of_another_case_is_a_mismatch_naming_both(services: Services, users: Users,
                                                           tmp_path: Path) -> None:
    result, sheets = _print(services, users, tmp_path, samples.MOVE_IN, ["approve", "approve"])
    staff = users.print_staff
    first, second = result.printed
    outcomes = _scan_all(services, staff, [sheets[0][0], sheets[1][1]])
    mismatch = outcomes[-1]
    assert mismatch.outcome == "mismatch" and mismatch.envelope is None
    assert mismatch.expected_case == first.case_number
    assert mismatch.scanned_case == second.case_number
    assert mismatch.expected_name == mismatch.scanned_name == samples.NAME
    assert first.case_number in mismatch.message_ja and second.case_number in mismatch.message_ja
    for p in (first, second):
        assert services.review.show(staff, p.case_id).case.status == Status.NOTICE_PRINTED
        history = services.review.show(staff, p.case_id).history
        assert any(h.action == "enclosure_mismatch" for h in history)


@pytest.mark.parametrize("order", [[1, 0, 2], [0, 0, 1, 2], [0, 2]])
def test_out_of_order_or_twice_is_a_mismatch(services: Services, users: Users,
                                             tmp_path: Path, order: list[int]) -> None:
    result, sheets = _print(services, users, tmp_path, samples.MOVE_IN, ["approve"])
    outcomes = _scan_all(services, users.print_staff, [sheets[0][i] for i in order])
    assert "mismatch" in [o.outcome for o in outcomes]
    assert "confirmed" not in [o.outcome for o in outcomes]
    status = services.review.show(users.print_staff, result.printed[0].case_id).case.status
    assert status == Status.NOTICE_PRINTED


def test_sheets_of_an_earlier_print_are_refused_after_a_reprint(
        services: Services, users: Users, tmp_path: Path) -> None:
    result, sheets = _print(services, users, tmp_path / "a", samples.FLU, ["reject"])
    staff = users.print_staff
    case_id = result.printed[0].case_id
    again = services.notices.reprint(staff, case_id, "印刷かすれ",
                                     BatchOutput(directory=tmp_path / "b"))
    old = _scan_all(services, staff, sheets[0])
    assert old[0].outcome == "mismatch" and "再発行" in old[0].message_ja
    new = [c.text for c in pdftools.codes(Path(again.files[0])) if c is not None]
    assert _scan_all(services, staff, new)[-1].outcome == "confirmed"
    twice = _scan_all(services, staff, new)  # the same notice into a second envelope
    assert twice[-1].outcome == "mismatch" and "確認済み" in twice[-1].message_ja


def test_a_correction_request_is_confirmed_without_changing_the_case(
        services: Services, users: Users, tmp_path: Path) -> None:
    result, sheets = _print(services, users, tmp_path, samples.FLU, ["return"])
    outcomes = _scan_all(services, users.print_staff, sheets[0])
    assert outcomes[-1].outcome == "confirmed"
    case = services.review.show(users.print_staff, result.printed[0].case_id).case
    assert case.status == Status.AWAITING_CORRECTION
    assert services.enclosure.unconfirmed(users.print_staff, result.batch_id) == []


@pytest.mark.parametrize("typed", ["hello", "", "RD1-1-2-0-1-2-XXXXX", "https://example.jp"])
def test_what_is_not_a_sheet_code_is_unreadable(services: Services, users: Users,
                                                typed: str) -> None:
    outcome = services.enclosure.scan(users.print_staff, None, typed)
    assert outcome.outcome == "unreadable" and outcome.envelope is None


def test_sheet_codes_survive_the_ime_and_caps_lock() -> None:
    text = sheet_code(123, 45, 1, 2, 3)
    assert text.startswith("RD1-123-45-1-2-3-") and len(text.split("-")[-1]) == 5
    expected = SheetCode(123, 45, 1, 2, 3)
    assert parse_sheet_code(text) == expected
    assert parse_sheet_code(text.lower()) == expected
    full_width = text.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert parse_sheet_code(full_width + "\n") == expected
    assert parse_sheet_code(text.replace("-", "+")) == expected  # a JIS keyboard's shift
    assert parse_sheet_code(text[:-1] + ("A" if text[-1] != "A" else "B")) is None
    assert parse_sheet_code(sheet_code(1, 2, 0, 3, 2)) is None  # sheet 3 of 2
