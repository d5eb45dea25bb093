"""The case table's filter as SQL: a :class:`CaseQuery`'s queue, statuses, dates,
search text and flags as WHERE terms, on SQLite and PostgreSQL alike.

Terms are grouped by the index that can find them (statuses, due date, receipt time,
search), so that :class:`~desktop.persistence.case_search_repository.SqlCaseSearchRepository`
can count each group's matches and hide the dense ones from the planner
(:func:`unindexed`).

Prefix search: SQLite compares ``col >= prefix AND col < successor(prefix)`` (its
BINARY collation is code-point order, so that range is exactly the prefix); PostgreSQL
uses ``col LIKE 'prefix%'`` on ``text_pattern_ops`` indexes (a range would follow the
database's collation, which need not be code-point order).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    and_,
    false,
    func,
    literal_column,
    or_,
    text,
)

from desktop.domain.case_filter import CaseFlag, CaseQuery, SearchTerms
from desktop.domain.workflow import Status
from desktop.persistence.mapping import utc
from desktop.persistence.models import DUPLICATE_FLAG_WHERE, Case

_C = Case.__table__.c
_LAST_CHAR = 0x10FFFF


def prefix_successor(prefix: str) -> str | None:
    """The smallest string greater than every string starting with *prefix* (code-point
    order), or None when there is none (a prefix of only U+10FFFF characters)."""
    chars = list(prefix)
    while chars:
        last = ord(chars.pop())
        if last < _LAST_CHAR:
            nxt = last + 1
            if 0xD800 <= nxt <= 0xDFFF:  # surrogates cannot be stored; skip them
                nxt = 0xE000
            return "".join(chars) + chr(nxt)
    return None


def like_pattern(prefix: str) -> str:
    """``prefix%`` with LIKE's wildcards escaped (escape character ``/``)."""
    escaped = prefix.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return escaped + "%"


def unindexed(column: Any, dialect: str) -> Any:
    """*column* with the same value but no index to serve a term on it: ``+col`` on
    SQLite, ``coalesce(col, col)`` on PostgreSQL (a derived term has none anyway)."""
    if getattr(column, "table", None) is not Case.__table__:
        return column
    if dialect == "postgresql":
        return func.coalesce(column, column)
    return literal_column(f"+cases.{column.name}", column.type)


class CaseFilterSql:
    """WHERE terms for the cases a :class:`CaseQuery` selects, in one SQL dialect."""

    def __init__(self, dialect: str) -> None:
        self._dialect = dialect

    def conditions(self, q: CaseQuery, walk: frozenset[str] = frozenset(),
                   ) -> list[ColumnElement[bool]]:
        """The WHERE terms of *q*. Columns of the groups in *walk* are hidden from
        SQLite's planner (``+column``), so that it walks the sort index instead."""
        out = self.scope(q)
        for group, terms in self.groups(q, walk).items():
            out.append(or_(*terms) if group == "search" else and_(*terms))
        for flag in sorted(q.flags):
            out.append(self.flag_present(flag))
        return out

    def scope(self, q: CaseQuery) -> list[ColumnElement[bool]]:
        """The queue's terms (procedure and review stage), when the query names them."""
        out: list[ColumnElement[bool]] = []
        if q.procedure_code is not None:
            out.append(_C.procedure_code == q.procedure_code)
        if q.stage is not None:
            out.append(_C.stage == q.stage.value)
        return out

    def groups(self, q: CaseQuery, walk: frozenset[str],
               ) -> dict[str, list[ColumnElement[bool]]]:
        """The filter's terms by the index that can find them ("search": alternatives)."""
        def col(name: str, group: str) -> Any:
            return unindexed(_C[name], self._dialect) if group in walk else _C[name]

        groups: dict[str, list[ColumnElement[bool]]] = {}
        if q.statuses:
            groups["status"] = [col("status", "status").in_(sorted(s.value for s in q.statuses))]
        due = []
        if q.due_from is not None:
            due.append(col("due_date", "due") >= q.due_from)
        if q.due_to is not None:
            due.append(col("due_date", "due") <= q.due_to)
        if due:
            groups["due"] = due
        received = []
        if q.received_since is not None:
            received.append(col("received_at", "received") >= utc(q.received_since))
        if q.received_before is not None:
            received.append(col("received_at", "received") < utc(q.received_before))
        if received:
            groups["received"] = received
        if q.search is not None:
            groups["search"] = self._search_terms(q.search, lambda name: col(name, "search"))
        return groups

    def flag_present(self, flag: CaseFlag, *, column: bool = False) -> ColumnElement[bool]:
        """The case has *flag* (see :class:`CaseFlag`): a WHERE term, or with *column*
        a column to select."""
        sql = self._json_flag(flag)
        if flag == CaseFlag.RESUBMITTED:
            # Resubmitted at least once, whatever the status now: the resubmission sets
            # the flag; status "resubmitted" also counts (cases resubmitted before it did).
            return or_(_C.status == Status.RESUBMITTED.value, text(sql))
        assert flag == CaseFlag.POSSIBLE_DUPLICATE
        if column:
            return literal_column(f"({sql})", Boolean())
        # The partial index's own term comes first, as written in the index, so that
        # the planner may use it.
        return and_(text(DUPLICATE_FLAG_WHERE[self._dialect]), text(sql))

    def _json_flag(self, flag: CaseFlag) -> str:
        """SQL: the key *flag* of ``cases.flags`` is set and not false or empty."""
        # Flag names are our own enum values, never user text: safe to inline (a
        # Boolean column would be compared with "= 1" on SQLite).
        if self._dialect == "postgresql":
            return (f"coalesce(cases.flags ->> '{flag.value}', 'false') "
                    "NOT IN ('false', 'null', '[]', '{}')")
        return (f"coalesce(json_extract(cases.flags, '$.{flag.value}'), 0) "
                "NOT IN (0, '[]', '{}')")

    def _search_terms(self, terms: SearchTerms, col: Callable[[str], Any],
                      ) -> list[ColumnElement[bool]]:
        """Every reading of the search text as a term; a case matches any of them."""
        matches: list[ColumnElement[bool]] = []
        if terms.number:
            matches.append(col("number") == terms.number)
        if terms.receipt_numbers:
            matches.append(col("receipt_number").in_(terms.receipt_numbers))
        for name, prefix in (("kana_key", terms.kana_prefix), ("name_key", terms.name_prefix),
                             ("phone_key", terms.phone_prefix)):
            if prefix:
                matches.append(self._prefix(col(name), prefix))
        if terms.birth_date is not None:
            matches.append(col("birth_date") == terms.birth_date)
        return matches or [false()]

    def _prefix(self, column: Any, prefix: str) -> ColumnElement[bool]:
        if self._dialect == "postgresql":
            return column.like(like_pattern(prefix), escape="/")  # type: ignore[no-any-return]
        upper = prefix_successor(prefix)
        if upper is None:
            return column >= prefix  # type: ignore[no-any-return]
        return and_(column >= prefix, column < upper)


__all__ = ["CaseFilterSql", "like_pattern", "prefix_successor", "unindexed"]
