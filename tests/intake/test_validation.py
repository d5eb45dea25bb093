"""Pure checks (no database): the fast paths agree with the plain ones."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.app import load_default_procedures
from desktop.domain.procedures import Procedure
from desktop.intake.profiles import ImportProfile, standard_profile
from desktop.intake.readers import RawRecord
from desktop.intake.validation import check_field, check_fields, check_record, plan_columns
from desktop.services.intake import fast_new_case
from desktop.services.new_case import build_new_case
from tests.intake.helpers import FLU, flu_row

PROCEDURES = load_default_procedures()
FLU_PROCEDURE = PROCEDURES[FLU]
PLAN = plan_columns(standard_profile(FLU_PROCEDURE), FLU_PROCEDURE)

values = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["ヤマダ　タロウ", "やまだ", "ﾔﾏﾀﾞ", "650-0001", "999-9999", "078-331-8181",
                     "はい", "いいえ", "ウェブ", " ウェブ", "昭和30年4月1日", "R5.4.1", "不明",
                     "山田\x00", "\t", "a" * 130]),
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(PROCEDURES)).flatmap(lambda code: st.tuples(
    st.just(code),
    st.dictionaries(st.sampled_from([f.id for f in PROCEDURES[code].fields]),
                    st.one_of(values, st.sampled_from(
                        [c for f in PROCEDURES[code].fields for c in f.choices] or ["x"]))))))
def test_fast_paths_agree_with_check_field(case: tuple[str, dict[str, str]]) -> None:
    """Every field checked through check_fields (with its fast paths) gives what
    check_field alone gives, with and without the standard profile."""
    code, fields = case
    procedure = PROCEDURES[code]
    for profile in (None, standard_profile(procedure)):
        _agree(procedure, profile, fields)


def _agree(procedure: Procedure, profile: ImportProfile | None, fields: dict[str, str]) -> None:
    got, problems, warnings = check_fields(procedure, fields, profile=profile)
    expected = {}
    expected_codes = [p.code for p in problems if p.code == "unknown_field"]
    for f in procedure.fields:
        value, p, w = check_field(f, fields.get(f.id), profile, ("", ""), None,
                                  applicant_name_or_kana=f.id in (procedure.applicant.name,
                                                                  procedure.applicant.kana))
        if value is not None:
            expected[f.id] = value
        expected_codes += [x.code for x in p + w]
    assert got == expected
    assert sorted(x.code for x in problems + warnings) == sorted(expected_codes)


def test_fast_new_case_equals_build_new_case() -> None:
    received = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
    for overrides in ({}, {"フリガナ": "ﾔﾏﾀﾞ ﾀﾛｳ"}, {"生年月日": "不明"}, {"郵便番号": "６５０－０００１"},
                      {"氏名": "㍿" * 60}):
        row = flu_row(**overrides)
        outcome = check_record(PLAN, RawRecord(2, 2, row))
        fields = dict(outcome.fields)
        fields.setdefault("applicant_birth_date", row["生年月日"])
        slow = build_new_case(FLU_PROCEDURE, fields, source="s", receipt_number="r",
                              received_at=received)
        fast = fast_new_case(FLU_PROCEDURE, fields, source="s", receipt_number="r",
                             received_at=received)
        assert fast == slow.__class__(**{
            **slow.__dict__, "name_key": slow.name_key[:200], "kana_key": slow.kana_key[:200]})
