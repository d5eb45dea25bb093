"""The list of scans waiting to be keyed in, paged from the database as the view
scrolls (``canFetchMore`` / ``fetchMore``), every page loaded on the task runner."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop.qt.i18n import current_language
from desktop.qt.labels import format_local_datetime
from desktop.qt.row_table_model import ColumnSpec, RowTableModel
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
    """The columns of :class:`ScanTableModel`, left to right."""

    ID = 0
    PROCEDURE = 1
    FILE = 2
    KIND = 3
    REGISTERED = 4
    HOLDER = 5


class ScanTableModel(RowTableModel[ScanItemRecord]):
    """Waiting scans, oldest first. ``loaded`` is emitted after each page arrives (or
    fails: see :attr:`error`). A row's ``UserRole`` is the scan's id."""

    loaded = Signal()

    def __init__(self, runner: TaskRunner, load: LoadScans,
                 procedure_name: Callable[[str], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._load = load
        self._procedure_name = procedure_name
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
        return self.row_at(row) if 0 <= row < self.rowCount() else None

    def row_of(self, scan_id: int) -> int:
        return next((i for i, item in enumerate(self.rows_held()) if item.id == scan_id), -1)

    def columns(self) -> list[ColumnSpec[ScanItemRecord]]:
        def column(title: str, text: Callable[[ScanItemRecord], str],
                   numeric: bool = False) -> ColumnSpec[ScanItemRecord]:
            return ColumnSpec(title, text, numeric, tooltip=_tooltip)

        return [  # in Column order
            column(_tr("番号"), lambda item: str(item.id), numeric=True),
            column(_tr("手続"), lambda item: self._procedure_name(item.procedure_code)),
            column(_tr("ファイル名"), lambda item: item.file_name),
            column(_tr("形式"), lambda item: _KINDS.get(item.media_type or "",
                                                       item.media_type or "")),
            column(_tr("登録日時"),
                   lambda item: format_local_datetime(item.registered_at, with_time=True)),
            # In words, not only a colour: who holds it now.
            column(_tr("入力中"), lambda item: _tr("{name} さんが入力中").format(name=item.holder)
                   if item.holder else ""),
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.UserRole:
            item = self.item(index.row()) if index.isValid() else None
            return None if item is None else item.id
        return super().data(index, role)

    # --------------------------------------------------------------- loading
    def reload(self) -> None:
        """Load the first page again (the rows already shown stay until it arrives)."""
        self._generation += 1
        self._fetch(0, replace=True)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._loading and self.rowCount() < self._total

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self._fetch(self.rowCount(), replace=False)

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
            self._total = total
            self.set_rows(items)
        else:
            # The list may have moved on since the previous page (scans keyed in).
            known = {i.id for i in self.rows_held()}
            new = [i for i in items if i.id not in known]
            held = self.rowCount()
            self._total = max(total, held + len(new)) if new else held
            self.append_rows(new)
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
        self._total = max(self._total - 1, self.rowCount() - 1)
        self.remove_row(row)

    def replace(self, item: ScanItemRecord) -> None:
        """Show *item*'s new state (claimed by someone)."""
        row = self.row_of(item.id)
        if row >= 0:
            self.replace_row(row, item)


def _tooltip(item: ScanItemRecord) -> str:
    """The file name and why the scan was set aside, if it was."""
    key = "message_en" if current_language() == "en" else "message_ja"
    return "\n".join([item.file_name] + [str(r.get(key) or r.get("message_ja", ""))
                                          for r in item.reasons])
