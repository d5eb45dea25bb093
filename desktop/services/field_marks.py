"""The reviewer's ✓ / ✗ on each form field, kept in the database so that it survives
closing the case (or a crash) and the checker of the double check can read it.

Only the holder of the case's lease marks, at the stage the case is in; every mark is
audited in the same transaction. Marks live beside the case (they do not change its
version), so a ✓ never trips the optimistic lock of a checklist tick or a decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.audit import case_stream
from desktop.domain.errors import InvalidInput
from desktop.domain.field_marks import MAX_NOTE_LENGTH, CaseFieldMarks, FieldMark, Mark
from desktop.domain.permissions import Actor, Permission
from desktop.domain.procedures import Procedure
from desktop.domain.storable_text import require_storable
from desktop.domain.workflow import Stage
from desktop.services.context import ServiceContext
from desktop.services.held_case import held_by, load_for_update
from desktop.services.queue import four_eyes_violation
from desktop.services.review import review_stage_of


@dataclass
class FieldMarkService:
    """Marking form fields of a held case, and reading a case's marks."""

    ctx: ServiceContext

    def mark_field(self, actor: Actor, case_id: int, field_id: str, mark: Mark | str | None,
                   note: str = "", code: str | None = None) -> FieldMark | None:
        """Mark *field_id* ✓ (``"ok"``) or ✗ (``"ng"``, with *note* and an optional defect
        *code*) at the case's current stage; ``None`` clears the mark. Returns the stored
        mark (``None`` when cleared). The note is stored exactly as given."""
        self.ctx.require(actor, Permission.CASE_CHECK)
        verdict = _verdict(mark)
        _check_note(note)
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            case = held_by(self.ctx, uow, actor, case_id, None)
            stage = review_stage_of(case)
            if stage == Stage.DOUBLE_CHECK and case.first_reviewer_id == actor.id:
                raise four_eyes_violation(case.number, actor.name)
            procedure = self.ctx.procedure(case.procedure_code)
            _check_field(procedure, field_id)
            code = code or None
            if code is not None and procedure.defect(code) is None:
                known = ", ".join(d.code for d in procedure.defect_codes)
                raise InvalidInput(f"不備の種類「{code}」はこの手続にありません（{known}）",
                                   f"no defect code '{code}' in this procedure ({known})",
                                   code=code)
            stored: FieldMark | None = None
            if verdict is None:
                uow.field_marks.remove(case.id, stage, field_id)
            else:
                stored = FieldMark(case.id, stage, field_id, verdict, note, code,
                                   actor.name, now)
                uow.field_marks.put(stored)
            uow.audit.append(case_stream(case.id), actor.name, "field_mark", case.id,
                             {"stage": stage.value, "field": field_id,
                              "mark": verdict.value if verdict else None, "note": note,
                              "code": code}, now)
            uow.commit()
        return stored

    def marks(self, actor: Actor, case_id: int) -> CaseFieldMarks:
        """Every stored mark of the case, by stage (the first reviewer's and the checker's)."""
        self.ctx.require(actor, Permission.CASE_VIEW)
        with self.ctx.uow() as uow:
            case = load_for_update(uow, case_id, lock=False)
            return CaseFieldMarks.of(case.id, uow.field_marks.for_case(case.id))


def _verdict(mark: Mark | str | None) -> Mark | None:
    if mark is None or isinstance(mark, Mark):
        return mark
    try:
        return Mark(mark)
    except ValueError:
        raise InvalidInput(f"確認結果「{mark}」は使えません（ok / ng）",
                           f"a mark is 'ok' or 'ng', not '{mark}'", mark=mark) from None


def _check_note(note: str) -> None:
    require_storable(note, "note")
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            f"不備の内容は{MAX_NOTE_LENGTH}文字以内にしてください（{len(note)}文字）",
            f"a defect note may have at most {MAX_NOTE_LENGTH} characters ({len(note)})",
            length=len(note), limit=MAX_NOTE_LENGTH)


def _check_field(procedure: Procedure, field_id: str) -> None:
    if any(f.id == field_id for f in procedure.fields):
        return
    raise InvalidInput(f"項目「{field_id}」は手続「{procedure.name}」にありません",
                       f"procedure {procedure.code} has no field '{field_id}'",
                       field=field_id)
