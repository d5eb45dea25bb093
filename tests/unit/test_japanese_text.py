"""Tests for desktop.domain.japanese_text: match keys and postal codes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.errors import InvalidInput
from desktop.domain.japanese_text import (
    digits_key,
    format_postal_code,
    is_kana,
    kana_key,
    match_key,
    name_key,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  東京都千代田区  ", "東京都千代田区"),
        ("東京都　千代田区", "東京都 千代田区"),
        ("東京都 \u3000 \t千代田区", "東京都 千代田区"),
        ("千代田区１－２－３", "千代田区1-2-3"),
        ("千代田区1‐2‐3", "千代田区1-2-3"),  # U+2010
        ("千代田区1‒2", "千代田区1-2"),  # U+2012
        ("千代田区1–2", "千代田区1-2"),  # U+2013
        ("千代田区1—2", "千代田区1-2"),  # U+2014
        ("千代田区1―2", "千代田区1-2"),  # U+2015
        ("千代田区1−2", "千代田区1-2"),  # U+2212
        ("千代田区１ー２ー３", "千代田区1-2-3"),  # katakana prolonged mark between digits
        ("千代田区1ｰ2", "千代田区1-2"),  # half-width prolonged mark
        ("9〜17時", "9-17時"),
        ("9～17時", "9-17時"),
        ("ヤマダ", "ヤマダ"),  # ー inside a word is kept
        ("ヤマダ ビル", "ヤマダ ビル"),
        ("コーポ2ー101", "コーポ2-101"),
        ("A-ー1", "A-ー1"),  # not between digits: untouched
        ("①丁目", "1丁目"),
        ("㈱山田", "(株)山田"),
        ("ＡＢＣ", "ABC"),
        ("", ""),
    ],
)
def test_match_key(text: str, expected: str) -> None:
    assert match_key(text) == expected


@pytest.mark.parametrize(
    "text",
    ["やまだ たろう", "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ", "ヤマダタロウ", " やまだ　タロウ ", "ﾔﾏﾀﾞﾀﾛｳ"],
)
def test_kana_key_unifies_spellings(text: str) -> None:
    assert kana_key(text) == "ヤマダタロウ"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ｻﾄｳ ｹﾝｲﾁ", "サトウケンイチ"),
        ("ぱーく", "パーク"),
        ("ﾊﾟｰｸ", "パーク"),
    ],
)
def test_kana_key_examples(text: str, expected: str) -> None:
    assert kana_key(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("山田 太郎", "山田太郎"),
        ("山田　太郎", "山田太郎"),
        (" 髙橋　一郎 ", "髙橋一郎"),  # 髙 is kept (NFKC does not fold it to 高)
        ("ＹＡＭＡＤＡ Ｔａｒｏ", "YAMADATaro"),
    ],
)
def test_name_key(text: str, expected: str) -> None:
    assert name_key(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03-1234-5678", "0312345678"),
        ("０３－１２３４－５６７８", "0312345678"),
        ("(03) 1234 5678", "0312345678"),
        ("〒123-4567", "1234567"),
        ("電話なし", ""),
    ],
)
def test_digits_key(text: str, expected: str) -> None:
    assert digits_key(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1234567",
        "123-4567",
        "１２３－４５６７",
        "１２３４５６７",
        "〒123-4567",
        "〒 123-4567",
        " 123 - 4567 ",
        "123ー4567",
        "123−4567",
    ],
)
def test_format_postal_code(text: str) -> None:
    assert format_postal_code(text) == "123-4567"


@pytest.mark.parametrize(
    "text",
    ["", "123456", "12345678", "12-34567", "abc1234567", "123-456", "1234-567", "〒", "郵便"],
)
def test_format_postal_code_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        format_postal_code(text)
    assert text.strip() in info.value.message_ja
    assert text.strip() in info.value.message_en


@pytest.mark.parametrize(
    "text",
    ["やまだ", "ヤマダ", "ﾔﾏﾀﾞ", "ヤマダ　タロウ", "スミス・ジョン", "コーポ", "さゝき"],
)
def test_is_kana_true(text: str) -> None:
    assert is_kana(text)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "山田", "やまだ太郎", "Yamada", "ヤマダ1", "ヤマダ-タロウ"],
)
def test_is_kana_false(text: str) -> None:
    assert not is_kana(text)


@given(st.text())
def test_keys_are_idempotent(text: str) -> None:
    for key in (match_key, kana_key, name_key, digits_key):
        once = key(text)
        assert key(once) == once


@given(st.text())
def test_keys_do_not_contain_runs_of_whitespace(text: str) -> None:
    assert "  " not in match_key(text)
    assert match_key(text) == match_key(text).strip()
    for key in (kana_key, name_key):
        assert not any(ch.isspace() for ch in key(text))
    assert digits_key(text).isascii()
    assert all(ch in "0123456789" for ch in digits_key(text))


@given(st.from_regex(r"[0-9]{3}-?[0-9]{4}", fullmatch=True))
def test_format_postal_code_is_idempotent(code: str) -> None:
    formatted = format_postal_code(code)
    assert format_postal_code(formatted) == formatted
    assert formatted.replace("-", "") == code.replace("-", "")
