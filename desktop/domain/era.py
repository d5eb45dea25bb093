"""Japanese era (和暦) dates: formatting, parsing and era lookup.

Residents and e-application systems write dates as ``令和5年4月1日``, ``R5.4.1``,
``S45/1/1`` or ISO ``2023-04-01`` (DESIGN §5); every one of those must parse to the
same :class:`datetime.date`, and every date the application shows is written in the
era calendar (``令和8年11月28日``, first year as ``元年``).

Supported eras and the first Gregorian day each one covers:

======  ========  ======  ==========
Kanji   Romaji    Letter  Start
======  ========  ======  ==========
明治    Meiji     M       1873-01-01
大正    Taisho    T       1912-07-30
昭和    Showa     S       1926-12-25
平成    Heisei    H       1989-01-08
令和    Reiwa     R       2019-05-01
======  ========  ======  ==========

Meiji officially began on 1868-01-25 (Gregorian; 明治元年1月1日 in the old
lunisolar calendar), but Japan only adopted the Gregorian calendar on 明治6年1月1日
(1873-01-01). Dates before that were written in the lunisolar calendar, so a
Gregorian date cannot be converted to the era form people actually used. By
convention this module therefore treats 1873-01-01 as the first supported day:
formatting an earlier date raises :class:`ValueError` and parsing 明治1年–明治5年 raises
:class:`~desktop.domain.errors.InvalidInput`. Era *years* still count from 1868, so
1873 is 明治6年.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain.errors import InvalidInput

__all__ = [
    "ERAS",
    "Era",
    "era_of",
    "format_era_date",
    "parse_date",
]


@dataclass(frozen=True, slots=True)
class Era:
    """One Japanese era.

    Attributes:
        name: Kanji name, e.g. ``"令和"``.
        romaji: Romanised name for English messages, e.g. ``"Reiwa"``.
        letter: Upper-case initial used in short forms such as ``R5.4.1``.
        start: First Gregorian day this module attributes to the era.
        first_year: Gregorian year of the era's year 1 (元年).
    """

    name: str
    romaji: str
    letter: str
    start: date
    first_year: int


#: Supported eras, oldest first.
ERAS: tuple[Era, ...] = (
    Era("明治", "Meiji", "M", date(1873, 1, 1), 1868),
    Era("大正", "Taisho", "T", date(1912, 7, 30), 1912),
    Era("昭和", "Showa", "S", date(1926, 12, 25), 1926),
    Era("平成", "Heisei", "H", date(1989, 1, 8), 1989),
    Era("令和", "Reiwa", "R", date(2019, 5, 1), 2019),
)

_BY_NAME: dict[str, Era] = {era.name: era for era in ERAS}
_BY_LETTER: dict[str, Era] = {era.letter: era for era in ERAS}

# Dash-like characters that NFKC leaves alone but people type as a date separator.
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−﹣", "-"))

_ERA_TOKEN = "(?P<era>" + "|".join(_BY_NAME) + "|[MTSHRmtshr])"
_ERA_YEAR = r"(?P<year>元|[0-9]{1,2})"
_SEP = r"[./\-]"
_ERA_KANJI_FORM = re.compile(
    _ERA_TOKEN
    + _ERA_YEAR
    + r"年(?:\((?P<western>[0-9]{4})年?\))?(?P<month>[0-9]{1,2})月(?P<day>[0-9]{1,2})日"
)
_ERA_SEP_FORM = re.compile(
    _ERA_TOKEN + _ERA_YEAR + _SEP + r"(?P<month>[0-9]{1,2})" + _SEP + r"(?P<day>[0-9]{1,2})"
)
_WESTERN_SEP_FORM = re.compile(
    r"(?P<year>[0-9]{4})" + _SEP + r"(?P<month>[0-9]{1,2})" + _SEP + r"(?P<day>[0-9]{1,2})"
)
_WESTERN_KANJI_FORM = re.compile(
    r"(?P<year>[0-9]{4})年(?P<month>[0-9]{1,2})月(?P<day>[0-9]{1,2})日"
)
_COMPACT_FORM = re.compile(r"(?P<year>[0-9]{4})(?P<month>[0-9]{2})(?P<day>[0-9]{2})")


def _era_containing(d: date) -> Era:
    """Return the era that ``d`` falls in, or raise :class:`ValueError` before Meiji 6."""
    for era in reversed(ERAS):
        if d >= era.start:
            return era
    raise ValueError(
        f"{d.isoformat()} is before {ERAS[0].start.isoformat()}, the first date with a "
        "Gregorian-calendar era form (明治6年1月1日)"
    )


def _era_end(era: Era) -> date | None:
    """Return the last day of ``era``, or ``None`` for the current era."""
    index = ERAS.index(era)
    if index + 1 < len(ERAS):
        return ERAS[index + 1].start - timedelta(days=1)
    return None


def era_of(d: date) -> tuple[str, int]:
    """Return the era name (kanji) and era year of ``d``.

    >>> era_of(date(2019, 5, 1))
    ('令和', 1)

    Raises:
        ValueError: ``d`` is before 1873-01-01 (see the module docstring).
    """
    era = _era_containing(d)
    return era.name, d.year - era.first_year + 1


def _year_text(era_year: int) -> str:
    """Write an era year the way documents do: 1 is ``元``."""
    return "元" if era_year == 1 else str(era_year)


def format_era_date(d: date, *, with_western: bool = False) -> str:
    """Write ``d`` as a Japanese era date.

    >>> format_era_date(date(2026, 11, 28))
    '令和8年11月28日'
    >>> format_era_date(date(2019, 5, 1))
    '令和元年5月1日'
    >>> format_era_date(date(2026, 11, 28), with_western=True)
    '令和8年（2026年）11月28日'

    Args:
        d: The date to write.
        with_western: Add the Gregorian year in full-width parentheses after the era year.

    Raises:
        ValueError: ``d`` is before 1873-01-01 (see the module docstring).
    """
    name, era_year = era_of(d)
    western = f"（{d.year}年）" if with_western else ""
    return f"{name}{_year_text(era_year)}年{western}{d.month}月{d.day}日"


def _fold(text: str) -> str:
    """NFKC-fold ``text``, unify dash-like separators and drop all whitespace."""
    folded = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return "".join(folded.split())


def _unrecognised(text: str) -> InvalidInput:
    """Build the error for text that matches no supported date form."""
    return InvalidInput(
        f"「{text}」は日付として認識できません（例: 令和5年4月1日、R5.4.1、2023-04-01）。",
        f"'{text}' is not a recognised date (e.g. 令和5年4月1日, R5.4.1, 2023-04-01).",
        value=text,
        reason="unrecognised",
    )


def _impossible(text: str) -> InvalidInput:
    """Build the error for a well-formed date that does not exist (2月30日)."""
    return InvalidInput(
        f"「{text}」は存在しない日付です。",
        f"'{text}' is not a valid calendar date.",
        value=text,
        reason="no_such_date",
    )


def _make_date(text: str, year: int, month: int, day: int) -> date:
    """Build a date, turning an impossible one into :class:`InvalidInput`."""
    try:
        return date(year, month, day)
    except ValueError:
        raise _impossible(text) from None


def _from_era(text: str, match: re.Match[str]) -> date:
    """Convert a matched era-form date, checking it lies inside the era's span."""
    era_token = match["era"]
    era = _BY_NAME.get(era_token) or _BY_LETTER[era_token.upper()]
    era_year = 1 if match["year"] == "元" else int(match["year"])
    if era_year < 1:
        raise _impossible(text)
    year = era.first_year + era_year - 1
    western = match.groupdict().get("western")
    if western is not None and int(western) != year:
        raise InvalidInput(
            f"「{text}」の和暦年と西暦年（{western}年）が一致しません"
            f"（{era.name}{_year_text(era_year)}年は{year}年）。",
            f"'{text}': the era year and the Western year ({western}) disagree "
            f"({era.romaji} {era_year} is {year}).",
            value=text,
            reason="western_year_mismatch",
        )
    result = _make_date(text, year, int(match["month"]), int(match["day"]))
    end = _era_end(era)
    if result < era.start or (end is not None and result > end):
        first = format_era_date(era.start)
        last_ja = f"から{format_era_date(end)}まで" if end is not None else "以降"
        last_en = f"to {end.isoformat()}" if end is not None else "onwards"
        raise InvalidInput(
            f"「{text}」は{era.name}の期間外の日付です（{era.name}は{first}{last_ja}）。",
            f"'{text}' is outside the {era.romaji} era ({era.start.isoformat()} {last_en}).",
            value=text,
            reason="outside_era",
            era=era.name,
        )
    return result


