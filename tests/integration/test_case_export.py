"""CSV export of case lists for the city, read back the way a spreadsheet would get it:
formula cells neutralised for every dangerous first character, UTF-8 with BOM or cp932
(a character cp932 lacks is a clear error and no file), the individual number only when
allowed and audited, pages streamed in id order, hostile names intact."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from desktop.app import Services
from desktop.domain.errors import InvalidInput, NotFound, PermissionDenied
from desktop.domain.permissions import Actor
from desktop.domain.procedures import Procedure
from desktop.services.case_export import (
    FIXED_COLUMNS,
    FORMULA_TRIGGERS,
    CaseExportService,
    UnencodableCharacter,
    export_fields,
    neutralise,
)
from desktop.services.context import JST
from desktop.services.new_case import CaseCreationService, build_new_case
from tests.conftest import FakeClock, Users
from tests.integration.helpers import MOVE_IN, audit_entries, create, move_in_fields
from tests.naughty import naughty_strings
from tests.number_procedure import number_procedure, with_procedure

NAME = "届出人氏名"  # the move-in form's label of applicant_name
VALID_NUMBER = "123456789018"


def read_csv(path: Path, encoding: str = "utf-8-sig") -> list[list[str]]:
    text = path.read_bytes().decode(encoding)
    return list(csv.reader(io.StringIO(text, newline="")))


def by_number(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    header, *body = rows
    assert all(len(r) == len(header) for r in body)
    return {r[0]: dict(zip(header, r, strict=True)) for r in body}


def test_every_formula_trigger_is_neutralised(services: Services, users: Users,
                                              tmp_path: Path) -> None:
    op, sv = users.operator, users.supervisor
    names = {t: f"{t}HYPERLINK(\"http://evil.example\",\"x\")" for t in FORMULA_TRIGGERS}
    names["middle"] = "山田=太郎+1"
    names["full-width"] = "＝SUM(A1)"
    cases = {key: create(services, op, applicant_name=name) for key, name in names.items()}
    result = services.export.export_cases(sv, MOVE_IN, tmp_path / "cases.csv")
    raw = (tmp_path / "cases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = by_number(read_csv(tmp_path / "cases.csv"))
    assert len(rows) == result.rows == len(names)
    for key, case in cases.items():
        shown = rows[case.number][NAME]
        if key in FORMULA_TRIGGERS:
            assert shown == "'" + names[key], key
        else:
            assert shown == names[key], key
    assert result.neutralised == len(FORMULA_TRIGGERS)
    assert {neutralise(t + "x")[0] for t in FORMULA_TRIGGERS} == {"'"}
    assert neutralise("") == "" and neutralise("1-2") == "1-2"


def test_columns_values_and_audit(services: Services, users: Users, clock: FakeClock,
                                  tmp_path: Path) -> None:
    op, sv = users.operator, users.supervisor
    received = datetime(2026, 11, 24, 23, 30, tzinfo=JST)
    case = create(services, op, received_at=received)
    target = tmp_path / "all.csv"
    result = services.export.export_cases(sv, MOVE_IN, target)
    procedure = services.ctx.procedure(MOVE_IN)
    header, row = read_csv(target)
    assert tuple(header) == result.columns == (*FIXED_COLUMNS,
                                               *(f.label for f in procedure.fields))
    values = dict(zip(header, row, strict=True))
    assert values["案件番号"] == case.number and values["状態"] == "受付"
    assert values["受付日時"] == "2026-11-24 23:30" and values["決定日時"] == ""
    assert values["処理期限"] == case.due_date.isoformat()
    assert values[NAME] == "鈴木 一郎" and values["異動する人数"] == "2"
    assert result.sha256 == hashlib.sha256(target.read_bytes()).hexdigest()
    assert result.size == target.stat().st_size
    entries = [(e.action, e.details) for e in audit_entries(services, stream=f"user:{sv.name}")]
    details = {"procedure": MOVE_IN, "file": "all.csv", "encoding": "utf-8-sig",
               "include_mynumber": False, "mynumber_fields": [], "received_from": "",
               "received_to": ""}
    assert entries == [("export_cases", details),
                       ("export_cases_done", {**details, "rows": 1, "sha256": result.sha256})]


def test_cp932_writes_windows_japanese_and_refuses_what_it_cannot_hold(
        services: Services, users: Users, tmp_path: Path) -> None:
    op, sv = users.operator, users.supervisor
    kept = create(services, op, applicant_name="髙橋 ①子", address="神戸市中央区〜1−2")
    target = tmp_path / "out" / "sjis.csv"
    target.parent.mkdir()
    result = services.export.export_cases(sv, MOVE_IN, target, encoding="cp932")
    raw = target.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and result.rows == 1
    row = by_number(read_csv(target, "cp932"))[kept.number]
    assert row[NAME] == "髙橋 ①子"
    assert row["新住所（転入先）"] == "神戸市中央区～1－2"  # same JIS codes, Windows' Unicode

    bad = create(services, op, applicant_name="𠮷田 太郎")
    nbsp = create(services, op, applicant_name="山田\u00a0花子")
    target.unlink()
    with pytest.raises(UnencodableCharacter) as caught:
        services.export.export_cases(sv, MOVE_IN, target, encoding="cp932")
    error = caught.value
    assert error.params["case"] == bad.number and error.params["column"] == NAME
    assert error.params["char"] == "𠮷" and error.params["code_point"] == "U+20BB7"
    assert error.params["count"] == 2
    assert error.params["problems"][1]["case"] == nbsp.number
    message = error.message("ja")
    assert bad.number in message and NAME in message and "𠮷" in message
    assert "ほかに 1 件" in message and "ファイルは作成していません" in message
    assert "no-break space" not in message  # only the first is named …
    assert "cannot be written in cp932" in error.message("en")
    assert not target.exists() and list(target.parent.iterdir()) == []  # … and nothing left
    actions = [e.action for e in audit_entries(services, stream=f"user:{sv.name}")]
    assert actions[-2:] == ["export_cases", "export_cases_failed"]
    utf8 = services.export.export_cases(sv, MOVE_IN, target)
    assert utf8.rows == 3 and by_number(read_csv(target))[bad.number][NAME] == "𠮷田 太郎"


@pytest.fixture
def numbered(services: Services, tmp_path: Path) -> tuple[Services, Procedure]:
    """Services knowing a copy of the flu procedure that holds the individual number."""
    procedure = number_procedure(tmp_path)
    ctx = with_procedure(services.ctx, procedure)
    return dataclasses.replace(services, ctx=ctx, cases=CaseCreationService(ctx)), procedure


def test_individual_number_only_when_allowed_and_audited(
        numbered: tuple[Services, Procedure], users: Users, tmp_path: Path) -> None:
    services, procedure = numbered
    export = CaseExportService(services.ctx)
    op, sv, admin = users.operator, users.supervisor, users.admin
    case = services.cases.create(op, procedure.code,
                                 {"applicant_name": "山田 太郎",
                                  "individual_number": VALID_NUMBER},
                                 source="web", receipt_number="N-1")
    assert "個人番号" not in [f.label for f in export_fields(procedure, False)]

    plain = export.export_cases(sv, procedure.code, tmp_path / "plain.csv")
    assert "個人番号" not in plain.columns
    assert VALID_NUMBER.encode() not in (tmp_path / "plain.csv").read_bytes()

    with pytest.raises(PermissionDenied):
        export.export_cases(sv, procedure.code, tmp_path / "sv.csv", include_mynumber=True)
    assert not (tmp_path / "sv.csv").exists()
    sv_log = [(e.action, e.details) for e in audit_entries(services, stream=f"user:{sv.name}")]
    assert sv_log[-1] == ("permission_denied", {"permission": "case.export.mynumber"})

    full = export.export_cases(admin, procedure.code, tmp_path / "full.csv",
                               include_mynumber=True, encoding="cp932")
    assert full.include_mynumber and full.columns[-1] == "個人番号"
    assert by_number(read_csv(tmp_path / "full.csv", "cp932"))[case.number]["個人番号"] == (
        VALID_NUMBER)
    log = audit_entries(services, stream=f"user:{admin.name}")
    assert [e.action for e in log] == ["export_cases", "export_cases_done"]
    assert log[0].details["include_mynumber"] is True
    assert log[0].details["mynumber_fields"] == ["individual_number"]
    assert log[1].details["rows"] == 1 and log[1].details["sha256"] == full.sha256
    assert VALID_NUMBER not in json.dumps([e.details for e in log])


def test_pages_stream_in_id_order_and_receipt_days_filter(
        services: Services, users: Users, tmp_path: Path) -> None:
    op, sv = users.operator, users.supervisor
    days = [datetime(2026, 11, d, 9, tzinfo=JST) for d in (2, 2, 4, 5, 5, 5, 9, 10)]
    made = [create(services, op, received_at=at) for at in days]
    made.append(create(services, op, received_at=datetime(2026, 11, 5, 15, 30,
                                                          tzinfo=JST).astimezone(JST)))
    export = CaseExportService(services.ctx, page_size=3)
    everything = export.export_cases(sv, MOVE_IN, tmp_path / "all.csv")
    numbers = [r[0] for r in read_csv(tmp_path / "all.csv")[1:]]
    assert numbers == [c.number for c in made] and everything.rows == 9  # 3 full pages
    from_to = export.export_cases(sv, MOVE_IN, tmp_path / "some.csv",
                                  received_from=datetime(2026, 11, 4).date(),
                                  received_to=datetime(2026, 11, 5).date())
    assert from_to.rows == 5
    assert [r[0] for r in read_csv(tmp_path / "some.csv")[1:]] == [
        c.number for c in made if c.received_at.astimezone(JST).day in (4, 5)]


def test_refusals_are_clear(services: Services, users: Users, tmp_path: Path) -> None:
    sv = users.supervisor
    for who in (users.operator, users.checker):
        with pytest.raises(PermissionDenied):
            services.export.export_cases(who, MOVE_IN, tmp_path / "x.csv")
    with pytest.raises(InvalidInput, match="shift_jis"):
        services.export.export_cases(sv, MOVE_IN, tmp_path / "x.csv", encoding="shift_jis")
    with pytest.raises(NotFound):
        services.export.export_cases(sv, "no-such", tmp_path / "x.csv")
    with pytest.raises(InvalidInput):
        services.export.export_cases(sv, MOVE_IN, tmp_path / "x.csv",
                                     received_from=datetime(2026, 11, 5).date(),
                                     received_to=datetime(2026, 11, 4).date())
    missing = tmp_path / "no" / "such" / "folder.csv"
    with pytest.raises(InvalidInput) as caught:
        services.export.export_cases(sv, MOVE_IN, missing)
    assert str(missing) in caught.value.message("ja")
    assert not (tmp_path / "no").exists() and not (tmp_path / "x.csv").exists()


def _insert(services: Services, actor: Actor, names: list[str]) -> dict[int, str]:
    """Each name as a move-in case (name and address); index → case number. A name the
    database cannot hold is refused with InvalidInput (NUL), never a crash."""
    procedure = services.ctx.procedure(MOVE_IN)
    kept: dict[int, str] = {}
    now = services.ctx.now()
    with services.ctx.uow(write=True) as uow:
        for i, name in enumerate(names):
            try:
                new = build_new_case(procedure, move_in_fields(name=name, address=name),
                                     source="bulk", receipt_number=f"B-{i:05d}", received_at=now)
            except InvalidInput:
                continue
            kept[i] = services.cases.add(uow, actor, new, now).number
        uow.commit()
    return kept


@pytest.mark.slow
def test_naughty_strings_survive_export(services: Services, users: Users,
                                        tmp_path: Path) -> None:
    names = naughty_strings()
    kept = _insert(services, users.operator, names)
    assert len(kept) >= len(names) - 2  # only NUL-bearing strings may be refused
    sv = users.supervisor
    result = services.export.export_cases(sv, MOVE_IN, tmp_path / "blns.csv")
    rows = by_number(read_csv(tmp_path / "blns.csv"))
    assert result.rows == len(rows) == len(kept)
    for index, number in kept.items():
        assert rows[number][NAME] == neutralise(names[index]), index
        assert rows[number]["新住所（転入先）"] == neutralise(names[index]), index

    with pytest.raises(UnencodableCharacter) as caught:
        services.export.export_cases(sv, MOVE_IN, tmp_path / "blns-sjis.csv", encoding="cp932")
    problems = caught.value.params["problems"]

    def fails(text: str) -> bool:
        try:
            text.encode("cp932")
        except UnicodeEncodeError:
            return True
        return False

    first = next(number for index, number in sorted(kept.items()) if fails(names[index]))
    assert problems[0]["case"] == first and problems[0]["column"] == NAME
    assert all(fails(p["char"]) for p in problems)
    assert not (tmp_path / "blns-sjis.csv").exists()
