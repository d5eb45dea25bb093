"""The cases of a queue as a lazily paged table model, filtered and sorted by the database.

Rows come from a :class:`~desktop.qt.case_source.CaseSource` on the task runner; the
model never sorts or filters itself (no ``QSortFilterProxyModel`` over all rows).

* Pages of :data:`PAGE_SIZE` rows are found by keyset: the page after page *p* starts
  at the token (cursor) that page *p* returned, so reading page 4,000 costs what page 1
  costs. Tokens are kept per page boundary; pages themselves sit in an LRU cache of
  ``cache_pages`` pages (memory stays flat however far one scrolls).
* Once the count has arrived the model reports every row: rows not loaded yet show a
  placeholder and ask for their page when a view paints them. For a jump far from any
  known boundary, the source reads that page with one OFFSET over the sort index, from
  the nearest known boundary or backwards from the end (see
  :meth:`desktop.services.case_search.CaseSearchService.page_at`); from then on its
  boundaries are known. A long list gets a known boundary every 50 pages in the
  background once it is counted (an OFFSET of 10,000 index entries each, between the
  pages the user asks for), so that no later jump skips more than that. Requests made while scrolling fast are coalesced: only the most
  recent few are loaded.
* Before the count arrives, and for sources that cannot count, rows are added page by
  page as views ask (``canFetchMore``/``fetchMore``).
* A new filter or sort order keeps the old rows on screen until the first page of the
  new one has arrived, then resets the model (no empty flash).
* Clicking a header sorts by that column in the database (:func:`attach_to_view`).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTableView

from desktop.domain.case_filter import CaseFilter, CaseFlag, SortKey
from desktop.domain.case_rows import CaseRow
from desktop.domain.workflow import Stage
from desktop.qt.case_source import CaseSource, OffsetPageSource, SourcePage
from desktop.qt.labels import JST, format_date, format_local_datetime, status_label
from desktop.qt.ports import LoadPage
from desktop.qt.tasks import TaskRunner

log = logging.getLogger(__name__)

PAGE_SIZE = 200
#: Pages kept in memory (64 × 200 rows: a few MB).
CACHE_PAGES = 64
#: Pages asked for and not yet loading; older asks are dropped (scrolled past).
MAX_REQUESTS = 4
#: Lists longer than this many pages get a boundary every MAP_EVERY_PAGES pages in the
#: background once counted, MAP_PER_CALL of them per call (CaseTableModel._map_more).
MAP_AFTER_PAGES = 50
MAP_EVERY_PAGES = 50
MAP_PER_CALL = 5
Index = QModelIndex | QPersistentModelIndex
OVERDUE_COLOUR = QColor(0xB0, 0x1E, 0x1E)
PLACEHOLDER_COLOUR = QColor(0x80, 0x80, 0x80)
PLACEHOLDER = "…"


class Column(IntEnum):
    """The table's columns, left to right."""

    NUMBER = 0
    APPLICANT = 1
    STATUS = 2
    RECEIVED = 3
    DUE = 4
    HOLDER = 5


#: The database order behind each sortable column (the holder column is not sortable).
COLUMN_SORT: dict[Column, SortKey] = {
    Column.NUMBER: SortKey.NUMBER,
    Column.APPLICANT: SortKey.APPLICANT,
    Column.STATUS: SortKey.STATUS,
    Column.RECEIVED: SortKey.RECEIVED,
    Column.DUE: SortKey.DUE,
}

#: Role under which each row hands out its :class:`CaseRow`.
CASE_ROLE = Qt.ItemDataRole.UserRole + 1
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _FONT, int(CASE_ROLE)})
_NUMBER, _DUE = int(Column.NUMBER), int(Column.DUE)


def japan_today() -> date:
    return datetime.now(JST).date()


@dataclass(frozen=True)
class _Loaded:
    token: object | None
    page: SourcePage


