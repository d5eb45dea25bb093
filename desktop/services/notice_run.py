"""One print run in progress — a batch or a reprint, group by group: prepare, claim,
write, spool, mark (see :mod:`desktop.services.notice_batch` for the steps) — its
output files, counters and outcome.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

from desktop.domain.audit import case_stream, user_stream
from desktop.domain.cases import CaseRecord
from desktop.domain.errors import ReviewDeskError
from desktop.domain.permissions import Actor
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import Action, Status, next_status
from desktop.services.context import ServiceContext
from desktop.services.notice_code import sheet_code
from desktop.services.notice_ports import (
    NoticeRecord,
    NoticeRenderer,
    NoticeUnitOfWorkFactory,
    SpoolerError,
)
from desktop.services.notice_values import (
    BatchOutput,
    BatchProgress,
    BatchResult,
    FailedJob,
    PrintedNotice,
    SkippedCase,
    fiscal_year,
    notice_kind_for,
)
from desktop.services.print_log import log_output, log_refused


class Printing(Protocol):
    """What a run needs of the notice service."""

    ctx: ServiceContext
    uow: NoticeUnitOfWorkFactory
    renderer: NoticeRenderer[Any]
    lease: timedelta


@dataclass(eq=False)
class PrintJob:
    """A prepared notice on its way to paper."""

    case: CaseRecord
    decision_id: int | None
    kind: str
    prepared: Any
    sheets: int
    notice: NoticeRecord | None = None
    generation: int = 0


class PrintRun:
    """One batch (or reprint) in progress: its output, counters and outcome."""

    def __init__(self, service: Printing, actor: Actor, batch_id: int,
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
                procedure: Procedure) -> PrintJob | None:
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
        return PrintJob(case, decision_id, kind, prepared, self.s.renderer.sheet_count(prepared))

    def skip(self, case: CaseRecord, error: ReviewDeskError) -> None:
        self.skipped.append(SkippedCase(case.id, case.number, error.code, error.message_ja,
                                        error.message_en, dict(error.params)))

    # ------------------------------------------------------------ claim
    def claim(self, jobs: list[PrintJob]) -> list[PrintJob]:
        """Lock, re-check and number the group's cases (one short transaction)."""
        now = self.ctx.now()
        claimed: list[PrintJob] = []
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
    def print_group(self, jobs: list[PrintJob]) -> None:
        claimed = self.claim(jobs)
        if claimed:
            self.write_and_spool(claimed)

    def write_and_spool(self, jobs: list[PrintJob]) -> None:
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
                log_refused(uow, batch_id=self.batch_id, operator=self.actor.name,
                            printer=spooler.printer, message=error.message_ja, path=path,
                            kept=self.output.directory is not None, cases=numbers,
                            sheets=sheets, reason=self.reason, now=self.ctx.now())
                uow.commit()
            return False, None

    def release(self, jobs: list[PrintJob]) -> None:
        with self.s.uow(write=True) as uow:
            for job in jobs:
                if job.notice is not None and job.notice.status == "pending":
                    uow.notices.update(job.notice.id, {"lease_until": None})
            uow.commit()

    def log(self, path: Path, ticket: str | None, numbers: Sequence[str], sheets: int) -> None:
        """Log a job that marks no notice (the calibration sheet)."""
        with self.s.uow(write=True) as uow:
            log_output(uow, batch_id=self.batch_id, operator=self.actor.name,
                       spooler=self.output.spooler, path=path,
                       kept=self.output.directory is not None, job_id=ticket, cases=numbers,
                       sheets=sheets, reason=self.reason, now=self.ctx.now())
            uow.commit()
        if self.output.directory is not None:
            self.files.append(str(path))

    def mark(self, jobs: list[PrintJob], path: Path, ticket: str | None) -> None:
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
            log_output(uow, batch_id=self.batch_id, operator=self.actor.name,
                       spooler=spooler, path=path, kept=file is not None, job_id=ticket,
                       cases=[j.case.number for j in jobs], sheets=sheets,
                       reason=self.reason, now=now)
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
