"""``review-desk intake …`` end to end through :func:`desktop.cli.main`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.app import Services
from desktop.cli import main
from tests.conftest import PASSWORD, Users
from tests.intake.helpers import FLU, flu_row, write_csv


@pytest.fixture(autouse=True)
def _attachments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEW_DESK_ATTACHMENTS", str(tmp_path / "attachments"))
    monkeypatch.setenv("REVIEW_DESK_LANG", "ja")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_template_then_import_then_reimport(db_url: str, services: Services, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "t.csv"
    code, out, _ = _run(capsys, "--db", db_url, "intake", "template", "--procedure", FLU,
                        "-o", str(template))
    assert code == 0 and str(template) in out
    assert template.read_bytes().startswith("\ufeff受付番号,受付日時,氏名,".encode())

    path = write_csv(tmp_path / "export.csv", [flu_row(), flu_row(生年月日="不明")],
                     encoding="cp932")
    code, out, err = _run(capsys, "--db", db_url, "intake", "import", str(path),
                          "--procedure", FLU, "--json")
    assert code == 0, err
    report = json.loads(out)
    b = report["batch"]
    assert (b["received"], b["imported"], b["already_present"], b["quarantined"]) == (2, 1, 0, 1)
    assert (b["encoding"], b["actor"], b["status"]) == ("cp932", "system", "completed")
    [item] = report["quarantine"]
    assert item["row"] == 3 and item["reasons"][0]["code"] == "date"
    assert item["reasons"][0]["message_en"].startswith('row 3, column "生年月日"')
    assert Path(b["archive"]).read_bytes() == path.read_bytes()

    code, out, _ = _run(capsys, "--db", db_url, "intake", "import", str(path),
                        "--procedure", FLU, "--no-progress")
    assert code == 0
    assert "新規 0 件 / 登録済み 2 件" in out


def test_a_file_that_cannot_be_read_exits_non_zero_with_one_line(
        db_url: str, services: Services, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes("受付番号\r\n".encode("utf-16"))
    code, out, err = _run(capsys, "--db", db_url, "intake", "import", str(bad),
                          "--procedure", FLU, "--json")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "UTF-16" in err
    code, _, err = _run(capsys, "--db", db_url, "intake", "import", str(tmp_path / "none.csv"),
                        "--procedure", FLU)
    assert code == 1 and "none.csv" in err
    code, _, err = _run(capsys, "--db", db_url, "intake", "import", str(bad),
                        "--procedure", "no-such")
    assert code == 1 and "no-such" in err


def test_add_and_quarantine_commands_as_a_user(
        db_url: str, services: Services, users: Users, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    operator = users.operator
    monkeypatch.setenv("REVIEW_DESK_PASSWORD", PASSWORD)
    fields = tmp_path / "fields.json"
    fields.write_text(json.dumps({
        "applicant_name": "電話　花子", "applicant_kana": "デンワ　ハナコ",
        "applicant_birth_date": "昭和22年2月2日", "postal_code": "650-0001",
        "address": "神戸市中央区加納町6-5-1", "application_route": "電話",
        "eligibility_basis": "生活保護受給", "resident_on_jan1": True, "is_proxy": False,
    }, ensure_ascii=False), encoding="utf-8")
    code, out, err = _run(capsys, "--db", db_url, "intake", "add", "--procedure", FLU,
                          "--json-fields", str(fields), "--user", operator.name, "--json")
    assert code == 0, err
    case = json.loads(out)["case"]
    assert case["source"] == "phone" and case["status"] == "received"
    assert case["receipt_number"].startswith("PHONE-")

    fields.write_text(json.dumps({"applicant_name": ""}), encoding="utf-8")
    code, _, err = _run(capsys, "--db", db_url, "intake", "add", "--procedure", FLU,
                        "--json-fields", str(fields), "--user", operator.name)
    assert code == 1 and "必須項目「氏名」が空です" in err

    path = write_csv(tmp_path / "q.csv", [flu_row(生年月日="不明"), flu_row(申請方法="FAX")])
    _run(capsys, "--db", db_url, "intake", "import", str(path), "--procedure", FLU)
    code, out, _ = _run(capsys, "--db", db_url, "intake", "quarantine", "list", "--json",
                        "--user", operator.name)
    items = sorted(json.loads(out)["items"], key=lambda i: i["row"])
    assert [i["row"] for i in items] == [2, 3]
    assert items[0]["raw"]["values"]["生年月日"] == "不明"
    code, out, err = _run(capsys, "--db", db_url, "intake", "quarantine", "resubmit",
                          str(items[0]["id"]), "--set", "生年月日=S30.4.1", "--json",
                          "--user", operator.name)
    assert code == 0, err
    assert json.loads(out)["case_number"].startswith("FFC-")
    code, _, err = _run(capsys, "--db", db_url, "intake", "quarantine", "resubmit",
                        str(items[1]["id"]), "--set", "申請方法=ファックス",
                        "--user", operator.name)
    assert code == 1 and "まだ" in err
    code, out, _ = _run(capsys, "--db", db_url, "intake", "quarantine", "discard",
                        str(items[1]["id"]), "--reason", "重複申請", "--user", operator.name)
    assert code == 0
    code, out, _ = _run(capsys, "--db", db_url, "intake", "batches", "--json")
    [batch] = json.loads(out)["batches"]
    assert batch["quarantined"] == 2


def test_watch_once_imports_and_saves_the_setting(
        db_url: str, services: Services, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_csv(inbox / "a.csv", [flu_row()])
    (inbox / "a.csv.done").write_text("")
    code, out, err = _run(capsys, "--db", db_url, "intake", "watch", str(inbox), "--procedure",
                          FLU, "--once", "--save", "--json")
    assert code == 0, err
    line = json.loads(out.strip().splitlines()[0])
    assert (line["file"], line["outcome"]) == ("a.csv", "processed")
    assert line["report"]["batch"]["imported"] == 1
    assert services.intake.watch_setting() == {
        "directory": str(inbox), "procedure": FLU, "profile": None, "interval_seconds": 10.0}
    write_csv(inbox / "b.csv", [flu_row()])
    (inbox / "b.csv.ok").write_text("")
    code, out, _ = _run(capsys, "--db", db_url, "intake", "watch", "--once")  # from the setting
    assert code == 0 and out.startswith("processed\tb.csv\t新規 1 件")
