"""Writing intake's cases: one chunk of checked rows per transaction.

A chunk's transaction holds its new cases (each with its ``create`` audit entry and
possible-duplicate links), its quarantined rows and the batch's progress record (last
row, counts), so a process killed at any moment leaves a prefix of whole chunks and an
import started again on the same file resumes after it. Receipt numbers already in the
database (an earlier import, another workstation) are looked up inside the chunk's
transaction, and the unique (source, receipt number) constraint stops a race.

Manual entry and quarantine resubmission create their single case through the same
:class:`CaseMaker`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from desktop.domain.errors import ReviewDeskError
from desktop.domain.permissions import Actor
from desktop.domain.procedures import Procedure
from desktop.intake.files import AttachmentFile, read_attachment
from desktop.intake.problems import Problem
from desktop.intake.readers import visible
from desktop.intake.validation import ColumnPlan, RowOutcome, usable_receipt
from desktop.services.attachments import FileAttachmentStore
from desktop.services.intake_records import (
    LINK_POSSIBLE_DUPLICATE,
    QUARANTINE_DISCARDED,
    QUARANTINE_OPEN,
    QUARANTINE_SUPERSEDED,
    BatchCounts,
    DuplicateKey,
    ImportBatchRecord,
    InsertedCase,
    IntakeCase,
    NewQuarantineItem,
)
from desktop.services.new_case import build_new_case
from desktop.services.ports import UnitOfWork

#: At most this many earlier cases are linked as possible duplicates (the newest).
MAX_DUPLICATE_LINKS = 10


def batch_stream(batch_id: int) -> str:
    """The audit stream of one import batch (start, resume, finish, quarantine actions)."""
    return f"intake-batch:{batch_id}"


class ImportConflict(ReviewDeskError):
    """Another process advanced the same batch (the same file imported twice at once)."""

    code = "import_conflict"


@dataclass(frozen=True)
class StoredFile:
    """An attachment already in the store."""

    name: str
    media_type: str
    sha256: str
    size: int


def store_file(store: FileAttachmentStore, f: AttachmentFile) -> StoredFile:
    return StoredFile(f.name, f.media_type, store.put(f.data), len(f.data))


def store_attachments(store: FileAttachmentStore | None, outcome: RowOutcome,
                      base: Path) -> list[StoredFile]:
    """Read and store the row's attachments at once (stored by content, so a chunk that
    rolls back leaves at most an unreferenced copy); a file that cannot be read is a
    problem of the row."""
    files: list[StoredFile] = []
    for column, name in outcome.attachments:
        at = (f"{outcome.row} 行目「{column}」列", f"row {outcome.row}, column \"{column}\"")
        if store is None:
            outcome.problems.append(Problem(
                "attachment_store", f"{at[0]}: 添付ファイルの保存先が設定されていません",
                f"{at[1]}: no attachment store is configured", column=column))
            continue
        result = read_attachment(base, name, at, column)
        if isinstance(result, Problem):
            outcome.problems.append(result)
        else:
            files.append(store_file(store, result))
    return files


@dataclass(frozen=True)
class CreatedCase:
    id: int
    number: str
    receipt_number: str
    duplicate_of: list[int]


#: (checked row, its stored attachments, what its ``create`` audit entry adds)
NewRow = tuple[RowOutcome, list[StoredFile], dict[str, Any]]


@dataclass
class CaseMaker:
    """Creates intake's cases in the caller's unit of work: search keys and due date,
    possible-duplicate flags and links, warnings as flags, attachments."""

    duplicate_window: timedelta

    def create(self, uow: UnitOfWork, actor: Actor, procedure: Procedure, source: str,
               rows: Sequence[NewRow], now: datetime) -> list[CreatedCase]:
        if not rows:
            return []
        news = [build_new_case(procedure, outcome.fields, source=source,
                               receipt_number=outcome.receipt or "",
                               received_at=outcome.received_at or now, validated=True)
                for outcome, _, _ in rows]
        since = now - self.duplicate_window
        keys = [DuplicateKey(n.kana_key, n.birth_date) if n.kana_key and n.birth_date else None
                for n in news]
        found = uow.cases.intake_duplicate_candidates(
            procedure.code, [k for k in keys if k is not None], since)
        number_field = next((f.id for f in procedure.fields if f.type == "mynumber"), None)
        by_number: dict[str, list[int]] = {}
        if number_field is not None:
            numbers = [str(n.fields[number_field]) for n in news if n.fields.get(number_field)]
            by_number = uow.cases.intake_number_candidates(procedure.code, number_field,
                                                           numbers, since)
        items: list[IntakeCase] = []
        earlier_key: dict[Any, int] = {}
        duplicate_of: list[tuple[list[int], list[int]]] = []
        none: tuple[list[int], list[int]] = ([], [])
        for i, ((outcome, _, details), new) in enumerate(zip(rows, news, strict=True)):
            key = keys[i]
            existing_ids: list[int] = list(found.get(key, ())) if key is not None else []
            same_rows: list[int] = []
            number = str(new.fields.get(number_field, "")) if number_field else ""
            for match_key in (key, f"n:{number}" if number else None):
                if match_key is None:
                    continue
                if match_key in earlier_key:
                    same_rows.append(earlier_key[match_key])
                else:
                    earlier_key[match_key] = i
            if number:
                existing_ids += [c for c in by_number.get(number, []) if c not in existing_ids]
            flags: dict[str, Any] = {}
            if outcome.warnings:
                flags["intake_warnings"] = [w.to_json() for w in outcome.warnings]
            duplicate_of.append((sorted(set(existing_ids)), sorted(set(same_rows)))
                                if existing_ids or same_rows else none)
            items.append(IntakeCase(new, flags, details))
        created = self._insert_with_duplicates(uow, actor, items, duplicate_of, now)
        for (_, files, _), case in zip(rows, created, strict=True):
            for f in files:
                uow.cases.add_attachment(case.id, f.name[:255], f.media_type, f.sha256, f.size,
                                         now)
        return created

    def _insert_with_duplicates(self, uow: UnitOfWork, actor: Actor, items: list[IntakeCase],
                                duplicate_of: list[tuple[list[int], list[int]]],
                                now: datetime) -> list[CreatedCase]:
        # Ids of cases in this same call are known only once inserted: cases that match
        # earlier rows of the same chunk go in a second statement.
        first = [i for i, (_, rows) in enumerate(duplicate_of) if not rows]
        second = [i for i, (_, rows) in enumerate(duplicate_of) if rows]
        ids: dict[int, InsertedCase] = {}
        for group in (first, second) if second else (first,):
            batch_items = []
            for i in group:
                existing, rows = duplicate_of[i]
                item = items[i]
                if not existing and not rows:
                    batch_items.append(item)
                    continue
                others = _newest(set(existing) | {ids[j].id for j in rows if j in ids})
                if others:
                    item = dataclasses.replace(
                        item, flags={**item.flags, LINK_POSSIBLE_DUPLICATE: others})
                batch_items.append(item)
            for i, case in zip(group, uow.cases.intake_insert_cases(batch_items, actor.name, now),
                               strict=True):
                ids[i] = case
        links: list[tuple[int, int, str, dict[str, Any]]] = []
        out: list[CreatedCase] = []
        for i in range(len(items)):
            existing, rows = duplicate_of[i]
            others = _newest(set(existing) | {ids[j].id for j in rows}) if existing or rows \
                else []
            links += [(ids[i].id, o, LINK_POSSIBLE_DUPLICATE, {"match": "applicant"})
                      for o in others]
            out.append(CreatedCase(ids[i].id, ids[i].number, ids[i].receipt_number, others))
        uow.cases.intake_add_links(links, now)
        return out


def write_chunk(uow: UnitOfWork, maker: CaseMaker, actor: Actor, batch: ImportBatchRecord,
                plan: ColumnPlan, outcomes: Sequence[RowOutcome],
                stored: dict[int, list[StoredFile]], now: datetime) -> BatchCounts:
    """Cases and quarantined rows of one chunk, in the caller's transaction; what the
    chunk adds to the batch's counts (received = imported + already + quarantined)."""
    source = batch.source
    rows = [(o, *quarantine_key(source, batch.file_sha256, o)) for o in outcomes]
    existing = uow.cases.intake_existing_receipts(source, [r for _, _, r in rows if r])
    quarantined_before = uow.cases.intake_quarantine_by_keys([k for _, k, _ in rows])
    seen_receipts: set[str] = set()
    seen_keys: set[str] = set()
    already = 0
    to_insert: list[tuple[RowOutcome, str, list[StoredFile]]] = []
    to_quarantine: list[NewQuarantineItem] = []
    for o, key, receipt in rows:
        if receipt and (receipt in existing or receipt in seen_receipts):
            already += 1
            continue
        if o.ok:
            assert receipt is not None
            seen_receipts.add(receipt)
            to_insert.append((o, key, stored.get(o.row, [])))
            continue
        previous = quarantined_before.get(key[:255])
        if key in seen_keys or (previous is not None
                                and previous.status in (QUARANTINE_OPEN, QUARANTINE_DISCARDED)):
            already += 1  # the same broken row is already waiting in quarantine
            continue
        seen_keys.add(key)
        to_quarantine.append(NewQuarantineItem(
            batch_id=batch.id, row_number=o.row, line_number=o.line,
            receipt_number=shown_receipt(o.receipt), dedupe_key=key, raw=o.raw,
            reasons=[p.to_json() for p in o.problems]))
    created = maker.create(uow, actor, plan.procedure, source,
                           [(o, files, {"batch": batch.id, "row": o.row})
                            for o, _, files in to_insert], now)
    for (o, key, _), case in zip(to_insert, created, strict=True):
        previous = quarantined_before.get(key[:255])
        if previous is not None and previous.status == QUARANTINE_OPEN:
            uow.cases.intake_quarantine_resolve(
                [previous.id], QUARANTINE_SUPERSEDED, actor.name, now,
                f"batch {batch.id} row {o.row}", case.id)
    uow.cases.intake_quarantine_add(to_quarantine, now)
    return BatchCounts(
        received=len(rows), imported=len(created), already_present=already,
        quarantined=len(to_quarantine),
        warnings=sum(1 for o, _, _ in to_insert if o.warnings),
        duplicates=sum(1 for c in created if c.duplicate_of),
    )


def _newest(ids: set[int]) -> list[int]:
    return sorted(ids)[-MAX_DUPLICATE_LINKS:]


def quarantine_key(source: str, sha256: str, outcome: RowOutcome) -> tuple[str, str | None]:
    """(the row's quarantine dedupe key, a receipt number that can be stored and matched
    or None): by receipt number when it has a usable one, else by file and row."""
    receipt = usable_receipt(outcome.receipt)
    if receipt:
        return f"r:{source}:{receipt}", receipt
    return f"f:{sha256}:{outcome.row}", None


def shown_receipt(receipt: str | None) -> str | None:
    if receipt is None:
        return None
    return visible(receipt).replace("\x00", "\\x00")[:128]
