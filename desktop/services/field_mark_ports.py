"""What the field-mark service needs from storage (``uow.field_marks``)."""

from __future__ import annotations

from typing import Protocol

from desktop.domain.field_marks import FieldMark
from desktop.domain.workflow import Stage


class FieldMarkRepository(Protocol):
    """The reviewers' ✓ / ✗ per case, stage and form field."""

    def put(self, mark: FieldMark) -> None:
        """Store *mark*, replacing the one of the same case, stage and field."""
        ...

    def remove(self, case_id: int, stage: Stage, field_id: str) -> bool:
        """Forget the mark of that field; whether there was one."""
        ...

    def get(self, case_id: int, stage: Stage, field_id: str) -> FieldMark | None: ...

    def clear_case(self, case_id: int) -> int:
        """Forget every mark of *case_id* (a new round of review); how many there were."""
        ...

    def for_case(self, case_id: int) -> list[FieldMark]:
        """Every mark of *case_id*, stage by stage, in the order they were first made."""
        ...
