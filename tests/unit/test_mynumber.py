"""Tests for desktop.domain.mynumber: check digit, validation, masking."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.errors import InvalidInput
from desktop.domain.mynumber import check_digit, is_valid, mask, normalise

VALID = "123456789018"


def test_check_digit_example_from_design() -> None:
    assert check_digit("12345678901") == 8


@pytest.mark.parametrize(
    ("first11", "expected"),
    [
        ("00000000000", 0),  # r = 0
        ("00000000005", 1),  # 5 * 2 = 10, r = 10 -> 11 - 10 = 1
        ("00000000001", 9),  # r = 2 -> 9
        ("10000000000", 5),  # r = 6 -> 5
        ("00000100000", 4),  # weight 7: r = 7 -> 4
        ("00000000006", 0),  # 12 mod 11 = 1 -> 0
    ],
)
def test_check_digit_table(first11: str, expected: int) -> None:
    assert check_digit(first11) == expected


@pytest.mark.parametrize(
    "bad", ["", "1234567890", "123456789012", "1234567890a", "１２３４５６７８９０１"]
)
def test_check_digit_rejects_non_11_ascii_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        check_digit(bad)


@pytest.mark.parametrize(
    "number",
    [
        VALID,
        "1234 5678 9018",
        "1234-5678-9018",
        "１２３４５６７８９０１８",
        "１２３４　５６７８　９０１８",
        "１２３４－５６７８－９０１８",
        " 123456789018 ",
    ],
)
def test_is_valid_accepts(number: str) -> None:
    assert is_valid(number)
    assert normalise(number) == VALID


@pytest.mark.parametrize(
    "number",
    ["123456789019", "123456789010", "12345678901", "1234567890188", "", "12345678901a", "abc"],
)
def test_is_valid_rejects(number: str) -> None:
    assert not is_valid(number)


def test_normalise_bad_check_digit_hides_number() -> None:
    with pytest.raises(InvalidInput) as info:
        normalise("123456789019")
    err = info.value
    assert err.params["reason"] == "check_digit"
    for text in (err.message_ja, err.message_en, str(err), repr(err.params)):
        assert "123456789019" not in text
        assert "1234" not in text


@pytest.mark.parametrize("number", ["12345", "1234567890123", "", "12345678901x"])
def test_normalise_wrong_length_reports_only_length(number: str) -> None:
    with pytest.raises(InvalidInput) as info:
        normalise(number)
    err = info.value
    assert err.params["reason"] == "length"
    assert err.params["length"] == len(number)
    assert set(err.params) == {"reason", "length"}
    if len(number) >= 4:
        assert number not in err.message_ja
        assert number not in err.message_en


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (VALID, "********9018"),
        ("123456789019", "********9019"),  # masking does not depend on validity
        ("１２３４－５６７８－９０１８", "********9018"),
        ("1234 5678 9018", "********9018"),
        ("12345", "************"),
        ("", "************"),
        ("1234567890123", "************"),
        ("abcdefghijkl", "************"),
    ],
)
def test_mask(number: str, expected: str) -> None:
    assert mask(number) == expected


def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


@given(st.text())
def test_mask_never_reveals_more_than_4_digits_for_any_text(text: str) -> None:
    masked = mask(text)
    assert len(masked) == 12
    assert len(_digits(masked)) <= 4
    assert masked.startswith("*" * 8)


@given(st.from_regex(r"[0-9]{12}", fullmatch=True))
def test_mask_reveals_exactly_last_4_of_12_digits(number: str) -> None:
    masked = mask(number)
    assert masked == "*" * 8 + number[-4:]
    assert number not in masked


@given(st.from_regex(r"[0-9]{11}", fullmatch=True))
def test_appending_check_digit_makes_a_valid_number(first11: str) -> None:
    number = first11 + str(check_digit(first11))
    assert is_valid(number)
    assert normalise(number) == number
    wrong = first11 + str((check_digit(first11) + 1) % 10)
    assert not is_valid(wrong)
