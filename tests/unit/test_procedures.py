"""Procedure files: the shipped ones load, and every broken file says where it is broken."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.domain.procedure_loader import (
    ProcedureError,
    default_procedures_dir,
    load_procedure,
    load_procedures,
)
from desktop.domain.procedures import DoubleCheckPolicy, Procedure
from desktop.domain.workflow import Stage

FLU = "flu-free-certificate"
COMMUTER = "commuter-pass-subsidy"
MOVE_IN = "move-in-reservation"
CODES = (FLU, COMMUTER, MOVE_IN)


# ------------------------------------------------------------------------------ helpers


def real_text(code: str) -> str:
    return (default_procedures_dir() / f"{code}.toml").read_text(encoding="utf-8")


def real(code: str) -> Procedure:
    return load_procedure(default_procedures_dir() / f"{code}.toml")


def field_index(code: str, field_id: str) -> int:
    return [f.id for f in real(code).fields].index(field_id)


def replace_once(text: str, old: str, new: str) -> str:
    """Replace *old*, which must occur exactly once (so the edit cannot silently miss)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def replace_after(text: str, anchor: str, old: str, new: str) -> str:
    """Replace the first *old* after the unique *anchor* (e.g. inside one [[fields]] entry)."""
    assert text.count(anchor) == 1, f"{anchor!r} occurs {text.count(anchor)} times"
    start = text.index(anchor)
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old) :]


def drop_tables(text: str, header: str) -> str:
    """Remove every ``[[header]]`` entry (header line and its key lines)."""
    pattern = rf"^\[\[{re.escape(header)}\]\]\n(?:[^\[\n].*\n)*"
    out, n = re.subn(pattern, "", text, flags=re.MULTILINE)
    assert n > 0
    return out


def load_broken(tmp_path: Path, code: str, text: str) -> ProcedureError:
    path = tmp_path / f"{code}.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProcedureError) as info:
        load_procedure(path)
    err = info.value
    assert err.code == "procedure_invalid"
    assert err.params["file"] == str(path)
    assert str(path) in err.message_ja
    assert str(path) in err.message_en
    return err


def assert_key(err: ProcedureError, key: str) -> None:
    assert err.params["key"] == key, err.message_en
    assert key in err.message_ja
    assert key in err.message_en


# ------------------------------------------------------------------------ real files


def test_all_shipped_procedures_load() -> None:
    procedures = load_procedures(default_procedures_dir())
    assert sorted(procedures) == sorted(CODES)
    for code, procedure in procedures.items():
        assert procedure.code == code
        assert procedure.version >= 1
        assert not procedure.allows_individual_number
        assert all(f.type != "mynumber" for f in procedure.fields)
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", f.id) for f in procedure.fields)
        assert set(procedure.checklists) == set(Stage)
        assert procedure.checklist(Stage.FIRST_REVIEW)
        assert procedure.defect_codes


def test_default_dir_is_resources_procedures_at_repo_root() -> None:
    directory = default_procedures_dir()
    assert directory.parts[-2:] == ("resources", "procedures")
    assert (directory.parent.parent / "pyproject.toml").is_file()


@pytest.mark.parametrize("code", CODES)
def test_applicant_mapping_names_fields_of_the_right_type(code: str) -> None:
    procedure = real(code)
    a = procedure.applicant
    assert procedure.field(a.name).type == "text"
    assert procedure.field(a.kana).type == "kana"
    assert procedure.field(a.birth_date).type == "date"
    assert procedure.field(a.postal_code).type == "postal_code"
    assert procedure.field(a.address).type == "address"
    assert a.phone is not None
    assert procedure.field(a.phone).type == "phone"


def test_flu_certificate_is_an_administrative_decision_with_both_appeal_routes() -> None:
    flu = real(FLU)
    assert flu.is_administrative_decision
    assert flu.double_check == DoubleCheckPolicy("sample", 0.2)
    assert flu.appeal.variant == "both"
    assert flu.appeal.review_authority == "神戸市長"
    text = flu.appeal.render(defendant="神戸市")
    assert "{" not in text and "}" not in text
    assert "神戸市長に対して審査請求" in text
    assert "３か月以内" in text and "６か月以内" in text
    assert "神戸市を被告として" in text
    assert {n.on for n in flu.notices} == {"approved", "rejected", "returned"}
    assert flu.field("eligibility_basis").type == "choice"
    assert flu.refusal("duplicate_issuance") is not None
    assert flu.defect("missing_authority_letter") is not None


