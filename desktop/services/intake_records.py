"""Plain records of intake as the repository hands them out (batches, quarantine,
case links) and what the intake service asks it to write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from desktop.domain.cases import NewCase
from desktop.domain.errors import ReviewDeskError

BATCH_RUNNING = "running"
BATCH_COMPLETED = "completed"
BATCH_FAILED = "failed"

QUARANTINE_OPEN = "open"
QUARANTINE_RESUBMITTED = "resubmitted"
QUARANTINE_SUPERSEDED = "superseded"  # a later import of the same application was valid
QUARANTINE_DISCARDED = "discarded"

LINK_POSSIBLE_DUPLICATE = "possible_duplicate"


class ReceiptAlreadyPresent(ReviewDeskError):
    """Another workstation created a case with one of the chunk's receipt numbers
    between our check and our insert; the chunk is rolled back and tried again."""

    code = "receipt_already_present"


@dataclass(frozen=True)
class NewImportBatch:
    procedure_code: str
    profile: str
    source: str
    file_name: str
    file_sha256: str
    file_size: int
    file_format: str
    encoding: str
    archive_path: str | None
    actor: str
    actor_id: int | None
    notes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportBatchRecord:
    id: int
    procedure_code: str
    profile: str
    source: str
    file_name: str
    file_sha256: str
    file_size: int
    file_format: str
    encoding: str
    archive_path: str | None
    status: str
    received: int
    imported: int
    already_present: int
    quarantined: int
    warnings: int
    duplicates: int
    last_row: int
    notes: dict[str, Any]
    actor: str
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    message: str | None


@dataclass(frozen=True)
class BatchCounts:
    """What one chunk adds to its batch."""

    received: int = 0
    imported: int = 0
    already_present: int = 0
    quarantined: int = 0
    warnings: int = 0
    duplicates: int = 0


@dataclass(frozen=True)
class IntakeCase:
    """A case to insert from intake, with its flags and where it came from."""

    new: NewCase
    flags: dict[str, Any]
    audit_details: dict[str, Any]


@dataclass(frozen=True)
class InsertedCase:
    id: int
    number: str
    receipt_number: str


@dataclass(frozen=True)
class NewQuarantineItem:
    batch_id: int
    row_number: int
    line_number: int
    receipt_number: str | None
    dedupe_key: str
    raw: dict[str, Any]
    reasons: list[dict[str, Any]]


@dataclass(frozen=True)
class QuarantineRecord:
    id: int
    batch_id: int
    row_number: int
    line_number: int
    receipt_number: str | None
    dedupe_key: str
    raw: dict[str, Any]
    reasons: list[dict[str, Any]]
    status: str
    case_id: int | None
    resolved_by: str | None
    resolved_at: datetime | None
    resolution_note: str | None
    created_at: datetime


@dataclass(frozen=True)
class CaseLinkRecord:
    case_id: int
    other_case_id: int
    other_case_number: str
    kind: str
    details: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class DuplicateKey:
    """How a new applicant is matched against earlier cases of the same procedure."""

    kana_key: str
    birth_date: date
