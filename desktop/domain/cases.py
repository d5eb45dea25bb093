"""Plain snapshots of cases as repositories hand them out (never live ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from desktop.domain.workflow import Stage, Status


@dataclass(frozen=True)
class PendingDecision:
    """A first-review decision waiting for the double check."""

    kind: str
    reasons: tuple[str, ...]
    note: str
    deadline: date | None
    by_user_id: int
    by_name: str
    at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "reasons": list(self.reasons),
            "note": self.note,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "by_user_id": self.by_user_id,
            "by_name": self.by_name,
            "at": self.at.isoformat(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PendingDecision:
        return cls(
            kind=data["kind"],
            reasons=tuple(data.get("reasons", ())),
            note=data.get("note", ""),
            deadline=date.fromisoformat(data["deadline"]) if data.get("deadline") else None,
            by_user_id=int(data["by_user_id"]),
            by_name=data["by_name"],
            at=datetime.fromisoformat(data["at"]),
        )


@dataclass(frozen=True)
class CaseRecord:
    """One case as stored: identity, lifecycle state, the resident's raw form data."""

    id: int
    number: str
    procedure_code: str
    source: str
    receipt_number: str
    status: Status
    priority: int
    received_at: datetime
    due_date: date
    fields: dict[str, Any]
    checked: dict[str, tuple[str, ...]]
    version: int
    holder_id: int | None = None
    holder_name: str | None = None
    lease_expires_at: datetime | None = None
    first_reviewer_id: int | None = None
    held_from: Status | None = None
    hold_reason: str | None = None
    correction_deadline: date | None = None
    pending: PendingDecision | None = None
    applicant_name: str = ""
    kana_key: str = ""
    birth_date: date | None = None
    updated_by_name: str | None = None
    updated_at: datetime | None = None
    decided_at: datetime | None = None
    flags: tuple[str, ...] = field(default=())

    def checked_in(self, stage: Stage) -> frozenset[str]:
        return frozenset(self.checked.get(stage.value, ()))


@dataclass(frozen=True)
class NewCase:
    """What is needed to create a case (intake, manual entry, demo data)."""

    procedure_code: str
    source: str
    receipt_number: str
    received_at: datetime
    due_date: date
    fields: dict[str, Any]
    applicant_name: str
    kana_key: str
    name_key: str
    birth_date: date | None
    postal_code: str
    address: str
    phone_key: str
    priority: int = 0
    status: Status = Status.RECEIVED


@dataclass(frozen=True)
class DecisionRecord:
    """One decision taken on a case at one stage."""

    case_id: int
    stage: Stage
    kind: str
    reasons: tuple[str, ...]
    note: str
    deadline: date | None
    user_id: int
    user_name: str
    at: datetime


@dataclass(frozen=True)
class AttachmentRecord:
    """A file attached to a case (scan, PDF); the bytes live in the attachment store."""

    id: int
    case_id: int
    file_name: str
    media_type: str
    sha256: str
    size: int
    added_at: datetime
