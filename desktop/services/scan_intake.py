"""Scanned paper applications: each file in a scan folder becomes one item waiting to be
keyed in, then exactly one case — keyed in by an operator looking at the scan — or is
discarded with a reason. Nothing is lost and every file is accounted for.

Registering copies each file into the attachment store (by SHA-256) and records it in
its own transaction, so a run killed half-way registers the rest when started again,
and the same file registered twice (or by two workstations at once) is one item. Per
run: received = registered + already present + problems.

Keying in creates the case with the same checks as manual entry
(:func:`desktop.intake.validation.check_fields`), attaches the scan, and marks the item
done, all in ONE unit of work: a crash leaves either the case and the done item, or
neither. Two operators cannot key the same scan: the item is claimed (a lease, as for
cases), and the closing update is version-checked under the row lock.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.domain.audit import SYSTEM_STREAM, user_stream
from desktop.domain.cases import CaseRecord
from desktop.domain.errors import InvalidInput, NotFound, ReviewDeskError, RuleViolation
from desktop.domain.permissions import SYSTEM, Actor, Permission
from desktop.intake.scan_files import folder_entries, move_to_processed, read_scan, shown_name
from desktop.intake.validation import check_fields
from desktop.services.attachments import FileAttachmentStore
from desktop.services.case_documents import (
    ATTACHMENT_DAMAGED,
    ATTACHMENT_MISSING,
    ATTACHMENT_NO_STORE,
    ATTACHMENT_UNREADABLE,
    AttachmentDocument,
)
from desktop.services.context import ServiceContext
from desktop.services.intake import InvalidApplication
from desktop.services.ports import UnitOfWork
from desktop.services.scan_cases import insert_scan_case
from desktop.services.scan_records import (
    OPEN_SCAN_STATUSES,
    SCAN_DISCARDED,
    SCAN_DONE,
    SCAN_PROBLEM,
    SCAN_WAITING,
    NewScanItem,
    ScanItemRecord,
)

REGISTERED = "registered"
ALREADY_PRESENT = "already_present"
PROBLEM = "problem"


class ScanTaken(ReviewDeskError):
    """Another operator holds the scan (or has already keyed it in)."""

    code = "scan_taken"


def scan_stream(scan_id: int) -> str:
    return f"scan:{scan_id}"


@dataclass(frozen=True)
class ScanFileOutcome:
    """What became of one file of a registration run."""

    name: str  # shown form (see desktop.intake.scan_files.shown_name)
    outcome: str  # REGISTERED | ALREADY_PRESENT | PROBLEM
    item: ScanItemRecord
    moved_to: str | None = None


@dataclass(frozen=True)
class ScanBatchReport:
    """One registration run over a folder."""

    folder: str
    procedure_code: str
    files: list[ScanFileOutcome]

    def _count(self, outcome: str) -> int:
        return sum(1 for f in self.files if f.outcome == outcome)

    @property
    def received(self) -> int:
        return len(self.files)

    @property
    def registered(self) -> int:
        return self._count(REGISTERED)

    @property
    def already_present(self) -> int:
        return self._count(ALREADY_PRESENT)

    @property
    def problems(self) -> int:
        return self._count(PROBLEM)

    @property
    def accounted(self) -> bool:
        return self.received == self.registered + self.already_present + self.problems

    def counts(self) -> dict[str, int]:
        return {"received": self.received, "registered": self.registered,
                "already_present": self.already_present, "problems": self.problems}


@dataclass
class ScanIntakeService:
    """Registers scan folders; claims, keys in and discards scans (see module doc)."""

    ctx: ServiceContext
    store: FileAttachmentStore | None = None
    #: Test hook: called inside key_in's transaction once the case is inserted.
    after_case_insert: Callable[[int], None] | None = field(default=None, repr=False)

    def _require(self, actor: Actor, permission: Permission) -> None:
        if actor is not SYSTEM:
            self.ctx.require(actor, permission)

    def _store(self) -> FileAttachmentStore:
        store = self.store or self.ctx.attachments
        if store is None:
            raise InvalidInput("添付ファイルの保存先が設定されていないため、スキャンを登録できません",
                               "no attachment store is configured, so scans cannot be registered")
        return store

    # ---------------------------------------------------------------- registering

    def register_folder(self, actor: Actor, folder: Path, procedure_code: str, *,
                        move_processed: bool = False) -> ScanBatchReport:
        """Register every file of *folder* (sub-folders such as ``processed/`` aside)."""
        folder = Path(folder)
        if not folder.is_dir():
            raise InvalidInput(f"フォルダ {folder} がありません", f"no folder {folder}",
                               folder=str(folder))
        return self.register_files(actor, folder, folder_entries(folder), procedure_code,
                                   move_processed=move_processed)

    def register_files(self, actor: Actor, folder: Path, names: Iterable[str],
                       procedure_code: str, *, move_processed: bool = False,
                       ) -> ScanBatchReport:
        """Register the files *names* of *folder*; a name that leads out of the folder
        is recorded as a problem, never read. With *move_processed*, files registered
        (now or before) move to ``processed/``; files of open problem items stay where a
        person can look at them."""
        self._require(actor, Permission.CASE_CREATE)
        self.ctx.procedure(procedure_code)
        store = self._store()
        root = shown_name(str(Path(folder).resolve()))
        outcomes = []
        for name in names:
            outcome = self._register_one(actor, Path(folder), root, name, procedure_code,
                                         store)
            if move_processed and outcome.item.status != SCAN_PROBLEM:
                outcome = dataclasses.replace(outcome, moved_to=move_to_processed(Path(folder), name))
            outcomes.append(outcome)
        report = ScanBatchReport(root, procedure_code, outcomes)
        with self.ctx.uow(write=True) as uow:
            uow.audit.append(_actor_stream(actor), actor.name, "scan_register_folder", None,
                             {"folder": root, "procedure": procedure_code,
                              **report.counts()}, self.ctx.now())
            uow.commit()
        return report

    def _register_one(self, actor: Actor, folder: Path, root: str, name: str,
                      procedure_code: str, store: FileAttachmentStore) -> ScanFileOutcome:
        scan = read_scan(folder, name)
        if scan.data is not None:  # kept even when broken: nothing is lost
            store.put(scan.data)
        shown = shown_name(name)
        if scan.sha256 is not None:
            key = f"sha256:{scan.sha256}"
        else:
            place = f"{root}\x00{shown}".encode("utf-8", "backslashreplace")
            key = f"path:{hashlib.sha256(place).hexdigest()}"
        status = SCAN_WAITING if scan.ok else SCAN_PROBLEM
        new = NewScanItem(procedure_code=procedure_code, folder=root, file_name=shown,
                          dedupe_key=key, sha256=scan.sha256, media_type=scan.media_type,
                          size=scan.size, status=status,
                          reasons=[p.to_json() for p in scan.problems + scan.notes],
                          registered_by=actor.name)
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            item, created = uow.scans.add(new, now)
            if created:
                superseded = (uow.scans.supersede_problems(root, shown, item.id, actor.name, now)
                              if status == SCAN_WAITING else [])
                uow.audit.append(scan_stream(item.id), actor.name, "scan_register", None,
                                 {"folder": root, "file": shown, "sha256": scan.sha256,
                                  "procedure": procedure_code, "status": status,
                                  "reasons": [p.code for p in scan.problems],
                                  "superseded": superseded}, now)
            uow.commit()
        if not created:
            return ScanFileOutcome(shown, ALREADY_PRESENT, item)
        return ScanFileOutcome(shown, REGISTERED if status == SCAN_WAITING else PROBLEM, item)

    # -------------------------------------------------------------------- lists

    def waiting(self, actor: Actor, procedure_code: str | None = None, limit: int = 100,
                offset: int = 0) -> list[ScanItemRecord]:
        """Scans waiting to be keyed in, oldest first."""
        return self.items(actor, (SCAN_WAITING,), procedure_code, limit, offset)

    def items(self, actor: Actor, statuses: tuple[str, ...] = OPEN_SCAN_STATUSES,
              procedure_code: str | None = None, limit: int = 100, offset: int = 0,
              ) -> list[ScanItemRecord]:
        self._require(actor, Permission.QUEUE_VIEW)
        with self.ctx.uow() as uow:
            return uow.scans.items(statuses, procedure_code, limit, offset)

    def count(self, actor: Actor, statuses: tuple[str, ...] = (SCAN_WAITING,),
              procedure_code: str | None = None) -> int:
        self._require(actor, Permission.QUEUE_VIEW)
        with self.ctx.uow() as uow:
            return uow.scans.count(statuses, procedure_code)

    def get(self, actor: Actor, scan_id: int) -> ScanItemRecord:
        self._require(actor, Permission.QUEUE_VIEW)
        with self.ctx.uow() as uow:
            return _item(uow, scan_id)

    # ----------------------------------------------------------- claim, view, key in

    def claim(self, actor: Actor, scan_id: int) -> ScanItemRecord:
        """Hold *scan_id* for keying (again: the lease is renewed)."""
        self._require(actor, Permission.CASE_CREATE)
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            if not uow.scans.claim(scan_id, actor.name, now, now + self.ctx.lease):
                item = _item(uow, scan_id)
                _require_open(item, actor, now, waiting=True)
                raise ScanTaken("このスキャンは取得できませんでした", "the scan could not be claimed",
                                scan=scan_id)
            item = _item(uow, scan_id)
            uow.audit.append(scan_stream(scan_id), actor.name, "scan_claim", None,
                             {"until": item.lease_expires_at.isoformat()
                              if item.lease_expires_at else None}, now)
            uow.commit()
        return item

    def release(self, actor: Actor, scan_id: int) -> None:
        """Give a claimed scan back (the dialog closed without keying it in)."""
        with self.ctx.uow(write=True) as uow:
            if uow.scans.release(scan_id, actor.name):
                uow.audit.append(scan_stream(scan_id), actor.name, "scan_release", None, {},
                                 self.ctx.now())
            uow.commit()

    def document(self, actor: Actor, scan_id: int) -> AttachmentDocument:
        """The scan's bytes for the viewer (personal data: the view is audited)."""
        self._require(actor, Permission.CASE_VIEW)
        with self.ctx.uow(write=True) as uow:
            item = _item(uow, scan_id)
            uow.audit.append(scan_stream(scan_id), actor.name, "scan_view", None, {},
                             self.ctx.now())
            uow.commit()
        data: bytes | None = None
        problem: str | None = None
        store = self.store or self.ctx.attachments
        if store is None:
            problem = ATTACHMENT_NO_STORE
        elif item.sha256 is None:
            problem = ATTACHMENT_UNREADABLE
        else:
            try:
                data = store.read(item.sha256)
            except FileNotFoundError:
                problem = ATTACHMENT_MISSING
            except ValueError:
                problem = ATTACHMENT_DAMAGED
            except OSError:
                problem = ATTACHMENT_UNREADABLE
        return AttachmentDocument(item.id, item.id, item.file_name,
                                  item.media_type or "application/octet-stream",
                                  item.size or 0, item.registered_at, data, problem)

    def key_in(self, actor: Actor, scan_id: int, fields: Mapping[str, Any], *,
               received_at: datetime | None = None) -> CaseRecord:
        """Create the case keyed in from *scan_id* (source ``paper``, receipt number
        ``SCAN-<id>``, received when the scan was registered unless *received_at*),
        attach the scan and mark it done — one transaction.

        Raises :class:`InvalidApplication` listing every problem of *fields* (nothing is
        stored, the scan keeps waiting). Repeated by the operator who keyed it in (a
        retried save), returns the case already made."""
        self._require(actor, Permission.CASE_CREATE)
        with self.ctx.uow() as uow:
            procedure = self.ctx.procedure(_item(uow, scan_id).procedure_code)
        values, problems, warnings = check_fields(procedure, dict(fields))
        if problems:
            raise InvalidApplication(
                "入力内容に誤りがあります: " + " / ".join(p.message_ja for p in problems),
                "the application has errors: " + " / ".join(p.message_en for p in problems),
                problems=[p.to_json() for p in problems])
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            item = _item(uow, scan_id, for_update=True)
            if item.status == SCAN_DONE and item.case_id is not None \
                    and item.resolved_by == actor.name:
                case = uow.cases.get(item.case_id)
                assert case is not None
                return case  # a retried save: the case was made
            _require_open(item, actor, now, waiting=True)
            case_id = insert_scan_case(uow, actor, procedure, item, values, warnings,
                                       received_at or item.registered_at, now)
            if self.after_case_insert is not None:
                self.after_case_insert(case_id)
            uow.scans.resolve(item.id, item.version, SCAN_DONE, actor.name, now, None, case_id)
            case = uow.cases.get(case_id)
            assert case is not None
            uow.audit.append(scan_stream(item.id), actor.name, "scan_key_in", case_id,
                             {"case": case_id, "number": case.number,
                              "receipt_number": case.receipt_number}, now)
            uow.commit()
        return case

    def discard(self, actor: Actor, scan_id: int, reason: str) -> ScanItemRecord:
        """Give up on a waiting or problem scan, with a reason (audited)."""
        self._require(actor, Permission.CASE_CREATE)
        if not reason.strip():
            raise RuleViolation("破棄の理由を入力してください", "discarding needs a reason")
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            item = _item(uow, scan_id, for_update=True)
            _require_open(item, actor, now, waiting=False)
            updated = uow.scans.resolve(item.id, item.version, SCAN_DISCARDED, actor.name, now,
                                        reason, None)
            uow.audit.append(scan_stream(item.id), actor.name, "scan_discard", None,
                             {"reason": reason, "file": item.file_name,
                              "previous_status": item.status}, now)
            uow.commit()
        return updated


