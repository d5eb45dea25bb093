"""Intake: files from e-application systems, and keyed-in phone and paper applications,
each turned into exactly one case in its queue or into a quarantined row with reasons.

An import is a *batch*. Rows are written in chunks; each chunk is one transaction that
holds the new cases, their audit entries, the quarantined rows and the batch's progress
record (the last row committed and the counts), so a process killed at any moment and
started again on the same file (same SHA-256) resumes after the last committed row,
and nothing is imported twice — the unique (source, receipt number) constraint stops
it even if two workstations import the same file at once. The invariant, per batch and
after every chunk: received = imported + already present + quarantined.

Writing a chunk is :mod:`desktop.services.intake_chunks`; the quarantine is
:mod:`desktop.services.intake_quarantine`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from desktop.domain.audit import SYSTEM_STREAM, user_stream
from desktop.domain.cases import CaseRecord, NewCase
from desktop.domain.errors import InvalidInput, NotFound
from desktop.domain.permissions import SYSTEM, Actor, Permission
from desktop.domain.procedures import Procedure
from desktop.intake.files import ArchiveWriter, AttachmentFile, read_attachment
from desktop.intake.problems import Problem
from desktop.intake.profiles import ImportProfile, ProfileSet
from desktop.intake.readers import (
    FileFacts,
    FileFormat,
    RawRecord,
    detect_format,
    open_records,
    scan_file,
)
from desktop.intake.validation import (
    ColumnPlan,
    RowOutcome,
    check_fields,
    check_header,
    check_record,
    plan_columns,
)
from desktop.services import intake_quarantine
from desktop.services.attachments import FileAttachmentStore
from desktop.services.context import ServiceContext
from desktop.services.intake_chunks import (
    CaseMaker,
    ImportConflict,
    StoredFile,
    batch_stream,
    store_attachments,
    store_file,
    write_chunk,
)
from desktop.services.intake_quarantine import RETRIES, ResubmitResult
from desktop.services.intake_records import (
    BATCH_COMPLETED,
    BATCH_FAILED,
    QUARANTINE_OPEN,
    CaseLinkRecord,
    ImportBatchRecord,
    NewImportBatch,
    QuarantineRecord,
    ReceiptAlreadyPresent,
)
from desktop.services.new_case import build_new_case
from desktop.services.ports import UnitOfWork

__all__ = ["ImportConflict", "ImportReport", "IntakeService", "InvalidApplication",
           "ManualEntryResult", "ResubmitResult", "batch_stream", "fast_new_case",
           "insert_manual"]

#: rows_done, bytes_done, total_bytes
Progress = Callable[[int, int, int], None]

#: Rows per transaction. Larger chunks write each index page of ``cases`` (some twenty
#: indexes) fewer times — on SQLite every page a chunk touches goes to the WAL again at
#: its commit: 1,000 → 5,000 rows cut an import's CPU by a fifth — but on SQLite a chunk
#: holds the database's write lock (about half a second for 2,500 rows here), which
#: other workstations' saves wait for.
DEFAULT_CHUNK = 2500
#: Earlier cases a new applicant is compared with: open ones, and any received within.
DEFAULT_DUPLICATE_WINDOW = timedelta(days=365)
MANUAL_SOURCES = ("phone", "paper", "counter")
WATCH_SETTING = "intake_watch"


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


class InvalidApplication(InvalidInput):
    """Keyed-in fields that fail validation; ``params["problems"]`` lists every one."""

    code = "invalid_application"


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

    def check(self, actor: Actor, permission: Permission) -> None:
        """The permission gate of every intake action (the system itself may do all)."""
        if actor is not SYSTEM:
            self.ctx.require(actor, permission)

    def attachment_store(self) -> FileAttachmentStore | None:
        return self.attachments or self.ctx.attachments

    def case_maker(self) -> CaseMaker:
        return CaseMaker(self.duplicate_window)

    # --------------------------------------------------------------------- import

    def import_file(self, actor: Actor, path: Path, procedure_code: str,
                    profile_name: str | None = None, *, attachments_dir: Path | None = None,
                    progress: Progress | None = None, file_name: str | None = None,
                    ) -> ImportReport:
        """Import one file; raises :class:`InvalidInput` only when the file cannot be
        read at all (rows with problems are quarantined, and the import succeeds).

        *file_name* names the file in the batch when *path* is a working copy."""
        self.check(actor, Permission.CASE_CREATE)
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
        maker = self.case_maker()
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
                last_row = self._commit_chunk(actor, batch, plan, maker, chunk, last_row, base,
                                              notes)
                chunk = []
                if progress is not None:
                    progress(rows_done, reader.bytes_read, total)
        if not header_checked and file_format == "csv":
            check_header(plan, reader.columns, path.name)
            if plan.ignored:
                notes["ignored_columns"] = plan.ignored
        if chunk or notes != batch.notes:
            last_row = self._commit_chunk(actor, batch, plan, maker, chunk, last_row, base, notes)
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
                      maker: CaseMaker, outcomes: list[RowOutcome], expected_last_row: int,
                      base: Path, notes: dict[str, Any]) -> int:
        new_last = max([expected_last_row, *(o.row for o in outcomes)])
        files = self._prepare_attachments(batch, outcomes, base)
        for attempt in range(RETRIES):
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
                    counts = write_chunk(uow, maker, actor, batch, plan, outcomes, files,
                                         self.ctx.now())
                    uow.cases.intake_batch_advance(batch.id, new_last, counts, self.ctx.now(),
                                                   notes)
                    uow.commit()
                break
            except ReceiptAlreadyPresent:
                if attempt == RETRIES - 1:
                    raise
        if self.after_chunk is not None:
            self.after_chunk(new_last)
        return new_last

    def _prepare_attachments(self, batch: ImportBatchRecord, outcomes: Sequence[RowOutcome],
                             base: Path) -> dict[int, list[StoredFile]]:
        """Copy the attachments of new, valid rows into the store before the chunk's
        transaction, so no write lock is held while files are read."""
        wanted = [o for o in outcomes if o.ok and o.attachments]
        if not wanted:
            return {}
        with self.ctx.uow() as uow:
            existing = uow.cases.intake_existing_receipts(
                batch.source, [o.receipt for o in wanted if o.receipt])
        store = self.attachment_store()
        return {o.row: store_attachments(store, o, base) for o in wanted
                if o.receipt not in existing}

    # --------------------------------------------------------------- manual entry

    def add_manual(self, actor: Actor, procedure_code: str, fields: dict[str, Any], *,
                   source: str = "phone", receipt_number: str | None = None,
                   received_at: datetime | None = None,
                   attachments: Iterable[Path] = ()) -> ManualEntryResult:
        """A case from keyed-in fields (phone or paper), validated like an import row.

        Raises :class:`InvalidApplication` listing every problem; nothing is stored then.
        A repeated *receipt_number* (a retried save) returns the case already made."""
        self.check(actor, Permission.CASE_CREATE)
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
        store = self.attachment_store()
        if read and store is None:
            problems.append(Problem("attachment_store", "添付ファイルの保存先が設定されていません",
                                    "no attachment store is configured"))
        if problems:
            raise InvalidApplication(
                "入力内容に誤りがあります: " + " / ".join(p.message_ja for p in problems),
                "the application has errors: " + " / ".join(p.message_en for p in problems),
                problems=[p.to_json() for p in problems],
            )
        files = [store_file(store, f) for f in read] if store is not None else []
        for _ in range(RETRIES):
            try:
                with self.ctx.uow(write=True) as uow:
                    existing = uow.cases.intake_existing_receipts(source, [receipt])
                    if receipt in existing:
                        case = uow.cases.get(existing[receipt])
                        assert case is not None
                        return ManualEntryResult(case, [], [])
                    entry = insert_manual(
                        uow, actor, procedure, source=source, receipt=receipt, values=values,
                        warnings=warnings, received_at=received_at, files=files,
                        details={"entry": "manual"}, now=now,
                        duplicate_window=self.duplicate_window)
                    uow.commit()
                return entry
            except ReceiptAlreadyPresent:
                continue
        raise ReceiptAlreadyPresent("受付番号が重複しています", "the receipt number is taken")

    # ----------------------------------------------------------------- quarantine

    def quarantine(self, actor: Actor, *, batch_id: int | None = None,
                   status: str | None = QUARANTINE_OPEN, limit: int = 100,
                   offset: int = 0) -> list[QuarantineRecord]:
        """Quarantined rows (personal data: the view is audited)."""
        return intake_quarantine.view(self, actor, batch_id, status, limit, offset)

    def discard(self, actor: Actor, item_id: int, reason: str) -> QuarantineRecord:
        """Give up on a quarantined row, with a reason (audited)."""
        return intake_quarantine.discard(self, actor, item_id, reason)

    def resubmit(self, actor: Actor, item_id: int, corrections: dict[str, Any],
                 *, attachments_dir: Path | None = None) -> ResubmitResult:
        """Re-check a quarantined row with *corrections* (by column header or field id);
        a good row becomes a case, otherwise the item stays open with the new reasons."""
        return intake_quarantine.resubmit(self, actor, item_id, corrections, attachments_dir)

    # -------------------------------------------------------------------- batches

    def batch(self, actor: Actor, batch_id: int) -> ImportReport:
        self.check(actor, Permission.QUEUE_VIEW)
        with self.ctx.uow() as uow:
            batch = uow.cases.intake_batch(batch_id)
            if batch is None:
                raise NotFound(f"取込 {batch_id} はありません", f"no import batch {batch_id}",
                               batch=batch_id)
            items = uow.cases.intake_quarantine_items(batch_id, None, 1000, 0)
        return ImportReport(batch, items)

    def batches(self, actor: Actor, limit: int = 50, offset: int = 0) -> list[ImportBatchRecord]:
        self.check(actor, Permission.QUEUE_VIEW)
        with self.ctx.uow() as uow:
            return uow.cases.intake_batches(limit, offset)

    def links(self, actor: Actor, case_id: int) -> list[CaseLinkRecord]:
        """Cases linked to *case_id* (possible duplicates), for the reviewer."""
        self.check(actor, Permission.CASE_VIEW)
        with self.ctx.uow() as uow:
            return uow.cases.case_links(case_id)

    # ------------------------------------------------------------ watch settings

    def watch_setting(self) -> dict[str, Any] | None:
        """The watch folder the application polls (``None``: not configured)."""
        with self.ctx.uow() as uow:
            return uow.settings.get(WATCH_SETTING)

    def set_watch_setting(self, actor: Actor, directory: str, procedure_code: str,
                          profile: str | None = None, interval_seconds: float = 10.0) -> None:
        self.check(actor, Permission.USER_MANAGE)
        self.profile(procedure_code, profile)
        value = {"directory": directory, "procedure": procedure_code,
                 "profile": profile, "interval_seconds": interval_seconds}
        with self.ctx.uow(write=True) as uow:
            uow.settings.put(WATCH_SETTING, value)
            uow.audit.append(SYSTEM_STREAM if actor is SYSTEM else user_stream(actor.name),
                             actor.name, "setting_change", None,
                             {"key": WATCH_SETTING, "value": value}, self.ctx.now())
            uow.commit()


def insert_manual(uow: UnitOfWork, actor: Actor, procedure: Procedure, *, source: str,
                  receipt: str, values: dict[str, Any], warnings: list[Problem],
                  received_at: datetime | None, files: Sequence[StoredFile],
                  details: dict[str, Any], now: datetime,
                  duplicate_window: timedelta = DEFAULT_DUPLICATE_WINDOW) -> ManualEntryResult:
    """Insert one keyed-in case inside the caller's unit of work, as intake does: its
    ``create`` audit entry (with *details*), warnings as flags, possible-duplicate flags
    and links to open or recent cases (within *duplicate_window*) of the same applicant
    or individual number, and its already stored *files* as attachments.

    *values* passed :func:`~desktop.intake.validation.check_fields`; *received_at*
    ``None`` means *now*. The caller looks for an existing case of *receipt* first;
    raises :class:`ReceiptAlreadyPresent` when another transaction took it meanwhile."""
    outcome = RowOutcome(0, 0, receipt, received_at, values, [], warnings, [])
    [created] = CaseMaker(duplicate_window).create(
        uow, actor, procedure, source, [(outcome, list(files), details)], now)
    case = uow.cases.get(created.id)
    assert case is not None
    return ManualEntryResult(case, warnings, created.duplicate_of)


def fast_new_case(procedure: Procedure, fields: dict[str, Any], *, source: str,
                  receipt_number: str, received_at: datetime) -> NewCase:
    """:func:`~desktop.services.new_case.build_new_case` for fields that passed intake's
    checks (kept for callers of the former separate function)."""
    return build_new_case(procedure, fields, source=source, receipt_number=receipt_number,
                          received_at=received_at, validated=True)


def _counts_json(b: ImportBatchRecord) -> dict[str, Any]:
    return {"received": b.received, "imported": b.imported,
            "already_present": b.already_present, "quarantined": b.quarantined,
            "warnings": b.warnings, "duplicates": b.duplicates}
