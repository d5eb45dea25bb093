"""The print log: one entry per spooler job or written file — accepted, written or
refused — with its operator, printer, cases, sheets and (for a reprint) the reason;
and the queries on it, on the print batches and on a case's notices.

:class:`PrintLog` is the query half of
:class:`~desktop.services.notice_batch.NoticeService`, which extends it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.domain.errors import NotFound
from desktop.domain.permissions import Actor, Permission
from desktop.services.context import ServiceContext
from desktop.services.notice_ports import (
    BatchRecord,
    NoticeRecord,
    NoticeUnitOfWork,
    NoticeUnitOfWorkFactory,
    PrintLogRecord,
    Spooler,
)


@dataclass
class PrintLog:
    """Print batches, the print log and a case's notices (permission ``notice.print``)."""

    ctx: ServiceContext
    uow: NoticeUnitOfWorkFactory

    def batch(self, actor: Actor, batch_id: int) -> BatchRecord:
        """One print batch (a batch, a reprint or a calibration sheet)."""
        self.ctx.require(actor, Permission.NOTICE_PRINT)
        with self.uow() as uow:
            record = uow.notices.get_batch(batch_id)
        if record is None:
            raise NotFound(f"印刷バッチ {batch_id} はありません", f"no print batch {batch_id}",
                           batch=batch_id)
        return record

    def batches(self, actor: Actor, limit: int = 50) -> list[BatchRecord]:
        """The latest print batches."""
        self.ctx.require(actor, Permission.NOTICE_PRINT)
        with self.uow() as uow:
            return uow.notices.batches(limit)

    def print_log(self, actor: Actor, batch_id: int | None = None,
                  limit: int = 200) -> list[PrintLogRecord]:
        """The print log, of one batch or of all."""
        self.ctx.require(actor, Permission.NOTICE_PRINT)
        with self.uow() as uow:
            return uow.notices.print_log(batch_id, limit)

    def notices_of(self, actor: Actor, case_id: int) -> list[NoticeRecord]:
        """The notices printed (or being printed) for one case."""
        self.ctx.require(actor, Permission.NOTICE_PRINT)
        with self.uow() as uow:
            return uow.notices.for_case(case_id)


def log_output(uow: NoticeUnitOfWork, *, batch_id: int, operator: str,
               spooler: Spooler | None, path: Path, kept: bool, job_id: str | None,
               cases: Sequence[str], sheets: int, reason: str | None, now: datetime) -> None:
    """Log a job the spooler accepted or, with no spooler, the file written at *path*
    (*kept*: the file stays in the output folder, so the entry names it)."""
    uow.notices.add_print_log(
        batch_id=batch_id, operator=operator,
        printer=spooler.printer if spooler else f"PDF:{path}", job_id=job_id,
        outcome="accepted" if spooler else "written", message="", cases=cases,
        sheets=sheets, files=[str(path)] if kept else [], reason=reason, now=now)


def log_refused(uow: NoticeUnitOfWork, *, batch_id: int, operator: str, printer: str,
                message: str, path: Path, kept: bool, cases: Sequence[str], sheets: int,
                reason: str | None, now: datetime) -> None:
    """Log a job the spooler refused, with its message."""
    uow.notices.add_print_log(
        batch_id=batch_id, operator=operator, printer=printer, job_id=None,
        outcome="failed", message=message, cases=cases, sheets=sheets,
        files=[str(path)] if kept else [], reason=reason, now=now)
