"""The cases of one queue as a lazily paged table model.

Pages come from an injected ``load_page(procedure_code, stage, limit, offset)`` run
on the task runner; the model only ever holds plain :class:`CaseRecord` snapshots.
Views ask for more rows with ``canFetchMore``/``fetchMore`` as the user scrolls.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.cases import CaseRecord
from desktop.domain.workflow import Stage
from desktop.qt.labels import JST, format_date, format_local_datetime, status_label
from desktop.qt.ports import LoadPage
from desktop.qt.tasks import TaskRunner

PAGE_SIZE = 200
Index = QModelIndex | QPersistentModelIndex
OVERDUE_COLOUR = QColor(0xB0, 0x1E, 0x1E)


class Column(IntEnum):
    """The table's columns, left to right."""

    NUMBER = 0
    APPLICANT = 1
    STATUS = 2
    RECEIVED = 3
    DUE = 4
    HOLDER = 5


#: Role under which each row hands out its :class:`CaseRecord`.
CASE_ROLE = Qt.ItemDataRole.UserRole + 1


def japan_today() -> date:
    return datetime.now(JST).date()


class CaseTableModel(QAbstractTableModel):
    """Rows of one queue (procedure × stage) in claim order, fetched page by page."""

    loading_changed = Signal(bool)
    #: A page failed to load (the exception); the model keeps what it had.
    load_failed = Signal(object)
    #: A page arrived; the argument is the number of rows now held.
    page_loaded = Signal(int)

    def __init__(self, runner: TaskRunner, load_page: LoadPage, *,
                 page_size: int = PAGE_SIZE, today: Callable[[], date] = japan_today,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._load_page = load_page
        self._page_size = page_size
        self._today = today
        self._rows: list[CaseRecord] = []
        self._queue: tuple[str, Stage] | None = None
        self._has_more = False
        self._loading = False
        self._generation = 0

    # ------------------------------------------------------------------ queue

    @property
    def queue(self) -> tuple[str, Stage] | None:
        return self._queue

    @property
    def loading(self) -> bool:
        return self._loading

    def set_queue(self, procedure_code: str | None, stage: Stage | None) -> None:
        """Show another queue (or none) and start loading its first page."""
        self.beginResetModel()
        self._generation += 1
        self._rows = []
        self._queue = (procedure_code, stage) if procedure_code and stage else None
        self._has_more = self._queue is not None
        self._set_loading(False)
        self.endResetModel()
        if self._queue is not None:
            self.fetchMore(QModelIndex())

    def reload(self) -> None:
        """Load the current queue again from its first page."""
        if self._queue is not None:
            self.set_queue(*self._queue)

    def case_at(self, row: int) -> CaseRecord:
        return self._rows[row]

    # ------------------------------------------------------------ Qt's model API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._titles()[Column(section)]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        case = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(case, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(case, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.DUE:
            return QBrush(OVERDUE_COLOUR) if self._overdue(case) else None
        if role == Qt.ItemDataRole.FontRole and case.priority > 0 and column == Column.NUMBER:
            font = QFont()
            font.setBold(True)
            return font
        if role == CASE_ROLE:
            return case
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._has_more and not self._loading

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent) or self._queue is None:
            return
        code, stage = self._queue
        generation, offset, limit = self._generation, len(self._rows), self._page_size
        load = self._load_page
        self._set_loading(True)
        self._runner.run_in_background(
            lambda: load(code, stage, limit, offset),
            lambda page: self._page_arrived(generation, page),
            lambda error: self._page_failed(generation, error),
            owner=self, label=f"load page {code}/{stage.value}@{offset}",
        )

    # ---------------------------------------------------------------- internals

    def _page_arrived(self, generation: int, page: list[CaseRecord]) -> None:
        if generation != self._generation:
            return  # the queue changed while this page was on its way
        self._has_more = len(page) >= self._page_size
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        self._set_loading(False)
        self.page_loaded.emit(len(self._rows))

    def _page_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._has_more = False  # no retry loop from views; reload() tries again
        self._set_loading(False)
        self.load_failed.emit(error)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    def _titles(self) -> dict[Column, str]:
        return {
            Column.NUMBER: self.tr("案件番号"),
            Column.APPLICANT: self.tr("申請者"),
            Column.STATUS: self.tr("状態"),
            Column.RECEIVED: self.tr("受付日"),
            Column.DUE: self.tr("期限"),
            Column.HOLDER: self.tr("担当"),
        }

    def _display(self, case: CaseRecord, column: Column) -> str:
        if column == Column.NUMBER:
            return case.number
        if column == Column.APPLICANT:
            return case.applicant_name
        if column == Column.STATUS:
            return status_label(case.status)
        if column == Column.RECEIVED:
            return format_local_datetime(case.received_at)
        if column == Column.DUE:
            return format_date(case.due_date)
        return case.holder_name or ""

    def _tooltip(self, case: CaseRecord, column: Column) -> str | None:
        if column == Column.NUMBER and case.priority > 0:
            return self.tr("優先案件")
        if column == Column.RECEIVED:
            return format_local_datetime(case.received_at, with_time=True)
        if column == Column.DUE and self._overdue(case):
            return self.tr("期限を過ぎています")
        if column == Column.HOLDER and case.lease_expires_at is not None:
            return self.tr("担当期限: {time}").format(
                time=format_local_datetime(case.lease_expires_at, with_time=True))
        return None

    def _overdue(self, case: CaseRecord) -> bool:
        return case.due_date < self._today()
