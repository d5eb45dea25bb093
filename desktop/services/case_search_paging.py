"""Where the case table's rows come from and which of them it keeps: page sources, the
page cache and the plan of what to read next — plain Python, no Qt, no database.

:class:`PageBook` is the bookkeeping behind :class:`desktop.qt.case_table_model.
CaseTableModel`; the model only adds Qt (signals, the task runner, display):

* Pages of ``page_size`` rows are found by keyset: the page after page *p* starts at
  the token (cursor) that page *p* returned, so reading page 4,000 costs what page 1
  costs. Tokens are kept per page boundary and never evicted (a few bytes each);
  pages sit in an LRU cache of ``cache_pages`` pages, so memory stays flat however
  far one scrolls.
* A page far from any known boundary is read by a jump (:meth:`CaseSource.page_at`:
  one OFFSET over the sort index from the nearest known boundary, or backwards from
  the end); from then on its boundaries are known.
* A long counted list gets a known boundary every ``map_every_pages`` pages, a few
  per call, while nobody waits for a page (:meth:`PageBook.start_mapping`), so that
  no later jump skips more than that.
* Pages asked for while scrolling fast are coalesced: only the :data:`MAX_REQUESTS`
  most recent wait, and the newest is read first.

Page tokens are opaque here: keyset cursors for :class:`ServiceCaseSource`, row
offsets for a plain ``load_page``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from desktop.domain.case_filter import CaseFilter, KeysetCursor
from desktop.domain.case_rows import CaseRow
from desktop.domain.permissions import Actor
from desktop.services.case_search import CaseSearchService

#: Rows a page holds.
PAGE_SIZE = 200
#: Pages kept in memory (64 × 200 rows: a few MB).
CACHE_PAGES = 64
#: Pages asked for and not yet loading; older asks are dropped (scrolled past).
MAX_REQUESTS = 4
#: Lists longer than this many pages get a boundary every MAP_EVERY_PAGES pages in the
#: background once counted, MAP_PER_CALL of them per call (PageBook.start_mapping).
MAP_AFTER_PAGES = 50
MAP_EVERY_PAGES = 50
MAP_PER_CALL = 5


# ------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class SourcePage:
    """Rows of one page, the token of the page after it (None: this is the last) and
    the token this page follows (None: it starts the list)."""

    rows: tuple[CaseRow, ...]
    next: object | None
    start: object | None = None


@runtime_checkable
class CaseSource(Protocol):
    """What the case table reads from; every method runs on a worker thread."""

    #: Whether the source applies filters, search and sort orders (else only the queue).
    filters: bool

    def page(self, case_filter: CaseFilter, after: object | None, limit: int,
             ) -> SourcePage: ...
    def count(self, case_filter: CaseFilter) -> int | None: ...
    def page_at(self, case_filter: CaseFilter, offset: int, limit: int, anchor: object | None,
                anchor_offset: int, total: int | None) -> SourcePage: ...
    def boundaries(self, case_filter: CaseFilter, after: object | None, every: int,
                   count: int) -> list[object]: ...


class ServiceCaseSource:
    """Rows from :class:`CaseSearchService` on behalf of *actor* (keyset cursors as
    page tokens)."""

    filters = True

    def __init__(self, search: CaseSearchService, actor: Actor) -> None:
        self._search = search
        self._actor = actor

    def page(self, case_filter: CaseFilter, after: object | None, limit: int) -> SourcePage:
        page = self._search.page(self._actor, case_filter, _cursor(after), limit)
        return SourcePage(page.rows, page.next)

    def count(self, case_filter: CaseFilter) -> int:
        return self._search.count(self._actor, case_filter)

    def page_at(self, case_filter: CaseFilter, offset: int, limit: int, anchor: object | None,
                anchor_offset: int, total: int | None) -> SourcePage:
        """The page at row *offset*: an OFFSET from *anchor*, or backwards from the end
        when that skips fewer rows (one unit of work)."""
        page = self._search.page_at(self._actor, case_filter, offset, limit,
                                    anchor=_cursor(anchor), anchor_offset=anchor_offset,
                                    total=total)
        return SourcePage(page.rows, page.next, page.start)

    def boundaries(self, case_filter: CaseFilter, after: object | None, every: int,
                   count: int) -> list[object]:
        return list(self._search.boundaries(self._actor, case_filter, _cursor(after), every,
                                            count))


def _cursor(token: object | None) -> KeysetCursor | None:
    if token is None or isinstance(token, KeysetCursor):
        return token
    raise TypeError(f"not a keyset cursor: {token!r}")


# --------------------------------------------------------------------------- reads


@dataclass(frozen=True)
class LoadedPage:
    """A page as read, with the token it follows (None: it starts the list, or — past
    page 0 — the list ended before it)."""

    token: object | None
    page: SourcePage


@dataclass(frozen=True)
class PageRead:
    """How to read page *number*: after its known token, or by a jump from the nearest
    known boundary before it (*anchor_page*). Made on the GUI thread, run on a worker."""

    number: int
    case_filter: CaseFilter
    size: int
    known: bool
    anchor_page: int
    anchor_token: object | None
    total: int | None

    def run(self, source: CaseSource) -> LoadedPage:
        if self.known:
            return LoadedPage(self.anchor_token,
                              source.page(self.case_filter, self.anchor_token, self.size))
        loaded = source.page_at(self.case_filter, self.number * self.size, self.size,
                                self.anchor_token, self.anchor_page * self.size, self.total)
        return LoadedPage(loaded.start, loaded)


@dataclass(frozen=True)
class BoundaryRead:
    """The next known boundaries of a long list: the tokens after every *every*-th row
    of the *count* rows following page *start*'s token."""

    start: int
    after: object | None
    every: int
    count: int

    def run(self, source: CaseSource, case_filter: CaseFilter) -> list[object]:
        return source.boundaries(case_filter, self.after, self.every, self.count)


