"""Match keys for Japanese text, built beside the raw value (DESIGN §5).

What the resident wrote is kept as-is (``raw``); these functions only build keys for
matching and searching. NFKC turns ``①`` into ``1`` and ``㈱`` into ``(株)``: fine for a
key, wrong for display, so never store a key in place of the raw value.
"""

from __future__ import annotations

import re
import unicodedata

import jaconv

from desktop.domain.errors import InvalidInput

__all__ = [
    "digits_key",
    "format_postal_code",
    "is_kana",
    "kana_key",
    "match_key",
    "name_key",
]

# Dash-like characters as they look *after* NFKC (－ becomes -, ｰ becomes ー, ～ becomes ~).
_DASH_CLASS = "\\-‐‑‒–—―−ー~〜"
_DASH_BETWEEN_DIGITS = re.compile(f"(?<=[0-9])[{_DASH_CLASS}](?=[0-9])")
_DASH_ANYWHERE = re.compile(f"[{_DASH_CLASS}]")
_WHITESPACE = re.compile(r"\s+")
_NON_DIGITS = re.compile(r"[^0-9]")
_POSTAL_CODE = re.compile(r"〒?([0-9]{3})-?([0-9]{4})")
_KANA_OR_SPACE = re.compile(
    "["
    "\u3041-\u3096"  # hiragana ぁ..ゖ
    "\u309d\u309e"  # hiragana iteration marks ゝゞ
    "\u30a1-\u30fa"  # katakana ァ..ヺ
    "\u30fb"  # middle dot ・
    "\u30fc"  # prolonged sound mark ー
    "\u30fd\u30fe"  # katakana iteration marks ヽヾ
    r"\s"
    "]*"
)


def _nfkc(text: str) -> str:
    """Return the NFKC form of ``text``."""
    return unicodedata.normalize("NFKC", text)


def _without_whitespace(text: str) -> str:
    """Remove every whitespace character (including U+3000) from ``text``."""
    return "".join(text.split())


def _nfkc_without_whitespace(text: str) -> str:
    """NFKC, remove whitespace, then NFKC again.

    The second pass composes marks that the removed whitespace kept apart (``ｶ ﾞ``
    becomes ``カ゛`` → ``カ ゙``, and only without the space does it compose to ``ガ``), so
    the result is stable under a second application.
    """
    return _nfkc(_without_whitespace(_nfkc(text)))


def match_key(text: str) -> str:
    """Build the general match key for names, addresses and free text.

    NFKC, strip, collapse whitespace runs (including the ideographic space U+3000) to
    one space, and turn a dash-like character (``‐-‒–—―−ー－ｰ〜～``) *between two digits*
    into ``-``. A dash inside a word is kept: ``ヤマダ`` keeps its ``ー``.

    >>> match_key("東京都　千代田区 １ー２ー３")
    '東京都 千代田区 1-2-3'
    """
    collapsed = _WHITESPACE.sub(" ", _nfkc(text).strip())
    return _DASH_BETWEEN_DIGITS.sub("-", collapsed)


def kana_key(text: str) -> str:
    """Build the match key for a kana (furigana) name field.

    NFKC (half-width ``ﾔﾏﾀﾞ`` becomes ``ヤマダ``), hiragana to katakana, no whitespace:
    ``やまだ たろう``, ``ﾔﾏﾀﾞ ﾀﾛｳ`` and ``ヤマダ　タロウ`` all give ``ヤマダタロウ``.
    """
    katakana: str = jaconv.hira2kata(_nfkc_without_whitespace(text))
    return katakana


def name_key(text: str) -> str:
    """Build the match key for a kanji name field: NFKC and no whitespace."""
    return _nfkc_without_whitespace(text)


def digits_key(text: str) -> str:
    """Build the match key for phone numbers and postal codes: NFKC, digits only.

    >>> digits_key("０３－１２３４－５６７８")
    '0312345678'
    """
    return _NON_DIGITS.sub("", _nfkc(text))


def format_postal_code(text: str) -> str:
    """Write a postal code as ``123-4567``.

    Accepts ``1234567``, ``123-4567``, ``１２３－４５６７``, ``〒123-4567`` (any dash-like
    separator, surrounding or inner spaces).

    Raises:
        InvalidInput: what remains is not 3 digits, an optional dash and 4 digits.
    """
    folded = _DASH_ANYWHERE.sub("-", _without_whitespace(_nfkc(text)))
    match = _POSTAL_CODE.fullmatch(folded)
    if match is None:
        shown = text.strip()
        raise InvalidInput(
            f"「{shown}」は郵便番号として正しくありません（7桁の数字、例: 123-4567）。",
            f"'{shown}' is not a valid postal code (7 digits, e.g. 123-4567).",
            value=shown,
        )
    return f"{match[1]}-{match[2]}"


def is_kana(text: str) -> bool:
    """Tell whether ``text`` is written in kana only (after NFKC).

    Allowed: hiragana, katakana, the prolonged sound mark ``ー``, the middle dot ``・``,
    kana iteration marks and whitespace. Empty or whitespace-only text is not kana.
    """
    folded = _nfkc(text)
    if not folded.strip():
        return False
    return _KANA_OR_SPACE.fullmatch(folded) is not None
