"""``review-desk report monthly`` and ``review-desk export cases`` as a script uses them:
files written, a JSON summary on stdout, exit codes, one-line errors, audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from desktop.app import Services
from desktop.cli import EXIT_DENIED
from desktop.domain.decisions import DecisionKind
from desktop.domain.permissions import Role
from tests.conftest import FakeClock, Users
from tests.integration.helpers import FLU, MOVE_IN, audit_entries, create
from tests.integration.test_cli import Run, cli, run_main
from tests.integration.test_reports import Seeder, jst
from tests.notices import pdftools

RunCli = Callable[..., Run]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        db_url: str) -> RunCli:
    """``desktop.cli.main`` in this process on the test's database."""
    def go(*args: str, **kw: Any) -> Run:
        return run_main(capsys, monkeypatch, db_url, *args, **kw)
    return go


def test_monthly_report_writes_xlsx_and_pdf(services: Services, users: Users,
                                            clock: FakeClock, run: RunCli,
                                            tmp_path: Path) -> None:
    s = Seeder(services, clock, users.operator, users.checker, users.supervisor)
    decided = s.receive(jst(10, 1))
    s.decide(decided, DecisionKind.APPROVE, jst(10, 2))
    s.receive(jst(10, 30))
    xlsx, pdf = tmp_path / "r.xlsx", tmp_path / "r.pdf"
    done = run("report", "monthly", "--procedure", FLU, "--month", "令和8年10月",
                    "--xlsx", str(xlsx), "--pdf", str(pdf), "--json")
    assert done.code == 0, done.err
    data = json.loads(done.out)
    assert data["month"] == "2026-10" and data["month_label"] == "令和8年10月"
    assert data["figures"] == {
        "month": "2026-10", "received": 2, "decided": 1, "approved": 1, "rejected": 0,
        "withdrawn": 0, "returned": 0, "within_sla": 1, "sla_attainment": 1.0,
        "average_days": 1.0, "p90_days": 1, "max_days": 1}
    assert [t["month"] for t in data["trend"]][-2:] == ["2026-09", "2026-10"]
    assert data["closed_weekdays"] == [{"date": "2026-10-12", "name": "スポーツの日"}]
    assert data["files"] == {"xlsx": str(xlsx), "pdf": str(pdf), "pdf_pages": 1}
    assert load_workbook(xlsx)["概要"]["A1"].value == "月次業務報告書（令和8年10月分）"
    assert "（令和8年10月分）" in pdftools.text(pdf)
    assert [e.actor for e in audit_entries(services) if e.action == "report_monthly"] == [
        "system"]

    text = run("report", "monthly", "--procedure", FLU, "--month", "2026-10")
    assert text.code == 0 and text.out.startswith("令和8年10月 flu-free-certificate: 受付 2 件")


def test_report_refusals_are_one_line(users: Users, run: RunCli, tmp_path: Path) -> None:
    op = users.operator
    denied = run("report", "monthly", "--procedure", FLU, "--month", "2026-10",
                      "--user", op.name)
    assert denied.code == EXIT_DENIED and "report.view" in denied.one_line_error()
    for month in ("2026-13", "来月", "2099-01"):
        bad = run("report", "monthly", "--procedure", FLU, "--month", month)
        assert bad.code == 1 and bad.out == "", month
        bad.one_line_error()
    unknown = run("report", "monthly", "--procedure", "nope", "--month", "2026-10")
    assert unknown.code == 1 and "nope" in unknown.one_line_error()
    nowhere = run("report", "monthly", "--procedure", FLU, "--month", "2026-10",
                       "--xlsx", str(tmp_path / "missing" / "r.xlsx"), lang="en")
    assert nowhere.code == 1 and "cannot write" in nowhere.one_line_error()


def test_export_cases_csv(services: Services, users: Users, run: RunCli,
                          tmp_path: Path) -> None:
    op, sv = users.operator, users.make(Role.SUPERVISOR)
    first = create(services, op, applicant_name="=1+1")
    out = tmp_path / "cases.csv"
    done = run("export", "cases", "--procedure", MOVE_IN, "--csv", str(out),
                    "--encoding", "cp932", "--user", sv.name, "--json")
    assert done.code == 0, done.err
    data = json.loads(done.out)
    assert data["rows"] == 1 and data["encoding"] == "cp932" and data["neutralised"] == 1
    assert data["include_mynumber"] is False and data["bytes"] == out.stat().st_size
    assert "'=1+1" in out.read_bytes().decode("cp932")

    bad = create(services, op, applicant_name="𠮷野 家")
    refused = run("export", "cases", "--procedure", MOVE_IN, "--csv", str(out),
                       "--encoding", "cp932")
    line = refused.one_line_error()
    assert refused.code == 1 and bad.number in line and "𠮷" in line and "U+20BB7" in line
    mynumber = run("export", "cases", "--procedure", MOVE_IN, "--csv", str(out),
                        "--include-mynumber", "--user", sv.name)
    assert mynumber.code == EXIT_DENIED and "case.export.mynumber" in mynumber.one_line_error()
    as_text = run("export", "cases", "--procedure", MOVE_IN, "--csv", str(out),
                       "--from", "令和8年11月1日", lang="en")
    assert as_text.code == 0 and as_text.out.startswith(f"wrote 2 cases to {out}")
    assert first.number in out.read_text(encoding="utf-8-sig")


@pytest.mark.slow
def test_the_installed_command_runs_end_to_end(services: Services, users: Users,
                                               db_url: str, tmp_path: Path) -> None:
    create(services, users.operator)
    out = tmp_path / "e2e.csv"
    done = cli(db_url, "export", "cases", "--procedure", MOVE_IN, "--csv", str(out), "--json")
    assert done.code == 0, done.err
    assert json.loads(done.out)["rows"] == 1 and out.exists()
