"""Row ↔ domain conversions, so no ORM object leaves the persistence package."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from desktop.domain.cases import CaseRecord, NewCase, PendingDecision
from desktop.domain.workflow import Status, queue_stage


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def case_from_row(row: Mapping[Any, Any], holder_name: str | None = None) -> CaseRecord:
    received = aware(row["received_at"])
    assert received is not None
    pending = row["pending_decision"]
    return CaseRecord(
        id=int(row["id"]),
        number=row["number"] or "",
        procedure_code=row["procedure_code"],
        source=row["source"],
        receipt_number=row["receipt_number"],
        status=Status(row["status"]),
        priority=int(row["priority"]),
        received_at=received,
        due_date=row["due_date"],
        fields=dict(row["fields"] or {}),
        checked={k: tuple(v) for k, v in (row["checked"] or {}).items()},
        version=int(row["version"]),
        holder_id=row["holder_id"],
        holder_name=holder_name,
        lease_expires_at=aware(row["lease_expires_at"]),
        first_reviewer_id=row["first_reviewer_id"],
        held_from=Status(row["held_from"]) if row["held_from"] else None,
        hold_reason=row["hold_reason"],
        correction_deadline=row["correction_deadline"],
        pending=PendingDecision.from_json(pending) if pending else None,
        applicant_name=row["applicant_name"],
        kana_key=row["kana_key"],
        birth_date=row["birth_date"],
        updated_by_name=row["updated_by"],
        updated_at=aware(row["updated_at"]),
        decided_at=aware(row["decided_at"]),
        flags=tuple(sorted(k for k, v in (row["flags"] or {}).items() if v)),
    )


def to_column_value(key: str, value: Any) -> Any:
    """Domain values → column values for :meth:`CaseRepository.update`."""
    if isinstance(value, Status):
        return value.value
    if isinstance(value, PendingDecision):
        return value.to_json()
    if isinstance(value, datetime):
        return utc(value)
    if key == "checked":
        return {k: sorted(v) for k, v in value.items()}
    return value


def stage_value(status: Status) -> str | None:
    """The ``stage`` column for *status*: which queue the case is in, if any."""
    stage = queue_stage(status)
    return stage.value if stage else None


def new_case_values(new: NewCase, actor: str, now: datetime) -> dict[str, Any]:
    """Column values of a case as created (id and number come after the insert)."""
    return {
        "procedure_code": new.procedure_code,
        "source": new.source,
        "receipt_number": new.receipt_number,
        "status": new.status.value,
        "stage": stage_value(new.status),
        "priority": new.priority,
        "received_at": utc(new.received_at),
        "due_date": new.due_date,
        "fields": new.fields,
        "checked": {},
        "flags": {},
        "applicant_name": new.applicant_name,
        "name_key": new.name_key,
        "kana_key": new.kana_key,
        "birth_date": new.birth_date,
        "postal_code": new.postal_code,
        "address": new.address,
        "phone_key": new.phone_key,
        "version": 1,
        "updated_by": actor,
        "updated_at": utc(now),
    }
