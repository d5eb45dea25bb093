"""What a notice print is asked to do and what it did: the selection of a batch, its
output, progress and result, and the rules that say which notice a decided case gets.

:mod:`desktop.services.notice_batch` re-exports these names, which callers import
from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop.domain.errors import InvalidInput
from desktop.domain.procedures import NoticeEvent, Procedure
from desktop.domain.workflow import Status
from desktop.services.notice_ports import Spooler

#: Statuses whose cases have a notice to print, and the event each one prints on.
PRINTABLE: dict[Status, NoticeEvent] = {
    Status.APPROVED: "approved",
    Status.REJECTED: "rejected",
    Status.AWAITING_CORRECTION: "returned",
}


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


def check_output(output: BatchOutput) -> None:
    """Refuse an output with nowhere to go or no room on a file."""
    if output.directory is None and output.spooler is None:
        raise InvalidInput("出力先（フォルダまたはプリンタ）を指定してください",
                           "give an output folder or a printer")
    if output.max_sheets_per_file < 1:
        raise InvalidInput("1ファイルの枚数は1以上にしてください",
                           "sheets per file must be at least 1")


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
