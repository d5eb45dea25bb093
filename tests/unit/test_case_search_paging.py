"""The case table's page bookkeeping without Qt: the LRU page cache, known boundaries,
coalesced requests, how a page is read (by token or by a jump from the nearest known
boundary) and the background mapping of a long list's boundaries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from desktop.domain.case_filter import CaseFilter
from desktop.domain.case_rows import CaseRow
from desktop.domain.workflow import Stage, Status
from desktop.services.case_search_paging import (
    MAP_PER_CALL,
    MAX_REQUESTS,
    BoundaryRead,
    LoadedPage,
    PageBook,
    PageRead,
    SourcePage,
)

SCOPE = CaseFilter("flu", Stage.FIRST_REVIEW)


def row(i: int) -> CaseRow:
    return CaseRow(i, f"N-{i}", "flu", f"R-{i}", Status.RECEIVED, 0,
                   datetime(2026, 11, 1, tzinfo=UTC) + timedelta(minutes=i),
                   date(2026, 12, 1), f"申請者{i}", "カナ")


class ListSource:
    """Offsets as tokens over *n* rows; records every call."""

    filters = True

    def __init__(self, n: int) -> None:
        self.rows = [row(i) for i in range(n)]
        self.calls: list[tuple[object, ...]] = []

    def page(self, case_filter: CaseFilter, after: object | None, limit: int) -> SourcePage:
        start = after if isinstance(after, int) else 0
        self.calls.append(("page", start))
        end = start + limit
        return SourcePage(tuple(self.rows[start:end]), end if end < len(self.rows) else None)

    def count(self, case_filter: CaseFilter) -> int:
        return len(self.rows)

    def page_at(self, case_filter: CaseFilter, offset: int, limit: int, anchor: object | None,
                anchor_offset: int, total: int | None) -> SourcePage:
        page = self.page(case_filter, offset, limit)
        self.calls[-1] = ("page_at", offset, anchor, anchor_offset, total)
        return SourcePage(page.rows, page.next, offset)

    def boundaries(self, case_filter: CaseFilter, after: object | None, every: int,
                   count: int) -> list[object]:
        start = after if isinstance(after, int) else 0
        self.calls.append(("boundaries", start, every, count))
        return list(range(start + every, min(start + count, len(self.rows)) + 1, every))


def read(book: PageBook, source: ListSource, total: int | None = None) -> int | None:
    """Read the next wanted page as the model would; its number."""
    plan = book.start_read(SCOPE, total)
    if plan is None:
        return None
    assert book.loading_page == plan.number and book.busy
    book.arrived(plan.number, plan.run(source))
    assert book.loading_page is None
    return plan.number


def test_the_first_page_tells_the_next_boundary_and_the_next_page_follows_it() -> None:
    source = ListSource(25)
    book = PageBook(page_size=10)
    book.store(0, None, source.page(SCOPE, None, 10))
    assert book.tokens == {0: None, 1: 10}
    assert book.row(3) == source.rows[3] and book.row(10) is None
    assert book.want(1) and not book.want(0)  # page 0 is cached
    plan = book.start_read(SCOPE, None)
    assert plan == PageRead(1, SCOPE, 10, True, 1, 10, None)
    book.arrived(1, plan.run(source))
    assert source.calls[-1] == ("page", 10)
    assert book.row(19) == source.rows[19] and book.tokens[2] == 20


def test_a_far_page_is_read_by_a_jump_from_the_nearest_known_boundary() -> None:
    source = ListSource(1000)
    book = PageBook(page_size=10)
    book.store(0, None, source.page(SCOPE, None, 10))
    book.want(42)
    assert read(book, source, total=1000) == 42
    assert source.calls[-1] == ("page_at", 420, 10, 10, 1000)  # from page 1's token
    assert book.tokens[42] == 420 and book.tokens[43] == 430
    # The page after it continues by its token; one before it jumps from page 1 again.
    book.want(43)
    read(book, source)
    assert source.calls[-1] == ("page", 430)
    book.want(41)
    read(book, source)
    assert source.calls[-1][:4] == ("page_at", 410, 10, 10)


def test_only_the_most_recent_requests_are_kept_newest_read_first() -> None:
    source = ListSource(1000)
    book = PageBook(page_size=10)
    for page in range(2, 12):
        book.want(page)
    order = []
    while (number := read(book, source)) is not None:
        order.append(number)
    assert order == list(range(11, 11 - MAX_REQUESTS, -1))
    assert book.want(5) and not book.want(11)  # 11 is cached now


def test_the_cache_keeps_the_most_recently_stored_pages_and_every_boundary() -> None:
    source = ListSource(100)
    book = PageBook(page_size=10, cache_pages=2)
    for page in (0, 1, 2):
        book.store(page, page * 10 or None, source.page(SCOPE, page * 10, 10))
    assert sorted(book.pages) == [1, 2] and book.row(5) is None
    assert sorted(book.tokens) == [0, 1, 2, 3]
    book.drop_after(1)
    assert sorted(book.pages) == [1]


def test_a_failed_page_is_not_asked_for_again_until_cleared() -> None:
    book = PageBook(page_size=10)
    book.want(3)
    plan = book.start_read(SCOPE, None)
    assert plan is not None
    book.failed(3)
    assert not book.busy and not book.want(3) and book.start_read(SCOPE, None) is None
    book.clear()
    assert book.want(3) and book.tokens == {0: None}


def test_cancel_drops_requests_and_the_read_under_way_but_keeps_pages() -> None:
    source = ListSource(30)
    book = PageBook(page_size=10)
    book.store(0, None, source.page(SCOPE, None, 10))
    book.want(1)
    book.want(2)
    assert book.start_read(SCOPE, None) is not None and book.busy
    book.cancel()
    assert not book.busy and book.start_read(SCOPE, None) is None
    assert book.row(0) is not None


def test_an_empty_page_past_the_first_leaves_no_boundary() -> None:
    book = PageBook(page_size=10)
    book.arrived(4, LoadedPage(None, SourcePage((), None)))
    assert 4 not in book.tokens and 4 not in book.pages


def test_a_long_counted_list_is_mapped_a_few_boundaries_a_call() -> None:
    source = ListSource(12_345)
    book = PageBook(page_size=50, map_after_pages=10, map_every_pages=10)
    assert book.start_mapping(None) is None  # not counted yet
    assert PageBook(page_size=50, map_after_pages=10).start_mapping(500) is None  # short
    starts = []
    while (plan := book.start_mapping(12_345)) is not None:
        assert plan == BoundaryRead(plan.start, book.tokens[plan.start], 500,
                                    500 * MAP_PER_CALL)
        assert book.busy
        starts.append(plan.start)
        book.mapped(plan.start, plan.run(source, SCOPE))
    assert starts == [0, 50, 100, 150, 200]
    assert all(book.tokens[p] == p * 50 for p in range(10, 250, 10))
    # A jump now starts from the nearest mapped boundary.
    book.want(246)
    read(book, source, total=12_345)
    assert source.calls[-1] == ("page_at", 12_300, 12_000, 12_000, 12_345)


def test_mapping_that_fails_stops() -> None:
    book = PageBook(page_size=10, map_after_pages=1, map_every_pages=2)
    assert book.start_mapping(1000) is not None
    book.mapping_failed()
    assert not book.busy and book.start_mapping(1000) is None
