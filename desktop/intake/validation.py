"""Checking the rows of an export against its import profile and procedure (DESIGN §5).

A row's columns are mapped through the profile (receipt number, receipt time,
attachments, individual number, procedure fields), then every field is checked
(:mod:`desktop.intake.field_checks`). Every problem of a row is collected, not only
the first; a row with problems goes to quarantine with all of them.

Files have one header for all their rows (JSON: a few key sets), so the mapping is
worked out once per header into a :class:`_Layout`, and each row is then a walk over
prepared steps whose fast checks accept the plainly right values; anything else gets
the full check with its messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from desktop.domain import mynumber
from desktop.domain.errors import InvalidInput
from desktop.domain.procedures import Procedure
from desktop.intake.field_checks import (
    _CONTROL,
    _SUSPECT,
    MAX_NAME,
    MAX_RECEIPT,
    MAX_TEXT,
    SLOW,
    FieldSpec,
    Where,
    as_text,
    cached_date,
    character_problems,
    check_field,
    check_fields,
    check_one,
    field_specs,
    known_postal_codes,
    mask_individual_number,
    parse_received_at,
    problem,
)
from desktop.intake.problems import Problem
from desktop.intake.profiles import ImportProfile
from desktop.intake.readers import RawRecord, column_key, visible

_SURROGATES = "[\ud800-\udfff]"

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
    specs: tuple[FieldSpec, ...] | None = field(default=None, repr=False)
    _resolved: dict[tuple[str, ...], tuple[list[tuple[str, Target | None]], dict[str, str]]] = \
        field(default_factory=dict, repr=False)
    _layouts: dict[tuple[str, ...], _Layout] = field(default_factory=dict, repr=False)

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



    def layout(self, columns: tuple[str, ...]) -> _Layout:
        """How rows with these columns are checked (worked out once per header)."""
        hit = self._layouts.get(columns)
        if hit is None:
            if self.specs is None:
                self.specs = field_specs(self.procedure, self.profile)
            targets, by_field = self.resolve(columns)
            sources: dict[str, list[str]] = {}
            others = []
            for column, target in targets:
                if target is None:
                    continue
                if target.kind == "field":
                    assert target.field_id is not None
                    sources.setdefault(target.field_id, []).append(column)
                else:
                    others.append((column, target.kind))
            steps = tuple((spec, tuple(reversed(sources.get(spec.field.id, ()))))
                          for spec in self.specs)
            hit = _Layout(tuple(others), steps, by_field)
            if len(self._layouts) < 1000:
                self._layouts[columns] = hit
        return hit


@dataclass(frozen=True)
class _Layout:
    """One header's columns as checking steps."""

    #: (column, kind) of the receipt, receipt time, attachment and individual number
    #: columns, in the file's order.
    others: tuple[tuple[str, str], ...]
    #: Each field in the procedure's order with the columns that carry it, the one that
    #: counts first (the last in the file; none: the field is absent).
    fields: tuple[tuple[FieldSpec, tuple[str, ...]], ...]
    #: The column of each field, for messages.
    columns: dict[str, str]


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



@lru_cache(maxsize=8192)
def _received_at(text: str) -> datetime:
    return parse_received_at(text)


