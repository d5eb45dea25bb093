"""Intake: files from e-application systems, and keyed-in phone and paper applications,
each turned into exactly one case in its queue or into a quarantined row with reasons.

An import is a *batch*. Rows are written in chunks; each chunk is one transaction that
holds the new cases, their audit entries, the quarantined rows and the batch's progress
record (the last row committed and the counts), so a process killed at any moment and
started again on the same file (same SHA-256) resumes after the last committed row,
and nothing is imported twice — the unique (source, receipt number) constraint stops
it even if two workstations import the same file at once. The invariant, per batch and
after every chunk: received = imported + already present + quarantined.
"""

from __future__ import annotations

import dataclasses
import functools
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from desktop.domain.audit import SYSTEM_STREAM, user_stream
from desktop.domain.business_days import add_business_days
from desktop.domain.cases import CaseRecord, NewCase
from desktop.domain.errors import InvalidInput, NotFound, ReviewDeskError, RuleViolation
from desktop.domain.japanese_text import digits_key, kana_key, name_key
from desktop.domain.permissions import SYSTEM, Actor, Permission
from desktop.domain.procedures import Procedure
from desktop.intake.files import ArchiveWriter, AttachmentFile, read_attachment
from desktop.intake.problems import Problem
from desktop.intake.profiles import ImportProfile, ProfileSet
from desktop.intake.readers import (
    FileFacts,
    FileFormat,
    RawRecord,
    column_key,
    detect_format,
    open_records,
    scan_file,
)
from desktop.intake.validation import (
    ColumnPlan,
    RowOutcome,
    cached_date,
    check_fields,
    check_header,
    check_record,
    plan_columns,
    usable_receipt,
)
from desktop.services.attachments import FileAttachmentStore
from desktop.services.context import JST, ServiceContext
from desktop.services.intake_records import (
    BATCH_COMPLETED,
    BATCH_FAILED,
    LINK_POSSIBLE_DUPLICATE,
    QUARANTINE_DISCARDED,
    QUARANTINE_OPEN,
    QUARANTINE_RESUBMITTED,
    QUARANTINE_SUPERSEDED,
    BatchCounts,
    CaseLinkRecord,
    DuplicateKey,
    ImportBatchRecord,
    InsertedCase,
    IntakeCase,
    NewImportBatch,
    NewQuarantineItem,
    QuarantineRecord,
    ReceiptAlreadyPresent,
)
from desktop.services.ports import UnitOfWork

#: rows_done, bytes_done, total_bytes
Progress = Callable[[int, int, int], None]

DEFAULT_CHUNK = 1000
#: Earlier cases a new applicant is compared with: open ones, and any received within.
DEFAULT_DUPLICATE_WINDOW = timedelta(days=365)
#: At most this many earlier cases are linked as possible duplicates (the newest).
MAX_DUPLICATE_LINKS = 10
MANUAL_SOURCES = ("phone", "paper", "counter")
WATCH_SETTING = "intake_watch"
_RETRIES = 5


class ImportConflict(ReviewDeskError):
    """Another process advanced the same batch (the same file imported twice at once)."""

    code = "import_conflict"


def batch_stream(batch_id: int) -> str:
    return f"intake-batch:{batch_id}"


@dataclass(frozen=True)
class ImportReport:
    """What an import did (the batch's counts) and why rows were quarantined."""

    batch: ImportBatchRecord
    quarantine: list[QuarantineRecord]
    resumed_from_row: int = 0

    @property
    def accounted(self) -> bool:
        b = self.batch
        return b.received == b.imported + b.already_present + b.quarantined


@dataclass(frozen=True)
class ManualEntryResult:
    case: CaseRecord
    warnings: list[Problem]
    possible_duplicates: list[int]


@dataclass(frozen=True)
class ResubmitResult:
    """``case`` when the corrected row became a case; else the remaining problems."""

    item: QuarantineRecord
    case: CaseRecord | None
    problems: list[Problem]
    already_present: bool = False


class InvalidApplication(InvalidInput):
    """Keyed-in fields that fail validation; ``params["problems"]`` lists every one."""

    code = "invalid_application"


