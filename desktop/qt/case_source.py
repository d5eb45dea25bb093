"""Where the case table gets its rows: the search service (keyset pages, counts, jumps)
or, for callers not yet moved over, a plain ``load_page`` (OFFSET pages, no count,
filters other than the queue ignored).

Every method runs on the task runner's worker, never on the GUI thread. Page tokens
are opaque to the model: keyset cursors for the service, row offsets for ``load_page``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from desktop.domain.case_filter import CaseFilter, KeysetCursor
from desktop.domain.case_rows import CaseRow
from desktop.domain.permissions import Actor
from desktop.qt.ports import LoadPage
from desktop.services.case_search import CaseSearchService


@dataclass(frozen=True)
class SourcePage:
    """Rows of one page, the token of the page after it (None: this is the last) and
    the token this page follows (None: it starts the list)."""

    rows: tuple[CaseRow, ...]
    next: object | None
    start: object | None = None


@runtime_checkable
class CaseSource(Protocol):
    """What :class:`desktop.qt.case_table_model.CaseTableModel` reads from."""

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
    """Rows from :class:`CaseSearchService` on behalf of *actor*."""

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


class OffsetPageSource:
    """A ``load_page(procedure, stage, limit, offset)`` as a source (the queue only)."""

    filters = False

    def __init__(self, load_page: LoadPage) -> None:
        self._load = load_page

    def page(self, case_filter: CaseFilter, after: object | None, limit: int) -> SourcePage:
        if case_filter.procedure_code is None or case_filter.stage is None:
            return SourcePage((), None)
        offset = after if isinstance(after, int) else 0
        records = self._load(case_filter.procedure_code, case_filter.stage, limit, offset)
        rows = tuple(CaseRow.of(r) for r in records)
        return SourcePage(rows, offset + len(rows) if len(rows) >= limit else None)

    def count(self, case_filter: CaseFilter) -> None:
        return None

    def page_at(self, case_filter: CaseFilter, offset: int, limit: int, anchor: object | None,
                anchor_offset: int, total: int | None) -> SourcePage:
        page = self.page(case_filter, offset, limit)
        return SourcePage(page.rows, page.next, offset)

    def boundaries(self, case_filter: CaseFilter, after: object | None, every: int,
                   count: int) -> list[object]:
        return []  # offsets are their own boundaries


def _cursor(token: object | None) -> KeysetCursor | None:
    if token is None or isinstance(token, KeysetCursor):
        return token
    raise TypeError(f"not a keyset cursor: {token!r}")
