"""The list of scans waiting to be keyed in, paged from the database as the view
scrolls (``canFetchMore`` / ``fetchMore``), every page loaded on the task runner."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop.qt.labels import format_local_datetime
from desktop.qt.tasks import TaskRunner
from desktop.services.scan_records import ScanItemRecord

Index = QModelIndex | QPersistentModelIndex
#: ``load(offset, limit)`` → (a page of waiting scans, how many wait in all); background.
LoadScans = Callable[[int, int], tuple[list[ScanItemRecord], int]]

PAGE_SIZE = 100
_KINDS = {"application/pdf": "PDF", "image/tiff": "TIFF", "image/jpeg": "JPEG",
          "image/png": "PNG"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ScanTableModel", text)


class Column(IntEnum):
    ID = 0
    PROCEDURE = 1
    FILE = 2
    KIND = 3
    REGISTERED = 4
    HOLDER = 5


class ScanTableModel(QAbstractTableModel):
    """Waiting scans, oldest first. ``loaded`` is emitted after each page arrives (or
    fails: see :attr:`error`)."""

    loaded = Signal()

    def __init__(self, runner: TaskRunner, load: LoadScans,
                 procedure_name: Callable[[str], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._load = load
        self._procedure_name = procedure_name
        self._items: list[ScanItemRecord] = []
        self._total = 0
        self._loading = False
        self._generation = 0
        self.error: BaseException | None = None

    # ------------------------------------------------------------------ data
    @property
    def total(self) -> int:
        """How many scans wait in all (the list may hold fewer until scrolled)."""
        return self._total

    @property
    def loading(self) -> bool:
        return self._loading

    def item(self, row: int) -> ScanItemRecord | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, scan_id: int) -> int:
        return next((i for i, item in enumerate(self._items) if item.id == scan_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole
                or not 0 <= section < len(Column)):
            return None
        return {Column.ID: _tr("番号"), Column.PROCEDURE: _tr("手続"),
                Column.FILE: _tr("ファイル名"), Column.KIND: _tr("形式"),
                Column.REGISTERED: _tr("登録日時"), Column.HOLDER: _tr("入力中")}[
            Column(section)]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index.row()) if index.isValid() else None
        if item is None or not 0 <= index.column() < len(Column):
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [item.file_name] + [str(r.get("message_ja", "")) for r in item.reasons]
            return "\n".join(lines)
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.ID:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, item: ScanItemRecord, column: Column) -> str:
        if column == Column.ID:
            return str(item.id)
        if column == Column.PROCEDURE:
            return self._procedure_name(item.procedure_code)
        if column == Column.FILE:
            return item.file_name
        if column == Column.KIND:
            return _KINDS.get(item.media_type or "", item.media_type or "")
        if column == Column.REGISTERED:
            return format_local_datetime(item.registered_at, with_time=True)
        # In words, not only a colour: who holds it now.
        return _tr("{name} さんが入力中").format(name=item.holder) if item.holder else ""

    # --------------------------------------------------------------- loading
    def reload(self) -> None:
        """Load the first page again (the rows already shown stay until it arrives)."""
        self._generation += 1
        self._fetch(0, replace=True)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._loading and len(self._items) < self._total

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self._fetch(len(self._items), replace=False)

    def _fetch(self, offset: int, *, replace: bool) -> None:
        generation, load = self._generation, self._load
        self._loading = True
        started = self._runner.run_in_background(
            lambda: load(offset, PAGE_SIZE),
            lambda page: self._arrived(generation, replace, *page),
            lambda error: self._failed(generation, error), owner=self, label="waiting scans")
        if not started:
            self._loading = False

    def _arrived(self, generation: int, replace: bool, items: list[ScanItemRecord],
                 total: int) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.error = None
        if replace:
            self.beginResetModel()
            self._items = list(items)
            self._total = total
            self.endResetModel()
        else:
            # The list may have moved on since the previous page (scans keyed in).
            known = {i.id for i in self._items}
            new = [i for i in items if i.id not in known]
            self._total = max(total, len(self._items) + len(new)) if new else len(self._items)
            if new:
                first = len(self._items)
                self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
                self._items.extend(new)
                self.endInsertRows()
        self.loaded.emit()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._loading = False
            self.error = error
            self.loaded.emit()

    def remove(self, scan_id: int) -> None:
        """Take a scan off the list (keyed in or discarded here)."""
        row = self.row_of(scan_id)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._items[row]
        self._total = max(self._total - 1, len(self._items))
        self.endRemoveRows()

    def replace(self, item: ScanItemRecord) -> None:
        """Show *item*'s new state (claimed by someone)."""
        row = self.row_of(item.id)
        if row >= 0:
            self._items[row] = item
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
