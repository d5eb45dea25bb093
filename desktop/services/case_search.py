"""The case table's use cases: filtered, searched, sorted pages (keyset paging), counts,
and the saved views of each user.

Pages are found by keyset (:class:`KeysetCursor`): the next page starts after the last
row of the previous one, so a page deep in a million-case queue costs what the first
one costs. To jump far down a list without walking it, :meth:`cursor_at` finds the
cursor at a row number with one OFFSET over the sort index, starting from the nearest
cursor the caller knows (or :meth:`cursor_from_end`, counting from the other end).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.domain.audit import user_stream
from desktop.domain.business_days import DEFAULT_CALENDAR, BusinessCalendar
from desktop.domain.case_filter import CaseFilter, CaseQuery, KeysetCursor, resolve
from desktop.domain.case_rows import CaseRow
from desktop.domain.errors import InvalidInput, NotFound
from desktop.domain.permissions import Actor, Permission
from desktop.domain.storable_text import unstorable_character
from desktop.services.context import ServiceContext

#: The largest page a caller may ask for.
MAX_PAGE = 1000
#: The most cursors one call of :meth:`CaseSearchService.boundaries` returns.
MAX_BOUNDARIES = 100
#: Saved views per user, and the longest name of one.
MAX_VIEWS = 50
MAX_VIEW_NAME = 40


@dataclass(frozen=True)
class CasePage:
    """One page of cases: ``next`` is the cursor for the following page (None: this is
    the last), ``start`` the cursor this page follows (None: it starts the list)."""

    rows: tuple[CaseRow, ...]
    next: KeysetCursor | None
    start: KeysetCursor | None = None


@dataclass(frozen=True)
class SavedView:
    """A filter a user saved under a name (shown in the filter bar's view list)."""

    name: str
    filter: CaseFilter


@dataclass
class CaseSearchService:
    """Search, filter and page through cases (permission ``queue.view``)."""

    ctx: ServiceContext
    calendar: BusinessCalendar = DEFAULT_CALENDAR

    # ---------------------------------------------------------------- pages

    def query(self, case_filter: CaseFilter) -> CaseQuery:
        """*case_filter* with today's concrete bounds (today in Japan, service clock)."""
        if case_filter.procedure_code is not None:
            self.ctx.procedure(case_filter.procedure_code)
        return resolve(case_filter, self.ctx.today(), self.calendar)

    def page(self, actor: Actor, case_filter: CaseFilter, after: KeysetCursor | None = None,
             limit: int = 200) -> CasePage:
        """Up to *limit* cases in the filter's order, after *after* (None: from the top)."""
        self.ctx.require(actor, Permission.QUEUE_VIEW)
        if not 1 <= limit <= MAX_PAGE:
            raise ValueError(f"limit must be within 1..{MAX_PAGE}, not {limit}")
        query = self.query(case_filter)
        _check_cursor(after, query)
        with self.ctx.uow() as uow:
            rows = uow.case_search.page(query, after, limit + 1)
        return _page(rows, limit, query, after)

    def page_at(self, actor: Actor, case_filter: CaseFilter, offset: int, limit: int = 200, *,
                anchor: KeysetCursor | None = None, anchor_offset: int = 0,
                total: int | None = None) -> CasePage:
        """The page starting at row *offset* (0-based) — a jump far down the list.

        The rows before it are skipped by one OFFSET over the sort index, from *anchor*
        (a cursor the caller knows, just before row *anchor_offset*) or, when *total*
        is given and the end is nearer, backwards from the end. If cases came or went
        since *total* was counted, a page read from the end starts that many rows off;
        it is still a correct, gap-free slice of the list.
        """
        self.ctx.require(actor, Permission.QUEUE_VIEW)
        if not 1 <= limit <= MAX_PAGE:
            raise ValueError(f"limit must be within 1..{MAX_PAGE}, not {limit}")
        if offset < anchor_offset or anchor_offset < 0:
            raise ValueError(f"offset {offset} lies before the anchor at {anchor_offset}")
        query = self.query(case_filter)
        _check_cursor(anchor, query)
        with self.ctx.uow() as uow:
            if total is not None and offset < total and total - offset < offset - anchor_offset:
                last = min(offset + limit, total) - 1
                start, rows = uow.case_search.page_before_end(
                    query, total - 1 - last, last - offset + 1, first=offset == 0)
                following = (KeysetCursor.after(rows[-1], query.sort, query.descending)
                             if rows and last < total - 1 else None)
                return CasePage(tuple(rows), following, start)
            start, rows = uow.case_search.page_at(query, offset - anchor_offset, anchor,
                                                  limit + 1)
        return _page(rows, limit, query, start)

    def count(self, actor: Actor, case_filter: CaseFilter) -> int:
        """How many cases the filter finds (its sort order does not matter)."""
        self.ctx.require(actor, Permission.QUEUE_VIEW)
        query = self.query(case_filter)
        with self.ctx.uow() as uow:
            return uow.case_search.count(query)

    def boundaries(self, actor: Actor, case_filter: CaseFilter, after: KeysetCursor | None,
                   every: int, count: int) -> list[KeysetCursor]:
        """Known positions in the next *count* rows after *after*: the cursors after every
        *every*-th row, one OFFSET of *every* index entries each (a table reads a few of
        these in the background, so that no later jump has to skip more than *every*)."""
        self.ctx.require(actor, Permission.QUEUE_VIEW)
        if every < 1 or count // every > MAX_BOUNDARIES:
            raise ValueError(f"at most {MAX_BOUNDARIES} boundaries a call "
                             f"(every {every} of {count} rows)")
        query = self.query(case_filter)
        _check_cursor(after, query)
        with self.ctx.uow() as uow:
            return uow.case_search.boundaries(query, after, every, count)

    def cursor_at(self, actor: Actor, case_filter: CaseFilter, offset: int, *,
                  anchor: KeysetCursor | None = None, anchor_offset: int = 0,
                  ) -> KeysetCursor | None:
        """The cursor just before row *offset* (0-based), so that the page after it
        starts at that row. *anchor* is a known cursor before row *anchor_offset*
        (None and 0: the top); the rows between are skipped by one OFFSET over the sort
        index. None when the list has no row *offset* - 1."""
        self.ctx.require(actor, Permission.QUEUE_VIEW)
        if offset < anchor_offset or anchor_offset < 0:
            raise ValueError(f"offset {offset} lies before the anchor at {anchor_offset}")
        query = self.query(case_filter)
        _check_cursor(anchor, query)
        if offset == anchor_offset:
            return anchor
        with self.ctx.uow() as uow:
            return uow.case_search.cursor_at(query, offset - anchor_offset - 1, anchor)

    def cursor_from_end(self, actor: Actor, case_filter: CaseFilter, offset: int,
                        total: int) -> KeysetCursor | None:
        """Like :meth:`cursor_at`, reading backwards from the end of a list of *total*
        rows (cheaper for rows in its second half). If cases came or went since
        *total* was counted, the cursor lands that many rows off; the page read after
        it is still a correct, gap-free slice of the list."""
        self.ctx.require(actor, Permission.QUEUE_VIEW)
        if not 0 < offset <= total:
            raise ValueError(f"offset {offset} is outside 1..{total}")
        query = self.query(case_filter)
        with self.ctx.uow() as uow:
            return uow.case_search.last_cursor(query, total - offset)

    # ---------------------------------------------------------- saved views

    def views(self, actor: Actor) -> list[SavedView]:
        """The views *actor* saved, by name."""
        self.ctx.require(actor, Permission.QUEUE_VIEW)
        with self.ctx.uow() as uow:
            stored = uow.settings.get(_views_key(actor)) or {}
        return _read_views(stored)

    def save_view(self, actor: Actor, name: str, case_filter: CaseFilter) -> SavedView:
        """Save *case_filter* as *actor*'s view *name* (replacing one of that name)."""
        self.ctx.require(actor, Permission.QUEUE_VIEW)
        name = _view_name(name)
        with self.ctx.uow(write=True) as uow:
            stored = uow.settings.get(_views_key(actor)) or {}
            views = dict(stored.get("views") or {})
            if name not in views and len(views) >= MAX_VIEWS:
                raise InvalidInput(
                    f"保存できるビューは{MAX_VIEWS}件までです。不要なビューを削除してください",
                    f"at most {MAX_VIEWS} views can be saved; delete one first",
                    limit=MAX_VIEWS,
                )
            views[name] = case_filter.to_json()
            uow.settings.put(_views_key(actor), {"views": views})
            uow.audit.append(user_stream(actor.name), actor.name, "save_view", None,
                             {"name": name, "filter": views[name]}, self.ctx.now())
            uow.commit()
        return SavedView(name, case_filter)

    def delete_view(self, actor: Actor, name: str) -> None:
        """Delete *actor*'s view *name* (:class:`NotFound` if there is none)."""
        self.ctx.require(actor, Permission.QUEUE_VIEW)
        with self.ctx.uow(write=True) as uow:
            stored = uow.settings.get(_views_key(actor)) or {}
            views = dict(stored.get("views") or {})
            if name not in views:
                raise NotFound(f"ビュー「{name}」はありません", f"no view named '{name}'",
                               name=name)
            del views[name]
            uow.settings.put(_views_key(actor), {"views": views})
            uow.audit.append(user_stream(actor.name), actor.name, "delete_view", None,
                             {"name": name}, self.ctx.now())
            uow.commit()


def _page(rows: list[CaseRow], limit: int, query: CaseQuery,
          start: KeysetCursor | None) -> CasePage:
    """*rows* (read with one extra to know whether more follow) as a page."""
    following = (KeysetCursor.after(rows[limit - 1], query.sort, query.descending)
                 if len(rows) > limit else None)
    return CasePage(tuple(rows[:limit]), following, start)


def _check_cursor(cursor: KeysetCursor | None, query: CaseQuery) -> None:
    if cursor is not None and not cursor.fits(query):
        raise ValueError("the cursor was made for another sort order")


def _views_key(actor: Actor) -> str:
    return f"case_views:{actor.id if actor.id is not None else actor.name}"


def _read_views(stored: dict[str, Any]) -> list[SavedView]:
    views = stored.get("views") or {}
    out = []
    for name in sorted(views):
        data = views[name]
        try:
            out.append(SavedView(name, CaseFilter.from_json(data if isinstance(data, dict)
                                                            else {})))
        except InvalidInput:
            continue  # a view this version cannot read is not offered
    return out


def _view_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_VIEW_NAME or unstorable_character(cleaned):
        raise InvalidInput(
            f"ビュー名は1〜{MAX_VIEW_NAME}文字で入力してください",
            f"a view name has 1 to {MAX_VIEW_NAME} characters",
            name=name[:MAX_VIEW_NAME * 2],
        )
    return cleaned
