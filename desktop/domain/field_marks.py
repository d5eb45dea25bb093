"""A reviewer's verdict on one form field (✓ / ✗ with what is wrong), per review stage.

A ✗ with a note becomes a line of the correction request when the case is returned;
the checker of the double check sees the first reviewer's verdicts beside their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from desktop.domain.workflow import Stage

#: The longest note a ✗ may carry (one line of a correction request, not a letter).
MAX_NOTE_LENGTH = 400


class Mark(StrEnum):
    """✓ (the field agrees with the documents) or ✗ (it does not)."""

    OK = "ok"
    NG = "ng"


@dataclass(frozen=True)
class FieldMark:
    """One stored verdict: who marked *field_id* of a case, at which stage, and how."""

    case_id: int
    stage: Stage
    field_id: str
    mark: Mark
    note: str
    code: str | None
    marked_by: str
    marked_at: datetime


@dataclass(frozen=True)
class CaseFieldMarks:
    """Every stored verdict of one case, by stage and then by field id."""

    case_id: int
    by_stage: Mapping[Stage, Mapping[str, FieldMark]]

    @classmethod
    def of(cls, case_id: int, marks: Iterable[FieldMark]) -> CaseFieldMarks:
        """Group *marks* (of *case_id*) by stage."""
        grouped: dict[Stage, dict[str, FieldMark]] = {}
        for mark in marks:
            grouped.setdefault(mark.stage, {})[mark.field_id] = mark
        return cls(case_id, grouped)

    def stage(self, stage: Stage) -> Mapping[str, FieldMark]:
        """The verdicts of *stage* by field id (empty when none were made)."""
        return self.by_stage.get(stage, {})