def test_commuter_pass_is_not_appealable_but_still_lists_refusal_reasons() -> None:
    commuter = real(COMMUTER)
    assert not commuter.is_administrative_decision
    assert commuter.appeal.variant == "none"
    assert commuter.appeal.text == ""
    assert commuter.appeal.render(defendant="神戸市") == ""
    assert commuter.refusal_reasons
    assert commuter.double_check.mode == "all"
    assert commuter.field("pass_price").type == "money"
    assert [n.key for n in commuter.notices_on("approved")] == ["decision"]


def test_move_in_reservation_has_no_refusal_and_no_double_check() -> None:
    move_in = real(MOVE_IN)
    assert not move_in.is_administrative_decision
    assert move_in.refusal_reasons == ()
    assert move_in.appeal.variant == "none"
    assert move_in.double_check == DoubleCheckPolicy("none", 0.0)
    assert move_in.checklist(Stage.DOUBLE_CHECK) == ()
    assert [n.key for n in move_in.notices_on("reserved")] == ["reservation_confirmation"]
    procedure_fields = [f for f in move_in.fields if f.id.startswith("procedure_")]
    assert len(procedure_fields) == 6
    assert all("児童手当" in f.choices for f in procedure_fields)


def test_lookups() -> None:
    flu = real(FLU)
    assert flu.field("applicant_name").label == "氏名"
    with pytest.raises(KeyError):
        flu.field("no_such_field")
    assert flu.defect("illegible") is not None
    assert flu.defect("age_not_eligible") is None  # a refusal reason, not a defect
    refusal = flu.refusal("age_not_eligible")
    assert refusal is not None and "65歳" in refusal.legal_text
    assert flu.refusal("illegible") is None


def test_required_items() -> None:
    flu = real(FLU)
    first = flu.required_items(Stage.FIRST_REVIEW)
    assert "proxy_authority" not in first  # only applies to proxy applications
    assert first == {
        "identity_matches_register",
        "age_condition",
        "eligibility_basis_confirmed",
        "residence_on_jan1",
        "no_duplicate_issuance",
        "mailing_address_confirmed",
    }
    assert flu.required_items(Stage.DOUBLE_CHECK) == {
        "dc_decision_supported",
        "dc_certificate_content",
    }
    assert real(MOVE_IN).required_items(Stage.DOUBLE_CHECK) == frozenset()
    assert "distance_rule" in real(COMMUTER).required_items(Stage.FIRST_REVIEW)


def test_procedure_is_immutable() -> None:
    flu = real(FLU)
    with pytest.raises(dataclasses.FrozenInstanceError):
        flu.sla_business_days = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        flu.checklists[Stage.FIRST_REVIEW] = ()  # type: ignore[index]


# ------------------------------------------------------------------ double-check policy


def test_all_and_none_policies() -> None:
    keys = [f"K-{i}" for i in range(200)]
    assert all(DoubleCheckPolicy("all", 1.0).requires_check(k) for k in keys)
    assert not any(DoubleCheckPolicy("none", 0.0).requires_check(k) for k in keys)


def test_sample_policy_is_deterministic_and_near_the_rate() -> None:
    keys = [f"2025-{i:06d}" for i in range(10_000)]
    policy = real(FLU).double_check
    first = [policy.requires_check(k) for k in keys]
    again = [DoubleCheckPolicy("sample", 0.2).requires_check(k) for k in keys]
    assert first == again
    share = sum(first) / len(keys)
    assert abs(share - 0.2) <= 0.02


@pytest.mark.parametrize("rate", [0.05, 0.5, 0.9])
def test_sample_policy_follows_other_rates(rate: float) -> None:
    keys = [f"case-{i}" for i in range(10_000)]
    share = sum(DoubleCheckPolicy("sample", rate).requires_check(k) for k in keys) / len(keys)
    assert abs(share - rate) <= 0.02


def test_sample_policy_uses_the_sha256_prefix() -> None:
    policy = DoubleCheckPolicy("sample", 0.3)
    for key in ("A-1", "A-2", "受付-0001", ""):
        value = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
        assert policy.requires_check(key) == (value < 0.3)
    assert not any(DoubleCheckPolicy("sample", 0.0).requires_check(f"{i}") for i in range(500))
    assert all(DoubleCheckPolicy("sample", 1.0).requires_check(f"{i}") for i in range(500))