@dataclass
class _Row:
    """A checked row on its way into a chunk."""

    outcome: RowOutcome
    key: str  # quarantine dedupe key
    receipt: str | None  # a receipt number that can be stored and matched


@dataclass
class IntakeService:
    """Imports files, takes keyed-in applications, and manages the quarantine."""

    ctx: ServiceContext
    profiles: ProfileSet
    archive_dir: Path | None = None
    attachments: FileAttachmentStore | None = None
    duplicate_window: timedelta = DEFAULT_DUPLICATE_WINDOW
    chunk_size: int = DEFAULT_CHUNK
    #: Test hook: called after each committed chunk with the batch's last row.
    after_chunk: Callable[[int], None] | None = None
    _plans: dict[tuple[str, str], ColumnPlan] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ profiles

    def profile(self, procedure_code: str, name: str | None = None) -> ImportProfile:
        self.ctx.procedure(procedure_code)
        return self.profiles.get(procedure_code, name)

    def template(self, procedure_code: str, profile: str | None = None) -> bytes:
        """An empty CSV (UTF-8 with BOM) with the profile's headers."""
        return self.profile(procedure_code, profile).template_csv()

    def _require(self, actor: Actor, permission: Permission) -> None:
        if actor is not SYSTEM:
            self.ctx.require(actor, permission)

    def _store(self) -> FileAttachmentStore | None:
        return self.attachments or self.ctx.attachments

    # --------------------------------------------------------------------- import

    def import_file(self, actor: Actor, path: Path, procedure_code: str,
                    profile_name: str | None = None, *, attachments_dir: Path | None = None,
                    progress: Progress | None = None, file_name: str | None = None,
                    ) -> ImportReport:
        """Import one file; raises :class:`InvalidInput` only when the file cannot be
        read at all (rows with problems are quarantined, and the import succeeds).

        *file_name* names the file in the batch when *path* is a working copy."""
        self._require(actor, Permission.CASE_CREATE)
        procedure = self.ctx.procedure(procedure_code)
        profile = self.profile(procedure_code, profile_name)
        path = Path(path)
        if not path.is_file():
            raise InvalidInput(f"ファイル {path} がありません", f"no file {path}", file=str(path))
        total = path.stat().st_size
        facts, archived = self._scan_and_archive(path, total, progress)
        file_format = detect_format(path, facts.encoding)
        plan = plan_columns(profile, procedure)
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            batch = uow.cases.intake_batch_resumable(procedure.code, profile.name, facts.sha256)
            resumed_from = batch.last_row if batch else 0
            if batch is None:
                notes: dict[str, Any] = {}
                if facts.utf8_error_at is not None:
                    notes["utf8_error_at"] = facts.utf8_error_at
                batch = uow.cases.intake_batch_create(NewImportBatch(
                    procedure_code=procedure.code, profile=profile.name, source=profile.source,
                    file_name=file_name or path.name, file_sha256=facts.sha256, file_size=facts.size,
                    file_format=file_format, encoding=facts.encoding,
                    archive_path=str(archived) if archived else None, actor=actor.name,
                    actor_id=actor.id, notes=notes), now)
                action = "intake_start"
            else:
                action = "intake_resume"
            uow.audit.append(batch_stream(batch.id), actor.name, action, None,
                             {"file": file_name or path.name, "sha256": facts.sha256,
                              "procedure": procedure.code, "profile": profile.name,
                              "resume_after_row": resumed_from}, now)
            uow.commit()
        try:
            batch = self._run(actor, batch, plan, path, facts, file_format,
                              attachments_dir or path.parent, progress, total)
        except InvalidInput as error:
            with self.ctx.uow(write=True) as uow:
                batch = uow.cases.intake_batch_finish(batch.id, BATCH_FAILED, error.message_ja,
                                                      self.ctx.now())
                uow.audit.append(batch_stream(batch.id), actor.name, "intake_failed", None,
                                 {"message": error.message_en}, self.ctx.now())
                uow.commit()
            raise
        with self.ctx.uow() as uow:
            items = uow.cases.intake_quarantine_items(batch.id, None, 1000, 0)
        return ImportReport(batch, items, resumed_from)

    def _scan_and_archive(self, path: Path, total: int, progress: Progress | None,
                          ) -> tuple[FileFacts, Path | None]:
        def scanned(n: int) -> None:
            if progress is not None:
                progress(0, 0, total)

        if self.archive_dir is None:
            return scan_file(path, progress=scanned), None
        with ArchiveWriter(self.archive_dir) as archive:
            facts = scan_file(path, archive.sink, scanned)
            return facts, archive.keep(facts.sha256, path.name)

    def _run(self, actor: Actor, batch: ImportBatchRecord, plan: ColumnPlan, path: Path,
             facts: FileFacts, file_format: FileFormat, base: Path, progress: Progress | None,
             total: int) -> ImportBatchRecord:
        reader = open_records(path, facts, file_format)
        last_row = batch.last_row
        chunk: list[RowOutcome] = []
        rows_done = 0
        header_checked = False
        notes = dict(batch.notes)
        for record in reader:
            if not header_checked:
                self._check_columns(plan, reader.columns, record, path.name, file_format)
                header_checked = True
                if plan.ignored:
                    notes["ignored_columns"] = plan.ignored
            rows_done += 1
            if record.row <= last_row:
                continue
            chunk.append(check_record(plan, record))
            if len(chunk) >= self.chunk_size:
                last_row = self._commit_chunk(actor, batch, plan, chunk, last_row, base, notes)
                chunk = []
                if progress is not None:
                    progress(rows_done, reader.bytes_read, total)
        if not header_checked and file_format == "csv":
            check_header(plan, reader.columns, path.name)
            if plan.ignored:
                notes["ignored_columns"] = plan.ignored
        if chunk or notes != batch.notes:
            last_row = self._commit_chunk(actor, batch, plan, chunk, last_row, base, notes)
        if progress is not None:
            progress(rows_done, total, total)
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            done = uow.cases.intake_batch_finish(batch.id, BATCH_COMPLETED, None, now)
            uow.audit.append(batch_stream(batch.id), actor.name, "intake_finish", None,
                             _counts_json(done), now)
            uow.commit()
        return done

    def _check_columns(self, plan: ColumnPlan, columns: list[str], first: RawRecord,
                       file_name: str, file_format: str) -> None:
        if file_format == "csv":
            check_header(plan, columns, file_name)
            return
        if first.unreadable is None and not any(plan.target(c) for c in first.values):
            raise InvalidInput(
                f"ファイル {file_name} の最初の申請に取込プロファイル「{plan.profile.name}」の"
                "項目が1つもありません。手続とプロファイルを確認してください",
                f"the first application in {file_name} has none of the keys of the import"
                f" profile '{plan.profile.name}'; check the procedure and the profile",
                file=file_name)
        plan.ignored = [c for c in columns if plan.target(c) is None]

    def _commit_chunk(self, actor: Actor, batch: ImportBatchRecord, plan: ColumnPlan,
                      outcomes: list[RowOutcome], expected_last_row: int, base: Path,
                      notes: dict[str, Any]) -> int:
        new_last = max([expected_last_row, *(o.row for o in outcomes)])
        files = self._prepare_attachments(batch, outcomes, base)
        for attempt in range(_RETRIES):
            try:
                with self.ctx.uow(write=True) as uow:
                    current = uow.cases.intake_batch(batch.id, for_update=True)
                    assert current is not None
                    if current.last_row != expected_last_row:
                        raise ImportConflict(
                            f"このファイル（{batch.file_name}）は別の端末でも取込中です"
                            f"（取込番号 {batch.id}）。しばらく待ってから結果を確認してください",
                            f"this file ({batch.file_name}) is being imported by another"
                            f" workstation too (batch {batch.id}); wait and check its result",
                            batch=batch.id)
                    counts = self._write_rows(uow, actor, batch, plan, outcomes, files)
                    uow.cases.intake_batch_advance(batch.id, new_last, counts, self.ctx.now(),
                                                   notes)
                    uow.commit()
                break
            except ReceiptAlreadyPresent:
                if attempt == _RETRIES - 1:
                    raise
        if self.after_chunk is not None:
            self.after_chunk(new_last)
        return new_last

    def _prepare_attachments(self, batch: ImportBatchRecord, outcomes: Sequence[RowOutcome],
                             base: Path) -> dict[int, list[_Stored]]:
        """Copy the attachments of new, valid rows into the store before the chunk's
        transaction, so no write lock is held while files are read."""
        wanted = [o for o in outcomes if o.ok and o.attachments]
        if not wanted:
            return {}
        with self.ctx.uow() as uow:
            existing = uow.cases.intake_existing_receipts(
                batch.source, [o.receipt for o in wanted if o.receipt])
        return {o.row: self._attachments(o, base) for o in wanted
                if o.receipt not in existing}

    def _write_rows(self, uow: UnitOfWork, actor: Actor, batch: ImportBatchRecord,
                    plan: ColumnPlan, outcomes: Sequence[RowOutcome],
                    stored: dict[int, list[_Stored]]) -> BatchCounts:
        source = batch.source
        rows = [_Row(o, *_keys(source, batch.file_sha256, o)) for o in outcomes]
        existing = uow.cases.intake_existing_receipts(
            source, [r.receipt for r in rows if r.receipt])
        quarantined_before = uow.cases.intake_quarantine_by_keys([r.key for r in rows])
        now = self.ctx.now()
        seen_receipts: set[str] = set()
        seen_keys: set[str] = set()
        already = 0
        to_insert: list[tuple[_Row, list[_Stored]]] = []
        to_quarantine: list[NewQuarantineItem] = []
        for r in rows:
            o = r.outcome
            if r.receipt and (r.receipt in existing or r.receipt in seen_receipts):
                already += 1
                continue
            files = stored.get(o.row, [])
            if o.ok:
                assert r.receipt is not None
                seen_receipts.add(r.receipt)
                to_insert.append((r, files))
                continue
            previous = quarantined_before.get(r.key[:255])
            if r.key in seen_keys or (previous is not None
                                      and previous.status in (QUARANTINE_OPEN, QUARANTINE_DISCARDED)):
                already += 1  # the same broken row is already waiting in quarantine
                continue
            seen_keys.add(r.key)
            to_quarantine.append(NewQuarantineItem(
                batch_id=batch.id, row_number=o.row, line_number=o.line,
                receipt_number=_shown_receipt(o.receipt), dedupe_key=r.key, raw=o.raw,
                reasons=[p.to_json() for p in o.problems]))
        inserted = self._insert(uow, actor, plan.procedure, source,
                                [(r.outcome, files, {"batch": batch.id, "row": r.outcome.row})
                                 for r, files in to_insert], now)
        for (r, _), case in zip(to_insert, inserted, strict=True):
            if r.key[:255] in quarantined_before and \
                    quarantined_before[r.key[:255]].status == QUARANTINE_OPEN:
                uow.cases.intake_quarantine_resolve(
                    [quarantined_before[r.key[:255]].id], QUARANTINE_SUPERSEDED, actor.name,
                    now, f"batch {batch.id} row {r.outcome.row}", case.id)
        uow.cases.intake_quarantine_add(to_quarantine, now)
        return BatchCounts(
            received=len(rows), imported=len(inserted), already_present=already,
            quarantined=len(to_quarantine),
            warnings=sum(1 for r, _ in to_insert if r.outcome.warnings),
            duplicates=sum(1 for c in inserted if c.duplicate_of),
        )

    def _attachments(self, outcome: RowOutcome, base: Path) -> list[_Stored]:
        """Read and store the row's attachments at once (stored by content, so a chunk
        that rolls back leaves at most an unreferenced copy); only their hashes are kept."""
        files: list[_Stored] = []
        store = self._store()
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
                files.append(_store_file(store, result))
        return files

    def _insert(self, uow: UnitOfWork, actor: Actor, procedure: Procedure, source: str,
                rows: Sequence[tuple[RowOutcome, list[_Stored], dict[str, Any]]],
                now: datetime) -> list[_Inserted]:
        """Create the cases of *rows* with duplicate flags, warnings and attachments."""
        if not rows:
            return []
        news: list[NewCase] = []
        for outcome, _, _ in rows:
            news.append(fast_new_case(procedure, outcome.fields, source=source,
                                      receipt_number=outcome.receipt or "",
                                      received_at=outcome.received_at or now))
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
        for i, ((outcome, _, details), new) in enumerate(zip(rows, news, strict=True)):
            key = keys[i]
            existing_ids: list[int] = list(found.get(key, [])) if key is not None else []
            same_rows: list[int] = []
            number = str(new.fields.get(number_field, "")) if number_field else ""
            for match_key in (keys[i], f"n:{number}" if number else None):
                if match_key is None:
                    continue
                if match_key in earlier_key:
                    same_rows.append(earlier_key[match_key])
                earlier_key.setdefault(match_key, i)
            if number:
                existing_ids += [c for c in by_number.get(number, []) if c not in existing_ids]
            flags: dict[str, Any] = {}
            if outcome.warnings:
                flags["intake_warnings"] = [w.to_json() for w in outcome.warnings]
            duplicate_of.append((sorted(set(existing_ids)), sorted(set(same_rows))))
            items.append(IntakeCase(new, flags, details))
        # Ids of cases in this same call are known only once inserted: reserve first.
        inserted = self._insert_with_duplicates(uow, actor, items, duplicate_of, now)
        for (_, files, _), case in zip(rows, inserted, strict=True):
            for f in files:
                uow.cases.add_attachment(case.id, f.name[:255], f.media_type, f.sha256, f.size,
                                         now)
        return inserted

    def _insert_with_duplicates(self, uow: UnitOfWork, actor: Actor, items: list[IntakeCase],
                                duplicate_of: list[tuple[list[int], list[int]]],
                                now: datetime) -> list[_Inserted]:
        # Cases that match earlier rows of the same chunk go in a second statement, once
        # the earlier ones have ids.
        first = [i for i, (_, rows) in enumerate(duplicate_of) if not rows]
        second = [i for i, (_, rows) in enumerate(duplicate_of) if rows]
        ids: dict[int, InsertedCase] = {}
        for group in (first, second) if second else (first,):
            batch_items = []
            for i in group:
                existing, rows = duplicate_of[i]
                others = _newest(set(existing) | {ids[j].id for j in rows if j in ids})
                item = items[i]
                if others:
                    item = dataclasses.replace(
                        item, flags={**item.flags, LINK_POSSIBLE_DUPLICATE: others})
                batch_items.append(item)
            for i, case in zip(group, uow.cases.intake_insert_cases(batch_items, actor.name, now),
                               strict=True):
                ids[i] = case
        links: list[tuple[int, int, str, dict[str, Any]]] = []
        out: list[_Inserted] = []
        for i in range(len(items)):
            existing, rows = duplicate_of[i]
            others = _newest(set(existing) | {ids[j].id for j in rows})
            links += [(ids[i].id, o, LINK_POSSIBLE_DUPLICATE, {"match": "applicant"})
                      for o in others]
            out.append(_Inserted(ids[i].id, ids[i].number, ids[i].receipt_number, others))
        uow.cases.intake_add_links(links, now)
        return out

    # --------------------------------------------------------------- manual entry

    def add_manual(self, actor: Actor, procedure_code: str, fields: dict[str, Any], *,
                   source: str = "phone", receipt_number: str | None = None,
                   received_at: datetime | None = None,
                   attachments: Iterable[Path] = ()) -> ManualEntryResult:
        """A case from keyed-in fields (phone or paper), validated like an import row.

        Raises :class:`InvalidApplication` listing every problem; nothing is stored then.
        A repeated *receipt_number* (a retried save) returns the case already made."""
        self._require(actor, Permission.CASE_CREATE)
        procedure = self.ctx.procedure(procedure_code)
        if source not in MANUAL_SOURCES:
            raise InvalidInput(f"受付方法「{source}」は使えません（{'、'.join(MANUAL_SOURCES)}）",
                               f"unknown source '{source}' ({', '.join(MANUAL_SOURCES)})",
                               source=source)
        values, problems, warnings = check_fields(procedure, fields)
        now = self.ctx.now()
        receipt = (receipt_number or "").strip() or \
            f"{source.upper()}-{now.strftime('%Y%m%d')}-{uuid.uuid4().hex[:12].upper()}"
        if len(receipt) > 128 or "\x00" in receipt:
            problems.append(Problem("receipt_too_long", "受付番号が長すぎるか不正な文字を含みます",
                                    "the receipt number is too long or has invalid characters"))
        read: list[AttachmentFile] = []
        for path in attachments:
            at = (f"添付ファイル「{path.name}」", f"attachment '{path.name}'")
            result = read_attachment(path.parent, path.name, at, "attachment")
            if isinstance(result, Problem):
                problems.append(result)
            else:
                read.append(result)
        store = self._store()
        if read and store is None:
            problems.append(Problem("attachment_store", "添付ファイルの保存先が設定されていません",
                                    "no attachment store is configured"))
        if problems:
            raise InvalidApplication(
                "入力内容に誤りがあります: " + " / ".join(p.message_ja for p in problems),
                "the application has errors: " + " / ".join(p.message_en for p in problems),
                problems=[p.to_json() for p in problems],
            )
        files = [_store_file(store, f) for f in read] if store is not None else []
        outcome = RowOutcome(0, 0, receipt, received_at, values, [], warnings, [])
        for _ in range(_RETRIES):
            try:
                with self.ctx.uow(write=True) as uow:
                    existing = uow.cases.intake_existing_receipts(source, [receipt])
                    if receipt in existing:
                        case = uow.cases.get(existing[receipt])
                        assert case is not None
                        return ManualEntryResult(case, [], [])
                    inserted = self._insert(uow, actor, procedure, source,
                                            [(outcome, files, {"entry": "manual"})], now)
                    case = uow.cases.get(inserted[0].id)
                    assert case is not None
                    uow.commit()
                return ManualEntryResult(case, warnings, inserted[0].duplicate_of)
            except ReceiptAlreadyPresent:
                continue
        raise ReceiptAlreadyPresent("受付番号が重複しています", "the receipt number is taken")

    # ----------------------------------------------------------------- quarantine

    def quarantine(self, actor: Actor, *, batch_id: int | None = None,
                   status: str | None = QUARANTINE_OPEN, limit: int = 100,
                   offset: int = 0) -> list[QuarantineRecord]:
        """Quarantined rows (personal data: the view is audited)."""
        self._require(actor, Permission.CASE_VIEW)
        with self.ctx.uow(write=True) as uow:
            items = uow.cases.intake_quarantine_items(batch_id, status, limit, offset)
            uow.audit.append(SYSTEM_STREAM if actor is SYSTEM else user_stream(actor.name),
                             actor.name, "quarantine_view", None,
                             {"items": [i.id for i in items]}, self.ctx.now())
            uow.commit()
        return items

    def discard(self, actor: Actor, item_id: int, reason: str) -> QuarantineRecord:
        """Give up on a quarantined row, with a reason (audited)."""
        self._require(actor, Permission.CASE_CREATE)
        if not reason.strip():
            raise RuleViolation("破棄の理由を入力してください", "discarding needs a reason")
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            item = self._open_item(uow, item_id)
            uow.cases.intake_quarantine_resolve([item.id], QUARANTINE_DISCARDED, actor.name, now,
                                                reason, None)
            uow.audit.append(batch_stream(item.batch_id), actor.name, "quarantine_discard", None,
                             {"item": item.id, "row": item.row_number, "reason": reason}, now)
            updated = uow.cases.intake_quarantine_item(item.id)
            uow.commit()
        assert updated is not None
        return updated

    def resubmit(self, actor: Actor, item_id: int, corrections: dict[str, Any],
                 *, attachments_dir: Path | None = None) -> ResubmitResult:
        """Re-check a quarantined row with *corrections* (by column header or field id);
        a good row becomes a case, otherwise the item stays open with the new reasons."""
        self._require(actor, Permission.CASE_CREATE)
        now = self.ctx.now()
        for _ in range(_RETRIES):
            try:
                with self.ctx.uow(write=True) as uow:
                    result = self._resubmit(uow, actor, item_id, corrections, attachments_dir,
                                            now)
                    uow.commit()
                return result
            except ReceiptAlreadyPresent:
                continue
        raise ReceiptAlreadyPresent("受付番号が重複しています", "the receipt number is taken")

    def _resubmit(self, uow: UnitOfWork, actor: Actor, item_id: int,
                  corrections: dict[str, Any], attachments_dir: Path | None,
                  now: datetime) -> ResubmitResult:
        item = self._open_item(uow, item_id)
        batch = uow.cases.intake_batch(item.batch_id)
        assert batch is not None
        procedure = self.ctx.procedure(batch.procedure_code)
        plan = plan_columns(self.profile(batch.procedure_code, batch.profile), procedure)
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
            if reason.get("code") not in ("undecodable", "unreadable", "invalid_json"):
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
        record = RawRecord(item.row_number, item.line_number, values)
        outcome = check_record(plan, record)
        outcome.problems = problems + outcome.problems
        receipt, _ = _receipt(outcome)
        if receipt and outcome.ok:
            existing = uow.cases.intake_existing_receipts(batch.source, [receipt])
            if receipt in existing:
                uow.cases.intake_quarantine_resolve([item.id], QUARANTINE_SUPERSEDED, actor.name,
                                                    now, "already present", existing[receipt])
                case = uow.cases.get(existing[receipt])
                updated = uow.cases.intake_quarantine_item(item.id)
                assert updated is not None
                return ResubmitResult(updated, case, [], already_present=True)
        if outcome.ok and outcome.attachments:
            files = self._attachments(outcome, attachments_dir or Path(batch.file_name).parent)
        else:
            files = []
        if not outcome.ok:
            uow.cases.intake_quarantine_update_reasons(
                item.id, [p.to_json() for p in outcome.problems], item.raw)
            updated = uow.cases.intake_quarantine_item(item.id)
            assert updated is not None
            return ResubmitResult(updated, None, outcome.problems)
        inserted = self._insert(uow, actor, procedure, batch.source,
                                [(outcome, files, {"batch": batch.id, "row": item.row_number,
                                                   "quarantine_item": item.id,
                                                   "corrected": corrected})], now)
        uow.cases.intake_quarantine_resolve([item.id], QUARANTINE_RESUBMITTED, actor.name, now,
                                            None, inserted[0].id)
        uow.audit.append(batch_stream(item.batch_id), actor.name, "quarantine_resubmit", None,
                         {"item": item.id, "row": item.row_number, "case": inserted[0].id,
                          "corrected": corrected}, now)
        case = uow.cases.get(inserted[0].id)
        updated = uow.cases.intake_quarantine_item(item.id)
        assert updated is not None
        return ResubmitResult(updated, case, [])

    def _open_item(self, uow: UnitOfWork, item_id: int) -> QuarantineRecord:
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

    # -------------------------------------------------------------------- batches

    def batch(self, actor: Actor, batch_id: int) -> ImportReport:
        self._require(actor, Permission.QUEUE_VIEW)
        with self.ctx.uow() as uow:
            batch = uow.cases.intake_batch(batch_id)
            if batch is None:
                raise NotFound(f"取込 {batch_id} はありません", f"no import batch {batch_id}",
                               batch=batch_id)
            items = uow.cases.intake_quarantine_items(batch_id, None, 1000, 0)
        return ImportReport(batch, items)

    def batches(self, actor: Actor, limit: int = 50, offset: int = 0) -> list[ImportBatchRecord]:
        self._require(actor, Permission.QUEUE_VIEW)
        with self.ctx.uow() as uow:
            return uow.cases.intake_batches(limit, offset)

    def links(self, actor: Actor, case_id: int) -> list[CaseLinkRecord]:
        """Cases linked to *case_id* (possible duplicates), for the reviewer."""
        self._require(actor, Permission.CASE_VIEW)
        with self.ctx.uow() as uow:
            return uow.cases.case_links(case_id)

    # ------------------------------------------------------------ watch settings

    def watch_setting(self) -> dict[str, Any] | None:
        """The watch folder the application polls (``None``: not configured)."""
        with self.ctx.uow() as uow:
            return uow.settings.get(WATCH_SETTING)

    def set_watch_setting(self, actor: Actor, directory: str, procedure_code: str,
                          profile: str | None = None, interval_seconds: float = 10.0) -> None:
        self._require(actor, Permission.USER_MANAGE)
        self.profile(procedure_code, profile)
        value = {"directory": directory, "procedure": procedure_code,
                 "profile": profile, "interval_seconds": interval_seconds}
        with self.ctx.uow(write=True) as uow:
            uow.settings.put(WATCH_SETTING, value)
            uow.audit.append(SYSTEM_STREAM if actor is SYSTEM else user_stream(actor.name),
                             actor.name, "setting_change", None,
                             {"key": WATCH_SETTING, "value": value}, self.ctx.now())
            uow.commit()


