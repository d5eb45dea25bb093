"""``review-desk``: the headless commands (administration, workflow, demo data).

``review-desk [--db URL] COMMAND …``. Administration commands act as the system;
workflow commands act as ``--user`` after checking ``REVIEW_DESK_PASSWORD`` (or a
prompt). Errors print one line and exit non-zero; JSON shapes are in the README.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop import settings
from desktop.domain.errors import (
    AuthenticationFailed,
    InvalidInput,
    PermissionDenied,
    QueueEmpty,
    ReviewDeskError,
)
from desktop.domain.permissions import SYSTEM, Actor, Role

if TYPE_CHECKING:
    from desktop.app import Services

PASSWORD_ENV = "REVIEW_DESK_PASSWORD"
EXIT_ERROR, EXIT_USAGE, EXIT_EMPTY, EXIT_AUTH, EXIT_DENIED = 1, 2, 3, 4, 5


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="review-desk", description="Review Desk (審査デスク)")
    p.add_argument("--db", help="SQLAlchemy URL or SQLite file (default: $REVIEW_DESK_DB, "
                                "else the local database in the user data folder)")
    sub = p.add_subparsers(dest="command", required=True)

    sub.add_parser("init", help="create or upgrade the database schema")
    seed = sub.add_parser("seed-demo", help="fill the database with demo users and cases")
    seed.add_argument("--cases", type=int, default=300)
    seed.add_argument("--seed", type=int, default=20261128, help="random seed")
    stats = sub.add_parser("stats", help="case counts per procedure × status")
    stats.add_argument("--json", action="store_true")
    stats.add_argument("--dashboard", action="store_true",
                       help="with --json: add the supervisors' dashboard figures")
    audit = sub.add_parser("audit", help="audit log").add_subparsers(dest="audit_cmd",
                                                                      required=True)
    audit.add_parser("verify", help="recompute the audit hash chains")

    user = sub.add_parser("user", help="accounts").add_subparsers(dest="user_cmd", required=True)
    add = user.add_parser("add", help="add an account (password from $REVIEW_DESK_PASSWORD)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--display-name")

    queue = sub.add_parser("queue", help="work queues").add_subparsers(dest="queue_cmd",
                                                                       required=True)
    nxt = queue.add_parser("next", help="claim the next case of a queue")
    _user_arg(nxt)
    nxt.add_argument("--procedure", required=True)
    nxt.add_argument("--stage", default="first_review", choices=["first_review", "double_check"])
    nxt.add_argument("--json", action="store_true")
    rel = queue.add_parser("release", help="give a claimed case back to its queue")
    rel.add_argument("case")
    _user_arg(rel)
    assign = queue.add_parser("assign", help="assign a case to a person (supervisor)")
    assign.add_argument("case")
    assign.add_argument("--to", required=True)
    _user_arg(assign)
    sweep = queue.add_parser("sweep", help="return cases with expired leases to their queues")
    sweep.add_argument("--json", action="store_true")

    case = sub.add_parser("case", help="one case").add_subparsers(dest="case_cmd", required=True)
    show = case.add_parser("show", help="show a case (the view is audited)")
    show.add_argument("case")
    _user_arg(show)
    show.add_argument("--json", action="store_true")
    check = case.add_parser("check", help="tick a checklist item")
    check.add_argument("case")
    check.add_argument("--item", required=True)
    check.add_argument("--uncheck", action="store_true")
    check.add_argument("--version", type=int, help="refuse if the case changed since")
    _user_arg(check)
    decide = case.add_parser("decide", help="decide a case")
    decide.add_argument("case")
    _user_arg(decide)
    decide.add_argument("--decision", required=True,
                        choices=["approve", "return", "reject", "hold", "confirm", "send-back"])
    decide.add_argument("--reason", action="append", default=[], help="reason/defect code")
    decide.add_argument("--note", default="", help="facts (reject), note, or hold reason")
    decide.add_argument("--deadline", help="correction deadline (default: from the SLA)")
    decide.add_argument("--version", type=int, help="refuse if the case changed since")
    decide.add_argument("--json", action="store_true")

    from desktop.cli_intake import add_intake_commands
    from desktop.cli_notices import add_notice_commands

    add_intake_commands(sub)
    add_notice_commands(sub)
    from desktop.cli_reports import add_report_commands

    add_report_commands(sub)
    from desktop.cli_settings import add_settings_commands

    add_settings_commands(sub)
    from desktop.cli_resubmit import add_resubmit_command

    add_resubmit_command(sub)
    return p


def _user_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", required=True, help="act as this user ($REVIEW_DESK_PASSWORD)")


def _password(prompt: str) -> str:
    value = os.environ.get(PASSWORD_ENV)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise InvalidInput(f"パスワードを環境変数 {PASSWORD_ENV} で指定してください",
                           f"set the password in {PASSWORD_ENV}")
    return getpass.getpass(prompt)


def _emit(data: Any, as_json: bool, text: str) -> None:
    """JSON is always UTF-8 (whatever the console's code page); text never fails to print:
    a character the console cannot show (𠮷 on a cp932 console) is written escaped."""
    if as_json:
        payload = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        sys.stdout.flush()
        sys.stdout.buffer.write(payload.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        print(text)


class _Runner:
    def __init__(self, args: argparse.Namespace, lang: str) -> None:
        self.args = args
        self.lang = lang
        self._services: Services | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            from desktop.app import open_services

            self._services = open_services(self.args.db)
        return self._services

    def actor(self) -> Actor:
        return self.services.admin.authenticate(self.args.user, _password("パスワード: "))

    def case_id(self, ref: str) -> int:
        return self.services.review.resolve(ref)

    def close(self) -> None:
        if self._services is not None:
            self._services.close()

    def say(self, ja: str, en: str) -> str:
        return en if self.lang == "en" else ja

    # --- administration (as the system) ---
    def init(self) -> None:
        from desktop.app import init_database

        before, after = init_database(self.args.db)
        print(self.say(f"スキーマ: {before or '（なし）'} → {after}",
                       f"schema: {before or '(none)'} → {after}"))

    def seed_demo(self) -> None:
        from desktop.services.demo_seed import seed_demo

        report = seed_demo(self.services, cases=self.args.cases, seed=self.args.seed)
        print(self.say(f"デモデータ: 利用者 {report.users} 名、案件 {report.cases} 件",
                       f"demo data: {report.users} users, {report.cases} cases"))

    def stats(self) -> None:
        from desktop.cli_json import stats_json

        stats = self.services.admin.stats(SYSTEM)
        data = stats_json(stats)
        lines = [f"{p}\t{s}\t{n}" for p, by in data["procedures"].items() for s, n in by.items()]
        if self.args.json and self.args.dashboard:
            from desktop.cli_dashboard import dashboard_json

            data["dashboard"] = dashboard_json(self.services.dashboard.snapshot(SYSTEM))
        _emit(data, self.args.json, "\n".join([*lines, f"total\t{stats.total}"]))

    def audit(self) -> None:
        report = self.services.admin.verify_audit(SYSTEM)
        if report.problem is None:
            print(self.say(f"監査ログ: {report.entries} 件、改ざんなし",
                           f"audit log: {report.entries} entries, intact"))
            return
        p = report.problem
        raise ReviewDeskError(
            f"監査ログの不整合: 記録 #{p.entry_id}（{p.stream} の {p.seq} 番目）: {p.reason_ja}",
            f"audit log broken at entry #{p.entry_id} ({p.stream} seq {p.seq}): {p.reason_en}",
        )

    def user(self) -> None:
        a = self.args
        password = _password("新しいパスワード: ")
        user = self.services.admin.add_user(SYSTEM, a.name, Role(a.role), password,
                                            a.display_name)
        print(self.say(f"利用者 {user.name}（{user.role.value}）を追加しました",
                       f"added user {user.name} ({user.role.value})"))

    # --- workflow (as a named user) ---
    def queue(self) -> None:
        from desktop.cli_json import case_json
        from desktop.domain.workflow import Stage

        a = self.args
        if a.queue_cmd == "sweep":
            n = self.services.queue.sweep_expired_leases()
            _emit({"returned": n}, a.json, self.say(f"{n} 件をキューに戻しました",
                                                    f"returned {n} cases to their queues"))
            return
        actor = self.actor()
        if a.queue_cmd == "next":
            case = self.services.queue.claim_next(actor, a.procedure, Stage(a.stage))
        elif a.queue_cmd == "release":
            case = self.services.queue.release(actor, self.case_id(a.case))
        else:
            case = self.services.queue.assign(actor, self.case_id(a.case), a.to)
        procedure = self.services.ctx.procedure(case.procedure_code)
        _emit({"case": case_json(case, procedure)}, getattr(a, "json", False),
              f"{case.number}\t{case.status.value}\t{case.holder_name or ''}")

    def case(self) -> None:
        from desktop.cli_json import case_json, detail_json
        from desktop.domain.decisions import DecisionKind, DecisionRequest
        from desktop.domain.era import parse_date

        a = self.args
        actor = self.actor()
        case_id = self.case_id(a.case)
        review = self.services.review
        if a.case_cmd == "show":
            detail = review.show(actor, case_id)
            c = detail.case
            _emit(detail_json(detail), a.json,
                  f"{c.number}\t{c.procedure_code}\t{c.status.value}\t{c.applicant_name}")
            return
        if a.case_cmd == "check":
            case = review.set_checked(actor, case_id, a.item, not a.uncheck, a.version)
        else:
            kind = DecisionKind(a.decision.replace("-", "_"))
            deadline: date | None = parse_date(a.deadline) if a.deadline else None
            request = DecisionRequest(kind, tuple(a.reason), a.note, deadline)
            case = review.decide(actor, case_id, request, a.version)
        procedure = self.services.ctx.procedure(case.procedure_code)
        _emit({"case": case_json(case, procedure)}, getattr(a, "json", False),
              f"{case.number}\t{case.status.value}\tversion {case.version}")


def _intake(runner: _Runner) -> None:
    from desktop.cli_intake import run_intake

    run_intake(runner)


def _notices(runner: _Runner) -> None:
    from desktop.cli_notices import run_notices

    run_notices(runner)


def _settings(runner: _Runner) -> None:
    from desktop.cli_settings import run_settings

    run_settings(runner)


def _resubmit(runner: _Runner) -> None:
    from desktop.cli_resubmit import run_resubmit

    run_resubmit(runner)


def _report(runner: _Runner) -> None:
    from desktop.cli_reports import run_report

    run_report(runner)


def _export(runner: _Runner) -> None:
    from desktop.cli_reports import run_export

    run_export(runner)


_COMMANDS: dict[str, Callable[[_Runner], None]] = {
    "init": _Runner.init,
    "seed-demo": _Runner.seed_demo,
    "stats": _Runner.stats,
    "audit": _Runner.audit,
    "user": _Runner.user,
    "queue": _Runner.queue,
    "case": _Runner.case,
    "intake": _intake,
    "notices": _notices,
    "report": _report,
    "export": _export,
    "settings": _settings,
    "resubmit": _resubmit,
}

_EXIT_CODES: dict[type[ReviewDeskError], int] = {
    QueueEmpty: EXIT_EMPTY,
    AuthenticationFailed: EXIT_AUTH,
    PermissionDenied: EXIT_DENIED,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    lang = settings.language()
    runner = _Runner(args, lang)
    try:
        _COMMANDS[args.command](runner)
        return 0
    except ReviewDeskError as error:
        print(f"review-desk: {error.message(lang)}", file=sys.stderr)
        return _EXIT_CODES.get(type(error), EXIT_ERROR)
    except KeyboardInterrupt:
        print("review-desk: 中断しました / interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a traceback helps nobody at a counter; say what broke
        if os.environ.get("REVIEW_DESK_DEBUG"):
            raise
        print(f"review-desk: 予期しないエラー / unexpected error: {type(error).__name__}: "
              f"{str(error).splitlines()[0] if str(error) else ''}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        runner.close()
