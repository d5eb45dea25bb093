"""Where the case table gets its rows: the search service (keyset pages, counts, jumps;
:class:`~desktop.services.case_search_paging.ServiceCaseSource`) or, for callers not
yet moved over, a plain ``load_page`` (OFFSET pages, no count, filters other than the
queue ignored: :class:`OffsetPageSource`).

Every method runs on the task runner's worker, never on the GUI thread. Page tokens
are opaque to the model: keyset cursors for the service, row offsets for ``load_page``.
The source protocol and the service's source live in
:mod:`desktop.services.case_search_paging` (no Qt); they are named here too.
"""

from __future__ import annotations

from desktop.domain.case_filter import CaseFilter
from desktop.domain.case_rows import CaseRow
from desktop.qt.ports import LoadPage
from desktop.services.case_search_paging import CaseSource, ServiceCaseSource, SourcePage

__all__ = ["CaseSource", "OffsetPageSource", "ServiceCaseSource", "SourcePage"]


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