def check_record(plan: ColumnPlan, record: RawRecord) -> RowOutcome:
    """Map one record through the profile and check it."""
    row = record.row
    outcome = RowOutcome(row, record.line, None, None, {},
                         list(record.problems) if record.problems else [], [], [])
    outcome.source = (record, plan)
    if record.unreadable is not None:
        return outcome
    values = record.values
    layout = plan.layout(tuple(values))
    undecodable = {p.column for p in record.problems} if record.problems else set()
    receipt_column = plan.profile.receipt_column
    where = Where(row)
    for column, kind in layout.others:
        if column in undecodable:
            continue
        value = values[column]
        if kind == "receipt":
            receipt_column = column
            text = as_text(value)
            outcome.receipt = text.strip() if text is not None else None
        elif kind == "received_at":
            text = as_text(value)
            if text and text.strip():
                try:
                    outcome.received_at = _received_at(text)
                except (InvalidInput, ValueError):
                    outcome.problems.append(problem(
                        "received_at", where(column, column),
                        f"「{visible(text.strip())}」は受付日時として読めません",
                        f"'{visible(text.strip())}' cannot be read as the receipt time",
                        field_id=None, column=column))
        elif kind == "attachment":
            if value is None or value == "":
                continue
            for name in value if isinstance(value, list) else [value]:
                text = as_text(name)
                if text and text.strip():
                    outcome.attachments.append((column, text.strip()))
        elif kind == "individual_number":
            text = as_text(value)
            if text and text.strip():
                try:
                    outcome.individual_number = mynumber.normalise(text)
                except InvalidInput as exc:
                    outcome.problems.append(problem(
                        "individual_number", where(column, column), exc.message_ja,
                        exc.message_en, field_id=None, column=column))
    _check_receipt(outcome, receipt_column, undecodable, where)
    if record.extra and any(c.strip() for c in record.extra):
        n = len(values) + len(record.extra)
        outcome.problems.append(problem(
            "extra_cells", where(None, ""),
            f"見出しは {len(values)} 列ですが、この行には値のある列が {n} 列あります。"
            "列がずれている可能性があります（誤送付の原因になるため取り込みません）",
            f"the header has {len(values)} columns but this row has values in {n};"
            " the columns may be shifted (not imported: a shifted row can mis-send a notice)",
            field_id=None, column=None, columns=n))
    fields: dict[str, Any] = {}
    problems: list[Problem] = []
    warnings = outcome.warnings
    profile = plan.profile
    for spec, sources in layout.fields:
        value = None
        for column in sources:
            if column not in undecodable:
                value = values[column]
                break
        if value is None or value == "":
            if not spec.field.required:
                continue
        else:
            stored = spec.fast(value)
            if stored is not SLOW:
                fields[spec.field.id] = stored
                continue
        check_one(spec, value, profile, where, layout.columns.get(spec.field.id), fields,
                  problems, warnings)
    if undecodable and problems:
        # A column with undecodable bytes is already reported; do not also call it empty.
        problems = [p for p in problems
                    if not (p.code == "required" and p.column in undecodable)]
    outcome.fields = fields
    if problems:
        outcome.problems += problems
    if outcome.individual_number is not None:
        number_fields = [f.id for f in plan.procedure.fields if f.type == "mynumber"]
        if plan.procedure.allows_individual_number and number_fields:
            outcome.fields.setdefault(number_fields[0], outcome.individual_number)
    return outcome


def _check_receipt(outcome: RowOutcome, receipt_column: str, undecodable: Iterable[str | None],
                   where: Where) -> None:
    receipt = outcome.receipt
    if receipt and len(receipt) <= MAX_RECEIPT and _SUSPECT.search(receipt) is None:
        return  # the common case: nothing to report
    at = where(receipt_column, receipt_column)
    if not outcome.receipt:
        if receipt_column not in undecodable:
            outcome.problems.append(problem(
                "receipt_missing", at, "受付番号がありません（同じ申請を二重に取り込まないために必要です）",
                "the receipt number is missing (it keeps an application from being imported twice)",
                field_id=None, column=receipt_column))
        return
    outcome.problems += character_problems(outcome.receipt, at, None, receipt_column)
    if len(outcome.receipt) > MAX_RECEIPT:
        outcome.problems.append(problem(
            "receipt_too_long", at, f"受付番号が長すぎます（{MAX_RECEIPT}文字まで）",
            f"the receipt number is too long (at most {MAX_RECEIPT} characters)",
            field_id=None, column=receipt_column))


def usable_receipt(receipt: str | None) -> str | None:
    """*receipt* if it can be stored and matched (present, short enough, clean)."""
    if not receipt or len(receipt) > MAX_RECEIPT:
        return None
    if "\x00" in receipt or _CONTROL.search(receipt) or re.search(_SURROGATES, receipt):
        return None
    return receipt


__all__ = ["MAX_NAME", "MAX_RECEIPT", "MAX_TEXT", "ColumnPlan", "RowOutcome", "cached_date",
           "check_field", "check_fields", "check_header", "check_record", "field_specs",
           "known_postal_codes", "mask_individual_number", "parse_received_at", "plan_columns",
           "raw_for_storage", "usable_receipt"]
