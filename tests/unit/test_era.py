"""Tests for desktop.domain.era: era formatting, parsing and lookup."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.era import ERAS, era_of, format_era_date, parse_date
from desktop.domain.errors import InvalidInput

ALL_SUPPORTED_DATES = st.dates(min_value=date(1873, 1, 1), max_value=date(2100, 12, 31))


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 11, 28), "令和8年11月28日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1970, 1, 1), "昭和45年1月1日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1912, 7, 29), "明治45年7月29日"),
        (date(1873, 1, 1), "明治6年1月1日"),
    ],
)
def test_format_era_date(d: date, expected: str) -> None:
    assert format_era_date(d) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 11, 28), "令和8年（2026年）11月28日"),
        (date(2019, 5, 1), "令和元年（2019年）5月1日"),
    ],
)
def test_format_era_date_with_western(d: date, expected: str) -> None:
    assert format_era_date(d, with_western=True) == expected


@pytest.mark.parametrize("d", [date(1872, 12, 31), date(1868, 1, 25), date(1000, 1, 1)])
def test_format_before_meiji_6_raises_value_error(d: date) -> None:
    with pytest.raises(ValueError):
        format_era_date(d)
    with pytest.raises(ValueError):
        era_of(d)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 11, 28), ("令和", 8)),
        (date(2019, 5, 1), ("令和", 1)),
        (date(2019, 4, 30), ("平成", 31)),
        (date(1989, 1, 7), ("昭和", 64)),
        (date(1912, 7, 30), ("大正", 1)),
        (date(1873, 1, 1), ("明治", 6)),
    ],
)
def test_era_of(d: date, expected: tuple[str, int]) -> None:
    assert era_of(d) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和5年4月1日", date(2023, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("R5.4.1", date(2023, 4, 1)),
        ("r5.4.1", date(2023, 4, 1)),
        ("S45/1/1", date(1970, 1, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("H1.1.8", date(1989, 1, 8)),
        ("R05.04.01", date(2023, 4, 1)),
        ("R元.5.1", date(2019, 5, 1)),
        ("R5-4-1", date(2023, 4, 1)),
        ("R5年4月1日", date(2023, 4, 1)),
        ("T1.7.30", date(1912, 7, 30)),
        ("M45.7.29", date(1912, 7, 29)),
        ("明治6年1月1日", date(1873, 1, 1)),
        ("大正15年12月24日", date(1926, 12, 24)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("2023-04-01", date(2023, 4, 1)),
        ("2023/4/1", date(2023, 4, 1)),
        ("2023.4.1", date(2023, 4, 1)),
        ("2023年4月1日", date(2023, 4, 1)),
        ("20230401", date(2023, 4, 1)),
        # full-width digits and punctuation
        ("令和５年４月１日", date(2023, 4, 1)),
        ("Ｒ５．４．１", date(2023, 4, 1)),
        ("ｒ５．４．１", date(2023, 4, 1)),
        ("Ｓ４５／１／１", date(1970, 1, 1)),
        ("２０２３－０４－０１", date(2023, 4, 1)),
        ("２０２３年４月１日", date(2023, 4, 1)),
        ("２０２３０４０１", date(2023, 4, 1)),
        ("2023−04−01", date(2023, 4, 1)),  # U+2212 minus sign
        # spaces around parts, ASCII and ideographic
        ("  令和5年4月1日  ", date(2023, 4, 1)),
        ("令和 5 年 4 月 1 日", date(2023, 4, 1)),
        ("令和　５年　４月　１日", date(2023, 4, 1)),
        ("R 5 . 4 . 1", date(2023, 4, 1)),
        ("2023 / 4 / 1", date(2023, 4, 1)),
        # with the Western year, as format_era_date(with_western=True) writes it
        ("令和8年（2026年）11月28日", date(2026, 11, 28)),
        ("令和元年(2019年)5月1日", date(2019, 5, 1)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "令和5年2月30日",
        "R5.2.29",
        "2023-02-29",
        "2023-13-01",
        "20230431",
        "令和5年4月0日",
        "R0.4.1",
    ],
)
def test_parse_impossible_date_raises(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_date(text)
    assert text in info.value.message_ja
    assert text in info.value.message_en
    assert info.value.code == "invalid_input"


@pytest.mark.parametrize(
    "text",
    [
        "平成32年1月1日",
        "H32.1.1",
        "令和1年4月30日",
        "令和元年4月30日",
        "R1.4.30",
        "昭和64年1月8日",
        "S64.1.8",
        "平成元年1月7日",
        "大正元年7月29日",
        "明治45年7月30日",
        "明治5年12月31日",
        "大正16年1月1日",
    ],
)
def test_parse_outside_era_raises(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_date(text)
    assert text in info.value.message_ja
    assert text in info.value.message_en
    assert info.value.params["reason"] == "outside_era"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "昨日", "X5.4.1", "令和5年4月", "R5.4", "2023-4", "2023041", "令和5年4月1", "abc"],
)
def test_parse_unrecognised_raises(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_date(text)
    assert text.strip() in info.value.message_ja
    assert text.strip() in info.value.message_en


def test_parse_western_year_must_match_era_year() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_date("令和8年（2025年）11月28日")
    assert "令和8年（2025年）11月28日" in info.value.message_ja


def test_eras_are_in_order() -> None:
    starts = [era.start for era in ERAS]
    assert starts == sorted(starts)


@given(ALL_SUPPORTED_DATES)
def test_format_parse_round_trip(d: date) -> None:
    assert parse_date(format_era_date(d)) == d


@given(ALL_SUPPORTED_DATES)
def test_format_parse_round_trip_with_western(d: date) -> None:
    assert parse_date(format_era_date(d, with_western=True)) == d


@given(ALL_SUPPORTED_DATES)
def test_era_letter_form_round_trip(d: date) -> None:
    name, year = era_of(d)
    letter = next(era.letter for era in ERAS if era.name == name)
    assert parse_date(f"{letter}{year}.{d.month}.{d.day}") == d
    assert parse_date(d.isoformat()) == d
    assert parse_date(d.strftime("%Y%m%d")) == d


@given(ALL_SUPPORTED_DATES)
def test_era_year_matches_format(d: date) -> None:
    name, year = era_of(d)
    text = format_era_date(d)
    assert text.startswith(name + ("元" if year == 1 else str(year)) + "年")