def _actor_stream(actor: Actor) -> str:
    return SYSTEM_STREAM if actor is SYSTEM else user_stream(actor.name)


def _item(uow: UnitOfWork, scan_id: int, *, for_update: bool = False) -> ScanItemRecord:
    item = uow.scans.get(scan_id, for_update=for_update)
    if item is None:
        raise NotFound(f"スキャン {scan_id} はありません", f"no scan {scan_id}", scan=scan_id)
    return item


def _require_open(item: ScanItemRecord, actor: Actor, now: datetime, *, waiting: bool) -> None:
    """Refuse a scan that is closed, (for keying) not readable, or held by another."""
    if item.status not in OPEN_SCAN_STATUSES:
        raise ScanTaken(
            f"スキャン {item.id} は処理済みです（{item.status}、{item.resolved_by}）",
            f"scan {item.id} is already dealt with ({item.status}, {item.resolved_by})",
            scan=item.id, status=item.status, by=item.resolved_by, case=item.case_id)
    if waiting and item.status != SCAN_WAITING:
        raise RuleViolation(
            f"スキャン {item.id} は読み込めないファイルのため入力できません。破棄してください",
            f"scan {item.id} is a file that cannot be read, so it cannot be keyed in;"
            " discard it", scan=item.id, status=item.status)
    if item.held_by_other(actor.name, now):
        raise ScanTaken(
            f"スキャン {item.id} は {item.holder} さんが入力中です",
            f"scan {item.id} is being keyed in by {item.holder}",
            scan=item.id, holder=item.holder)