@dataclass(frozen=True)
class _Stored:
    """An attachment already in the store."""

    name: str
    media_type: str
    sha256: str
    size: int


def _store_file(store: FileAttachmentStore, f: AttachmentFile) -> _Stored:
    return _Stored(f.name, f.media_type, store.put(f.data), len(f.data))


@dataclass(frozen=True)
class _Inserted:
    id: int
    number: str
    receipt_number: str
    duplicate_of: list[int]


def _newest(ids: set[int]) -> list[int]:
    return sorted(ids)[-MAX_DUPLICATE_LINKS:]


def _receipt(outcome: RowOutcome) -> tuple[str | None, bool]:
    """(a receipt number that can be stored and matched, or None; whether it is)."""
    receipt = usable_receipt(outcome.receipt)
    return receipt, receipt is not None


def _keys(source: str, sha256: str, outcome: RowOutcome) -> tuple[str, str | None]:
    receipt, _ = _receipt(outcome)
    if receipt:
        return f"r:{source}:{receipt}", receipt
    return f"f:{sha256}:{outcome.row}", None


def _shown_receipt(receipt: str | None) -> str | None:
    if receipt is None:
        return None
    from desktop.intake.readers import visible

    return visible(receipt).replace("\x00", "\\x00")[:128]


_kana_key = functools.lru_cache(maxsize=100_000)(kana_key)
_name_key = functools.lru_cache(maxsize=100_000)(name_key)
_due_date = functools.lru_cache(maxsize=4096)(add_business_days)


