"""``review-desk notices …`` for scheduled runs (both databases)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.app import Services
from desktop.cli import main
from tests.conftest import PASSWORD, Users
from tests.notices import pdftools, samples
from tests.notices.workflow import decided


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_batch_and_reprint_from_the_command_line(
        services: Services, users: Users, db_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEW_DESK_PASSWORD", PASSWORD)
    staff = users.print_staff
    cases = [decided(services, users.operator, users.checker, samples.FLU, d)
             for d in ("approve", "reject")]
    today = services.ctx.today().isoformat()
    code, out, err = _run(capsys, "--db", db_url, "notices", "batch", "--user", staff.name,
                          "--procedure", samples.FLU, "--decided-on", today,
                          "--out", str(tmp_path / "out"), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert {c["case"] for c in data["cases"]} == {c.number for c in cases}
    assert data["sheets"] == sum(c["sheets"] for c in data["cases"])
    [file] = data["files"]
    assert pdftools.pages(Path(file)) == data["sheets"]
    assert data["skipped"] == [] and data["failed"] == [] and isinstance(data["batch"], int)

    code, out, err = _run(capsys, "--db", db_url, "notices", "reprint", cases[1].number,
                          "--user", staff.name, "--reason", "宛先不明で返戻、住所確認済み",
                          "--out", str(tmp_path / "re"), "--json")
    assert code == 0, err
    [reprinted] = json.loads(out)["cases"]
    assert reprinted["generation"] == 1 and reprinted["case"] == cases[1].number

    code, out, err = _run(capsys, "--db", db_url, "notices", "log", "--user", staff.name,
                          "--json")
    assert code == 0, err
    log = json.loads(out)["log"]
    assert [e["reason"] for e in log] == ["宛先不明で返戻、住所確認済み", None]

    code, out, _ = _run(capsys, "--db", db_url, "notices", "unconfirmed", "--user",
                        staff.name, "--json")
    assert code == 0 and len(json.loads(out)["unconfirmed"]) == 2


def test_a_skipped_notice_makes_the_run_fail(
        services: Services, users: Users, db_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEW_DESK_PASSWORD", PASSWORD)
    decided(services, users.operator, users.checker, samples.MOVE_IN, "approve",
            applicant_name="\ue000山　花子")
    code, out, err = _run(capsys, "--db", db_url, "notices", "batch", "--user",
                          users.print_staff.name, "--procedure", samples.MOVE_IN,
                          "--out", str(tmp_path), "--json")
    assert code == 1
    assert json.loads(out)["skipped"][0]["code"] == "missing_glyph"
    assert "U+E000" in err


def test_calibrate_needs_no_database(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    ) -> None:
    code, out, err = _run(capsys, "notices", "calibrate", "--out", str(tmp_path))
    assert code == 0, err
    pdf = Path(out.strip())
    assert pdf.exists() and pdftools.pages(pdf) == 1
