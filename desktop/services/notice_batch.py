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

The run itself is :mod:`desktop.services.notice_run`, reprints
:mod:`desktop.services.notice_reprint`, the print log and its queries
:mod:`desktop.services.print_log`, and the selection, output and result values
:mod:`desktop.services.notice_values` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from desktop.domain.permissions import Actor, Permission
from desktop.services import notice_reprint
from desktop.services.context import JST
from desktop.services.notice_ports import NoticeRenderer, NoticeUnitOfWork, Spooler
from desktop.services.notice_run import PrintJob, PrintRun
from desktop.services.notice_values import (
    PRINTABLE,
    BatchOutput,
    BatchProgress,
    BatchResult,
    BatchSelection,
    CandidateCase,
    FailedJob,
    PrintedNotice,
    SkippedCase,
    check_output,
    fiscal_year,
    notice_kind_for,
)
from desktop.services.print_log import PrintLog

__all__ = ["PRINTABLE", "BatchOutput", "BatchProgress", "BatchResult", "BatchSelection",
           "CandidateCase", "FailedJob", "NoticeService", "PrintedNotice", "SkippedCase",
           "fiscal_year", "notice_kind_for"]

_LEASE = timedelta(minutes=20)


@dataclass
class NoticeService(PrintLog):
    """Batch printing, reprints, print log and calibration sheets (permission
    ``notice.print``); the print log's queries are :class:`PrintLog`'s."""

    renderer: NoticeRenderer[Any]
    spooler_for: Callable[[str], Spooler] | None = None
    lease: timedelta = _LEASE

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
        check_output(output)
        now = self.ctx.now()
        with self.uow(write=True) as uow:
            found = self._candidates(uow, selection)
            batch_id = uow.notices.add_batch(
                kind="batch", procedure_code=procedure.code, operator_id=actor.id,
                operator=actor.name, printer=output.spooler.printer if output.spooler else None,
                directory=str(output.directory) if output.directory else None,
                selection=selection.to_json(), reason=None, now=now)
            uow.commit()
        run = PrintRun(self, actor, batch_id, output, procedure.code, len(found), progress)
        try:
            group: list[PrintJob] = []
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
        """Print a printed notice again, marked 再発行, with its original number and date
        (see :func:`desktop.services.notice_reprint.reprint`)."""
        return notice_reprint.reprint(self, actor, case_id, reason, output, kind=kind)

    # ------------------------------------------------------------------ calibration
    def calibration(self, actor: Actor, output: BatchOutput) -> BatchResult:
        """Print the window calibration sheet (logged like any print)."""
        self.ctx.require(actor, Permission.NOTICE_PRINT)
        check_output(output)
        now = self.ctx.now()
        with self.uow(write=True) as uow:
            batch_id = uow.notices.add_batch(
                kind="calibration", procedure_code=None, operator_id=actor.id,
                operator=actor.name, printer=output.spooler.printer if output.spooler else None,
                directory=str(output.directory) if output.directory else None, selection={},
                reason=None, now=now)
            uow.commit()
        run = PrintRun(self, actor, batch_id, output, None, 0, None)
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