# ------------------------------------------------------------------------ broken files


def test_toml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    text = real_text(FLU)
    line = text.splitlines().index("version = 1") + 1
    err = load_broken(tmp_path, FLU, replace_once(text, "version = 1\n", "version = \n"))
    assert err.params["line"] == line
    assert f"line {line}" in err.message_en
    assert f"{line} 行" in err.message_ja
    assert "TOML" in err.message_ja


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / f"{FLU}.toml"
    path.write_bytes(real_text(FLU).encode("utf-8").replace("氏名".encode(), "氏名".encode("cp932")))
    with pytest.raises(ProcedureError) as info:
        load_procedure(path)
    assert "UTF-8" in info.value.message_ja and str(path) in info.value.message_en


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProcedureError) as info:
        load_procedure(tmp_path / "nothing.toml")
    assert "nothing.toml" in info.value.message_en


Edit = Callable[[str], str]


def _field_edit(field_id: str, old: str, new: str) -> Edit:
    return lambda t: replace_after(t, f'id = "{field_id}"\n', old, new)


BROKEN: list[tuple[str, str, Edit, str, str]] = [
    # (id, procedure, edit, expected key, a word the English message contains)
    ("missing_key", FLU, lambda t: replace_once(t, "sla_business_days = 5\n", ""),
     "sla_business_days", "missing"),
    ("missing_nested_key", FLU, _field_edit("address", 'label_en = "Address"\n', ""),
     f"fields[{field_index(FLU, 'address')}].label_en", "missing"),
    ("wrong_type", FLU, lambda t: replace_once(t, "version = 1\n", 'version = "1"\n'),
     "version", "integer"),
    ("wrong_type_boolean", FLU,
     lambda t: replace_once(t, "is_administrative_decision = true", "is_administrative_decision = 1"),
     "is_administrative_decision", "boolean"),
    ("wrong_type_in_checklist", COMMUTER,
     lambda t: replace_once(t, 'key = "distance_rule"', "key = 3"),
     "checklist.first_review[2].key", "string"),
    ("unknown_top_level_key", FLU,
     lambda t: replace_once(t, "sla_business_days = 5", "sla_busines_days = 5"),
     "sla_busines_days", "sla_business_days"),
    ("unknown_field_key", FLU, _field_edit("phone", "label_en =", "lable_en ="),
     f"fields[{field_index(FLU, 'phone')}].lable_en", "label_en"),
    ("unknown_field_type", FLU, _field_edit("phone", 'type = "phone"', 'type = "telephone"'),
     f"fields[{field_index(FLU, 'phone')}].type", "telephone"),
    ("duplicate_field_id", FLU, lambda t: replace_once(t, 'id = "proxy_phone"', 'id = "phone"'),
     f"fields[{field_index(FLU, 'proxy_phone')}].id", "duplicate"),
    ("duplicate_checklist_key", FLU,
     lambda t: replace_once(t, 'key = "no_duplicate_issuance"', 'key = "age_condition"'),
     "checklist.first_review[5].key", "duplicate"),
    ("duplicate_defect_code", FLU,
     lambda t: replace_once(t, 'code = "illegible"', 'code = "missing_documents"'),
     "defect_codes[1].code", "duplicate"),
    ("duplicate_refusal_code", COMMUTER,
     lambda t: replace_once(t, 'code = "deadline_passed"', 'code = "household_not_eligible"'),
     "refusal_reasons[5].code", "duplicate"),
    ("duplicate_notice_key", MOVE_IN,
     lambda t: replace_once(t, 'key = "correction_request"', 'key = "reservation_confirmation"'),
     "notices[1].key", "duplicate"),
    ("duplicate_choice", FLU,
     lambda t: replace_once(t, '["ウェブ", "電話", "郵送"]', '["ウェブ", "電話", "ウェブ"]'),
     f"fields[{field_index(FLU, 'application_route')}].choices[2]", "duplicate"),
    ("choice_without_choices", FLU,
     lambda t: replace_once(t, '["ウェブ", "電話", "郵送"]', "[]"),
     f"fields[{field_index(FLU, 'application_route')}].choices", "choice"),
    ("choices_on_text_field", FLU,
     _field_edit("proxy_name", "max_length = 60", 'choices = ["a"]'),
     f"fields[{field_index(FLU, 'proxy_name')}].choices", "not allowed"),
    ("min_above_max", MOVE_IN, _field_edit("household_members", "min = 1", "min = 30"),
     f"fields[{field_index(MOVE_IN, 'household_members')}].max", "less than min"),
    ("bad_field_id", FLU, lambda t: replace_once(t, 'id = "proxy_kana"', 'id = "Proxy-Kana"'),
     f"fields[{field_index(FLU, 'proxy_kana')}].id", "identifier"),
    ("invalid_regex", FLU, lambda t: replace_once(t, '"^[0-9]{10}$"', '"^[0-9{10}$"'),
     f"fields[{field_index(FLU, 'insured_number')}].pattern", "regular expression"),
    ("applicant_unknown_field", FLU,
     lambda t: replace_once(t, 'phone = "phone"', 'phone = "telephone"'),
     "applicant.phone", "telephone"),
    ("applicant_wrong_field_type", FLU,
     lambda t: replace_once(t, 'name = "applicant_name"', 'name = "applicant_kana"'),
     "applicant.name", "kana"),
    ("rate_above_one", FLU, lambda t: replace_once(t, "rate = 0.2", "rate = 1.5"),
     "double_check.rate", "between 0 and 1"),
    ("rate_below_zero", FLU, lambda t: replace_once(t, "rate = 0.2", "rate = -0.1"),
     "double_check.rate", "between 0 and 1"),
    ("rate_contradicts_mode", COMMUTER, lambda t: replace_once(t, "rate = 1.0", "rate = 0.5"),
     "double_check.rate", "mode"),
    ("unknown_double_check_mode", FLU,
     lambda t: replace_once(t, 'mode = "sample"', 'mode = "random"'),
     "double_check.mode", "random"),
    ("sla_zero", FLU,
     lambda t: replace_once(t, "sla_business_days = 5", "sla_business_days = 0"),
     "sla_business_days", "at least 1"),
    ("sla_negative", COMMUTER,
     lambda t: replace_once(t, "sla_business_days = 10", "sla_business_days = -3"),
     "sla_business_days", "at least 1"),
    ("correction_days_zero", MOVE_IN,
     lambda t: replace_once(t, "correction_business_days = 3", "correction_business_days = 0"),
     "correction_business_days", "at least 1"),
    ("no_refusal_reasons_for_administrative_decision", FLU,
     lambda t: drop_tables(t, "refusal_reasons"), "refusal_reasons", "refusal reason"),
    ("empty_refusal_reasons_for_administrative_decision", FLU,
     lambda t: replace_once(
         drop_tables(t, "refusal_reasons"),
         "allows_individual_number = false\n",
         "allows_individual_number = false\nrefusal_reasons = []\n",
     ),
     "refusal_reasons", "refusal reason"),
    ("appeal_none_for_administrative_decision", FLU,
     lambda t: replace_once(t, 'variant = "both"', 'variant = "none"'),
     "appeal.variant", "is_administrative_decision = true"),
    ("administrative_subsidy_without_appeal", COMMUTER,
     lambda t: replace_once(
         t, "is_administrative_decision = false", "is_administrative_decision = true"),
     "appeal.variant", "is_administrative_decision = true"),
    ("appeal_text_for_non_decision", FLU,
     lambda t: replace_once(
         t, "is_administrative_decision = true", "is_administrative_decision = false"),
     "appeal.variant", "is_administrative_decision = false"),
    ("appeal_text_with_variant_none", MOVE_IN,
     lambda t: replace_once(t, 'variant = "none"', 'variant = "none"\ntext = "不服申立て"'),
     "appeal.text", "empty"),
    ("unknown_appeal_variant", FLU,
     lambda t: replace_once(t, 'variant = "both"', 'variant = "both_routes"'),
     "appeal.variant", "review_first"),
    ("unknown_appeal_placeholder", FLU,
     lambda t: replace_once(t, "{review_authority}に対して", "{authority}に対して"),
     "appeal.text", "{authority}"),
    ("unknown_notice_event", FLU,
     lambda t: replace_after(t, 'key = "certificate"', 'on = "approved"', 'on = "approve"'),
     "notices[0].on", "approve"),
    ("refusal_without_refusal_notice", FLU,
     lambda t: replace_after(t, 'key = "refusal"', 'on = "rejected"', 'on = "approved"'),
     "notices", "rejected"),
    ("double_check_without_checklist", MOVE_IN,
     lambda t: replace_once(t, '[double_check]\nmode = "none"', '[double_check]\nmode = "all"'),
     "checklist.double_check", "at least one item"),
    ("missing_double_check_checklist", MOVE_IN,
     lambda t: replace_once(t, "double_check = []\n", ""),
     "checklist.double_check", "missing"),
    ("individual_number_not_allowed", FLU,
     _field_edit("phone", 'type = "phone"', 'type = "mynumber"'),
     f"fields[{field_index(FLU, 'phone')}].type", "individual number"),
    ("bad_procedure_code", FLU,
     lambda t: replace_once(t, 'code = "flu-free-certificate"', 'code = "Flu Free"'),
     "code", "identifier"),
]


