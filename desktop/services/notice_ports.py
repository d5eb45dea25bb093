"""What the notice services need from the outside, as protocols and plain records.

- :class:`NoticeRepository` (storage: notices, document-number sequences, batches, the
  print log, enclosure events) — :mod:`desktop.persistence.notice_repository`;
- :class:`NoticeRenderer` (laying out and writing notices) — :mod:`desktop.notices`,
  wired in by :mod:`desktop.app`; the services never import ReportLab or the layouts;
- :class:`Spooler` (the operating system's print queue) — ``lp`` for CUPS
  (:mod:`desktop.services.printing_lp`) or Qt's print system (:mod:`desktop.qt.printing`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from desktop.domain.cases import CaseRecord, DecisionRecord
from desktop.domain.errors import ReviewDeskError
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import Status
from desktop.services.ports import UnitOfWork

# ----------------------------------------------------------------------- records


@dataclass(frozen=True)
class NoticeRecord:
    """One notice of one case: its document number, and what happened to its sheets.

    ``status``: ``pending`` (number taken, not yet accepted by a spooler), ``printed``,
    or ``void`` (number accounted for, never sent). ``generation`` counts reprints; the
    2D code carries it so that sheets of an earlier print are refused at the enclosure
    check.
    """

    id: int
    case_id: int
    decision_id: int | None
    procedure_code: str
    kind: str
    fiscal_year: int
    seq: int
    document_number: str
    issued_on: date
    status: str
    generation: int
    sheets: int
    batch_id: int | None
    lease_until: datetime | None
    printed_at: datetime | None
    enclosed_at: datetime | None
    enclosed_by: str | None
    enclosed_generation: int | None
    case_number: str = ""


@dataclass(frozen=True)
class Candidate:
    """A decided case whose current decision has no printed notice yet."""

    case_id: int
    decision_id: int | None


@dataclass(frozen=True)
class BatchRecord:
    id: int
    kind: str  # batch | reprint | calibration
    procedure_code: str | None
    operator: str
    created_at: datetime
    finished_at: datetime | None
    status: str  # running | done | cancelled | failed
    printer: str | None
    directory: str | None
    cases: int
    sheets: int
    files: tuple[str, ...]
    reason: str | None
    selection: dict[str, Any]
    skipped: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class PrintLogRecord:
    """One job handed to a spooler (or written to a file): who, where, what, when."""

    id: int
    batch_id: int
    at: datetime
    operator: str
    printer: str
    job_id: str | None
    outcome: str  # accepted | written | failed
    message: str
    cases: tuple[str, ...]
    sheets: int
    files: tuple[str, ...]
    reason: str | None


# -------------------------------------------------------------------- repository


class NoticeRepository(Protocol):
    def candidates(self, procedure_code: str, statuses: Sequence[Status], *,
                   decided_from: datetime | None, decided_until: datetime | None,
                   first_reviewer: str | None, case_ids: Sequence[int] | None,
                   now: datetime) -> list[Candidate]: ...
    def latest_decision_id(self, case_id: int) -> int | None: ...
    def find(self, case_id: int, decision_id: int | None, kind: str) -> NoticeRecord | None: ...
    def get(self, notice_id: int) -> NoticeRecord | None: ...
    def for_case(self, case_id: int) -> list[NoticeRecord]: ...
    def allocate(self, procedure_code: str, fiscal_year: int, count: int) -> int: ...
    def add(self, *, case_id: int, decision_id: int | None, procedure_code: str, kind: str,
            fiscal_year: int, seq: int, document_number: str, issued_on: date, sheets: int,
            batch_id: int, lease_until: datetime, now: datetime) -> NoticeRecord: ...
    def update(self, notice_id: int, changes: dict[str, Any]) -> None: ...
    def add_batch(self, *, kind: str, procedure_code: str | None, operator_id: int | None,
                  operator: str, printer: str | None, directory: str | None,
                  selection: dict[str, Any], reason: str | None, now: datetime) -> int: ...
    def update_batch(self, batch_id: int, changes: dict[str, Any]) -> None: ...
    def get_batch(self, batch_id: int) -> BatchRecord | None: ...
    def batches(self, limit: int) -> list[BatchRecord]: ...
    def add_print_log(self, *, batch_id: int, operator: str, printer: str, job_id: str | None,
                      outcome: str, message: str, cases: Sequence[str], sheets: int,
                      files: Sequence[str], reason: str | None, now: datetime) -> None: ...
    def print_log(self, batch_id: int | None, limit: int) -> list[PrintLogRecord]: ...
    def add_enclosure_event(self, *, case_id: int | None, notice_id: int | None, user: str,
                            result: str, details: dict[str, Any], now: datetime) -> None: ...
    def unconfirmed(self, batch_id: int | None, procedure_code: str | None,
                    limit: int) -> list[NoticeRecord]: ...


class NoticeUnitOfWork(UnitOfWork, Protocol):
    @property
    def notices(self) -> NoticeRepository: ...

    def __enter__(self) -> NoticeUnitOfWork: ...


class NoticeUnitOfWorkFactory(Protocol):
    def __call__(self, *, write: bool = False) -> NoticeUnitOfWork: ...


# ---------------------------------------------------------------------- renderer

P = TypeVar("P")
P_contra = TypeVar("P_contra", contravariant=True)


class NoticeFile(Protocol[P_contra]):
    """One output file being written; sheets of a notice are written together."""

    def add(self, prepared: P_contra, *, document_number: str,
            sheet_code: Callable[[int, int], str]) -> int: ...
    def close(self) -> int: ...


class NoticeRenderer(Protocol[P]):
    """Lays out and writes notices. :meth:`prepare` composes a notice from one case
    record and checks every character of every sheet against the fonts; it raises a
    :class:`ReviewDeskError` (``missing_glyph``, ``notice_data_missing`` …) for a
    notice that cannot be printed, before any number is taken."""

    def prepare(self, *, kind: str, case: CaseRecord, procedure: Procedure,
                decisions: Sequence[DecisionRecord], issued_on: date, reissue: bool) -> P: ...
    def sheet_count(self, prepared: P) -> int: ...
    def open_file(self, path: Path, title: str) -> NoticeFile[P]: ...
    def document_number(self, procedure_code: str, fiscal_year: int, seq: int) -> str: ...
    def calibration_sheet(self, path: Path) -> int: ...


# ----------------------------------------------------------------------- spooler


class SpoolerError(ReviewDeskError):
    """The print queue did not accept a job (``params``: ``printer``, ``detail``)."""

    code = "spooler_refused"


@dataclass(frozen=True)
class SpoolTicket:
    printer: str
    job_id: str


class Spooler(Protocol):
    """The OS print queue. :meth:`submit` returns only once the queue has accepted the
    job, and raises :class:`SpoolerError` saying why it did not."""

    @property
    def printer(self) -> str: ...

    def submit(self, pdf: Path, title: str) -> SpoolTicket: ...
