"""Resubmission (補正再提出): a case returned for correction receives the resident's
corrected values (by phone, on paper, online or at the counter) and goes back to the
first-review queue as ``resubmitted`` under the same case number (DESIGN §3).

Corrected values are checked exactly as a keyed-in application is
(:func:`desktop.intake.validation.check_fields`). What changed — each field's value
before and after — is written into the ``resubmit`` audit entry of the case, in the
same transaction as the change, so the history can show the diff and the hash chain
keeps it from being edited later. An individual number is recorded only masked: the
audit log must not become a second copy of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.domain import mynumber
from desktop.domain.audit import AuditRecord, case_stream
from desktop.domain.cases import CaseRecord
from desktop.domain.errors import InvalidInput, NotFound, RuleViolation
from desktop.domain.permissions import Actor, Permission
from desktop.domain.procedures import Procedure
from desktop.domain.storable_text import require_storable
from desktop.domain.workflow import Action, next_status
from desktop.intake.files import AttachmentFile, read_attachment
from desktop.intake.problems import Problem
from desktop.intake.validation import check_fields
from desktop.services.context import ServiceContext
from desktop.services.held_case import check_version, load_for_update
from desktop.services.intake import fast_new_case

#: How corrected values reached the centre.
RESUBMIT_CHANNELS = ("phone", "paper", "online", "counter")
#: The case flag the queue filter offers as "resubmitted".
RESUBMITTED_FLAG = "resubmitted"
#: The audit action of a resubmission (its details hold the diff).
RESUBMIT_ACTION = "resubmit"
MAX_NOTE = 2000

#: Search columns kept beside the form data, recomputed when an identity field changes.
_KEY_COLUMNS = ("applicant_name", "name_key", "kana_key", "birth_date", "postal_code",
                "address", "phone_key")


class InvalidCorrection(InvalidInput):
    """Corrected values that fail validation; ``params["problems"]`` lists every one."""

    code = "invalid_correction"


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after a resubmission (``None``: empty).

    ``masked`` values (an individual number) were recorded masked and are shown as is.
    """

    field_id: str
    before: Any
    after: Any
    masked: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field_id, "before": self.before, "after": self.after,
                "masked": self.masked}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FieldChange:
        return cls(str(data.get("field", "")), data.get("before"), data.get("after"),
                   bool(data.get("masked", False)))


@dataclass(frozen=True)
class Resubmission:
    """One resubmission of a case as recorded in its audit log."""

    case_id: int
    at: datetime
    actor: str
    channel: str
    note: str
    changes: tuple[FieldChange, ...]
    attachments: tuple[int, ...] = ()
    audit_id: int | None = None


@dataclass(frozen=True)
class ResubmitResult:
    """The case after the resubmission, what changed, and warnings (unknown postal code)."""

    case: CaseRecord
    resubmission: Resubmission
    warnings: list[Problem] = field(default_factory=list)


def resubmissions(history: Iterable[AuditRecord]) -> list[Resubmission]:
    """The resubmissions among a case's audit records, oldest first."""
    out = []
    for record in history:
        if record.action != RESUBMIT_ACTION or record.case_id is None:
            continue
        d = record.details
        changes = tuple(FieldChange.from_json(c) for c in d.get("changes", ())
                        if isinstance(c, Mapping))
        out.append(Resubmission(
            case_id=record.case_id, at=record.at, actor=record.actor,
            channel=str(d.get("channel", "")), note=str(d.get("note", "")), changes=changes,
            attachments=tuple(int(a) for a in d.get("attachments", ()) if isinstance(a, int)),
            audit_id=record.id))
    return sorted(out, key=lambda r: (r.at, r.audit_id or 0))


def _empty(value: Any) -> bool:
    return value is None or value == ""


def _recorded(procedure: Procedure, field_id: str, value: Any) -> tuple[Any, bool]:
    """A value as the audit log may keep it: an individual number only masked."""
    if _empty(value):
        return None, False
    if procedure.field(field_id).type == "mynumber":
        return mynumber.mask(str(value)), True
    return value, False