def fast_new_case(procedure: Procedure, fields: dict[str, Any], *, source: str,
                  receipt_number: str, received_at: datetime) -> NewCase:
    """:func:`~desktop.services.new_case.build_new_case` with its lookups remembered
    (the same kana, name, birth date and receipt day recur across a large import), and
    the match keys cut to their columns' size (NFKC can lengthen: ㍿ → 株式会社).
    A test keeps the two equal."""
    a = procedure.applicant

    def raw(field_id: str | None) -> str:
        value = fields.get(field_id) if field_id else None
        return "" if value is None else str(value)

    birth = fields.get(a.birth_date)
    if birth in (None, ""):
        birth_date = None
    elif isinstance(birth, date):
        birth_date = birth
    else:
        birth_date = cached_date(str(birth))[0]
    return NewCase(
        procedure_code=procedure.code, source=source, receipt_number=receipt_number,
        received_at=received_at,
        due_date=_due_date(received_at.astimezone(JST).date(), procedure.sla_business_days),
        fields=dict(fields), applicant_name=raw(a.name)[:200],
        kana_key=_kana_key(raw(a.kana))[:200], name_key=_name_key(raw(a.name))[:200],
        birth_date=birth_date, postal_code=digits_key(raw(a.postal_code))[:16],
        address=raw(a.address), phone_key=digits_key(raw(a.phone))[:32],
    )


def _counts_json(b: ImportBatchRecord) -> dict[str, Any]:
    return {"received": b.received, "imported": b.imported,
            "already_present": b.already_present, "quarantined": b.quarantined,
            "warnings": b.warnings, "duplicates": b.duplicates}
