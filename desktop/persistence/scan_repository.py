"""Scanned paper applications (``scan_items``): registered once per file content,
claimed by one operator at a time, closed with a version check."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from desktop.domain.errors import ConcurrentChange, NotFound
from desktop.persistence.mapping import aware, utc
from desktop.persistence.models import ScanItem
from desktop.persistence.transaction import TransactionBound
from desktop.services.scan_records import (
    SCAN_PROBLEM,
    SCAN_SUPERSEDED,
    SCAN_WAITING,
    NewScanItem,
    ScanItemRecord,
)

_T = cast(Table, ScanItem.__table__)


class SqlScanRepository(TransactionBound):
    """See :class:`desktop.services.scan_records.ScanRepository`."""


    def add(self, item: NewScanItem, now: datetime) -> tuple[ScanItemRecord, bool]:
        values = {
            "procedure_code": item.procedure_code, "folder": item.folder,
            "file_name": item.file_name, "dedupe_key": item.dedupe_key,
            "sha256": item.sha256, "media_type": item.media_type, "size": item.size,
            "status": item.status, "reasons": item.reasons, "version": 1,
            "registered_by": item.registered_by, "registered_at": utc(now),
        }
        dialect_insert = postgresql.insert if self._dialect == "postgresql" else sqlite.insert
        # ON CONFLICT DO NOTHING: a second workstation registering the same file at the
        # same moment neither fails nor aborts its (PostgreSQL) transaction.
        statement = dialect_insert(_T).values(**values).on_conflict_do_nothing(
            index_elements=["dedupe_key"]).returning(_T.c.id)
        new_id = self._s.execute(statement).scalar_one_or_none()
        if new_id is not None:
            record = self.get(int(new_id))
            assert record is not None
            return record, True
        row = self._s.execute(select(_T).where(_T.c.dedupe_key == item.dedupe_key)).mappings().one()
        return _record(row), False

    def get(self, scan_id: int, *, for_update: bool = False) -> ScanItemRecord | None:
        query = select(_T).where(_T.c.id == scan_id)
        if for_update and self._dialect == "postgresql":
            query = query.with_for_update()
        row = self._s.execute(query).mappings().one_or_none()
        return _record(row) if row is not None else None

    def items(self, statuses: tuple[str, ...], procedure_code: str | None, limit: int,
              offset: int) -> list[ScanItemRecord]:
        query = select(_T).where(_T.c.status.in_(statuses))
        if procedure_code is not None:
            query = query.where(_T.c.procedure_code == procedure_code)
        rows = self._s.execute(query.order_by(_T.c.id).limit(limit).offset(offset)).mappings()
        return [_record(r) for r in rows]

    def count(self, statuses: tuple[str, ...], procedure_code: str | None) -> int:
        query = select(func.count()).select_from(_T).where(_T.c.status.in_(statuses))
        if procedure_code is not None:
            query = query.where(_T.c.procedure_code == procedure_code)
        return int(self._s.execute(query).scalar_one())

    def claim(self, scan_id: int, holder: str, now: datetime, until: datetime) -> bool:
        # One conditional UPDATE: whoever's statement runs first gets the scan.
        result = self._s.execute(
            update(_T)
            .where(_T.c.id == scan_id, _T.c.status == SCAN_WAITING,
                   or_(_T.c.holder.is_(None), _T.c.holder == holder,
                       _T.c.lease_expires_at.is_(None), _T.c.lease_expires_at <= utc(now)))
            .values(holder=holder, lease_expires_at=utc(until))
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def release(self, scan_id: int, holder: str) -> bool:
        result = self._s.execute(
            update(_T).where(_T.c.id == scan_id, _T.c.holder == holder)
            .values(holder=None, lease_expires_at=None))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def resolve(self, scan_id: int, expected_version: int, status: str, actor: str,
                now: datetime, note: str | None, case_id: int | None) -> ScanItemRecord:
        result = self._s.execute(
            update(_T).where(_T.c.id == scan_id, _T.c.version == expected_version)
            .values(status=status, resolved_by=actor, resolved_at=utc(now),
                    resolution_note=note, case_id=case_id, holder=None,
                    lease_expires_at=None, version=_T.c.version + 1))
        current = self.get(scan_id)
        if current is None:
            raise NotFound(f"スキャン {scan_id} はありません", f"no scan {scan_id}", scan=scan_id)
        if not result.rowcount:  # type: ignore[attr-defined]
            raise ConcurrentChange(
                f"スキャン {scan_id} は {current.resolved_by or '別の端末'} が先に処理しました"
                f"（{current.status}）。一覧を読み込み直してください",
                f"scan {scan_id} was dealt with first by {current.resolved_by or 'another'}"
                f" workstation ({current.status}); reload the list",
                scan=scan_id, status=current.status, expected_version=expected_version,
                current_version=current.version)
        return current

    def supersede_problems(self, folder: str, file_name: str, by_scan_id: int, actor: str,
                           now: datetime) -> list[int]:
        where = and_(_T.c.folder == folder, _T.c.file_name == file_name,
                     _T.c.status == SCAN_PROBLEM, _T.c.id != by_scan_id)
        ids = [int(i) for i in self._s.execute(select(_T.c.id).where(where)).scalars()]
        if ids:
            self._s.execute(
                update(_T).where(_T.c.id.in_(ids))
                .values(status=SCAN_SUPERSEDED, resolved_by=actor, resolved_at=utc(now),
                        resolution_note=f"scan {by_scan_id}", version=_T.c.version + 1))
        return ids


def _record(row: Mapping[Any, Any]) -> ScanItemRecord:
    registered = aware(row["registered_at"])
    assert registered is not None
    return ScanItemRecord(
        id=int(row["id"]), procedure_code=row["procedure_code"], folder=row["folder"],
        file_name=row["file_name"], dedupe_key=row["dedupe_key"], sha256=row["sha256"],
        media_type=row["media_type"], size=row["size"], status=row["status"],
        reasons=list(row["reasons"] or []), holder=row["holder"],
        lease_expires_at=aware(row["lease_expires_at"]), case_id=row["case_id"],
        version=int(row["version"]), registered_by=row["registered_by"],
        registered_at=registered, resolved_by=row["resolved_by"],
        resolved_at=aware(row["resolved_at"]), resolution_note=row["resolution_note"],
    )
