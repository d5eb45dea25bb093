"""Printing notices: batches of decided cases, reprints, the print log, calibration.

A batch runs in groups of cases (one output file and one spooler job per group, so
memory stays flat however large the batch):

1. **prepare** (read) — each case is read once and its notice composed and laid out
   from that one record; every character is checked against the fonts. A case that
   cannot be printed (missing glyph, missing data) is reported and skipped *before* a
   document number is taken.
2. **claim** (one short write transaction) — the cases are locked in id order and
   checked unchanged; each gets its notice row with a document number taken from the
   procedure's sequence for the fiscal year (a block of consecutive numbers, in print
   order) and a lease, so no other workstation prints it meanwhile.
3. **write** the group's PDF (all sheets of a case consecutively) and **spool** it.
4. **mark** (one write transaction) — only once the spooler accepted the job (or the
   file is written, for file output): notices ``printed``, cases ``notice_printed``,
   the print log and the audit. A refused job leaves the cases as they were, releases
   the leases and says why; the notice keeps its number for the next attempt, so
   numbers are never skipped.

Cancelling (the progress callback returns ``False``) stops between cases or groups:
a case is either fully marked or untouched.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from desktop.domain.audit import case_stream, user_stream
from desktop.domain.cases import CaseRecord
from desktop.domain.errors import InvalidInput, NotFound, ReviewDeskError, RuleViolation
from desktop.domain.permissions import Actor, Permission
from desktop.domain.procedures import NoticeEvent, Procedure
from desktop.domain.workflow import Action, Status, next_status
from desktop.services.context import JST, ServiceContext
from desktop.services.notice_code import sheet_code
from desktop.services.notice_ports import (
    BatchRecord,
    NoticeRecord,
    NoticeRenderer,
    NoticeUnitOfWork,
    NoticeUnitOfWorkFactory,
    PrintLogRecord,
    Spooler,
    SpoolerError,
)

#: Statuses whose cases have a notice to print, and the event each one prints on.
PRINTABLE: dict[Status, NoticeEvent] = {
    Status.APPROVED: "approved",
    Status.REJECTED: "rejected",
    Status.AWAITING_CORRECTION: "returned",
}
_LEASE = timedelta(minutes=20)


def fiscal_year(d: date) -> int:
    """Japanese fiscal year (April to March): document numbers restart each year."""
    return d.year if d.month >= 4 else d.year - 1


def notice_kind_for(procedure: Procedure, status: Status) -> str | None:
    """The notice kind printed for a case of *procedure* in *status*, if any.

    An approval prints the ``approved`` notice, or the ``reserved`` one for procedures
    that are reservations rather than decisions (move-in pre-registration).
    """
    event = PRINTABLE.get(status)
    if event is None:
        return None
    kinds = procedure.notices_on(event)
    if not kinds and event == "approved":
        kinds = procedure.notices_on("reserved")
    return kinds[0].key if kinds else None


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class BatchSelection:
    """Which decided cases a batch prints: a procedure, and optionally the day of the
    decision (JST), the operator who reviewed them, or the ids a filter returned."""

    procedure_code: str
    decided_on: date | None = None
    decided_by: str | None = None
    case_ids: tuple[int, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"procedure": self.procedure_code,
                "decided_on": self.decided_on.isoformat() if self.decided_on else None,
                "decided_by": self.decided_by,
                "case_ids": list(self.case_ids) if self.case_ids is not None else None}


@dataclass(frozen=True)
class BatchOutput:
    """Where a batch goes: PDF files in *directory*, and/or the printer of *spooler*."""

    directory: Path | None = None
    spooler: Spooler | None = None
    max_sheets_per_file: int = 500


@dataclass(frozen=True)
class BatchProgress:
    cases_done: int
    cases_total: int
    sheets: int
    phase: str  # prepare | spool | done


@dataclass(frozen=True)
class PrintedNotice:
    case_id: int
    case_number: str
    notice_id: int
    kind: str
    document_number: str
    sheets: int
    generation: int
    file: str | None
    job_id: str | None


@dataclass(frozen=True)
class SkippedCase:
    """A case left out of a batch, and why (left exactly as it was)."""

    case_id: int
    case_number: str
    code: str
    message_ja: str
    message_en: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "ja") -> str:
        return self.message_en if lang == "en" else self.message_ja


@dataclass(frozen=True)
class FailedJob:
    printer: str
    file: str | None
    cases: tuple[str, ...]
    message_ja: str
    message_en: str


@dataclass(frozen=True)
class BatchResult:
    batch_id: int
    printed: list[PrintedNotice]
    skipped: list[SkippedCase]
    failed: list[FailedJob]
    files: list[str]
    cancelled: bool = False

    @property
    def sheets(self) -> int:
        return sum(p.sheets for p in self.printed)


@dataclass(frozen=True)
class CandidateCase:
    case_id: int
    case_number: str
    applicant_name: str
    status: Status
    kind: str | None


@dataclass(eq=False)
class _Job:
    """A prepared notice on its way to paper."""

    case: CaseRecord
    decision_id: int | None
    kind: str
    prepared: Any
    sheets: int
    notice: NoticeRecord | None = None
    generation: int = 0


# -------------------------------------------------------------------------- service


@dataclass
class NoticeService:
    """Batch printing, reprints, print log and calibration sheets (permission
    ``notice.print``)."""

    ctx: ServiceContext
    uow: NoticeUnitOfWorkFactory
    renderer: NoticeRenderer[Any]
    spooler_for: Callable[[str], Spooler] | None = None
    lease: timedelta = _LEASE

    # ------------------------------------------------------------------ queries
    def candidates(self, actor: Actor, selection: BatchSelection) -> list[CandidateCase]:
        """The decided cases *selection* would print now, in print order."""
        self.ctx.require(actor, Permission.NOTICE_PRINT)
        procedure = self.ctx.procedure(selection.procedure_code)
        with self.uow() as uow:
            found = self._candidates(uow, selection)
            out = []
            for c in found:
                case = uow.cases.get(c.case_id)
                if case is not None:
                    out.append(CandidateCase(case.id, case.number, case.applicant_name,
                                             case.status, notice_kind_for(procedure, case.status)))
        return out

    def batch(self, actor: Actor, batch_id: int) -> BatchRecord:
        self.ctx.require(actor, Permission.NOTICE_PRINT)
        with self.uow() as uow:
            record = uow.notices.get_batch(batch_id)
        if record is None:
            raise NotFound(f"印刷バッチ {batch_id} はありません", f"no print batch {batch_id}",
                           batch=batch_id)
        return record

    def batches(self, actor: Actor, limit: int = 50) -> list[BatchRecord]:
        self.ctx.require(actor, Permission.NOTICE_PRINT)
        with self.uow() as uow:
            return uow.notices.batches(limit)

    def print_log(self, actor: Actor, batch_id: int | None = None,
                  limit: int = 200) -> list[PrintLogRecord]:
        self.ctx.require(actor, Permission.NOTICE_PRINT)
        with self.uow() as uow:
            return uow.notices.print_log(batch_id, limit)

    def notices_of(self, actor: Actor, case_id: int) -> list[NoticeRecord]:
        self.ctx.require(actor, Permission.NOTICE_PRINT)
        with self.uow() as uow:
            return uow.notices.for_case(case_id)

    def spooler(self, printer: str) -> Spooler:
        """The spooler for the printer named *printer* (``lp`` unless configured)."""
        if self.spooler_for is not None:
            return self.spooler_for(printer)
        from desktop.services.printing_lp import LpSpooler

        return LpSpooler(printer)

    # ------------------------------------------------------------------ batch
    def run_batch(self, actor: Actor, selection: BatchSelection, output: BatchOutput, *,
                  progress: Callable[[BatchProgress], bool] | None = None) -> BatchResult:
        """Print every decided case of *selection* (see the module docstring)."""
        self.ctx.require(actor, Permission.NOTICE_PRINT)
        procedure = self.ctx.procedure(selection.procedure_code)
        _check_output(output)
        now = self.ctx.now()
        with self.uow(write=True) as uow:
            found = self._candidates(uow, selection)
            batch_id = uow.notices.add_batch(
                kind="batch", procedure_code=procedure.code, operator_id=actor.id,
                operator=actor.name, printer=output.spooler.printer if output.spooler else None,
                directory=str(output.directory) if output.directory else None,
                selection=selection.to_json(), reason=None, now=now)
            uow.commit()
        run = _Run(self, actor, batch_id, output, procedure.code, len(found), progress)
        try:
            group: list[_Job] = []
            group_sheets = 0
            for candidate in found:
                if run.cancelled():
                    break
                job = run.prepare(candidate.case_id, candidate.decision_id, procedure)
                run.done += 1
                if job is None:
                    continue
                if group and group_sheets + job.sheets > output.max_sheets_per_file:
                    run.print_group(group)
                    group, group_sheets = [], 0
                group.append(job)
                group_sheets += job.sheets
            if group and not run.cancelled():
                run.print_group(group)
        finally:
            run.finish()
        return run.result()

    # ------------------------------------------------------------------ reprint
    def reprint(self, actor: Actor, case_id: int, reason: str, output: BatchOutput, *,
                kind: str | None = None) -> BatchResult:
        """Print a printed notice again, marked 再発行, with its original number and date.

        The reason is required and audited; the new sheets carry the next print
        generation, so sheets of the earlier print are refused at the enclosure check,
        which has to be done again.
        """
        self.ctx.require(actor, Permission.NOTICE_PRINT)
        if not reason.strip():
            raise RuleViolation("再発行には理由の入力が必要です", "a reprint needs a reason")
        _check_output(output)
        now = self.ctx.now()
        with self.uow(write=True) as uow:
            case = uow.cases.get(case_id)
            if case is None:
                raise NotFound(f"案件 {case_id} はありません", f"no case {case_id}",
                               case_id=case_id)
            printed = [n for n in uow.notices.for_case(case_id)
                       if n.status == "printed" and (kind is None or n.kind == kind)]
            if not printed:
                raise RuleViolation(
                    f"案件 {case.number} には印刷済みの通知がないため、再発行できません",
                    f"case {case.number} has no printed notice to reprint",
                    case=case.number)
            notice = printed[-1]
            decisions = uow.cases.decisions(case_id)
            batch_id = uow.notices.add_batch(
                kind="reprint", procedure_code=case.procedure_code, operator_id=actor.id,
                operator=actor.name, printer=output.spooler.printer if output.spooler else None,
                directory=str(output.directory) if output.directory else None,
                selection={"case": case.number, "notice": notice.id}, reason=reason, now=now)
            uow.commit()
        procedure = self.ctx.procedure(case.procedure_code)
        run = _Run(self, actor, batch_id, output, case.procedure_code, 1, None, reason=reason)
        try:
            try:
                prepared = self.renderer.prepare(
                    kind=notice.kind, case=case, procedure=procedure, decisions=decisions,
                    issued_on=notice.issued_on, reissue=True)
            except ReviewDeskError as error:
                run.skip(case, error)
            else:
                job = _Job(case, notice.decision_id, notice.kind, prepared,
                           self.renderer.sheet_count(prepared), notice, notice.generation + 1)
                run.write_and_spool([job])
        finally:
            run.finish()
        return run.result()

    # ------------------------------------------------------------------ calibration
    def calibration(self, actor: Actor, output: BatchOutput) -> BatchResult:
        """Print the window calibration sheet (logged like any print)."""
        self.ctx.require(actor, Permission.NOTICE_PRINT)
        _check_output(output)
        now = self.ctx.now()
        with self.uow(write=True) as uow:
            batch_id = uow.notices.add_batch(
                kind="calibration", procedure_code=None, operator_id=actor.id,
                operator=actor.name, printer=output.spooler.printer if output.spooler else None,
                directory=str(output.directory) if output.directory else None, selection={},
                reason=None, now=now)
            uow.commit()
        run = _Run(self, actor, batch_id, output, None, 0, None)
        try:
            with run.target("calibration") as path:
                self.renderer.calibration_sheet(path)
                accepted, ticket = run.spool(path, [], 1)
            if accepted:
                run.log(path, ticket, [], 1)
        finally:
            run.finish()
        return run.result()

    # ------------------------------------------------------------------ helpers
    def _candidates(self, uow: NoticeUnitOfWork, selection: BatchSelection) -> list[Any]:
        start = end = None
        if selection.decided_on is not None:
            start = datetime.combine(selection.decided_on, time(0), JST)
            end = start + timedelta(days=1)
        return uow.notices.candidates(
            selection.procedure_code, list(PRINTABLE), decided_from=start, decided_until=end,
            first_reviewer=selection.decided_by, case_ids=selection.case_ids,
            now=self.ctx.now())


def _check_output(output: BatchOutput) -> None:
    if output.directory is None and output.spooler is None:
        raise InvalidInput("出力先（フォルダまたはプリンタ）を指定してください",
                           "give an output folder or a printer")
    if output.max_sheets_per_file < 1:
        raise InvalidInput("1ファイルの枚数は1以上にしてください",
                           "sheets per file must be at least 1")


class _Run:
    """One batch (or reprint) in progress: its output, counters and outcome."""

    def __init__(self, service: NoticeService, actor: Actor, batch_id: int,
                 output: BatchOutput, procedure_code: str | None, total: int,
                 progress: Callable[[BatchProgress], bool] | None, *,
                 reason: str | None = None) -> None:
        self.s = service
        self.ctx = service.ctx
        self.actor = actor
        self.batch_id = batch_id
        self.output = output
        self.procedure_code = procedure_code
        self.total = total
        self.progress = progress
        self.reason = reason
        self.done = 0
        self.part = 0
        self.printed: list[PrintedNotice] = []
        self.skipped: list[SkippedCase] = []
        self.failed: list[FailedJob] = []
        self.files: list[str] = []
        self._cancelled = False
        self.issued_on = self.ctx.today()
        self.fiscal_year = fiscal_year(self.issued_on)

    def cancelled(self) -> bool:
        if not self._cancelled and self.progress is not None:
            sheets = sum(p.sheets for p in self.printed)
            if self.progress(BatchProgress(self.done, self.total, sheets, "prepare")) is False:
                self._cancelled = True
        return self._cancelled

    # ------------------------------------------------------------ prepare
    def prepare(self, case_id: int, decision_id: int | None,
                procedure: Procedure) -> _Job | None:
        with self.s.uow() as uow:
            case = uow.cases.get(case_id)
            decisions = uow.cases.decisions(case_id) if case else []
        if case is None:
            return None
        kind = notice_kind_for(procedure, case.status)
        if kind is None:
            self.skipped.append(SkippedCase(
                case.id, case.number, "no_notice_kind",
                f"案件 {case.number}: 手続「{procedure.name}」には状態「{case.status.value}」で"
                "印刷する通知がありません",
                f"case {case.number}: procedure {procedure.code} prints no notice for status "
                f"{case.status.value}"))
            return None
        try:
            prepared = self.s.renderer.prepare(kind=kind, case=case, procedure=procedure,
                                               decisions=decisions, issued_on=self.issued_on,
                                               reissue=False)
        except ReviewDeskError as error:
            self.skip(case, error)
            return None
        return _Job(case, decision_id, kind, prepared, self.s.renderer.sheet_count(prepared))

    def skip(self, case: CaseRecord, error: ReviewDeskError) -> None:
        self.skipped.append(SkippedCase(case.id, case.number, error.code, error.message_ja,
                                        error.message_en, dict(error.params)))

    # ------------------------------------------------------------ claim
    def claim(self, jobs: list[_Job]) -> list[_Job]:
        """Lock, re-check and number the group's cases (one short transaction)."""
        now = self.ctx.now()
        claimed: list[_Job] = []
        renderer = self.s.renderer
        assert self.procedure_code is not None
        with self.s.uow(write=True) as uow:
            for job in sorted(jobs, key=lambda j: j.case.id):  # one lock order: no deadlock
                current = uow.cases.get(job.case.id, for_update=True)
                if current is None or current.version != job.case.version:
                    self.skipped.append(SkippedCase(
                        job.case.id, job.case.number, "changed",
                        f"案件 {job.case.number} は印刷の準備中に変更されたため、"
                        "このバッチでは印刷しません（次のバッチで印刷されます）",
                        f"case {job.case.number} changed while the batch was prepared; "
                        "it is left for the next batch"))
                    continue
                existing = uow.notices.find(job.case.id, job.decision_id, job.kind)
                if existing is not None and (existing.status == "printed" or (
                        existing.lease_until is not None and existing.lease_until > now
                        and existing.batch_id != self.batch_id)):
                    self.skipped.append(SkippedCase(
                        job.case.id, job.case.number, "taken",
                        f"案件 {job.case.number} の通知は別の端末で印刷中または印刷済みです",
                        f"the notice of case {job.case.number} is being printed or was "
                        "printed elsewhere"))
                    continue
                job.notice = existing
                claimed.append(job)
            order = {id(j): k for k, j in enumerate(jobs)}
            claimed.sort(key=lambda j: order[id(j)])  # back to print order
            fresh = [j for j in claimed if j.notice is None]
            first = (uow.notices.allocate(self.procedure_code, self.fiscal_year, len(fresh))
                     if fresh else 0)
            lease_until = now + self.s.lease
            for k, job in enumerate(fresh):
                seq = first + k
                job.notice = uow.notices.add(
                    case_id=job.case.id, decision_id=job.decision_id,
                    procedure_code=self.procedure_code, kind=job.kind,
                    fiscal_year=self.fiscal_year, seq=seq,
                    document_number=renderer.document_number(self.procedure_code,
                                                             self.fiscal_year, seq),
                    issued_on=self.issued_on, sheets=job.sheets, batch_id=self.batch_id,
                    lease_until=lease_until, now=now)
            fresh_ids = {id(j) for j in fresh}
            for job in claimed:
                if id(job) in fresh_ids:
                    continue
                assert job.notice is not None
                # A notice whose earlier job failed keeps its number: never skipped.
                uow.notices.update(job.notice.id, {
                    "lease_until": lease_until, "batch_id": self.batch_id,
                    "sheets": job.sheets, "issued_on": self.issued_on})
            uow.commit()
        return claimed

    # ------------------------------------------------------------ print
    def print_group(self, jobs: list[_Job]) -> None:
        claimed = self.claim(jobs)
        if claimed:
            self.write_and_spool(claimed)

    def write_and_spool(self, jobs: list[_Job]) -> None:
        sheets = sum(j.sheets for j in jobs)
        numbers = [j.case.number for j in jobs]
        with self.target(f"{self.procedure_code}") as path:
            try:
                notice_file = self.s.renderer.open_file(path, f"Review Desk batch {self.batch_id}")
                for job in jobs:
                    assert job.notice is not None
                    notice, gen = job.notice, job.generation

                    def code(n: int, total: int, *, _c: int = job.case.id, _n: int = notice.id,
                             _g: int = gen) -> str:
                        return sheet_code(_c, _n, _g, n, total)

                    notice_file.add(job.prepared, document_number=notice.document_number,
                                    sheet_code=code)
                notice_file.close()
            except Exception:
                self.release(jobs)
                raise
            if self.progress is not None:
                self.progress(BatchProgress(self.done, self.total,
                                            sum(p.sheets for p in self.printed), "spool"))
            accepted, ticket = self.spool(path, numbers, sheets)
            if not accepted:
                self.release(jobs)
                return
            self.mark(jobs, path, ticket)

    @contextmanager
    def target(self, stem: str) -> Iterator[Path]:
        """The file for the next job: in the output folder, else a temporary file that
        is removed once the spooler has taken it."""
        self.part += 1
        name = f"notices-{stem}-b{self.batch_id:06d}-{self.part:02d}.pdf"
        if self.output.directory is not None:
            self.output.directory.mkdir(parents=True, exist_ok=True)
            path = self.output.directory / name
            yield path
            return
        fd, tmp = tempfile.mkstemp(prefix="review-desk-", suffix=f"-{name}")
        os.close(fd)
        try:
            yield Path(tmp)
        finally:
            Path(tmp).unlink(missing_ok=True)

    def spool(self, path: Path, numbers: Sequence[str], sheets: int,
              ) -> tuple[bool, str | None]:
        """Hand *path* to the spooler: (accepted, job id); file output is accepted with
        no job id. A refusal is logged and reported."""
        spooler = self.output.spooler
        if spooler is None:
            return True, None
        try:
            return True, spooler.submit(path, f"Review Desk {self.batch_id}-{self.part}").job_id
        except SpoolerError as error:
            self.failed.append(FailedJob(spooler.printer, str(path) if self.output.directory
                                         else None, tuple(numbers), error.message_ja,
                                         error.message_en))
            with self.s.uow(write=True) as uow:
                uow.notices.add_print_log(
                    batch_id=self.batch_id, operator=self.actor.name, printer=spooler.printer,
                    job_id=None, outcome="failed", message=error.message_ja, cases=numbers,
                    sheets=sheets, files=[str(path)] if self.output.directory else [],
                    reason=self.reason, now=self.ctx.now())
                uow.commit()
            return False, None

    def release(self, jobs: list[_Job]) -> None:
        with self.s.uow(write=True) as uow:
            for job in jobs:
                if job.notice is not None and job.notice.status == "pending":
                    uow.notices.update(job.notice.id, {"lease_until": None})
            uow.commit()

    def log(self, path: Path, ticket: str | None, numbers: Sequence[str], sheets: int) -> None:
        spooler = self.output.spooler
        with self.s.uow(write=True) as uow:
            uow.notices.add_print_log(
                batch_id=self.batch_id, operator=self.actor.name,
                printer=spooler.printer if spooler else f"PDF:{path}", job_id=ticket,
                outcome="accepted" if spooler else "written", message="", cases=numbers,
                sheets=sheets, files=[str(path)] if self.output.directory else [],
                reason=self.reason, now=self.ctx.now())
            uow.commit()
        if self.output.directory is not None:
            self.files.append(str(path))

    def mark(self, jobs: list[_Job], path: Path, ticket: str | None) -> None:
        """The job was accepted: notices printed, cases ``notice_printed``, logged and
        audited — all in one transaction."""
        now = self.ctx.now()
        spooler = self.output.spooler
        printer = spooler.printer if spooler else f"PDF:{path}"
        file = str(path) if self.output.directory else None
        sheets = sum(j.sheets for j in jobs)
        with self.s.uow(write=True) as uow:
            for job in jobs:
                notice = job.notice
                assert notice is not None
                case = uow.cases.get(job.case.id, for_update=True)
                assert case is not None
                changes: dict[str, Any] = {"status": "printed", "printed_at": now,
                                           "lease_until": None, "batch_id": self.batch_id,
                                           "sheets": job.sheets}
                if job.generation != notice.generation:
                    changes |= {"generation": job.generation, "enclosed_at": None,
                                "enclosed_by": None, "enclosed_generation": None}
                uow.notices.update(notice.id, changes)
                details: dict[str, Any] = {
                    "batch": self.batch_id, "notice": notice.id, "kind": job.kind,
                    "document_number": notice.document_number, "sheets": job.sheets,
                    "generation": job.generation, "printer": printer, "job": ticket}
                if self.reason is not None:
                    details["reason"] = self.reason
                    action = "notice_reprint"
                else:
                    action = "notice_print"
                    if case.status in (Status.APPROVED, Status.REJECTED):
                        to = next_status(case.status, Action.PRINT_NOTICE)
                        uow.cases.update(case.id, case.version, {"status": to},
                                         self.actor.name, now)
                        details |= {"from": case.status.value, "to": to.value}
                uow.audit.append(case_stream(case.id), self.actor.name, action, case.id,
                                 details, now)
                self.printed.append(PrintedNotice(
                    case.id, case.number, notice.id, job.kind, notice.document_number,
                    job.sheets, job.generation, file, ticket))
            uow.notices.add_print_log(
                batch_id=self.batch_id, operator=self.actor.name, printer=printer,
                job_id=ticket, outcome="accepted" if spooler else "written", message="",
                cases=[j.case.number for j in jobs], sheets=sheets,
                files=[file] if file else [], reason=self.reason, now=now)
            uow.commit()
        if file:
            self.files.append(file)

    # ------------------------------------------------------------ end
    def finish(self) -> None:
        now = self.ctx.now()
        status = ("cancelled" if self._cancelled else
                  "failed" if self.failed and not self.printed else "done")
        with self.s.uow(write=True) as uow:
            for s in self.skipped:
                uow.audit.append(case_stream(s.case_id), self.actor.name, "notice_skipped",
                                 s.case_id, {"batch": self.batch_id, "code": s.code,
                                             "message": s.message_ja}, now)
            if self._cancelled:
                uow.audit.append(user_stream(self.actor.name), self.actor.name,
                                 "notice_batch_cancelled", None,
                                 {"batch": self.batch_id, "printed": len(self.printed)}, now)
            uow.notices.update_batch(self.batch_id, {
                "finished_at": now, "status": status, "cases": len(self.printed),
                "sheets": sum(p.sheets for p in self.printed), "files": self.files,
                "skipped": [{"case": s.case_number, "code": s.code, "message": s.message_ja}
                            for s in self.skipped]})
            uow.commit()
        if self.progress is not None:
            self.progress(BatchProgress(self.done, self.total,
                                        sum(p.sheets for p in self.printed), "done"))

    def result(self) -> BatchResult:
        return BatchResult(self.batch_id, self.printed, self.skipped, self.failed, self.files,
                           self._cancelled)
