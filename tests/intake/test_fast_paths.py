"""Intake's fast paths give exactly what the general code gives: the ``create`` audit
entries hashed in bulk equal :func:`entry_hash`, and a row checked through the
prepared per-header layout equals one checked field by field with
:func:`check_field` (the reference the property tests of validation use)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.audit import GENESIS, entry_hash
from desktop.intake.field_checks import Where, check_field, field_specs
from desktop.intake.readers import RawRecord
from desktop.intake.validation import check_record, plan_columns
from desktop.persistence.intake_repository import _CreateEntries
from tests.intake.helpers import FLU, flu_row
from tests.naughty import naughty_strings

NAUGHTY = naughty_strings()
storable = st.text().filter(lambda s: not any("\ud800" <= c <= "\udfff" for c in s))


@settings(max_examples=300, deadline=None)
@given(actor=storable, receipt=st.one_of(storable, st.sampled_from(NAUGHTY)),
       case_id=st.integers(1, 10**12), extra=st.dictionaries(storable, st.one_of(
           st.integers(), storable, st.lists(storable, max_size=3), st.none()), max_size=3),
       micro=st.integers(0, 999_999))
def test_bulk_create_entries_hash_like_entry_hash(actor: str, receipt: str, case_id: int,
                                                  extra: dict[str, Any], micro: int) -> None:
    at = datetime(2026, 11, 29, 1, 2, 3, micro, tzinfo=UTC)
    details = {"source": "web", "receipt_number": receipt, "status": "received", **extra}
    stored, digest = _CreateEntries(actor, at)(case_id, details)
    assert json.loads(stored) == details
    assert digest == entry_hash(GENESIS, stream=f"case:{case_id}", seq=1, at=at, actor=actor,
                                action="create", case_id=case_id, details=details)


def _reference(procedure: Any, profile: Any, values: dict[str, Any], row: int,
               ) -> tuple[dict[str, Any], list[str], list[str]]:
    """Every field through check_field, in the procedure's order (no fast path)."""
    fields: dict[str, Any] = {}
    problems: list[str] = []
    warnings: list[str] = []
    where = Where(row)
    for spec in field_specs(procedure, profile):
        f = spec.field
        value = values.get(f.id)
        if (value is None or value == "") and not f.required:
            continue
        stored, p, w = check_field(f, value, profile, where(None, f.label), None,
                                   applicant_name_or_kana=spec.identity)
        problems += [x.code for x in p]
        warnings += [x.code for x in w]
        if stored is not None:
            fields[f.id] = stored
    return fields, problems, warnings


ODD = st.sampled_from(["", " ", "ｱｲｳ", "ヤマダ　タロウ", "やまだ", "Yamada", "昭和30年4月1日",
                       "R5.4.1", "2023-02-30", "不明", "650-0001", "６５０－０００１", "999-9999",
                       "078-331-8181", "０７８－３３１－８１８１", "12", "はい", "いいえ", "多分",
                       "ウェブ", " 郵送 ", "FAX", "a\x00b", "a\x01b", "\ud800", "x" * 250])


@settings(max_examples=300, deadline=None)
@given(overrides=st.dictionaries(st.sampled_from(sorted(flu_row())), st.one_of(ODD, st.text()),
                                 max_size=6))
def test_prepared_row_check_equals_field_by_field(overrides: dict[str, str]) -> None:
    from desktop.app import load_default_procedures
    from desktop.intake.profiles import standard_profile

    procedure = load_default_procedures()[FLU]
    profile = standard_profile(procedure)
    plan = plan_columns(profile, procedure)
    row = {**flu_row(), **overrides}
    outcome = check_record(plan, RawRecord(2, 2, row))
    values = {fid: row[column] for column, fid in profile.columns.items() if column in row}
    fields, problems, warnings = _reference(procedure, profile, values, 2)
    assert outcome.fields == fields
    field_problems = [p.code for p in outcome.problems if p.field is not None]
    assert field_problems == problems
    assert [w.code for w in outcome.warnings] == warnings