@pytest.mark.parametrize(
    ("code", "edit", "key", "word"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_broken_file_names_file_and_key(
    tmp_path: Path, code: str, edit: Edit, key: str, word: str
) -> None:
    err = load_broken(tmp_path, code, edit(real_text(code)))
    assert_key(err, key)
    assert word in err.message_en


def test_unknown_key_suggests_the_intended_one(tmp_path: Path) -> None:
    err = load_broken(tmp_path, FLU, _field_edit("phone", "label_en =", "lable_en =")(real_text(FLU)))
    assert "label_en" in err.message_ja and "誤り" in err.message_ja
    assert 'id = "phone"' in err.message_ja  # names the entry, not only its index
    assert 'id = "phone"' in err.message_en


def test_checklist_value_of_wrong_type_is_reported(tmp_path: Path) -> None:
    text = replace_once(real_text(MOVE_IN), "double_check = []", 'double_check = "none"')
    err = load_broken(tmp_path, MOVE_IN, text)
    assert_key(err, "checklist.double_check")


def test_first_problem_is_reported(tmp_path: Path) -> None:
    text = replace_once(real_text(FLU), "sla_business_days = 5", "sla_business_days = 0")
    text = replace_once(text, "rate = 0.2", "rate = 7")
    err = load_broken(tmp_path, FLU, text)
    assert_key(err, "sla_business_days")


def test_messages_are_bilingual(tmp_path: Path) -> None:
    text = replace_once(real_text(FLU), "sla_business_days = 5", "sla_business_days = 0")
    err = load_broken(tmp_path, FLU, text)
    assert "1 以上" in err.message_ja
    assert "at least 1" in err.message_en
    assert err.message("en") == err.message_en


# --------------------------------------------------------------------- load_procedures


def test_code_must_equal_file_stem(tmp_path: Path) -> None:
    (tmp_path / "other.toml").write_text(real_text(FLU), encoding="utf-8")
    with pytest.raises(ProcedureError) as info:
        load_procedures(tmp_path)
    err = info.value
    assert_key(err, "code")
    assert "other.toml" in err.message_ja and "other.toml" in err.message_en


def test_duplicate_codes_are_an_error(tmp_path: Path) -> None:
    (tmp_path / f"{FLU}.toml").write_text(real_text(FLU), encoding="utf-8")
    (tmp_path / "flu-copy.toml").write_text(real_text(FLU), encoding="utf-8")
    with pytest.raises(ProcedureError) as info:
        load_procedures(tmp_path)
    err = info.value
    assert_key(err, "code")
    assert "flu-copy.toml" in err.message_en
    assert f"{FLU}.toml" in err.message_en


def test_broken_file_in_directory_stops_loading(tmp_path: Path) -> None:
    for code in CODES:
        (tmp_path / f"{code}.toml").write_text(real_text(code), encoding="utf-8")
    text = replace_once(real_text(COMMUTER), "rate = 1.0", "rate = 2.0")
    (tmp_path / f"{COMMUTER}.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ProcedureError) as info:
        load_procedures(tmp_path)
    assert f"{COMMUTER}.toml" in info.value.message_en


def test_other_files_are_ignored(tmp_path: Path) -> None:
    (tmp_path / f"{MOVE_IN}.toml").write_text(real_text(MOVE_IN), encoding="utf-8")
    (tmp_path / "README.md").write_text("not a procedure", encoding="utf-8")
    assert list(load_procedures(tmp_path)) == [MOVE_IN]


@pytest.mark.parametrize("make", [lambda p: p, lambda p: p / "missing"], ids=["empty", "absent"])
def test_empty_or_missing_directory(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    directory = make(tmp_path)
    with pytest.raises(ProcedureError) as info:
        load_procedures(directory)
    assert str(directory) in info.value.message_en
