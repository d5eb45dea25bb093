"""The case keyed in from a scan, written inside the caller's unit of work: the same
case, intake warnings and possible-duplicate links as manual entry
(:func:`desktop.services.intake.insert_manual`), with the scan as its attachment.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.domain.errors import RuleViolation
from desktop.domain.permissions import Actor
from desktop.domain.procedures import Procedure
from desktop.intake.problems import Problem
from desktop.services.intake import insert_manual
from desktop.services.intake_chunks import StoredFile
from desktop.services.intake_records import ReceiptAlreadyPresent
from desktop.services.ports import UnitOfWork
from desktop.services.scan_records import ScanItemRecord

SCAN_SOURCE = "paper"


def insert_scan_case(uow: UnitOfWork, actor: Actor, procedure: Procedure,
                     item: ScanItemRecord, values: dict[str, Any], warnings: list[Problem],
                     received_at: datetime, now: datetime) -> int:
    """Insert the case (audited ``create``), its duplicate links and the scan as its
    attachment; returns the case id. *values* are already checked."""
    receipt = item.receipt_number
    if uow.cases.intake_existing_receipts(SCAN_SOURCE, [receipt]):
        raise RuleViolation(
            f"受付番号 {receipt}（紙）の案件が既にあります。スキャン {item.id} は入力できません",
            f"a paper case with receipt number {receipt} already exists; scan {item.id}"
            " cannot be keyed in", scan=item.id, receipt=receipt)
    files = [] if item.sha256 is None else [
        StoredFile(item.file_name, item.media_type or "application/octet-stream", item.sha256,
                   item.size or 0)]
    try:
        result = insert_manual(uow, actor, procedure, source=SCAN_SOURCE, receipt=receipt,
                               values=values, warnings=warnings, received_at=received_at,
                               files=files, details={"entry": "scan", "scan": item.id},
                               now=now)
    except ReceiptAlreadyPresent as error:
        raise RuleViolation(
            f"受付番号 {receipt} の案件が同時に作られました。一覧を読み込み直してください",
            f"a case with receipt number {receipt} was created at the same time; reload",
            scan=item.id, receipt=receipt) from error
    return result.case.id