# ------------------------------------------------------------------------ the book


class PageBook:
    """The pages of one list (one filter and order) that are known: cached rows, page
    boundaries, pages wanted, the page being read and the boundary mapping.

    Not thread-safe: used from one thread (the GUI's); only the :class:`PageRead` and
    :class:`BoundaryRead` it hands out run elsewhere.
    """

    def __init__(self, *, page_size: int = PAGE_SIZE, cache_pages: int = CACHE_PAGES,
                 map_after_pages: int = MAP_AFTER_PAGES,
                 map_every_pages: int = MAP_EVERY_PAGES,
                 max_requests: int = MAX_REQUESTS) -> None:
        self.page_size = page_size
        self.cache_pages = max(cache_pages, 2)
        self._map_after = map_after_pages
        self._map_every = max(map_every_pages, 1)
        self._max_requests = max_requests
        self._pages: OrderedDict[int, tuple[CaseRow, ...]] = OrderedDict()
        self._tokens: dict[int, object | None] = {0: None}
        self._requests: OrderedDict[int, None] = OrderedDict()
        self._failed: set[int] = set()
        self.loading_page: int | None = None
        self.mapping = False
        self._mapped_to = 0
        self._mapped_all = False

    # ---------------------------------------------------------------- state

    @property
    def pages(self) -> Mapping[int, tuple[CaseRow, ...]]:
        """The cached pages by number (read-only; the table reads it on every paint)."""
        return self._pages

    @property
    def tokens(self) -> Mapping[int, object | None]:
        """The known page boundaries: page number → the token it follows."""
        return self._tokens

    @property
    def busy(self) -> bool:
        """A page or boundaries are being read (one read at a time)."""
        return self.loading_page is not None or self.mapping

    def row(self, row: int) -> CaseRow | None:
        """The case in *row* if its page is cached."""
        page = self._pages.get(row // self.page_size)
        offset = row % self.page_size
        if page is None or offset >= len(page):
            return None
        return page[offset]

    def clear(self) -> None:
        """Forget everything (another list)."""
        self._pages.clear()
        self._tokens = {0: None}
        self._requests.clear()
        self._failed.clear()
        self.cancel()
        self._mapped_to = 0
        self._mapped_all = False

    def cancel(self) -> None:
        """Drop the reads asked for and under way (their answers will be ignored)."""
        self._requests.clear()
        self.loading_page = None
        self.mapping = False

    # ------------------------------------------------------------- requests

    def want(self, page: int) -> bool:
        """Ask for *page*; False when it is cached, failed or being read already.
        Only the most recent :data:`MAX_REQUESTS` asks are kept."""
        if page in self._pages or page in self._failed or page == self.loading_page:
            return False
        self._requests[page] = None
        self._requests.move_to_end(page)
        while len(self._requests) > self._max_requests:
            self._requests.popitem(last=False)
        return True

    def start_read(self, case_filter: CaseFilter, total: int | None) -> PageRead | None:
        """The read of the most recently wanted page still missing (marked as being
        read), or None when no page is wanted."""
        while self._requests:
            page, _ = self._requests.popitem(last=True)
            if page not in self._pages and page not in self._failed:
                anchor = max(p for p in self._tokens if p <= page)
                self.loading_page = page
                return PageRead(page, case_filter, self.page_size, page in self._tokens,
                                anchor, self._tokens[anchor], total)
        return None

    def arrived(self, page: int, loaded: LoadedPage) -> None:
        """*page* was read."""
        self.loading_page = None
        self.store(page, loaded.token, loaded.page)

    def failed(self, page: int) -> None:
        """*page* could not be read: not asked again until :meth:`clear`."""
        self.loading_page = None
        self._failed.add(page)

    def store(self, page: int, token: object | None, loaded: SourcePage) -> None:
        """Keep *loaded* as *page* (evicting the least recently stored page past the
        cache size) and the boundaries it tells."""
        if token is not None or page == 0:  # None past page 0: the list ended before it
            self._tokens[page] = token
        if loaded.next is not None:
            self._tokens[page + 1] = loaded.next
        if loaded.rows:
            self._pages[page] = loaded.rows
            self._pages.move_to_end(page)
            while len(self._pages) > self.cache_pages:
                self._pages.popitem(last=False)

    def drop_after(self, last_page: int) -> None:
        """Forget the cached pages after *last_page* (the list got shorter)."""
        for page in [p for p in self._pages if p > last_page]:
            del self._pages[page]

    # -------------------------------------------------------------- mapping

    def start_mapping(self, total: int | None) -> BoundaryRead | None:
        """The next boundaries to read of a long counted list of *total* rows (marked
        as being read), or None when there is nothing (more) to map."""
        size, step = self.page_size, self._map_every
        if self._mapped_all or total is None or total <= self._map_after * size:
            return None
        start = self._mapped_to
        if start + step > (total - 1) // size:
            self._mapped_all = True
            return None
        self.mapping = True
        return BoundaryRead(start, self._tokens[start], step * size,
                            step * size * MAP_PER_CALL)

    def mapped(self, start: int, tokens: list[object]) -> None:
        """The boundaries after page *start* arrived (one every ``map_every_pages``)."""
        self.mapping = False
        for i, token in enumerate(tokens, 1):
            self._tokens.setdefault(start + i * self._map_every, token)
        self._mapped_to = start + len(tokens) * self._map_every
        if len(tokens) < MAP_PER_CALL:
            self._mapped_all = True

    def mapping_failed(self) -> None:
        """No more mapping for this list: jumps fall back to an OFFSET each."""
        self.mapping = False
        self._mapped_all = True
