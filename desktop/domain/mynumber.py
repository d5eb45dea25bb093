"""Individual number (個人番号, マイナンバー): check digit, validation and masking.

An individual number is 12 digits; the last one is a check digit over the first 11
(DESIGN §5): weights 6,5,4,3,2,7,6,5,4,3,2 left to right, ``r = sum mod 11``,
check digit ``0`` if ``r <= 1`` else ``11 - r``. ``12345678901`` gives ``8``, so
``123456789018`` is valid.

The number is personal data of the most sensitive kind: it is shown masked
(``********1234``) everywhere, and no error message or log line built here contains
it, only its length.
"""

from __future__ import annotations

import re
import unicodedata

from desktop.domain.errors import InvalidInput

__all__ = ["check_digit", "is_valid", "mask", "normalise"]

_WEIGHTS: tuple[int, ...] = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_ELEVEN_DIGITS = re.compile(r"[0-9]{11}")
_TWELVE_DIGITS = re.compile(r"[0-9]{12}")
# Separators people put inside the number (after NFKC): whitespace is handled by split().
_SEPARATORS = str.maketrans(dict.fromkeys("-‐‑‒–—―−ー", ""))

MASK_CHAR = "*"
FULL_MASK = MASK_CHAR * 12


def _clean(number: str) -> str:
    """NFKC-fold ``number`` and drop whitespace and hyphen-like separators."""
    folded = unicodedata.normalize("NFKC", number).translate(_SEPARATORS)
    return "".join(folded.split())


def check_digit(first11: str) -> int:
    """Return the check digit for the first 11 digits of an individual number.

    >>> check_digit("12345678901")
    8

    Raises:
        ValueError: ``first11`` is not exactly 11 ASCII digits (the message gives only
            the length, never the digits).
    """
    if _ELEVEN_DIGITS.fullmatch(first11) is None:
        raise ValueError(f"expected 11 ASCII digits, got {len(first11)} characters")
    r = sum(int(ch) * w for ch, w in zip(first11, _WEIGHTS, strict=True)) % 11
    return 0 if r <= 1 else 11 - r


def is_valid(number: str) -> bool:
    """Tell whether ``number`` is a well-formed individual number.

    Full-width digits, spaces and hyphens are accepted (``１２３４ ５６７８-９０１８``);
    what remains must be 12 ASCII digits whose last digit is the check digit.
    """
    cleaned = _clean(number)
    if _TWELVE_DIGITS.fullmatch(cleaned) is None:
        return False
    return check_digit(cleaned[:11]) == int(cleaned[11])


def normalise(number: str) -> str:
    """Return ``number`` as 12 ASCII digits, or raise if it is not a valid number.

    Raises:
        InvalidInput: not 12 digits after folding, or the check digit does not match.
            The message never contains the number, only its length.
    """
    cleaned = _clean(number)
    if _TWELVE_DIGITS.fullmatch(cleaned) is None:
        raise InvalidInput(
            f"個人番号は12桁の数字で入力してください（入力は{len(cleaned)}文字）。",
            f"An individual number must be 12 digits (got {len(cleaned)} characters).",
            length=len(cleaned),
            reason="length",
        )
    if check_digit(cleaned[:11]) != int(cleaned[11]):
        raise InvalidInput(
            "個人番号のチェックデジットが一致しません。番号を確認してください。",
            "The individual number's check digit does not match; please check the number.",
            length=len(cleaned),
            reason="check_digit",
        )
    return cleaned


def mask(number: str) -> str:
    """Mask an individual number for display: ``********1234``.

    Only the last 4 digits are shown. Anything that is not 12 digits after folding
    (full-width, spaces, hyphens) is masked completely as ``************``, so a
    malformed value never leaks. The check digit is not verified: a mistyped number
    is masked the same way as a valid one.
    """
    cleaned = _clean(number)
    if _TWELVE_DIGITS.fullmatch(cleaned) is None:
        return FULL_MASK
    return MASK_CHAR * 8 + cleaned[-4:]
