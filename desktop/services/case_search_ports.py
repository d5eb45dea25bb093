"""What :mod:`desktop.services.case_search` needs from storage (implemented by
:class:`desktop.persistence.case_search_repository.SqlCaseSearchRepository`)."""

from __future__ import annotations

from typing import Protocol

from desktop.domain.case_filter import CaseQuery, KeysetCursor
from desktop.domain.case_rows import CaseRow


class CaseSearchRepository(Protocol):
    def page(self, query: CaseQuery, after: KeysetCursor | None, limit: int,
             ) -> list[CaseRow]: ...
    def page_at(self, query: CaseQuery, skip: int, after: KeysetCursor | None, limit: int,
                ) -> tuple[KeysetCursor | None, list[CaseRow]]: ...
    def page_before_end(self, query: CaseQuery, end_skip: int, limit: int, *, first: bool,
                        ) -> tuple[KeysetCursor | None, list[CaseRow]]: ...
    def boundaries(self, query: CaseQuery, after: KeysetCursor | None, every: int,
                   count: int) -> list[KeysetCursor]: ...
    def count(self, query: CaseQuery) -> int: ...
    def cursor_at(self, query: CaseQuery, skip: int, after: KeysetCursor | None,
                  ) -> KeysetCursor | None: ...
    def last_cursor(self, query: CaseQuery, back: int) -> KeysetCursor | None: ...
