"""The loading half of the case table: a Qt table model whose rows arrive page by page
from a :class:`~desktop.services.case_search_paging.CaseSource` on the task runner.

:class:`PagedCaseModel` knows rows, not cells: which pages to read and when (through a
:class:`~desktop.services.case_search_paging.PageBook`), the count, a list that grows
or shrinks, and switching to another filter only once its first page has arrived.
:class:`desktop.qt.case_table_model.CaseTableModel` adds the columns, the cells and
the filter/sort API.

* Once the count has arrived the model reports every row: rows not loaded yet are
  wanted (:meth:`PagedCaseModel._want`) when a view paints them.
* Before the count arrives, and for sources that cannot count, rows are added page by
  page as views ask (``canFetchMore``/``fetchMore``).
* A new filter or sort order keeps the old rows on screen until the first page of the
  new one has arrived, then resets the model (no empty flash).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QTimer,
    Signal,
)

from desktop.domain.case_filter import CaseFilter
from desktop.domain.case_rows import CaseRow
from desktop.qt.case_source import OffsetPageSource
from desktop.qt.ports import LoadPage
from desktop.qt.tasks import TaskRunner
from desktop.services.case_search_paging import (
    CACHE_PAGES,
    MAP_AFTER_PAGES,
    MAP_EVERY_PAGES,
    PAGE_SIZE,
    CaseSource,
    LoadedPage,
    PageBook,
    PageRead,
    SourcePage,
)

log = logging.getLogger(__name__)
Index = QModelIndex | QPersistentModelIndex


class PagedCaseModel(QAbstractTableModel):
    """Rows of a filtered, sorted case list, fetched page by page (no columns of its own)."""

    loading_changed = Signal(bool)
    #: A page or count failed to load (the exception); the model keeps what it had.
    load_failed = Signal(object)
    #: A page arrived; the argument is the number of rows the model now has.
    page_loaded = Signal(int)
    #: The number of matching cases, once counted (None: not known).
    count_changed = Signal(object)
    #: A filter (or sort order) is now shown: its first page has arrived.
    filter_applied = Signal(object)

    def __init__(self, runner: TaskRunner, source: CaseSource | LoadPage, *,
                 page_size: int = PAGE_SIZE, cache_pages: int = CACHE_PAGES,
                 map_after_pages: int = MAP_AFTER_PAGES,
                 map_every_pages: int = MAP_EVERY_PAGES, parent: QObject | None = None,
                 ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._source: CaseSource = (source if isinstance(source, CaseSource)
                                    else OffsetPageSource(source))
        self._book = PageBook(page_size=page_size, cache_pages=cache_pages,
                              map_after_pages=map_after_pages,
                              map_every_pages=map_every_pages)
        self._criteria = CaseFilter()
        self._filter: CaseFilter | None = None
        self._pending: CaseFilter | None = None
        self._generation = 0
        self._rows = 0
        self._total: int | None = None
        self._end_reached = False
        self._loading = False
        self._pump_timer = QTimer(self)
        self._pump_timer.setSingleShot(True)
        self._pump_timer.setInterval(0)
        self._pump_timer.timeout.connect(self._pump)

    # ------------------------------------------------------------- the rows

    @property
    def total(self) -> int | None:
        """How many cases match, once counted."""
        return self._total

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def sortable(self) -> bool:
        """Whether the source sorts and filters (a plain ``load_page`` does not)."""
        return self._source.filters

    def row_case(self, row: int) -> CaseRow | None:
        """The case in *row*, or None while its page is not loaded."""
        if not 0 <= row < self._rows:
            return None
        return self._book.row(row)

    def want_rows(self, first: int, last: int) -> None:
        """Rows *first*..*last* are about to be shown: load their pages now (called when
        a view scrolls, one paint earlier than the paint would ask)."""
        if self._filter is None or self._pending is not None or last < first:
            return
        size = self._book.page_size
        for page in range(max(first, 0) // size, min(last, self._rows - 1) // size + 1):
            self._want(page)
        self._pump()

    def is_loaded(self, first: int, last: int) -> bool:
        """Whether rows *first*..*last* all have their data (benchmarks, tests)."""
        return all(self.row_case(r) is not None for r in range(max(first, 0),
                                                               min(last, self._rows - 1) + 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def canFetchMore(self, parent: Index) -> bool:
        return (not parent.isValid() and self._filter is not None and self._pending is None
                and self._total is None and not self._end_reached
                and self._book.loading_page is None)

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        self._want(self._rows // self._book.page_size)
        self._pump()

    # ---------------------------------------------------------------- loading

    def _clear(self) -> None:
        self.beginResetModel()
        self._generation += 1
        self._filter = self._pending = None
        self._forget_rows()
        self._rows = 0
        self._total = None
        self._end_reached = False
        self.endResetModel()
        self._update_loading()

    def _forget_rows(self) -> None:
        self._book.clear()
        self._rows_forgotten()

    def _start(self, case_filter: CaseFilter, *, fresh: bool = False) -> None:
        """Ask for the first page of *case_filter*; the model switches when it arrives."""
        self._generation += 1
        generation = self._generation
        self._pending = case_filter
        self._book.cancel()
        shown, total = self._filter, self._total
        # Another order of the same rows keeps the count (no second COUNT for a sort).
        keep_total = (not fresh and shown is not None and total is not None
                      and shown.criteria_equal(case_filter))
        source, size = self._source, self._book.page_size
        self._update_loading()
        self._runner.run_in_background(
            lambda: source.page(case_filter, None, size),
            lambda page: self._first_page(generation, case_filter, page,
                                          total if keep_total else None),
            lambda error: self._first_failed(generation, case_filter, error),
            owner=self, label=f"case list {case_filter.to_json()}")

    def _first_page(self, generation: int, case_filter: CaseFilter, page: SourcePage,
                    total: int | None) -> None:
        if generation != self._generation:
            return  # another filter was asked for meanwhile
        self.beginResetModel()
        self._filter, self._pending = case_filter, None
        self._forget_rows()
        self._store(0, None, page)
        if page.next is None:
            total = len(page.rows)
        self._total = total
        self._end_reached = page.next is None
        self._rows = total if total is not None else len(page.rows)
        self.endResetModel()
        self.filter_applied.emit(case_filter)
        self.count_changed.emit(self._total)
        self.page_loaded.emit(self._rows)
        if self._total is None and self._source.filters:
            self._count(generation, case_filter)
        self._update_loading()
        self._pump()

    def _first_failed(self, generation: int, case_filter: CaseFilter,
                      error: BaseException) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._filter, self._pending = case_filter, None
        self._forget_rows()
        self._rows = 0
        self._total = None
        self._end_reached = True  # no retry loop from views; reload() tries again
        self.endResetModel()
        self._update_loading()
        self.load_failed.emit(error)

    def _count(self, generation: int, case_filter: CaseFilter) -> None:
        source = self._source
        self._runner.run_in_background(
            lambda: source.count(case_filter),
            lambda total: self._count_arrived(generation, total),
            lambda error: self._count_failed(generation, error),
            owner=self, label="case count")

    def _count_arrived(self, generation: int, total: int | None) -> None:
        if generation != self._generation or total is None:
            return
        self._set_rows(total)
        self._total = total
        self.count_changed.emit(total)
        self.page_loaded.emit(self._rows)
        self._pump()

    def _count_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self.load_failed.emit(error)  # rows keep arriving page by page

    def _set_rows(self, rows: int) -> None:
        """Grow or shrink the list to *rows* (a count arrived, or the end moved)."""
        if rows > self._rows:
            self.beginInsertRows(QModelIndex(), self._rows, rows - 1)
            self._rows = rows
            self.endInsertRows()
        elif rows < self._rows:
            self.beginRemoveRows(QModelIndex(), rows, self._rows - 1)
            self._rows = rows
            self._book.drop_after((rows - 1) // self._book.page_size if rows else -1)
            self.endRemoveRows()

    def _want(self, page: int) -> None:
        if self._filter is None or self._pending is not None or not self._book.want(page):
            return
        if self._book.loading_page is None and not self._pump_timer.isActive():
            self._pump_timer.start()  # not from inside a view's paint

    def _pump(self) -> None:
        """Load the most recently wanted page (one task at a time); when nobody waits
        for a page, map more page boundaries."""
        if self._book.busy or self._pending is not None or self._filter is None:
            return
        read = self._book.start_read(self._filter, self._total)
        if read is not None:
            self._load(read)
        elif self._source.filters:
            self._map_more(self._filter)

    def _map_more(self, case_filter: CaseFilter) -> None:
        """Read the next few known boundaries of a long, counted list (one every
        ``map_every_pages`` pages), so that a jump never skips more rows than that."""
        read = self._book.start_mapping(self._total)
        if read is None:
            return
        generation, source = self._generation, self._source
        self._runner.run_in_background(
            lambda: read.run(source, case_filter),
            lambda tokens: self._mapped(generation, read.start, tokens),
            lambda error: self._mapping_failed(generation, error),
            owner=self, label=f"case list boundaries after page {read.start}")

    def _mapped(self, generation: int, start: int, tokens: list[object]) -> None:
        if generation != self._generation:
            return
        self._book.mapped(start, tokens)
        self._pump()

    def _mapping_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            log.warning("case list boundaries not read (jumps skip further): %s", error)
            self._book.mapping_failed()  # jumps fall back to an OFFSET each
            self._pump()

    def _load(self, read: PageRead) -> None:
        generation, source, page = self._generation, self._source, read.number
        self._update_loading()
        self._runner.run_in_background(
            lambda: read.run(source), lambda loaded: self._page_arrived(generation, page, loaded),
            lambda error: self._page_failed(generation, page, error),
            owner=self, label=f"case page {page}")

    def _page_arrived(self, generation: int, page: int, loaded: LoadedPage) -> None:
        if generation != self._generation:
            return
        self._book.arrived(page, loaded)
        self._rows_read(loaded.page.rows)
        first = page * self._book.page_size
        rows = loaded.page.rows
        end = first + len(rows)
        if loaded.page.next is None and (self._total is not None or end >= self._rows):
            # The last page: the list ends here (it may have grown or shrunk since counted).
            self._end_reached = True
            if self._total is not None:
                self._total = end
                self.count_changed.emit(end)
            self._set_rows(end)
        elif end > self._rows:
            self._set_rows(end)
        if rows and first < self._rows:
            last = min(end, self._rows) - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))
        self.page_loaded.emit(self._rows)
        self._update_loading()
        self._pump()

    def _page_failed(self, generation: int, page: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._book.failed(page)  # not asked again until reload()
        if self._total is None:
            self._end_reached = True
        self._update_loading()
        self.load_failed.emit(error)

    def _store(self, page: int, token: object | None, loaded: SourcePage) -> None:
        self._book.store(page, token, loaded)
        self._rows_read(loaded.rows)

    def _rows_read(self, rows: tuple[CaseRow, ...]) -> None:
        """*rows* were read (again): what was made of them before may be stale."""

    def _rows_forgotten(self) -> None:
        """Every row was dropped (another list)."""

    def _update_loading(self) -> None:
        loading = self._pending is not None or self._book.loading_page is not None
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)
