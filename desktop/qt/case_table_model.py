"""The cases of a queue as a lazily paged Qt table model, filtered and sorted by the
database.

Rows come from a :class:`~desktop.services.case_search_paging.CaseSource` on the task
runner; the model never sorts or filters itself (no ``QSortFilterProxyModel`` over all
rows). Three modules make it up besides this one (each small):

* :mod:`desktop.services.case_search_paging` — plain Python: keyset page tokens, the
  page cache, jumps, boundary mapping and coalesced requests (:class:`PageBook`);
* :mod:`desktop.qt.case_list_loader` — the Qt side of loading (:class:`PagedCaseModel`:
  tasks, the count, placeholders until a page arrives, switching filters without an
  empty flash);
* :mod:`desktop.qt.case_table_cells` — the columns and what each cell shows.

This module adds the filter and sort API and Qt's cell API; clicking a header sorts
by that column in the database (:func:`attach_to_view`, from
:mod:`desktop.qt.case_table_view`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt

from desktop.domain.case_filter import CaseFilter, SortKey
from desktop.domain.case_rows import CaseRow
from desktop.domain.workflow import Stage
from desktop.qt.case_list_loader import Index, PagedCaseModel
from desktop.qt.case_table_cells import (
    CASE_ROLE,
    COLUMN_SORT,
    DISPLAY,
    PLACEHOLDER,
    ROLES,
    CaseCells,
    Column,
    japan_today,
)
from desktop.qt.case_table_view import attach_to_view, enable_header_sorting
from desktop.qt.ports import LoadPage
from desktop.qt.tasks import TaskRunner
from desktop.services.case_search_paging import (
    CACHE_PAGES,
    MAP_AFTER_PAGES,
    MAP_EVERY_PAGES,
    MAX_REQUESTS,
    PAGE_SIZE,
    CaseSource,
)

#: Names other modules import from here (the columns and the view set-up live beside).
__all__ = ["CACHE_PAGES", "CASE_ROLE", "COLUMN_SORT", "MAX_REQUESTS", "PAGE_SIZE",
           "PLACEHOLDER", "CaseTableModel", "Column", "attach_to_view",
           "enable_header_sorting", "japan_today"]

_NUMBER = int(Column.NUMBER)


_COLUMNS = len(Column)
_CELL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags

class CaseTableModel(PagedCaseModel):
    """Rows of a filtered, sorted case list (normally one queue), fetched page by page."""

    def __init__(self, runner: TaskRunner, source: CaseSource | LoadPage, *,
                 page_size: int = PAGE_SIZE, today: Callable[[], date] = japan_today,
                 cache_pages: int = CACHE_PAGES, map_after_pages: int = MAP_AFTER_PAGES,
                 map_every_pages: int = MAP_EVERY_PAGES, parent: QObject | None = None,
                 ) -> None:
        super().__init__(runner, source, page_size=page_size, cache_pages=cache_pages,
                         map_after_pages=map_after_pages, map_every_pages=map_every_pages,
                         parent=parent)
        self._cells = CaseCells(today)

    # ------------------------------------------------------------- the list

    @property
    def queue(self) -> tuple[str, Stage] | None:
        shown = self._pending or self._filter
        if shown is None or shown.procedure_code is None or shown.stage is None:
            return None
        return (shown.procedure_code, shown.stage)

    @property
    def case_filter(self) -> CaseFilter | None:
        """The filter asked for last (its rows may still be on their way)."""
        return self._pending or self._filter

    def set_queue(self, procedure_code: str | None, stage: Stage | None) -> None:
        """Show another queue (or none), with the current filter criteria."""
        if not procedure_code or stage is None:
            self._clear()
            return
        self.set_filter(self._criteria.within(procedure_code, stage))

    def set_filter(self, case_filter: CaseFilter) -> None:
        """Show the cases *case_filter* finds, in its order (rows arrive in the background)."""
        self._criteria = case_filter
        if case_filter == (self._pending or self._filter):
            return
        self._start(case_filter)

    def apply_criteria(self, case_filter: CaseFilter) -> None:
        """*case_filter*'s criteria and order in the queue shown now (for the filter bar)."""
        current = self._pending or self._filter
        if current is None:
            self._criteria = case_filter
            return
        self.set_filter(case_filter.within(current.procedure_code, current.stage))

    def reload(self) -> None:
        """Read the current list again from the database (rows, count and order)."""
        shown = self._pending or self._filter
        if shown is not None:
            self._start(shown, fresh=True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by *column* in the database; -1 is the claim order (the queue's own)."""
        current = self._pending or self._filter
        if not self._source.filters or current is None:
            return
        if column < 0:
            key, descending = SortKey.QUEUE, False
        elif column in COLUMN_SORT:
            key = COLUMN_SORT[Column(column)]
            descending = order == Qt.SortOrder.DescendingOrder
        else:
            return
        self.set_filter(current.sorted_by(key, descending))

    def sort_column(self) -> tuple[int, Qt.SortOrder]:
        """The header section and order of the current sort (-1: claim order)."""
        current = self._pending or self._filter or self._criteria
        column = next((c for c, key in COLUMN_SORT.items() if key == current.sort), None)
        order = (Qt.SortOrder.DescendingOrder if current.descending
                 else Qt.SortOrder.AscendingOrder)
        return (-1 if column is None else int(column)), order

    def case_at(self, row: int) -> CaseRow:
        """The case in *row*; :class:`LookupError` while its page is not loaded."""
        case = self.row_case(row)
        if case is None:
            raise LookupError(f"row {row} is not loaded")
        return case

    # ------------------------------------------------------------ Qt's model API

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells.titles()[Column(section)]
        if role == Qt.ItemDataRole.ToolTipRole and self._source.filters:
            return self._cells.header_tooltip(Column(section))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every visible cell on each paint: roles the table
        # does not use return first, and display texts are made once per row.
        if role not in ROLES or not index.isValid():
            return None
        row, size = index.row(), self._book.page_size
        page = self._book.pages.get(row // size)
        offset = row % size
        if page is None or offset >= len(page) or row >= self._rows:
            if role == DISPLAY and index.column() == _NUMBER:
                self._want(row // size)  # a view paints it: its page is wanted
            return self._cells.placeholder(index.column(), role)
        return self._cells.cell(page[offset], index.column(), role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Asked for every visible cell on every paint: no enum arithmetic here.
        return _CELL_FLAGS if index.isValid() else _NO_FLAGS

    # ------------------------------------------------------------------ cells

    def _rows_read(self, rows: tuple[CaseRow, ...]) -> None:
        self._cells.forget(rows, 2 * self._book.cache_pages * self._book.page_size)

    def _rows_forgotten(self) -> None:
        self._cells.clear()