def parse_date(text: str) -> date:
    """Parse a date written the way residents and e-application systems write them.

    Accepted forms (full-width characters are folded with NFKC first, and whitespace
    anywhere is ignored):

    * era in kanji: ``令和5年4月1日``, ``令和元年5月1日``, ``令和8年（2026年）11月28日``
    * era letter (M/T/S/H/R, either case): ``R5.4.1``, ``r5.4.1``, ``S45/1/1``,
      ``R05.04.01``, ``R5年4月1日``
    * Western: ``2023-04-01``, ``2023/4/1``, ``2023.4.1``, ``2023年4月1日``, ``20230401``

    Raises:
        InvalidInput: the text matches no form, names a day that does not exist
            (``2月30日``), or names a day outside the era (``平成32年``,
            ``令和1年4月30日``, ``昭和64年1月8日``). The messages quote the input.
    """
    shown = text.strip()
    folded = _fold(text)
    for pattern in (_ERA_KANJI_FORM, _ERA_SEP_FORM):
        match = pattern.fullmatch(folded)
        if match is not None:
            return _from_era(shown, match)
    for pattern in (_WESTERN_SEP_FORM, _WESTERN_KANJI_FORM, _COMPACT_FORM):
        match = pattern.fullmatch(folded)
        if match is not None:
            return _make_date(shown, int(match["year"]), int(match["month"]), int(match["day"]))
    raise _unrecognised(shown)
