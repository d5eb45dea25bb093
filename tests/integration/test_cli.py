"""``review-desk`` (``python -m desktop``) as a person or a script uses it: exit codes,
JSON on stdout, one-line messages on stderr, never a traceback.

The end-to-end paths run the real command in a subprocess; the long list of refusals
runs ``desktop.cli.main`` in-process (same code, without the interpreter start-up) to
keep the suite fast.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from desktop.app import Services
from desktop.cli import main
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.era import format_era_date
from desktop.domain.permissions import Role
from desktop.domain.workflow import Stage
from desktop.persistence.models import AuditEntry
from desktop.services.context import JST
from tests.conftest import PASSWORD, Users
from tests.integration.helpers import (
    COMMUTER,
    MOVE_IN,
    approve_first_review,
    audit_entries,
    create,
    current,
    raw_connection,
    tick_required,
)

REPO = Path(__file__).resolve().parents[2]
BAD_PG = "postgresql://x@127.0.0.1:1/none"
PYCACHE = Path(tempfile.gettempdir()) / "review-desk-test-pycache"


@dataclass
class Run:
    args: tuple[str, ...]
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def one_line_error(self) -> str:
        """The single stderr line of a refusal (asserting there is exactly one)."""
        lines = self.err.strip().splitlines()
        assert len(lines) == 1, f"{self.args}: {self.err!r}"
        assert lines[0].startswith("review-desk: "), lines[0]
        return lines[0]


def _env(password: str | None = PASSWORD, lang: str | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REVIEW_DESK_")}
    # Byte-code cached outside the repository: start-up is most of a command's time.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    if password is not None:
        env["REVIEW_DESK_PASSWORD"] = password
    if lang is not None:
        env["REVIEW_DESK_LANG"] = lang
    env.update(extra)
    return env


def _start(db: str, *args: str, **env: Any) -> tuple[tuple[str, ...], subprocess.Popen[str]]:
    command = (sys.executable, "-m", "desktop", "--db", db, *args)
    proc = subprocess.Popen(command, cwd=REPO, env=_env(**env), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8", errors="strict")
    return args, proc


def _finish(started: tuple[tuple[str, ...], subprocess.Popen[str]]) -> Run:
    args, proc = started
    out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err, err
    return Run(args, proc.returncode, out, err)


def cli(db: str, *args: str, **env: Any) -> Run:
    """Run ``python -m desktop --db DB ARGS`` and wait for it."""
    return _finish(_start(db, *args, **env))


def side_by_side(*started: tuple[tuple[str, ...], subprocess.Popen[str]]) -> list[Run]:
    """Wait for commands started together (interpreter start-up dominates their time)."""
    return [_finish(s) for s in started]


def run_main(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: str,
             *args: str, password: str | None = PASSWORD, lang: str | None = None) -> Run:
    """``desktop.cli.main`` in this process, with the given environment."""
    for key in [k for k in os.environ if k.startswith("REVIEW_DESK_")]:
        monkeypatch.delenv(key)
    if password is not None:
        monkeypatch.setenv("REVIEW_DESK_PASSWORD", password)
    if lang is not None:
        monkeypatch.setenv("REVIEW_DESK_LANG", lang)
    code = main(["--db", db, *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return Run(args, code, captured.out, captured.err)


def _jst_today() -> date:
    return datetime.now(JST).date()


# ---------------------------------------------------------------- set-up from nothing


def test_init_and_user_add_on_a_fresh_sqlite_file(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "centre" / "review-desk.sqlite3")
    first = cli(db, "init", password=None)
    assert first.code == 0 and "（なし）" in first.out and "→" in first.out
    added = cli(db, "user", "add", "sato", "--role", "operator", "--display-name", "佐藤 一郎")
    assert added.code == 0 and "sato" in added.out and "operator" in added.out

    def run(*args: str, **kw: Any) -> Run:
        return run_main(capsys, monkeypatch, db, *args, **kw)

    stats = run("stats", "--json")
    assert stats.code == 0 and json.loads(stats.out) == {"total": 0, "procedures": {}}
    again = run("init", lang="en")
    assert again.code == 0 and "(none)" not in again.out  # upgrading again changes nothing
    dup = run("user", "add", "sato", "--role", "operator")
    assert dup.code == 1 and "sato" in dup.one_line_error()
    monkeypatch.setattr(sys, "stdin", io.StringIO())  # no terminal to ask for a password
    no_password = run("user", "add", "suzuki", "--role", "checker", password=None)
    assert no_password.code == 1 and "REVIEW_DESK_PASSWORD" in no_password.one_line_error()
    short = run("user", "add", "kato", "--role", "checker", password="short", lang="en")
    assert short.code == 1 and "at least 8" in short.one_line_error()
    signed_in = run("queue", "next", "--user", "sato", "--procedure", MOVE_IN)
    assert signed_in.code == 3  # the new account works: its queue is just empty


def test_database_problems_are_one_line_without_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    unreachable, folder = side_by_side(
        _start(BAD_PG, "queue", "next", "--user", "sato", "--procedure", MOVE_IN, "--json"),
        _start(str(tmp_path), "stats", lang="en"),  # a folder, not a database file
    )
    assert unreachable.code == 1 and unreachable.out == ""
    line = unreachable.one_line_error()
    assert "127.0.0.1:1/none" in line and "接続できません" in line
    assert folder.code == 1 and "cannot reach the database" in folder.one_line_error()

    for args in (("init",), ("stats", "--json"), ("audit", "verify")):
        run = run_main(capsys, monkeypatch, BAD_PG, *args)
        assert run.code == 1 and run.out == "", run
        assert "127.0.0.1:1/none" in run.one_line_error()
    uninitialised = run_main(capsys, monkeypatch, str(tmp_path / "empty.sqlite3"), "stats",
                             lang="en")
    assert uninitialised.code == 1 and "review-desk init" in uninitialised.one_line_error()


# ----------------------------------------------------------------- the review flow


def test_claim_check_decide_show_stats_verify(services: Services, users: Users, db_url: str,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    op = users.operator
    created = create(services, op)
    claimed = cli(db_url, "queue", "next", "--user", op.name, "--procedure", MOVE_IN, "--json")
    assert claimed.code == 0, claimed.err
    case = claimed.json()["case"]
    assert case["number"] == created.number and case["status"] == "in_first_review"
    assert case["holder"] == op.name and case["stage"] == "first_review"
    assert case["applicant"]["name"] == created.applicant_name

    required = sorted(services.ctx.procedure(MOVE_IN).required_items(Stage.FIRST_REVIEW))
    checked = run_main(capsys, monkeypatch, db_url, "case", "check", created.number, "--item",
                       required[0], "--user", op.name, "--version", str(case["version"]))
    assert checked.code == 0, checked.err
    assert checked.out.split("\t")[:2] == [created.number, "in_first_review"]
    for item in required[1:]:  # the rest through the services: same database, same lease
        services.review.set_checked(op, created.id, item)

    decided = run_main(capsys, monkeypatch, db_url, "case", "decide", created.number,
                       "--user", op.name, "--decision", "approve", "--json")
    assert decided.code == 0, decided.err
    assert decided.json()["case"]["status"] == "approved"
    assert decided.json()["case"]["holder"] is None

    shown = cli(db_url, "case", "show", str(created.id), "--user", op.name, "--json")
    stats = run_main(capsys, monkeypatch, db_url, "stats", "--json")
    verified = run_main(capsys, monkeypatch, db_url, "audit", "verify")
    detail = shown.json()
    assert detail["case"]["number"] == created.number
    assert [d["kind"] for d in detail["decisions"]] == ["approve"]
    assert detail["history"][-1]["action"] == "view"
    assert stats.json() == {"total": 1, "procedures": {MOVE_IN: {"approved": 1}}}
    assert verified.code == 0 and "改ざんなし" in verified.out
    # the command line's actions are audited like the application's
    acts = [e.action for e in audit_entries(services, case_id=created.id)]
    assert (acts.count("claim"), acts.count("check"), acts.count("decide_approve"),
            acts.count("view")) == (1, len(required), 1, 1)
    assert [e.action for e in audit_entries(services, stream=f"user:{op.name}")] == [
        "login"] * 4


def test_refusals_exit_codes_and_languages(services: Services, users: Users, db_url: str,
                                           capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    op = users.operator
    empty_en, wrong = side_by_side(
        _start(db_url, "queue", "next", "--user", op.name, "--procedure", MOVE_IN, "--json",
               lang="en"),
        _start(db_url, "queue", "next", "--user", "nobody", "--procedure", MOVE_IN,
               password="wrong-password"),
    )
    assert empty_en.code == 3 and empty_en.out == ""  # no half JSON for a script to choke on
    assert empty_en.one_line_error() == (
        f"review-desk: no case waiting in {MOVE_IN} / first_review")
    assert wrong.code == 4
    assert wrong.one_line_error() == "review-desk: 利用者名またはパスワードが正しくありません"

    empty = run_main(capsys, monkeypatch, db_url, "queue", "next", "--user", op.name,
                     "--procedure", MOVE_IN)
    assert empty.code == 3 and empty.out == ""
    assert "待ちの案件はありません" in empty.one_line_error()
    unknown = run_main(capsys, monkeypatch, db_url, "queue", "next", "--user", op.name,
                       "--procedure", "no-such-procedure")
    assert unknown.code == 1
    line = unknown.one_line_error()
    assert "no-such-procedure" in line and MOVE_IN in line


def test_refusals_in_process(services: Services, users: Users, db_url: str,
                             capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    # Japanese by default; every other refusal is asked for in English
    op, sv, first = users.operator, users.supervisor, users.make(Role.CHECKER)
    case = create(services, op)
    create(services, first, COMMUTER)
    approve_first_review(services, first, COMMUTER)

    calls = 0

    def run(*args: str, **kw: Any) -> Run:
        nonlocal calls
        calls += 1
        return run_main(capsys, monkeypatch, db_url, *args, lang="en" if calls % 2 else None,
                        **kw)

    def says(result: Run, ja: str, en: str) -> None:
        expected = en if calls % 2 else ja
        assert expected in result.one_line_error(), result.err

    wrong = run(
        "queue", "next", "--user", op.name, "--procedure", MOVE_IN, password="nope-nope")
    assert wrong.code == 4
    says(wrong, "パスワードが正しくありません", "wrong user name or password")
    assert [e.action for e in audit_entries(services, stream=f"user:{op.name}")] == [
        "login_failed"]

    denied = run("queue", "next", "--user", op.name, "--procedure", COMMUTER,
                 "--stage", "double_check")
    assert denied.code == 5
    says(denied, "queue.claim.double_check", "lacks the permission queue.claim.double_check")
    four_eyes = run("queue", "next", "--user", first.name, "--procedure", COMMUTER,
                    "--stage", "double_check")
    assert four_eyes.code == 3

    missing = run("case", "show", "MIR-99999999", "--user", op.name, "--json")
    assert missing.code == 1 and missing.out == ""
    says(missing, "MIR-99999999", "no case numbered MIR-99999999")

    not_held = run("case", "decide", case.number, "--user", op.name, "--decision", "approve")
    assert not_held.code == 1
    says(not_held, case.number, "claim it again")

    assert run("queue", "next", "--user", op.name, "--procedure", MOVE_IN).code == 0
    rule = run("case", "decide", case.number, "--user", op.name, "--decision", "reject",
               "--json")
    assert rule.code == 1 and rule.out == ""
    says(rule, "理由コード", "reason code")

    bad_date = run("case", "decide", case.number, "--user", op.name, "--decision", "return",
                   "--reason", "contact_missing", "--deadline", "2026-13-45")
    assert bad_date.code == 1
    assert "2026-13-45" in bad_date.one_line_error()

    stale = run("case", "check", case.number, "--item", "new_address_exists", "--user", op.name,
                "--version", "1")
    assert stale.code == 1
    says(stale, op.name, f"changed by {op.name}")

    assigned = run("queue", "assign", case.number, "--to", "nobody", "--user", op.name)
    assert assigned.code == 5
    released = run("queue", "release", case.number, "--user", sv.name)
    assert released.code == 0 and released.out.split("\t")[1] == "received"
    assert current(services, case.id).holder_id is None

    sweep = run("queue", "sweep", "--json")
    assert sweep.code == 0 and json.loads(sweep.out) == {"returned": 0}


def test_return_with_reasons_and_an_era_deadline(services: Services, users: Users,
                                                 db_url: str,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    op = users.operator
    created = create(services, op)
    deadline = _jst_today() + timedelta(days=30)

    def run(*args: str) -> Run:
        return run_main(capsys, monkeypatch, db_url, *args)

    assert run("queue", "next", "--user", op.name, "--procedure", MOVE_IN).code == 0
    returned = run("case", "decide", created.number, "--user", op.name, "--decision", "return",
                   "--reason", "contact_missing", "--reason", "missing_entries",
                   "--note", "電話番号の桁不足", "--deadline", format_era_date(deadline),
                   "--json")
    assert returned.code == 0, returned.err
    case = returned.json()["case"]
    assert case["status"] == "awaiting_correction"
    assert case["correction_deadline"] == deadline.isoformat()
    decision = services.review.show(op, created.id).decisions[0]
    assert decision.reasons == ("contact_missing", "missing_entries")
    assert decision.note == "電話番号の桁不足"


def test_audit_verify_reports_tampering(services: Services, users: Users, db_url: str,
                                        capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    op = users.operator
    create(services, op)
    case = tick_required(services, op, services.queue.claim_next(op, MOVE_IN))
    services.review.decide(op, case.id, DecisionRequest(DecisionKind.APPROVE))
    target = next(e for e in audit_entries(services, case_id=case.id)
                  if e.action == "decide_approve")
    with raw_connection(db_url) as conn:
        conn.execute(update(AuditEntry).where(AuditEntry.id == target.id)
                     .values(details={**target.details, "to": "rejected"}))
    ja = run_main(capsys, monkeypatch, db_url, "audit", "verify")
    assert ja.code == 1 and f"#{target.id}" in ja.one_line_error()
    assert "改ざん" in ja.one_line_error()
    en = run_main(capsys, monkeypatch, db_url, "audit", "verify", lang="en")
    assert en.code == 1
    assert en.one_line_error() == (
        f"review-desk: audit log broken at entry #{target.id} (case:{case.id} seq "
        f"{target.seq}): entry content does not match its hash (altered)")
