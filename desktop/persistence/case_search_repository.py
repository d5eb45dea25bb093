"""The case table's queries: filters, search, keyset pages and counts.

A page "after" a cursor is found with index seeks instead of an OFFSET over the rows
before it: for the order (c1, c2, id) the rows after (v1, v2, i) are
``c1 = v1 AND c2 = v2 AND id > i``, then ``c1 = v1 AND c2 > v2``, then ``c1 > v1``
(``<`` where a column runs high-to-low). Every row of one branch comes before every row
of the next, so the branches are read one after the other, each an ordered range of
the sort index, until the page is full (usually the first non-empty one fills it).
This works for the mixed directions of the claim order (priority high first, then due
date and receipt time low first), where a row-value comparison ``(c1, c2) > (v1, v2)``
cannot be used, and on SQLite and PostgreSQL alike. (A UNION of the branches, sorted
again, cost ten times more on SQLite for long stretches.)

Only the sort columns and ids are read this way (from the covering sort indexes); the
page's listed columns are then fetched by primary key. The holder order sorts by
``coalesce(holder_id, NOBODY)`` — never NULL, so that unheld cases come after every
holder on SQLite and PostgreSQL alike (their NULLs sort at opposite ends) and a keyset
comparison never meets a NULL — read from the expression index ``ix_cases_open_holder``
(the same expression, its constant written into the SQL so that SQLite matches it).

The filter's WHERE terms (queue, statuses, dates, search prefixes, flags) are built by
:mod:`desktop.persistence.case_filter_sql`; this module chooses the plan and pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    ColumnElement,
    FromClause,
    Select,
    and_,
    any_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
)

from desktop.domain.case_filter import (
    SORT_COLUMNS,
    CaseFlag,
    CaseQuery,
    KeysetCursor,
    SortValue,
)
from desktop.domain.case_rows import CaseRow
from desktop.domain.workflow import Status
from desktop.persistence.case_filter_sql import CaseFilterSql, unindexed
from desktop.persistence.mapping import aware, utc
from desktop.persistence.models import HOLDER_ORDER, Case, User
from desktop.persistence.transaction import Transaction, TransactionBound

_C = Case.__table__.c
_ROW_COLUMNS = [_C[name] for name in (
    "id", "number", "procedure_code", "receipt_number", "status", "priority", "received_at",
    "due_date", "applicant_name", "kana_key", "birth_date", "holder_id", "lease_expires_at")]
_HOLDER = User.__table__.alias("holder")
#: Sort terms of SORT_COLUMNS that are not columns of ``cases`` (module docstring).
_DERIVED: dict[str, Any] = {"holder_order": HOLDER_ORDER}
#: A filter group matching more cases than this in one queue is walked in sort order
#: (see SqlCaseSearchRepository._plan).
DENSE_MATCHES = 10_000


class SqlCaseSearchRepository(TransactionBound):
    """Read-only queries over ``cases`` for :class:`desktop.services.case_search`."""

    def __init__(self, tx: Transaction) -> None:
        super().__init__(tx)
        self._filter = CaseFilterSql(self._dialect)

    # ------------------------------------------------------------------ public

    def page(self, query: CaseQuery, after: KeysetCursor | None, limit: int,
             ) -> list[CaseRow]:
        """Up to *limit* cases following *after* (from the start when None)."""
        return self._fetch(self._keys(query, after, limit, 0))

    def page_at(self, query: CaseQuery, skip: int, after: KeysetCursor | None, limit: int,
                ) -> tuple[KeysetCursor | None, list[CaseRow]]:
        """Up to *limit* cases starting *skip* rows after *after*, and the cursor just
        before the first of them. The rows skipped cost an OFFSET over the sort index."""
        if skip <= 0:
            return after, self.page(query, after, limit)
        keys = self._keys(query, after, limit + 1, skip - 1)
        if not keys:
            return None, []
        return self._cursor(query, keys[0]), self._fetch(keys[1:])

    def page_before_end(self, query: CaseQuery, end_skip: int, limit: int, *, first: bool,
                        ) -> tuple[KeysetCursor | None, list[CaseRow]]:
        """Up to *limit* cases whose last one is *end_skip* rows before the end of the
        list (0: the last case), read backwards along the index, and the cursor before
        the first of them (None if *first*: the page starts the list)."""
        keys = list(reversed(self._keys(_reversed(query), None, limit + (not first),
                                        end_skip)))
        if not keys or first:
            return None, self._fetch(keys)
        return self._cursor(query, keys[0]), self._fetch(keys[1:])

    def count(self, query: CaseQuery) -> int:
        if query.matches_nothing:
            return 0
        stmt = select(func.count()).select_from(Case).where(*self._filter.conditions(query))
        return int(self._s.execute(stmt).scalar_one())

    def cursor_at(self, query: CaseQuery, skip: int, after: KeysetCursor | None,
                  ) -> KeysetCursor | None:
        """The cursor just past the row *skip* rows after *after* (0: the first row after
        it), or None when there are not that many rows. Costs an index scan over the
        rows skipped (OFFSET), so callers pass the nearest cursor they know."""
        if skip < 0:
            raise ValueError(f"skip must be >= 0, not {skip}")
        keys = self._keys(query, after, 1, skip)
        return self._cursor(query, keys[0]) if keys else None

    def last_cursor(self, query: CaseQuery, back: int) -> KeysetCursor | None:
        """The cursor just past the row *back* rows before the end (0: the last row),
        read backwards along the index; None when there are not that many rows."""
        keys = self._keys(_reversed(query), None, 1, back)
        return self._cursor(query, keys[0]) if keys else None

    def boundaries(self, query: CaseQuery, after: KeysetCursor | None, every: int,
                   count: int) -> list[KeysetCursor]:
        """The cursors after every *every*-th row of the next *count* rows after *after*:
        one OFFSET of *every* rows over the sort index from the previous one."""
        out: list[KeysetCursor] = []
        cursor = after
        while (len(out) + 1) * every <= count:
            cursor = self.cursor_at(query, every - 1, cursor)
            if cursor is None:
                break
            out.append(cursor)
        return out

    def _fetch(self, keys: Sequence[Any]) -> list[CaseRow]:
        """The listed columns of the cases whose keys are given, in their order."""
        ids = [int(k[-1]) for k in keys]
        if not ids:
            return []
        flags = [self._filter.flag_present(flag, column=True).label(f"flag_{flag.value}")
                 for flag in _FLAGS]
        # One array parameter on PostgreSQL instead of 200 (psycopg parses each query).
        wanted = (_C.id == any_(bindparam("ids", ids, type_=ARRAY(BigInteger())))
                  if self._dialect == "postgresql" else _C.id.in_(ids))
        rows = self._s.execute(
            select(*_ROW_COLUMNS, _HOLDER.c.name, *flags)
            .outerjoin(_HOLDER, _HOLDER.c.id == _C.holder_id)
            .where(wanted)
        ).all()
        by_id = {int(row[0]): _row(row) for row in rows}
        # A case deleted between two statements is simply left out.
        return [by_id[i] for i in ids if i in by_id]

    # --------------------------------------------------------------- building

    def _order(self, query: CaseQuery) -> list[tuple[Any, bool]]:
        """(column, runs high-to-low) for every sort column, id last."""
        columns = [(_DERIVED[name] if name in _DERIVED else _C[name], desc != query.descending)
                   for name, desc in SORT_COLUMNS[query.sort]]
        return [*columns, (_C.id, query.descending)]

    def _keys(self, query: CaseQuery, after: KeysetCursor | None, limit: int,
              offset: int) -> list[Any]:
        """(sort values…, id) of up to *limit* rows, *offset* rows after *after*."""
        if query.matches_nothing:
            return []
        if after is not None and not after.fits(query):
            raise ValueError("the cursor belongs to another sort order")
        order = self._order(query)
        columns = [column for column, _ in order]
        source = Case.__table__
        collect, walk = self._plan(query)
        conditions = self._filter.conditions(query, walk)
        if after is None or collect:
            if after is not None:
                conditions.append(_after(order, after, self._dialect))
            hide = self._dialect if collect else None
            return list(self._s.execute(
                select(*columns).select_from(source).where(*conditions)
                .order_by(*_ordering(order, hide=hide)).limit(limit).offset(offset)).all())
        # After a cursor: branch by branch, most specific first (module docstring).
        values = [_bind_value(v) for v in (*after.values, after.id)]
        rows: list[Any] = []
        skip = offset
        for k in range(len(order) - 1, -1, -1):
            column, desc = order[k]
            where = [*conditions, *(order[i][0] == values[i] for i in range(k)),
                     column < values[k] if desc else column > values[k]]
            got = self._s.execute(select(*columns).select_from(source).where(*where)
                                  .order_by(*_ordering(order))
                                  .limit(limit - len(rows)).offset(skip)).all()
            if got:
                rows.extend(got)
                skip = 0
            elif skip:
                skip -= self._count_upto(where, skip, source)  # the whole branch was skipped
            if len(rows) >= limit:
                break
        return rows

    def _cursor(self, query: CaseQuery, row: Sequence[Any]) -> KeysetCursor:
        values: list[SortValue] = []
        for value in row[:-1]:
            moment = aware(value) if isinstance(value, datetime) else None
            values.append(moment or value)
        return KeysetCursor(query.sort, query.descending, tuple(values), int(row[-1]))

    def _plan(self, q: CaseQuery) -> tuple[bool, frozenset[str]]:
        """How to find a page of a filtered queue — (collect, hidden groups).

        There are two plans: walk the sort index and test every row (fast when many
        cases match: a page after ~201/density rows), or collect every match through a
        search or range index and sort them (fast when few match). Either, chosen
        wrongly, costs seconds on a million cases. SQLite has no histograms (no STAT4
        in Python's build) and flips between them on its own; PostgreSQL walks the
        claim-order index for a search matching 0.6 % of a million cases (it expects the
        LIMIT to stop early: 450 ms instead of 20). So each filter group's matches in
        the queue are counted from its index, stopping at :data:`DENSE_MATCHES`: if some
        group is sparse, its matches are collected and sorted (the sort index hidden
        from ORDER BY, dense groups from WHERE); otherwise the sort index is walked
        (every group hidden).
        """
        if q.procedure_code is None or q.stage is None:
            return False, frozenset()
        scope = self._filter.scope(q)
        groups = self._filter.groups(q, frozenset())
        dense = set()
        for group, terms in groups.items():
            alternatives = terms if group == "search" else [and_(*terms)]
            # PostgreSQL cannot match LIKE 'prefix%' inside the queue's indexes (their
            # collation is not byte order): count the prefix over the whole table from
            # its pattern index instead (more than in the queue: at worst a walk).
            within = [] if group == "search" and self._dialect == "postgresql" else scope
            found = 0
            for term in alternatives:
                found += self._count_upto([*within, term], DENSE_MATCHES + 1 - found)
                if found > DENSE_MATCHES:
                    dense.add(group)
                    break
        return len(dense) < len(groups), frozenset(dense)

    def _count_upto(self, conditions: list[ColumnElement[bool]], cap: int,
                    source: FromClause = Case.__table__) -> int:
        capped: Select[Any] = (select(literal_column("1")).select_from(source)
                               .where(*conditions).limit(cap))
        return int(self._s.execute(select(func.count()).select_from(capped.subquery()))
                   .scalar_one())



_STATUS = {status.value: status for status in Status}
_FLAGS = tuple(CaseFlag)


def _row(r: Sequence[Any]) -> CaseRow:
    """A row of :data:`_ROW_COLUMNS`, the holder's name and the flag columns."""
    received = aware(r[6])
    assert received is not None
    return CaseRow(
        id=int(r[0]), number=r[1] or "", procedure_code=r[2], receipt_number=r[3],
        status=_STATUS[r[4]], priority=int(r[5]), received_at=received, due_date=r[7],
        applicant_name=r[8], kana_key=r[9], birth_date=r[10], holder_id=r[11],
        lease_expires_at=aware(r[12]), holder_name=r[13],
        flags=frozenset(flag for flag, on in zip(_FLAGS, r[14:], strict=True) if on),
    )


def _ordering(order: Sequence[tuple[Any, bool]], *, hide: str | None = None) -> list[Any]:
    """ORDER BY terms; *hide* (a dialect): so that no index can provide the order."""
    terms = []
    for column, desc in order:
        term = unindexed(column, hide) if hide else column
        terms.append(term.desc() if desc else term.asc())
    return terms


def _after(order: Sequence[tuple[Any, bool]], cursor: KeysetCursor,
           dialect: str) -> ColumnElement[bool]:
    """Rows after *cursor* as one predicate, tested on each collected match (for plans
    that collect and sort anyway; its columns hidden from the planner)."""
    values = [_bind_value(v) for v in (*cursor.values, cursor.id)]
    hidden = [unindexed(column, dialect) for column, _ in order]
    alternatives = []
    for k, (_, desc) in enumerate(order):
        beyond = hidden[k] < values[k] if desc else hidden[k] > values[k]
        alternatives.append(and_(*(hidden[i] == values[i] for i in range(k)), beyond))
    return or_(*alternatives)


def _reversed(query: CaseQuery) -> CaseQuery:
    from dataclasses import replace

    return replace(query, descending=not query.descending)


def _bind_value(value: SortValue) -> SortValue:
    return utc(value) if isinstance(value, datetime) else value
