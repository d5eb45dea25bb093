"""What each cell of the case table shows: its columns, their header titles and the
texts, tooltips, colours and fonts of a case's cells (and of a row still loading).

Kept apart from :mod:`desktop.qt.case_table_model` (which pages the rows in) so that
each stays small; the texts are translated in the model's context (``CaseTableModel``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import date, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.case_filter import CaseFlag, SortKey
from desktop.domain.case_rows import CaseRow
from desktop.qt.labels import JST, format_date, format_local_datetime, status_label

OVERDUE_COLOUR = QColor(0xB0, 0x1E, 0x1E)
PLACEHOLDER_COLOUR = QColor(0x80, 0x80, 0x80)
#: The case number of a row whose page is still on its way.
PLACEHOLDER = "…"


class Column(IntEnum):
    """The table's columns, left to right."""

    NUMBER = 0
    APPLICANT = 1
    STATUS = 2
    RECEIVED = 3
    DUE = 4
    HOLDER = 5


#: The database order behind each column (every column sorts).
COLUMN_SORT: dict[Column, SortKey] = {
    Column.NUMBER: SortKey.NUMBER,
    Column.APPLICANT: SortKey.APPLICANT,
    Column.STATUS: SortKey.STATUS,
    Column.RECEIVED: SortKey.RECEIVED,
    Column.DUE: SortKey.DUE,
    Column.HOLDER: SortKey.HOLDER,
}

#: Role under which each row hands out its :class:`CaseRow`.
CASE_ROLE = Qt.ItemDataRole.UserRole + 1
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
FONT = int(Qt.ItemDataRole.FontRole)
#: The roles a cell answers (any other role: None, before any work).
ROLES = frozenset({DISPLAY, TOOLTIP, FOREGROUND, FONT, int(CASE_ROLE)})
_NUMBER, _DUE = int(Column.NUMBER), int(Column.DUE)


def _tr(text: str) -> str:
    return QCoreApplication.translate("CaseTableModel", text)


def japan_today() -> date:
    """Today's date in Japan (what "overdue" is measured against)."""
    return datetime.now(JST).date()


class CaseCells:
    """The look of the case table's cells. Display texts are made once per case and
    kept (a paint asks for every visible cell several times); :meth:`forget` drops
    them when the case is read again."""

    def __init__(self, today: Callable[[], date] = japan_today) -> None:
        self._today = today
        self._today_value, self._today_read = date.min, float("-inf")
        self._texts: dict[int, tuple[str, ...]] = {}
        self._overdue_brush = QBrush(OVERDUE_COLOUR)
        self._placeholder_brush = QBrush(PLACEHOLDER_COLOUR)
        self._bold = QFont()
        self._bold.setBold(True)

    def forget(self, cases: Iterable[CaseRow], keep_at_most: int) -> None:
        """Make the texts of *cases* again when next painted (they may have changed);
        past *keep_at_most* kept texts, drop them all."""
        for case in cases:
            self._texts.pop(case.id, None)
        if len(self._texts) > keep_at_most:
            self._texts.clear()  # made again for the rows painted next

    def clear(self) -> None:
        self._texts.clear()

    def cell(self, case: CaseRow, column: int, role: int) -> Any:
        """What *case*'s cell in *column* shows for *role* (one of :data:`ROLES`)."""
        if role == DISPLAY:
            texts = self._texts.get(case.id)
            if texts is None:
                texts = self._texts[case.id] = self.texts(case)
            return texts[column]
        if role == FOREGROUND:
            return self._overdue_brush if column == _DUE and self.overdue(case) else None
        if role == FONT:
            return self._bold if column == _NUMBER and case.priority > 0 else None
        if role == TOOLTIP:
            return self.tooltip(case, Column(column))
        return case  # CASE_ROLE

    def placeholder(self, column: int, role: int) -> Any:
        """What a cell of a row not loaded yet shows."""
        if role == DISPLAY:
            return PLACEHOLDER if column == _NUMBER else ""
        if role == TOOLTIP:
            return _tr("読み込み中…")
        if role == FOREGROUND:
            return self._placeholder_brush
        return None

    @staticmethod
    def titles() -> dict[Column, str]:
        """The header titles."""
        return {
            Column.NUMBER: _tr("案件番号"),
            Column.APPLICANT: _tr("申請者"),
            Column.STATUS: _tr("状態"),
            Column.RECEIVED: _tr("受付日"),
            Column.DUE: _tr("期限"),
            Column.HOLDER: _tr("担当"),
        }

    @staticmethod
    def header_tooltip(column: Column) -> str:
        if column in COLUMN_SORT:
            return _tr("クリックで並べ替え（もう一度で逆順、三度目で受付順）")
        return _tr("この列では並べ替えできません")

    @staticmethod
    def texts(case: CaseRow) -> tuple[str, ...]:
        """The texts of *case*'s cells, left to right."""
        status = status_label(case.status)
        if CaseFlag.POSSIBLE_DUPLICATE in case.flags:
            status = _tr("{status}・重複?").format(status=status)
        return (case.number, case.applicant_name, status,
                format_local_datetime(case.received_at), format_date(case.due_date),
                case.holder_name or "")

    def tooltip(self, case: CaseRow, column: Column) -> str | None:
        if column == Column.NUMBER and case.priority > 0:
            return _tr("優先案件")
        if column == Column.STATUS and CaseFlag.POSSIBLE_DUPLICATE in case.flags:
            return _tr("同じ申請者の別の案件があります（重複の可能性）")
        if column == Column.RECEIVED:
            return format_local_datetime(case.received_at, with_time=True)
        if column == Column.DUE and self.overdue(case):
            return _tr("期限を過ぎています")
        if column == Column.HOLDER and case.lease_expires_at is not None:
            return _tr("担当期限: {time}").format(
                time=format_local_datetime(case.lease_expires_at, with_time=True))
        return None

    def overdue(self, case: CaseRow) -> bool:
        now = time.monotonic()
        if now - self._today_read > 60:  # not on every paint: today changes once a day
            self._today_value, self._today_read = self._today(), now
        return case.due_date < self._today_value
