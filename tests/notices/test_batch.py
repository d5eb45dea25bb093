"""Batch printing to PDF files through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from desktop.app import Services
from desktop.domain.errors import PermissionDenied, RuleViolation
from desktop.domain.permissions import SYSTEM
from desktop.domain.workflow import Status
from desktop.services.context import JST
from desktop.services.notice_batch import (
    BatchOutput,
    BatchProgress,
    BatchSelection,
    PrintedNotice,
)
from desktop.services.notice_ports import SpoolerError, SpoolTicket
from tests.conftest import FakeClock, Users
from tests.notices import pdftools, samples
from tests.notices.workflow import decided


@pytest.mark.parametrize("procedure", [samples.FLU, samples.COMMUTER, samples.MOVE_IN])
def test_batch_prints_every_decided_case_once(services: Services, users: Users,
                                              tmp_path: Path, procedure: str) -> None:
    op, checker, printer = users.operator, users.checker, users.print_staff
    outcomes = ["approve", "return"] + (["reject"] if procedure in samples.REASONS else [])
    cases = [decided(services, op, checker, procedure, d) for d in outcomes]
    result = services.notices.run_batch(printer, BatchSelection(procedure),
                                        BatchOutput(directory=tmp_path))
    assert not result.skipped and not result.failed
    assert {p.case_id for p in result.printed} == {c.id for c in cases}
    assert len(result.files) == 1
    pdf = Path(result.files[0])
    assert pdftools.pages(pdf) == result.sheets
    for case in cases:
        after = services.review.show(users.supervisor, case.id).case
        expected = (Status.AWAITING_CORRECTION if case.status == Status.AWAITING_CORRECTION
                    else Status.NOTICE_PRINTED)
        assert after.status == expected
    seqs = sorted(int("".join(ch for ch in p.document_number if ch.isdigit()))
                  for p in result.printed)
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    again = services.notices.run_batch(printer, BatchSelection(procedure),
                                       BatchOutput(directory=tmp_path))
    assert again.printed == [] and again.files == []


class RecordingSpooler:
    """A print queue that accepts every job and keeps a copy of what it was given."""

    def __init__(self, printer: str = "Test-Printer") -> None:
        self._printer = printer
        self.jobs: list[tuple[str, bytes]] = []

    @property
    def printer(self) -> str:
        return self._printer

    def submit(self, pdf: Path, title: str) -> SpoolTicket:
        self.jobs.append((title, pdf.read_bytes()))
        return SpoolTicket(self._printer, f"{self._printer}-{len(self.jobs)}")


class RefusingSpooler(RecordingSpooler):
    def submit(self, pdf: Path, title: str) -> SpoolTicket:
        raise SpoolerError("プリンタが停止しています", "the printer is stopped",
                           printer=self.printer, detail="stopped")


def _numbers(result_printed: list[PrintedNotice]) -> list[int]:
    return [int(re.sub(r"\D", "", p.document_number)) for p in result_printed]


def test_missing_glyph_stops_only_that_notice_and_takes_no_number(
        services: Services, users: Users, tmp_path: Path) -> None:
    op, checker, printer = users.operator, users.checker, users.print_staff
    good1 = decided(services, op, checker, samples.MOVE_IN, "approve", postal_code="650-0001")
    bad = decided(services, op, checker, samples.MOVE_IN, "approve", postal_code="650-0002",
                  applicant_name="\U000f0001田　太郎")  # private use: in no font
    good2 = decided(services, op, checker, samples.MOVE_IN, "approve", postal_code="650-0003")
    result = services.notices.run_batch(printer, BatchSelection(samples.MOVE_IN),
                                        BatchOutput(directory=tmp_path))
    assert [p.case_id for p in result.printed] == [good1.id, good2.id]
    numbers = _numbers(result.printed)
    assert numbers[1] == numbers[0] + 1  # the refused notice took no number
    [skipped] = result.skipped
    assert skipped.case_id == bad.id and skipped.code == "missing_glyph"
    for part in ("U+F0001", bad.number, "届出人氏名", "applicant_name"):
        assert part in skipped.message_ja
    assert services.review.show(users.supervisor, bad.id).case.status == Status.APPROVED
    history = services.review.show(users.supervisor, bad.id).history
    assert any(h.action == "notice_skipped" and "U+F0001" in h.details["message"]
               for h in history)
    assert pdftools.pages(Path(result.files[0])) == result.sheets


def test_a_refused_job_leaves_cases_as_they_were_and_keeps_the_numbers(
        services: Services, users: Users, tmp_path: Path) -> None:
    op, checker, printer = users.operator, users.checker, users.print_staff
    cases = [decided(services, op, checker, samples.MOVE_IN, "approve") for _ in range(2)]
    refused = services.notices.run_batch(
        printer, BatchSelection(samples.MOVE_IN), BatchOutput(spooler=RefusingSpooler()))
    assert refused.printed == [] and len(refused.failed) == 1
    assert "プリンタが停止しています" in refused.failed[0].message_ja
    assert set(refused.failed[0].cases) == {c.number for c in cases}
    for case in cases:
        assert services.review.show(users.supervisor, case.id).case.status == Status.APPROVED
    pending = [services.notices.notices_of(printer, c.id)[0] for c in cases]
    assert all(n.status == "pending" and n.lease_until is None for n in pending)
    spooler = RecordingSpooler()
    result = services.notices.run_batch(printer, BatchSelection(samples.MOVE_IN),
                                        BatchOutput(spooler=spooler))
    assert sorted(p.document_number for p in result.printed) == sorted(
        n.document_number for n in pending)  # the same numbers: none skipped
    assert [p.job_id for p in result.printed] == ["Test-Printer-1"] * 2
    assert result.files == []  # printer only: no files left behind
    log = services.notices.print_log(printer)
    assert [e.outcome for e in log] == ["accepted", "failed"]
    assert log[0].printer == "Test-Printer" and log[0].operator == printer.name
    assert set(log[0].cases) == {c.number for c in cases} and log[0].sheets == result.sheets
    for case in cases:
        after = services.review.show(users.supervisor, case.id).case
        assert after.status == Status.NOTICE_PRINTED


def test_large_batches_split_into_files_never_splitting_a_case(
        services: Services, users: Users, tmp_path: Path) -> None:
    op, checker, printer = users.operator, users.checker, users.print_staff
    cases = [decided(services, op, checker, samples.MOVE_IN, "approve") for _ in range(5)]
    result = services.notices.run_batch(
        printer, BatchSelection(samples.MOVE_IN),
        BatchOutput(directory=tmp_path, max_sheets_per_file=7))  # 3 sheets per case
    assert len(result.printed) == 5 and len(result.files) == 3
    seen: list[int] = []
    for file in result.files:
        codes = pdftools.codes(Path(file))
        assert all(c is not None for c in codes)
        by_case: dict[int, list[int]] = {}
        for c in codes:
            assert c is not None
            by_case.setdefault(c.case_id, []).append(c.sheet)
        for sheets in by_case.values():
            assert sheets == [1, 2, 3]  # all sheets of a case, in one file, in order
        seen += list(by_case)
    assert sorted(seen) == sorted(c.id for c in cases)


def test_cancel_leaves_no_case_half_marked(services: Services, users: Users,
                                           tmp_path: Path) -> None:
    op, checker, printer = users.operator, users.checker, users.print_staff
    cases = [decided(services, op, checker, samples.MOVE_IN, "approve") for _ in range(4)]
    seen: list[BatchProgress] = []

    def progress(p: BatchProgress) -> bool:
        seen.append(p)
        return p.cases_done < 3  # cancel once the first file (two cases) is out

    result = services.notices.run_batch(
        printer, BatchSelection(samples.MOVE_IN),
        BatchOutput(directory=tmp_path, max_sheets_per_file=6), progress=progress)
    assert result.cancelled
    printed = {p.case_id for p in result.printed}
    assert len(printed) == 2
    for case in cases:
        status = services.review.show(users.supervisor, case.id).case.status
        notices = services.notices.notices_of(printer, case.id)
        if case.id in printed:
            assert status == Status.NOTICE_PRINTED and notices[0].status == "printed"
        else:
            assert status == Status.APPROVED and notices == []
    assert services.notices.batch(printer, result.batch_id).status == "cancelled"
    assert seen[-1].phase == "done"


def test_selection_by_decision_day_and_operator(services: Services, users: Users,
                                                clock: FakeClock, tmp_path: Path) -> None:
    op1, op2, checker, printer = users.operator, users.operator, users.checker, users.print_staff
    a = decided(services, op1, checker, samples.MOVE_IN, "approve")
    clock.advance(days=1)
    b = decided(services, op2, checker, samples.MOVE_IN, "approve")
    today = clock.now().astimezone(JST).date()
    pick = services.notices.candidates
    assert [c.case_id for c in pick(printer, BatchSelection(samples.MOVE_IN,
                                                            decided_on=today))] == [b.id]
    assert [c.case_id for c in pick(printer, BatchSelection(samples.MOVE_IN,
                                                            decided_by=op1.name))] == [a.id]
    assert [c.case_id for c in pick(printer, BatchSelection(samples.MOVE_IN,
                                                            case_ids=(a.id,)))] == [a.id]
    result = services.notices.run_batch(
        printer, BatchSelection(samples.MOVE_IN, decided_on=today - timedelta(days=1)),
        BatchOutput(directory=tmp_path))
    assert [p.case_id for p in result.printed] == [a.id]


def test_only_print_staff_and_supervisors_print(services: Services, users: Users,
                                                tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        services.notices.run_batch(users.operator, BatchSelection(samples.MOVE_IN),
                                   BatchOutput(directory=tmp_path))


def test_reprint_needs_a_reason_is_audited_and_says_reissued(
        services: Services, users: Users, tmp_path: Path) -> None:
    op, checker, printer = users.operator, users.checker, users.print_staff
    case = decided(services, op, checker, samples.FLU, "reject")
    first = services.notices.run_batch(printer, BatchSelection(samples.FLU),
                                       BatchOutput(directory=tmp_path / "a"))
    [original] = first.printed
    with pytest.raises(RuleViolation, match="理由"):
        services.notices.reprint(printer, case.id, "  ", BatchOutput(directory=tmp_path))
    again = services.notices.reprint(printer, case.id, "封筒の破損（郵便局より返戻）",
                                     BatchOutput(directory=tmp_path / "b"))
    [reprinted] = again.printed
    assert reprinted.document_number == original.document_number
    assert reprinted.generation == 1
    pdf = Path(again.files[0])
    for page in range(1, pdftools.pages(pdf) + 1):
        assert "再発行" in pdftools.text(pdf, page=page)
    assert all(c is not None and c.generation == 1 for c in pdftools.codes(pdf))
    assert "再発行" not in pdftools.text(Path(first.files[0]))
    history = services.review.show(users.supervisor, case.id).history
    [audit] = [h for h in history if h.action == "notice_reprint"]
    assert audit.details["reason"] == "封筒の破損（郵便局より返戻）"
    log = services.notices.print_log(printer, again.batch_id)
    assert log[0].reason == "封筒の破損（郵便局より返戻）"
    assert services.review.show(users.supervisor, case.id).case.status == Status.NOTICE_PRINTED
    assert services.admin.verify_audit(SYSTEM).problem is None


def test_calibration_sheet_is_printed_and_logged(services: Services, users: Users,
                                                 tmp_path: Path) -> None:
    spooler = RecordingSpooler()
    result = services.notices.calibration(users.print_staff,
                                          BatchOutput(directory=tmp_path, spooler=spooler))
    assert len(spooler.jobs) == 1 and len(result.files) == 1
    assert "窓位置確認シート" in pdftools.text(Path(result.files[0]))
    assert services.notices.print_log(users.print_staff, result.batch_id)[0].outcome == "accepted"
