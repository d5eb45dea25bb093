"""The case filter on its own: how a search text is read, due windows over real 2026
holidays, receipt days in Japan time, saved-view JSON, keyset cursors."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from desktop.domain.case_filter import (
    MAX_SEARCH_LENGTH,
    CaseFilter,
    CaseFlag,
    DueWindow,
    KeysetCursor,
    SortKey,
    due_bounds,
    parse_search,
    resolve,
)
from desktop.domain.case_rows import CaseRow
from desktop.domain.errors import InvalidInput
from desktop.domain.workflow import Stage, Status


@pytest.mark.parametrize("text", ["ﾔﾏﾀﾞ", "やまだ", "ヤマダ", " ヤマダ ", "ﾔ ﾏ ﾀﾞ"])
def test_every_kana_spelling_gives_the_same_key(text: str) -> None:
    terms = parse_search(text)
    assert terms is not None and terms.kana_prefix == "ヤマダ"


def test_kanji_name_with_any_space_is_one_key() -> None:
    for text in ("山田 太郎", "山田　太郎", " 山田太郎 "):
        terms = parse_search(text)
        assert terms is not None
        assert terms.name_prefix == "山田太郎" and terms.kana_prefix is None
        assert terms.phone_prefix is None and terms.birth_date is None


@pytest.mark.parametrize("text", ["1980-01-02", "1980/1/2", "S55.1.2", "昭和55年1月2日",
                                  "s55/1/2", "１９８０年１月２日", "19800102"])
def test_every_date_form_is_a_birth_date(text: str) -> None:
    terms = parse_search(text)
    assert terms is not None and terms.birth_date == date(1980, 1, 2)


@pytest.mark.parametrize(("text", "digits"), [("078-331-8181", "0783318181"),
                                              ("０７８－３３１", "078331"),
                                              ("(078) 331 8181", "0783318181")])
def test_phone_numbers_are_digits_only(text: str, digits: str) -> None:
    terms = parse_search(text)
    assert terms is not None and terms.phone_prefix == digits
    assert terms.name_prefix is None


def test_case_and_receipt_numbers() -> None:
    terms = parse_search("ffc-00000042")
    assert terms is not None
    assert terms.number == "FFC-00000042" and "ffc-00000042" in terms.receipt_numbers
    full_width = parse_search("Ｗ－１２３")
    assert full_width is not None and full_width.receipt_numbers == ("W-123", "Ｗ－１２３")


def test_unsafe_characters_are_dropped_and_length_is_capped() -> None:
    assert parse_search("\x00\x01  \u3000") is None
    terms = parse_search("山田\x00太郎\ud800")
    assert terms is not None and terms.name_prefix == "山田太郎"
    long = parse_search("あ" * 1000)
    assert long is not None and len(long.text) == MAX_SEARCH_LENGTH


# 2026-11-23 (Mon) is a holiday; 11-28/29 are a weekend.
@pytest.mark.parametrize(("today", "window", "expected"), [
    (date(2026, 11, 25), DueWindow.OVERDUE, (None, date(2026, 11, 24))),
    (date(2026, 11, 25), DueWindow.TODAY, (date(2026, 11, 25), date(2026, 11, 25))),
    (date(2026, 11, 25), DueWindow.THIS_WEEK, (date(2026, 11, 25), date(2026, 11, 27))),
    # On a Saturday "today" reaches the next business day, and "this week" is next week.
    (date(2026, 11, 28), DueWindow.TODAY, (date(2026, 11, 28), date(2026, 11, 30))),
    (date(2026, 11, 28), DueWindow.THIS_WEEK, (date(2026, 11, 28), date(2026, 12, 4))),
    # The week of New Year: the closure from 12-29 ends it on Monday 12-28.
    (date(2026, 12, 28), DueWindow.THIS_WEEK, (date(2026, 12, 28), date(2026, 12, 28))),
])
def test_due_windows(today: date, window: DueWindow,
                     expected: tuple[date | None, date]) -> None:
    assert due_bounds(window, today) == expected


def test_receipt_days_are_japanese_days() -> None:
    query = resolve(CaseFilter(received_from=date(2026, 11, 10),
                               received_to=date(2026, 11, 10)), date(2026, 11, 25))
    assert query.received_since == datetime(2026, 11, 9, 15, 0, tzinfo=UTC)
    assert query.received_before == datetime(2026, 11, 10, 15, 0, tzinfo=UTC)


def test_a_reversed_date_range_is_refused() -> None:
    with pytest.raises(InvalidInput, match="逆"):
        CaseFilter(received_from=date(2026, 11, 2), received_to=date(2026, 11, 1))


def test_saved_view_json_round_trip_and_tolerance() -> None:
    full = CaseFilter("flu-free-certificate", Stage.FIRST_REVIEW,
                      frozenset({Status.RECEIVED}), DueWindow.TODAY, date(2026, 1, 1),
                      date(2026, 2, 1), frozenset({CaseFlag.POSSIBLE_DUPLICATE}), "山田",
                      SortKey.DUE, True)
    assert CaseFilter.from_json(full.to_json()) == full
    assert CaseFilter().to_json() == {}
    odd = CaseFilter.from_json({"statuses": ["received", "nonsense"], "due": "someday",
                                "sort": 3, "received_from": "2026-02-30",
                                "received_to": "2026-01-01", "search": None})
    assert odd == CaseFilter(statuses=frozenset({Status.RECEIVED}),
                             received_to=date(2026, 1, 1))


def test_within_and_sorted_by_keep_the_criteria() -> None:
    base = CaseFilter(search="山田", flags=frozenset({CaseFlag.RESUBMITTED}))
    moved = base.within("move-in-reservation", Stage.FIRST_REVIEW).sorted_by(SortKey.DUE)
    assert moved.search == "山田" and moved.flags == base.flags
    assert moved.criteria_equal(base.within("move-in-reservation", Stage.FIRST_REVIEW))
    assert not moved.criteria_equal(base)


def test_cursor_after_a_row() -> None:
    row = CaseRow(7, "FFC-00000007", "flu-free-certificate", "R-7", Status.RECEIVED, 2,
                  datetime(2026, 11, 1, tzinfo=UTC), date(2026, 11, 9), "山田 太郎",
                  "ヤマダタロウ")
    queue = KeysetCursor.after(row, SortKey.QUEUE, False)
    assert queue.values == (2, date(2026, 11, 9), datetime(2026, 11, 1, tzinfo=UTC))
    assert queue.id == 7
    assert KeysetCursor.after(row, SortKey.STATUS, True).values == ("received",)