@dataclass
class ResubmissionService:
    """Takes corrected values for a case awaiting correction (補正待ち)."""

    ctx: ServiceContext

    def resubmit(self, actor: Actor, case_id: int, corrections: Mapping[str, Any], *,
                 channel: str, note: str = "", expected_version: int | None = None,
                 attachments: Iterable[Path] = ()) -> ResubmitResult:
        """Apply *corrections* (field id → value; ``""`` empties an optional field) to a
        case awaiting correction and put it back in the first-review queue.

        Raises :class:`InvalidCorrection` listing every bad value (nothing is stored),
        :class:`~desktop.domain.errors.IllegalTransition` for a case in another status,
        :class:`~desktop.domain.errors.ConcurrentChange` if *expected_version* is stale,
        :class:`RuleViolation` when nothing would change.
        """
        self.ctx.require(actor, Permission.CASE_CREATE)
        if channel not in RESUBMIT_CHANNELS:
            raise InvalidInput(
                f"受付方法「{channel}」は使えません（{'、'.join(RESUBMIT_CHANNELS)}）",
                f"unknown channel '{channel}' ({', '.join(RESUBMIT_CHANNELS)})",
                channel=channel)
        require_storable(note, "note")
        if len(note) > MAX_NOTE:
            raise InvalidInput(f"メモは{MAX_NOTE}文字以内にしてください（{len(note)}文字）",
                               f"the note must be at most {MAX_NOTE} characters ({len(note)})")
        with self.ctx.uow() as uow:
            seen = uow.cases.get(case_id)
        if seen is None:
            raise NotFound(f"案件 {case_id} はありません", f"no case {case_id}", case_id=case_id)
        check_version(seen, expected_version)
        next_status(seen.status, Action.RESUBMIT)  # a wrong status fails before any work
        procedure = self.ctx.procedure(seen.procedure_code)
        fields, changes, warnings, problems = self._apply(procedure, seen, corrections)
        files = self._read_files(attachments, problems)
        if problems:
            raise InvalidCorrection(
                "補正内容に誤りがあります: " + " / ".join(p.message_ja for p in problems),
                "the corrections have errors: " + " / ".join(p.message_en for p in problems),
                problems=[p.to_json() for p in problems])
        if not changes and not files:
            raise RuleViolation(
                f"案件 {seen.number} の補正内容がありません（変更された項目も添付ファイルもありません）",
                f"nothing to resubmit for case {seen.number}: no field changed and no file",
                case=seen.number)
        stored = [(f, self._store(f)) for f in files]
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            case = load_for_update(uow, case_id)
            # Validated against the version read above: any change since refuses.
            check_version(case, seen.version)
            to = next_status(case.status, Action.RESUBMIT)
            update: dict[str, Any] = {
                "status": to, "fields": fields, "correction_deadline": None, "checked": {},
                "flags": {RESUBMITTED_FLAG: True},
            }
            update |= self._search_keys(procedure, case, fields, changes)
            updated = uow.cases.update(case.id, case.version, update, actor.name, now)
            # Like the checklist, the field marks belong to the round that returned the
            # case: the corrected application is reviewed afresh (the audit keeps them).
            cleared = uow.field_marks.clear_case(case.id)
            attachment_ids = tuple(
                uow.cases.add_attachment(case.id, f.name[:255], f.media_type, digest,
                                         len(f.data), now).id
                for f, digest in stored)
            record = uow.audit.append(
                case_stream(case.id), actor.name, RESUBMIT_ACTION, case.id,
                {"from": case.status.value, "to": to.value, "channel": channel, "note": note,
                 "changes": [c.to_json() for c in changes],
                 "attachments": list(attachment_ids), "field_marks_cleared": cleared}, now)
            uow.commit()
        return ResubmitResult(updated, Resubmission(case.id, now, actor.name, channel, note,
                                                    tuple(changes), attachment_ids, record.id),
                              warnings)

    def _apply(self, procedure: Procedure, case: CaseRecord, corrections: Mapping[str, Any],
               ) -> tuple[dict[str, Any], list[FieldChange], list[Problem], list[Problem]]:
        """(new fields, changes, warnings, problems) — problems only of corrected fields:
        a value nobody touched is not the resubmitter's to fix."""
        touched = set(corrections)
        merged = dict(case.fields) | dict(corrections)
        values, problems, warnings = check_fields(procedure, merged)
        problems = [p for p in problems if p.field in touched]
        warnings = [w for w in warnings if w.field in touched]
        fields = dict(case.fields)
        changes: list[FieldChange] = []
        for f in procedure.fields:
            if f.id not in touched or any(p.field == f.id for p in problems):
                continue
            before, after = case.fields.get(f.id), values.get(f.id)
            if _empty(after):
                fields.pop(f.id, None)
            else:
                fields[f.id] = after
            if (_empty(before) and _empty(after)) or (
                    type(before) is type(after) and before == after):
                continue
            shown_before, masked = _recorded(procedure, f.id, before)
            shown_after, masked_after = _recorded(procedure, f.id, after)
            changes.append(FieldChange(f.id, shown_before, shown_after, masked or masked_after))
        return fields, changes, warnings, problems

    def _read_files(self, paths: Iterable[Path], problems: list[Problem],
                    ) -> list[AttachmentFile]:
        files: list[AttachmentFile] = []
        for path in paths:
            path = Path(path)
            at = (f"添付ファイル「{path.name}」", f"attachment '{path.name}'")
            result = read_attachment(path.parent, path.name, at, "attachment")
            if isinstance(result, Problem):
                problems.append(result)
            else:
                files.append(result)
        if files and self.ctx.attachments is None:
            problems.append(Problem("attachment_store", "添付ファイルの保存先が設定されていません",
                                    "no attachment store is configured"))
        return files

    def _store(self, f: AttachmentFile) -> str:
        # Before the transaction, as intake does: stored by content, so a rollback
        # leaves at most an unreferenced copy and no write lock waits on the disk.
        assert self.ctx.attachments is not None
        return self.ctx.attachments.put(f.data)

    def _search_keys(self, procedure: Procedure, case: CaseRecord, fields: dict[str, Any],
                     changes: Sequence[FieldChange]) -> dict[str, Any]:
        """The search columns again when an identity field (name, kana, …) changed."""
        a = procedure.applicant
        identity = {a.name, a.kana, a.birth_date, a.postal_code, a.address, a.phone}
        if not any(c.field_id in identity for c in changes):
            return {}
        new = fast_new_case(procedure, fields, source=case.source,
                            receipt_number=case.receipt_number, received_at=case.received_at)
        return {k: getattr(new, k) for k in _KEY_COLUMNS}
