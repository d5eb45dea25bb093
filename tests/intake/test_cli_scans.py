"""``review-desk intake scans …`` end to end through :func:`desktop.cli.main`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.app import Services
from desktop.cli import main
from tests.conftest import PASSWORD, Users
from tests.intake.scan_samples import FLU, image_bytes, pdf_bytes


@pytest.fixture(autouse=True)
def _attachments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEW_DESK_ATTACHMENTS", str(tmp_path / "attachments"))
    monkeypatch.setenv("REVIEW_DESK_LANG", "ja")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_register_a_folder_then_again_then_list_and_discard(
        db_url: str, services: Services, users: Users, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(pdf_bytes("a"))
    (folder / "b.png").write_bytes(image_bytes(2))
    (folder / "c.pdf").write_bytes(b"garbage")
    code, out, err = _run(capsys, "--db", db_url, "intake", "scans", str(folder),
                          "--procedure", FLU, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert {k: report[k] for k in ("received", "registered", "already_present", "problems")} \
        == {"received": 3, "registered": 2, "already_present": 0, "problems": 1}
    bad = next(f for f in report["files"] if f["name"] == "c.pdf")
    assert bad["outcome"] == "problem" and bad["reasons"][0]["code"] == "scan_type"

    code, out, _ = _run(capsys, "--db", db_url, "intake", "scans", str(folder),
                        "--procedure", FLU, "--move")
    assert code == 0
    assert "新規 0 件 / 登録済み 3 件" in out
    assert sorted(p.name for p in (folder / "processed").iterdir()) == ["a.pdf", "b.png"]

    code, out, _ = _run(capsys, "--db", db_url, "intake", "scans-waiting", "--json")
    assert code == 0
    listed = json.loads(out)
    assert listed["total"] == 2
    assert [i["file_name"] for i in listed["items"]] == ["a.pdf", "b.png"]
    code, out, _ = _run(capsys, "--db", db_url, "intake", "scans-waiting", "--problems")
    assert code == 0 and "c.pdf" in out and "PDF・TIFF・JPEG・PNG" in out

    operator = users.operator
    monkeypatch.setenv("REVIEW_DESK_PASSWORD", PASSWORD)
    code, out, err = _run(capsys, "--db", db_url, "intake", "scans-discard", str(bad["scan_id"]),
                          "--reason", "読めないファイル", "--user", operator.name, "--json")
    assert code == 0, err
    item = json.loads(out)["item"]
    assert (item["status"], item["resolved_by"]) == ("discarded", operator.name)


def test_a_folder_that_cannot_be_read_exits_non_zero_with_one_line(
        db_url: str, services: Services, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--db", db_url, "intake", "scans", str(tmp_path / "nope"),
                          "--procedure", FLU)
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "nope" in err
