"""The case keyed in from a scan, written inside the caller's unit of work: the same
case values as manual entry (:func:`desktop.services.new_case.build_new_case`), the
same intake warnings and possible-duplicate links, and the scan as its attachment.

Manual entry (``IntakeService.add_manual``) opens its own unit of work, and keying in
a scan must create the case and close the scan in one; so this module composes the
public pieces (the case builder and the repository's intake methods) instead.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import Any

from desktop.domain.errors import RuleViolation
from desktop.domain.permissions import Actor
from desktop.domain.procedures import Procedure
from desktop.intake.problems import Problem
from desktop.services.intake_records import (
    LINK_POSSIBLE_DUPLICATE,
    DuplicateKey,
    IntakeCase,
    ReceiptAlreadyPresent,
)
from desktop.services.new_case import build_new_case
from desktop.services.ports import UnitOfWork
from desktop.services.scan_records import ScanItemRecord

#: As intake: earlier cases a new applicant is compared with, and at most how many links.
DUPLICATE_WINDOW = timedelta(days=365)
MAX_DUPLICATE_LINKS = 10
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
    new = build_new_case(procedure, values, source=SCAN_SOURCE, receipt_number=receipt,
                         received_at=received_at)
    # Cut the match keys to their columns, as bulk intake does (NFKC can lengthen).
    new = dataclasses.replace(new, postal_code=new.postal_code[:16],
                              phone_key=new.phone_key[:32])
    others = _possible_duplicates(uow, procedure, new.kana_key, new.birth_date, values, now)
    flags: dict[str, Any] = {}
    if warnings:
        flags["intake_warnings"] = [w.to_json() for w in warnings]
    if others:
        flags[LINK_POSSIBLE_DUPLICATE] = others
    try:
        [inserted] = uow.cases.intake_insert_cases(
            [IntakeCase(new, flags, {"entry": "scan", "scan": item.id})], actor.name, now)
    except ReceiptAlreadyPresent as error:
        raise RuleViolation(
            f"受付番号 {receipt} の案件が同時に作られました。一覧を読み込み直してください",
            f"a case with receipt number {receipt} was created at the same time; reload",
            scan=item.id, receipt=receipt) from error
    uow.cases.intake_add_links(
        [(inserted.id, other, LINK_POSSIBLE_DUPLICATE, {"match": "applicant"})
         for other in others], now)
    if item.sha256 is not None:
        uow.cases.add_attachment(inserted.id, item.file_name[:255],
                                 item.media_type or "application/octet-stream", item.sha256,
                                 item.size or 0, now)
    return inserted.id


def _possible_duplicates(uow: UnitOfWork, procedure: Procedure, kana_key: str,
                         birth_date: Any, values: dict[str, Any], now: datetime) -> list[int]:
    """Open or recent cases of the procedure with the same kana name and birth date, or
    the same individual number (the newest few)."""
    since = now - DUPLICATE_WINDOW
    found: set[int] = set()
    if kana_key and birth_date is not None:
        key = DuplicateKey(kana_key, birth_date)
        found.update(uow.cases.intake_duplicate_candidates(procedure.code, [key], since)
                     .get(key, []))
    number_field = next((f.id for f in procedure.fields if f.type == "mynumber"), None)
    if number_field is not None and values.get(number_field):
        number = str(values[number_field])
        found.update(uow.cases.intake_number_candidates(procedure.code, number_field,
                                                        [number], since).get(number, []))
    return sorted(found)[-MAX_DUPLICATE_LINKS:]
