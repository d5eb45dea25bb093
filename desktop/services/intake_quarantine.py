"""The quarantine: rows an import could not turn into cases, kept with their row number,
the raw row and every reason, until a person corrects and re-submits them or discards
them with a reason (both audited on the batch's stream). Viewing them is audited too:
they hold personal data.

Used through :class:`desktop.services.intake.IntakeService` (``quarantine``,
``discard``, ``resubmit``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from desktop.domain.audit import SYSTEM_STREAM, user_stream
from desktop.domain.cases import CaseRecord
from desktop.domain.errors import NotFound, RuleViolation
from desktop.domain.permissions import SYSTEM, Actor, Permission
from desktop.intake.problems import Problem
from desktop.intake.readers import RawRecord, column_key
from desktop.intake.validation import check_record, plan_columns, usable_receipt
from desktop.services.intake_chunks import batch_stream, store_attachments
from desktop.services.intake_records import (
    QUARANTINE_DISCARDED,
    QUARANTINE_OPEN,
    QUARANTINE_RESUBMITTED,
    QUARANTINE_SUPERSEDED,
    QuarantineRecord,
    ReceiptAlreadyPresent,
)
from desktop.services.ports import UnitOfWork

if TYPE_CHECKING:
    from desktop.services.intake import IntakeService

#: Attempts when another workstation takes the same receipt number at the same moment.
RETRIES = 5
#: Reasons that mean a value could not be read at all: only a correction clears them.
_UNREADABLE = ("undecodable", "unreadable", "invalid_json")


@dataclass(frozen=True)
class ResubmitResult:
    """``case`` when the corrected row became a case; else the remaining problems."""

    item: QuarantineRecord
    case: CaseRecord | None
    problems: list[Problem]
    already_present: bool = False


def view(service: IntakeService, actor: Actor, batch_id: int | None, status: str | None,
         limit: int, offset: int) -> list[QuarantineRecord]:
    service.check(actor, Permission.CASE_VIEW)
    ctx = service.ctx
    with ctx.uow(write=True) as uow:
        items = uow.cases.intake_quarantine_items(batch_id, status, limit, offset)
        uow.audit.append(SYSTEM_STREAM if actor is SYSTEM else user_stream(actor.name),
                         actor.name, "quarantine_view", None,
                         {"items": [i.id for i in items]}, ctx.now())
        uow.commit()
    return items


def discard(service: IntakeService, actor: Actor, item_id: int,
            reason: str) -> QuarantineRecord:
    service.check(actor, Permission.CASE_CREATE)
    if not reason.strip():
        raise RuleViolation("破棄の理由を入力してください", "discarding needs a reason")
    now = service.ctx.now()
    with service.ctx.uow(write=True) as uow:
        item = _open_item(uow, item_id)
        uow.cases.intake_quarantine_resolve([item.id], QUARANTINE_DISCARDED, actor.name, now,
                                            reason, None)
        uow.audit.append(batch_stream(item.batch_id), actor.name, "quarantine_discard", None,
                         {"item": item.id, "row": item.row_number, "reason": reason}, now)
        updated = uow.cases.intake_quarantine_item(item.id)
        uow.commit()
    assert updated is not None
    return updated


def resubmit(service: IntakeService, actor: Actor, item_id: int,
             corrections: dict[str, Any], attachments_dir: Path | None) -> ResubmitResult:
    service.check(actor, Permission.CASE_CREATE)
    now = service.ctx.now()
    for _ in range(RETRIES):
        try:
            with service.ctx.uow(write=True) as uow:
                result = _resubmit(service, uow, actor, item_id, corrections, attachments_dir,
                                   now)
                uow.commit()
            return result
        except ReceiptAlreadyPresent:
            continue
    raise ReceiptAlreadyPresent("受付番号が重複しています", "the receipt number is taken")


def _resubmit(service: IntakeService, uow: UnitOfWork, actor: Actor, item_id: int,
              corrections: dict[str, Any], attachments_dir: Path | None,
              now: datetime) -> ResubmitResult:
    item = _open_item(uow, item_id)
    batch = uow.cases.intake_batch(item.batch_id)
    assert batch is not None
    procedure = service.ctx.procedure(batch.procedure_code)
    plan = plan_columns(service.profile(batch.procedure_code, batch.profile), procedure)
    values = dict(item.raw.get("values", {}))
    by_key = {column_key(c): c for c in values}
    columns_of_fields = {fid: c for c, fid in plan.profile.columns.items()}
    corrected: list[str] = []
    for name, value in corrections.items():
        column = columns_of_fields.get(name, name)
        column = by_key.get(column_key(column), column)
        values[column] = value
        corrected.append(column)
    problems: list[Problem] = []
    corrected_keys = {column_key(c) for c in corrected}
    for reason in item.reasons:
        bad_column = cast(str | None, reason.get("column"))
        if reason.get("code") not in _UNREADABLE:
            continue
        if bad_column is None and corrected:
            continue  # an unreadable row: the corrections are the row now
        if bad_column is not None and column_key(bad_column) in corrected_keys:
            continue
        problems.append(Problem(
            "correction_needed",
            f"「{bad_column or '行全体'}」は読めなかったため、正しい値を入力してください",
            f"'{bad_column or 'the row'}' could not be read; enter the correct value",
            column=bad_column))
    outcome = check_record(plan, RawRecord(item.row_number, item.line_number, values))
    outcome.problems = problems + outcome.problems
    receipt = usable_receipt(outcome.receipt)
    if receipt and outcome.ok:
        existing = uow.cases.intake_existing_receipts(batch.source, [receipt])
        if receipt in existing:
            uow.cases.intake_quarantine_resolve([item.id], QUARANTINE_SUPERSEDED, actor.name,
                                                now, "already present", existing[receipt])
            case = uow.cases.get(existing[receipt])
            updated = uow.cases.intake_quarantine_item(item.id)
            assert updated is not None
            return ResubmitResult(updated, case, [], already_present=True)
    files = []
    if outcome.ok and outcome.attachments:
        files = store_attachments(service.attachment_store(), outcome,
                                  attachments_dir or Path(batch.file_name).parent)
    if not outcome.ok:
        uow.cases.intake_quarantine_update_reasons(
            item.id, [p.to_json() for p in outcome.problems], item.raw)
        updated = uow.cases.intake_quarantine_item(item.id)
        assert updated is not None
        return ResubmitResult(updated, None, outcome.problems)
    [created] = service.case_maker().create(
        uow, actor, procedure, batch.source,
        [(outcome, files, {"batch": batch.id, "row": item.row_number,
                           "quarantine_item": item.id, "corrected": corrected})], now)
    uow.cases.intake_quarantine_resolve([item.id], QUARANTINE_RESUBMITTED, actor.name, now,
                                        None, created.id)
    uow.audit.append(batch_stream(item.batch_id), actor.name, "quarantine_resubmit", None,
                     {"item": item.id, "row": item.row_number, "case": created.id,
                      "corrected": corrected}, now)
    case = uow.cases.get(created.id)
    updated = uow.cases.intake_quarantine_item(item.id)
    assert updated is not None
    return ResubmitResult(updated, case, [])


def _open_item(uow: UnitOfWork, item_id: int) -> QuarantineRecord:
    item = uow.cases.intake_quarantine_item(item_id, for_update=True)
    if item is None:
        raise NotFound(f"隔離された行 {item_id} はありません", f"no quarantined row {item_id}",
                       item=item_id)
    if item.status != QUARANTINE_OPEN:
        raise RuleViolation(
            f"隔離された行 {item_id} は処理済みです（{item.status}）",
            f"quarantined row {item_id} is already dealt with ({item.status})",
            item=item_id, status=item.status)
    return item
