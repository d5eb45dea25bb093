"""The reviewers' ✓ / ✗ per form field (``field_marks``), one row per case, stage and field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import Table, delete, select, update

from desktop.domain.field_marks import FieldMark, Mark
from desktop.domain.workflow import Stage
from desktop.persistence.mapping import aware, utc
from desktop.persistence.models import FieldMarkRow
from desktop.persistence.transaction import TransactionBound

_T = cast(Table, FieldMarkRow.__table__)


class SqlFieldMarkRepository(TransactionBound):
    """See :class:`desktop.services.field_mark_ports.FieldMarkRepository`."""


    def put(self, mark: FieldMark) -> None:
        # Callers hold the case row locked (the lease check), so no other transaction
        # writes this case's marks between the update and the insert.
        values = {"mark": mark.mark.value, "note": mark.note, "code": mark.code,
                  "marked_by": mark.marked_by, "marked_at": utc(mark.marked_at)}
        changed = self._s.execute(
            update(_T).where(_T.c.case_id == mark.case_id, _T.c.stage == mark.stage.value,
                             _T.c.field_id == mark.field_id).values(**values))
        if cast(Any, changed).rowcount == 0:
            self._s.execute(_T.insert().values(case_id=mark.case_id, stage=mark.stage.value,
                                               field_id=mark.field_id, **values))

    def remove(self, case_id: int, stage: Stage, field_id: str) -> bool:
        gone = self._s.execute(delete(_T).where(_T.c.case_id == case_id,
                                                _T.c.stage == stage.value,
                                                _T.c.field_id == field_id))
        return bool(cast(Any, gone).rowcount)

    def clear_case(self, case_id: int) -> int:
        gone = self._s.execute(delete(_T).where(_T.c.case_id == case_id))
        return int(cast(Any, gone).rowcount)

    def get(self, case_id: int, stage: Stage, field_id: str) -> FieldMark | None:
        row = self._s.execute(select(_T).where(
            _T.c.case_id == case_id, _T.c.stage == stage.value,
            _T.c.field_id == field_id)).mappings().one_or_none()
        return None if row is None else _record(row)

    def for_case(self, case_id: int) -> list[FieldMark]:
        rows = self._s.execute(select(_T).where(_T.c.case_id == case_id)
                               .order_by(_T.c.stage, _T.c.id)).mappings()
        return [_record(row) for row in rows]


def _record(row: Mapping[Any, Any]) -> FieldMark:
    at = aware(row["marked_at"])
    assert at is not None
    return FieldMark(case_id=int(row["case_id"]), stage=Stage(row["stage"]),
                     field_id=row["field_id"], mark=Mark(row["mark"]), note=row["note"],
                     code=row["code"], marked_by=row["marked_by"], marked_at=at)