class CaseTableModel(QAbstractTableModel):
    """Rows of a filtered, sorted case list (normally one queue), fetched page by page."""

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
                 page_size: int = PAGE_SIZE, today: Callable[[], date] = japan_today,
                 cache_pages: int = CACHE_PAGES, map_after_pages: int = MAP_AFTER_PAGES,
                 map_every_pages: int = MAP_EVERY_PAGES, parent: QObject | None = None,
                 ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._source: CaseSource = (source if isinstance(source, CaseSource)
                                    else OffsetPageSource(source))
        self._page_size = page_size
        self._today = today
        self._cache_pages = max(cache_pages, 2)
        self._map_after_pages = map_after_pages
        self._map_every = max(map_every_pages, 1)
        self._mapping = False
        self._mapped_to = 0
        self._mapped_all = False
        self._criteria = CaseFilter()
        self._filter: CaseFilter | None = None
        self._pending: CaseFilter | None = None
        self._generation = 0
        self._rows = 0
        self._total: int | None = None
        self._end_reached = False
        self._pages: OrderedDict[int, tuple[CaseRow, ...]] = OrderedDict()
        self._tokens: dict[int, object | None] = {}
        self._requests: OrderedDict[int, None] = OrderedDict()
        self._failed_pages: set[int] = set()
        self._loading_page: int | None = None
        self._loading = False
        self._texts: dict[int, tuple[str, ...]] = {}
        self._today_value, self._today_read = date.min, float("-inf")
        self._overdue_brush = QBrush(OVERDUE_COLOUR)
        self._placeholder_brush = QBrush(PLACEHOLDER_COLOUR)
        self._bold = QFont()
        self._bold.setBold(True)
        self._pump_timer = QTimer(self)
        self._pump_timer.setSingleShot(True)
        self._pump_timer.setInterval(0)
        self._pump_timer.timeout.connect(self._pump)

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

    def row_case(self, row: int) -> CaseRow | None:
        """The case in *row*, or None while its page is not loaded."""
        if not 0 <= row < self._rows:
            return None
        page = self._pages.get(row // self._page_size)
        offset = row % self._page_size
        if page is None or offset >= len(page):
            return None
        return page[offset]

    def want_rows(self, first: int, last: int) -> None:
        """Rows *first*..*last* are about to be shown: load their pages now (called when
        a view scrolls, one paint earlier than the paint would ask)."""
        if self._filter is None or self._pending is not None or last < first:
            return
        for page in range(max(first, 0) // self._page_size,
                          min(last, self._rows - 1) // self._page_size + 1):
            self._want(page)
        self._pump()

    def is_loaded(self, first: int, last: int) -> bool:
        """Whether rows *first*..*last* all have their data (benchmarks, tests)."""
        return all(self.row_case(r) is not None for r in range(max(first, 0),
                                                               min(last, self._rows - 1) + 1))

    # ------------------------------------------------------------ Qt's model API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._titles()[Column(section)]
        if role == Qt.ItemDataRole.ToolTipRole and self._source.filters:
            if Column(section) in COLUMN_SORT:
                return self.tr("クリックで並べ替え（もう一度で逆順、三度目で受付順）")
            return self.tr("この列では並べ替えできません")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every visible cell on each paint: roles the table
        # does not use return first, and display texts are made once per row.
        if role not in _ROLES or not index.isValid():
            return None
        row = index.row()
        page = self._pages.get(row // self._page_size)
        offset = row % self._page_size
        if page is None or offset >= len(page) or row >= self._rows:
            return self._placeholder(row, index.column(), role)
        case = page[offset]
        column = index.column()
        if role == _DISPLAY:
            texts = self._texts.get(case.id)
            if texts is None:
                texts = self._texts[case.id] = self._display(case)
            return texts[column]
        if role == _FOREGROUND:
            return self._overdue_brush if column == _DUE and self._overdue(case) else None
        if role == _FONT:
            return self._bold if column == _NUMBER and case.priority > 0 else None
        if role == _TOOLTIP:
            return self._tooltip(case, Column(column))
        return case  # CASE_ROLE

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def canFetchMore(self, parent: Index) -> bool:
        return (not parent.isValid() and self._filter is not None and self._pending is None
                and self._total is None and not self._end_reached
                and self._loading_page is None)

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        self._want(self._rows // self._page_size)
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
        self._pages.clear()
        self._texts.clear()
        self._tokens = {0: None}
        self._requests.clear()
        self._failed_pages.clear()
        self._loading_page = None
        self._mapping = False
        self._mapped_to = 0
        self._mapped_all = False

    def _start(self, case_filter: CaseFilter, *, fresh: bool = False) -> None:
        """Ask for the first page of *case_filter*; the model switches when it arrives."""
        self._generation += 1
        generation = self._generation
        self._pending = case_filter
        self._requests.clear()
        self._loading_page = None
        self._mapping = False
        shown, total = self._filter, self._total
        # Another order of the same rows keeps the count (no second COUNT for a sort).
        keep_total = (not fresh and shown is not None and total is not None
                      and shown.criteria_equal(case_filter))
        source, size = self._source, self._page_size
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
            last_page = (rows - 1) // self._page_size if rows else -1
            for page in [p for p in self._pages if p > last_page]:
                del self._pages[page]
            self.endRemoveRows()

    def _want(self, page: int) -> None:
        if (self._filter is None or self._pending is not None or page in self._pages
                or page in self._failed_pages or page == self._loading_page):
            return
        self._requests[page] = None
        self._requests.move_to_end(page)
        while len(self._requests) > MAX_REQUESTS:
            self._requests.popitem(last=False)
        if self._loading_page is None and not self._pump_timer.isActive():
            self._pump_timer.start()  # not from inside a view's paint

    def _pump(self) -> None:
        """Load the most recently wanted page (one task at a time); when nobody waits
        for a page, map more page boundaries."""
        if (self._loading_page is not None or self._mapping or self._pending is not None
                or self._filter is None):
            return
        while self._requests:
            page, _ = self._requests.popitem(last=True)
            if page not in self._pages and page not in self._failed_pages:
                self._load(page)
                return
        self._map_more()

    def _map_more(self) -> None:
        """Read the next few known boundaries of a long, counted list (one every
        ``map_every_pages`` pages), so that a jump never skips more rows than that."""
        size, step = self._page_size, self._map_every
        if (self._mapped_all or self._total is None or not self._source.filters
                or self._total <= self._map_after_pages * size or self._filter is None):
            return
        start = self._mapped_to
        if start + step > (self._total - 1) // size:
            self._mapped_all = True
            return
        case_filter, generation, source = self._filter, self._generation, self._source
        after = self._tokens[start]
        self._mapping = True
        self._runner.run_in_background(
            lambda: source.boundaries(case_filter, after, step * size,
                                      step * size * MAP_PER_CALL),
            lambda tokens: self._mapped(generation, start, tokens),
            lambda error: self._mapping_failed(generation, error),
            owner=self, label=f"case list boundaries after page {start}")

    def _mapped(self, generation: int, start: int, tokens: list[object]) -> None:
        if generation != self._generation:
            return
        self._mapping = False
        for i, token in enumerate(tokens, 1):
            self._tokens.setdefault(start + i * self._map_every, token)
        self._mapped_to = start + len(tokens) * self._map_every
        if len(tokens) < MAP_PER_CALL:
            self._mapped_all = True
        self._pump()

    def _mapping_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            log.warning("case list boundaries not read (jumps skip further): %s", error)
            self._mapping = False
            self._mapped_all = True  # jumps fall back to an OFFSET each; pages still load
            self._pump()

    def _load(self, page: int) -> None:
        assert self._filter is not None
        case_filter, generation, size = self._filter, self._generation, self._page_size
        source, total = self._source, self._total
        known = page in self._tokens
        anchor = max(p for p in self._tokens if p <= page)
        anchor_token = self._tokens[anchor]

        def load() -> _Loaded:
            if known:
                return _Loaded(anchor_token, source.page(case_filter, anchor_token, size))
            loaded = source.page_at(case_filter, page * size, size, anchor_token, anchor * size,
                                    total)
            return _Loaded(loaded.start, loaded)

        self._loading_page = page
        self._update_loading()
        self._runner.run_in_background(
            load, lambda loaded: self._page_arrived(generation, page, loaded),
            lambda error: self._page_failed(generation, page, error),
            owner=self, label=f"case page {page}")

    def _page_arrived(self, generation: int, page: int, loaded: _Loaded) -> None:
        if generation != self._generation:
            return
        self._loading_page = None
        self._store(page, loaded.token, loaded.page)
        first = page * self._page_size
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
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))
        self.page_loaded.emit(self._rows)
        self._update_loading()
        self._pump()

    def _page_failed(self, generation: int, page: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading_page = None
        self._failed_pages.add(page)  # not asked again until reload()
        if self._total is None:
            self._end_reached = True
        self._update_loading()
        self.load_failed.emit(error)

    def _store(self, page: int, token: object | None, loaded: SourcePage) -> None:
        if token is not None or page == 0:  # None past page 0: the list ended before it
            self._tokens[page] = token
        if loaded.next is not None:
            self._tokens[page + 1] = loaded.next
        if loaded.rows:
            for case in loaded.rows:
                self._texts.pop(case.id, None)  # the case may have changed since
            self._pages[page] = loaded.rows
            self._pages.move_to_end(page)
            while len(self._pages) > self._cache_pages:
                self._pages.popitem(last=False)
            if len(self._texts) > 2 * self._cache_pages * self._page_size:
                self._texts.clear()  # made again for the rows painted next

    def _update_loading(self) -> None:
        loading = self._pending is not None or self._loading_page is not None
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    # ---------------------------------------------------------------- display

    def _placeholder(self, row: int, column: int, role: int) -> Any:
        if role == _DISPLAY:
            if column == _NUMBER:
                self._want(row // self._page_size)
                return PLACEHOLDER
            return ""
        if role == _TOOLTIP:
            return self.tr("読み込み中…")
        if role == _FOREGROUND:
            return self._placeholder_brush
        return None

    def _titles(self) -> dict[Column, str]:
        return {
            Column.NUMBER: self.tr("案件番号"),
            Column.APPLICANT: self.tr("申請者"),
            Column.STATUS: self.tr("状態"),
            Column.RECEIVED: self.tr("受付日"),
            Column.DUE: self.tr("期限"),
            Column.HOLDER: self.tr("担当"),
        }

    def _display(self, case: CaseRow) -> tuple[str, ...]:
        """The texts of *case*'s cells, left to right."""
        status = status_label(case.status)
        if CaseFlag.POSSIBLE_DUPLICATE in case.flags:
            status = self.tr("{status}・重複?").format(status=status)
        return (case.number, case.applicant_name, status,
                format_local_datetime(case.received_at), format_date(case.due_date),
                case.holder_name or "")

    def _tooltip(self, case: CaseRow, column: Column) -> str | None:
        if column == Column.NUMBER and case.priority > 0:
            return self.tr("優先案件")
        if column == Column.STATUS and CaseFlag.POSSIBLE_DUPLICATE in case.flags:
            return self.tr("同じ申請者の別の案件があります（重複の可能性）")
        if column == Column.RECEIVED:
            return format_local_datetime(case.received_at, with_time=True)
        if column == Column.DUE and self._overdue(case):
            return self.tr("期限を過ぎています")
        if column == Column.HOLDER and case.lease_expires_at is not None:
            return self.tr("担当期限: {time}").format(
                time=format_local_datetime(case.lease_expires_at, with_time=True))
        return None

    def _overdue(self, case: CaseRow) -> bool:
        now = time.monotonic()
        if now - self._today_read > 60:  # not on every paint: today changes once a day
            self._today_value, self._today_read = self._today(), now
        return case.due_date < self._today_value


def attach_to_view(view: QTableView, model: CaseTableModel) -> None:
    """Set *view* up for *model*: header clicks sort in the database (ascending, then
    descending, then back to the claim order; the holder column does not sort), rows
    have a fixed height, and scrolling asks for the pages coming into sight at once."""
    header = view.horizontalHeader()
    header.setSectionsClickable(True)
    header.setSortIndicatorShown(True)
    header.setSortIndicatorClearable(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def show_current(*_: object) -> None:
        column, order = model.sort_column()
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)

    def clicked(section: int, order: Qt.SortOrder) -> None:
        if section >= 0 and Column(section) not in COLUMN_SORT:
            show_current()
            return
        model.sort(section, order)

    def scrolled(_value: int) -> None:
        first = view.rowAt(0)
        last = view.rowAt(view.viewport().height() - 1)
        if first >= 0:
            model.want_rows(first, last if last >= 0 else model.rowCount() - 1)

    show_current()
    header.sortIndicatorChanged.connect(clicked)
    model.filter_applied.connect(show_current)
    view.verticalScrollBar().valueChanged.connect(scrolled)


#: The former name of :func:`attach_to_view`.
enable_header_sorting = attach_to_view
