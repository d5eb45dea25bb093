"""Scanned paper applications waiting to be keyed in: the plain records the repository
hands out, and what the scan intake service needs from storage (a protocol that
:class:`desktop.services.ports.UnitOfWork` exposes as ``uow.scans``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

#: A readable scan, waiting for an operator to key it in.
SCAN_WAITING = "waiting"
#: A file that cannot be keyed in (unknown type, broken, unreadable); discard it.
SCAN_PROBLEM = "problem"
#: Keyed in: ``case_id`` is the case made from it.
SCAN_DONE = "done"
#: Given up, with a reason (audited).
SCAN_DISCARDED = "discarded"
#: A problem item whose file was registered again, whole, as another item.
SCAN_SUPERSEDED = "superseded"

OPEN_SCAN_STATUSES = (SCAN_WAITING, SCAN_PROBLEM)


@dataclass(frozen=True)
class NewScanItem:
    procedure_code: str
    folder: str
    file_name: str
    dedupe_key: str
    sha256: str | None
    media_type: str | None
    size: int | None
    status: str
    reasons: list[dict[str, Any]]
    registered_by: str


@dataclass(frozen=True)
class ScanItemRecord:
    """One scanned file as stored."""

    id: int
    procedure_code: str
    folder: str
    file_name: str
    dedupe_key: str
    sha256: str | None
    media_type: str | None
    size: int | None
    status: str
    reasons: list[dict[str, Any]]
    holder: str | None
    lease_expires_at: datetime | None
    case_id: int | None
    version: int
    registered_by: str
    registered_at: datetime
    resolved_by: str | None
    resolved_at: datetime | None
    resolution_note: str | None

    @property
    def receipt_number(self) -> str:
        """The receipt number of the case keyed in from this scan."""
        return scan_receipt(self.id)

    def held_by_other(self, name: str, now: datetime) -> bool:
        """Someone else claimed it and the claim has not run out."""
        return (self.holder is not None and self.holder != name
                and self.lease_expires_at is not None and self.lease_expires_at > now)


def scan_receipt(scan_id: int) -> str:
    return f"SCAN-{scan_id}"


class ScanRepository(Protocol):
    def add(self, item: NewScanItem, now: datetime) -> tuple[ScanItemRecord, bool]:
        """Insert *item*, or return the item already stored under its dedupe key
        (``False``): two workstations registering the same file make one item."""
        ...

    def get(self, scan_id: int, *, for_update: bool = False) -> ScanItemRecord | None: ...

    def items(self, statuses: tuple[str, ...], procedure_code: str | None, limit: int,
              offset: int) -> list[ScanItemRecord]:
        """Items in *statuses*, oldest first."""
        ...

    def count(self, statuses: tuple[str, ...], procedure_code: str | None) -> int: ...

    def claim(self, scan_id: int, holder: str, now: datetime, until: datetime) -> bool:
        """Hold a waiting item until *until*, unless someone else holds it now."""
        ...

    def release(self, scan_id: int, holder: str) -> bool: ...

    def resolve(self, scan_id: int, expected_version: int, status: str, actor: str,
                now: datetime, note: str | None, case_id: int | None) -> ScanItemRecord:
        """Close the item (optimistic lock on *expected_version*: ConcurrentChange)."""
        ...

    def supersede_problems(self, folder: str, file_name: str, by_scan_id: int, actor: str,
                           now: datetime) -> list[int]:
        """Close open problem items of the same folder and file name (the file is
        registered whole now); returns their ids."""
        ...
