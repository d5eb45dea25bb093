"""What an operator wants to see of the cases: scope, filters, a search and a sort order.

:class:`CaseFilter` is what the filter bar produces and what saved views store (as
JSON). :func:`resolve` turns it, with today's date and the business calendar, into a
:class:`CaseQuery` of concrete bounds that the persistence layer can run without
knowing clocks or calendars. :class:`KeysetCursor` marks where a page ends, so the
next page starts there (keyset paging: no OFFSET over rows already seen).

The search box takes one text and tries every reading of it at once (DESIGN §5): a
case number or receipt number, a kana name (``ﾔﾏﾀﾞ``, ``やまだ`` and ``ヤマダ`` all
become the key ``ヤマダ``), a kanji name, a phone number (digits only) and a birth date
in any accepted form (``1980-01-02``, ``1980/1/2``, ``S55.1.2``, ``昭和55年1月2日``).
Names and phones match by prefix (family name first, so ``山田`` finds ``山田 太郎``);
case and receipt numbers and birth dates match exactly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from desktop.domain.business_days import DEFAULT_CALENDAR, BusinessCalendar
from desktop.domain.era import parse_date
from desktop.domain.errors import InvalidInput
from desktop.domain.japanese_text import digits_key, is_kana, kana_key, name_key
from desktop.domain.workflow import Stage, Status

__all__ = [
    "MAX_SEARCH_LENGTH",
    "SORT_COLUMNS",
    "CaseFilter",
    "CaseFlag",
    "CaseQuery",
    "DueWindow",
    "KeysetCursor",
    "SearchTerms",
    "SortKey",
    "SortValue",
    "SortableRow",
    "due_bounds",
    "parse_search",
    "resolve",
]

JST = ZoneInfo("Asia/Tokyo")
#: Longer search texts are cut here (nobody types more; keeps queries small).
MAX_SEARCH_LENGTH = 100
#: Phone prefixes shorter than this would match half the city.
MIN_PHONE_DIGITS = 3


class DueWindow(StrEnum):
    """Which due dates to show, counted from today in Japan."""

    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"


class CaseFlag(StrEnum):
    """Markers on a case that a filter can ask for."""

    #: Intake found another case of the same applicant (``flags.possible_duplicate``).
    POSSIBLE_DUPLICATE = "possible_duplicate"
    #: Came back after a correction request at least once (補正再提出), whatever its
    #: status now: the resubmission sets ``flags.resubmitted`` (beside its audit entry,
    #: in one transaction); status ``resubmitted`` counts too.
    RESUBMITTED = "resubmitted"


class SortKey(StrEnum):
    """The orders the case table offers; each ends with the case id as tie-breaker."""

    QUEUE = "queue"  # claim order: priority (high first), due date, receipt time
    NUMBER = "number"
    APPLICANT = "applicant"  # by kana reading (五十音順), namesakes in claim order
    STATUS = "status"
    RECEIVED = "received"
    DUE = "due"
    HOLDER = "holder"  # held cases first, grouped by holder; cases nobody holds last


#: Per sort key: the case attributes compared, each with whether it runs high-to-low in
#: the key's ascending order. The id follows last, ascending (flipped when descending).
#: ``holder_order`` is the holder's user id, or :data:`NOBODY` when nobody holds the
#: case: never NULL, so unheld cases sort last on every database (their NULLs sort at
#: opposite ends) and keyset comparisons stay exact; an index serves it (migration
#: 0014). Sorting by the holder's *name* could not use an index: seconds on a million.
SORT_COLUMNS: dict[SortKey, tuple[tuple[str, bool], ...]] = {
    SortKey.QUEUE: (("priority", True), ("due_date", False), ("received_at", False)),
    SortKey.NUMBER: (("number", False),),
    # Same kana (namesakes): claim order, as in the queue.
    SortKey.APPLICANT: (("kana_key", False), ("priority", True), ("due_date", False),
                        ("received_at", False)),
    SortKey.STATUS: (("status", False),),
    SortKey.RECEIVED: (("received_at", False),),
    SortKey.DUE: (("due_date", False),),
    SortKey.HOLDER: (("holder_order", False),),
}
#: ``holder_order`` of a case nobody holds: after every user id.
NOBODY = 2**63 - 1

SortValue = int | str | date | datetime

_UNSAFE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
_PHONE_TEXT = re.compile(r"[0-9()+\-‐‑‒–—―−ー~〜\s]+")
_CODE_TEXT = re.compile(r"[0-9A-Za-z_\-./#]+")


@dataclass(frozen=True)
class SearchTerms:
    """Every reading of one search text; a case matches if any reading matches."""

    text: str
    number: str | None = None
    receipt_numbers: tuple[str, ...] = ()
    kana_prefix: str | None = None
    name_prefix: str | None = None
    phone_prefix: str | None = None
    birth_date: date | None = None


def parse_search(text: str) -> SearchTerms | None:
    """Read a search text the ways an operator means it; None when nothing is left.

    Control characters, NUL and lone surrogates are dropped (no database can be asked
    for them), and the text is cut to :data:`MAX_SEARCH_LENGTH` characters.
    """
    cleaned = _UNSAFE.sub("", text)[:MAX_SEARCH_LENGTH]
    folded = unicodedata.normalize("NFKC", cleaned).strip()
    if not folded:
        return None
    compact = "".join(folded.split())
    number = kana = name = phone = None
    birth: date | None = None
    raw = cleaned.strip()
    receipts = (compact,) if raw == compact else (compact, raw)
    if _CODE_TEXT.fullmatch(compact):
        number = compact.upper()
    if _PHONE_TEXT.fullmatch(folded):
        digits = digits_key(folded)
        if len(digits) >= MIN_PHONE_DIGITS:
            phone = digits
    if is_kana(folded):
        kana = kana_key(folded) or None
    if not compact.isascii():
        name = name_key(folded) or None
    try:
        birth = parse_date(folded)
    except InvalidInput:
        birth = None
    return SearchTerms(folded, number, receipts, kana, name, phone, birth)


@dataclass(frozen=True)
class CaseFilter:
    """Scope (procedure × stage), filters, search text and sort order of a case list.

    ``procedure_code``/``stage`` None mean every procedure/every stage (a stage of None
    with no status filter also shows finished cases). ``statuses`` empty means any.
    ``received_from``/``received_to`` are calendar days in Japan, both inclusive.
    """

    procedure_code: str | None = None
    stage: Stage | None = None
    statuses: frozenset[Status] = field(default_factory=frozenset)
    due: DueWindow | None = None
    received_from: date | None = None
    received_to: date | None = None
    flags: frozenset[CaseFlag] = field(default_factory=frozenset)
    search: str = ""
    sort: SortKey = SortKey.QUEUE
    descending: bool = False

    def __post_init__(self) -> None:
        if (self.received_from and self.received_to
                and self.received_from > self.received_to):
            raise InvalidInput(
                f"受付日の範囲が逆です（{self.received_from}〜{self.received_to}）",
                f"the receipt date range is reversed ({self.received_from} to "
                f"{self.received_to})",
                received_from=self.received_from.isoformat(),
                received_to=self.received_to.isoformat(),
            )

    def within(self, procedure_code: str | None, stage: Stage | None) -> CaseFilter:
        """The same criteria in another queue (statuses of another stage are dropped)."""
        statuses = self.statuses
        if stage is not None and stage != self.stage:
            statuses = frozenset()
        return replace(self, procedure_code=procedure_code, stage=stage, statuses=statuses)

    def sorted_by(self, sort: SortKey, descending: bool = False) -> CaseFilter:
        return replace(self, sort=sort, descending=descending)

    def criteria_equal(self, other: CaseFilter) -> bool:
        """Same rows (in any order)?"""
        return replace(self, sort=other.sort, descending=other.descending) == other

    def to_json(self) -> dict[str, Any]:
        """A JSON object for saved views (only what differs from the defaults)."""
        out: dict[str, Any] = {}
        if self.procedure_code is not None:
            out["procedure"] = self.procedure_code
        if self.stage is not None:
            out["stage"] = self.stage.value
        if self.statuses:
            out["statuses"] = sorted(s.value for s in self.statuses)
        if self.due is not None:
            out["due"] = self.due.value
        if self.received_from is not None:
            out["received_from"] = self.received_from.isoformat()
        if self.received_to is not None:
            out["received_to"] = self.received_to.isoformat()
        if self.flags:
            out["flags"] = sorted(f.value for f in self.flags)
        if self.search:
            out["search"] = self.search
        if self.sort != SortKey.QUEUE:
            out["sort"] = self.sort.value
        if self.descending:
            out["descending"] = True
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CaseFilter:
        """Read a saved view; values this version does not know are left out."""
        def enum_set(key: str, kind: type[StrEnum]) -> frozenset[Any]:
            values = data.get(key) or []
            return frozenset(kind(v) for v in values if v in kind.__members__.values())

        def day(key: str) -> date | None:
            value = data.get(key)
            try:
                return date.fromisoformat(value) if isinstance(value, str) else None
            except ValueError:
                return None

        stage, due, sort = (str(data.get(k)) for k in ("stage", "due", "sort"))
        start, end = day("received_from"), day("received_to")
        if start and end and start > end:
            start, end = end, start
        procedure = data.get("procedure")
        return cls(
            procedure_code=procedure if isinstance(procedure, str) else None,
            stage=Stage(stage) if stage in Stage.__members__.values() else None,
            statuses=enum_set("statuses", Status),
            due=DueWindow(due) if due in DueWindow.__members__.values() else None,
            received_from=start,
            received_to=end,
            flags=enum_set("flags", CaseFlag),
            search=str(data.get("search") or "")[:MAX_SEARCH_LENGTH],
            sort=SortKey(sort) if sort in SortKey.__members__.values() else SortKey.QUEUE,
            descending=bool(data.get("descending", False)),
        )


class SortableRow(Protocol):
    """A case as listed (``CaseRow``): the id and the attributes named in
    :data:`SORT_COLUMNS`."""

    @property
    def id(self) -> int: ...


@dataclass(frozen=True)
class KeysetCursor:
    """The sort position of one row; a page "after" it starts with the next row."""

    sort: SortKey
    descending: bool
    values: tuple[SortValue, ...]
    id: int

    @classmethod
    def after(cls, case: SortableRow, sort: SortKey, descending: bool) -> KeysetCursor:
        """The cursor just past *case* in the given order."""
        values: list[SortValue] = []
        for name, _ in SORT_COLUMNS[sort]:
            value = getattr(case, name)
            values.append(value.value if isinstance(value, StrEnum) else value)
        return cls(sort, descending, tuple(values), case.id)

    def fits(self, query: CaseQuery) -> bool:
        return self.sort == query.sort and self.descending == query.descending


@dataclass(frozen=True)
class CaseQuery:
    """A :class:`CaseFilter` with concrete bounds (what persistence runs).

    Due dates are inclusive; receipt times are UTC, ``received_since`` inclusive and
    ``received_before`` exclusive.
    """

    procedure_code: str | None
    stage: Stage | None
    statuses: frozenset[Status]
    due_from: date | None
    due_to: date | None
    received_since: datetime | None
    received_before: datetime | None
    flags: frozenset[CaseFlag]
    search: SearchTerms | None
    sort: SortKey
    descending: bool

    @property
    def matches_nothing(self) -> bool:
        """Bounds that no case can meet (e.g. a due window that is empty)."""
        return bool(self.due_from and self.due_to and self.due_from > self.due_to)


def due_bounds(window: DueWindow, today: date,
               calendar: BusinessCalendar = DEFAULT_CALENDAR) -> tuple[date | None, date]:
    """Inclusive due-date bounds of *window* seen from *today* (a day in Japan).

    Overdue: due before today. Today: due today — on a day the centre is closed, due
    up to its next business day (the work that is "today's" for whoever works the
    weekend). This week: from today to the last business day of the business week
    (Monday–Sunday) of today, or of the next business day when the centre is closed.
    """
    if window == DueWindow.OVERDUE:
        return None, today - timedelta(days=1)
    working_day = today if calendar.is_business_day(today) else calendar.next_business_day(today)
    if window == DueWindow.TODAY:
        return today, working_day
    sunday = working_day + timedelta(days=6 - working_day.weekday())
    end = sunday
    while end > working_day and not calendar.is_business_day(end):
        end -= timedelta(days=1)
    return today, end


def _start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0), JST).astimezone(UTC)


def resolve(case_filter: CaseFilter, today: date,
            calendar: BusinessCalendar = DEFAULT_CALENDAR) -> CaseQuery:
    """Concrete bounds of *case_filter* on *today* (a calendar day in Japan)."""
    due_from = due_to = None
    if case_filter.due is not None:
        due_from, due_to = due_bounds(case_filter.due, today, calendar)
    since = _start_of_day(case_filter.received_from) if case_filter.received_from else None
    before = (_start_of_day(case_filter.received_to + timedelta(days=1))
              if case_filter.received_to else None)
    return CaseQuery(
        procedure_code=case_filter.procedure_code,
        stage=case_filter.stage,
        statuses=case_filter.statuses,
        due_from=due_from,
        due_to=due_to,
        received_since=since,
        received_before=before,
        flags=case_filter.flags,
        search=parse_search(case_filter.search),
        sort=case_filter.sort,
        descending=case_filter.descending,
    )
