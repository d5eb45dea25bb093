"""``review-desk resubmit CASE --field id=value …``: corrected values for a case awaiting
correction (補正待ち); the case goes back to first review. Registered by :mod:`desktop.cli`.

An empty value (``--field other_certificate=``) empties an optional field. Acts as
``--user`` (password from ``$REVIEW_DESK_PASSWORD``); the JSON has the case and the diff.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from desktop.cli_runner import Runner as CommandRunner
from desktop.domain.errors import InvalidInput
from desktop.services.resubmission import RESUBMIT_CHANNELS

if TYPE_CHECKING:
    pass


class Runner(CommandRunner, Protocol):
    def case_id(self, ref: str) -> int: ...


def add_resubmit_command(sub: Any) -> None:
    """Add ``resubmit`` to the top-level subparsers *sub*."""
    p = sub.add_parser("resubmit", help="corrected values for a case awaiting correction")
    p.add_argument("case", help="case id or number")
    p.add_argument("--field", action="append", default=[], metavar="ID=VALUE",
                   help="corrected value by field id (repeatable; empty value empties it)")
    p.add_argument("--channel", default="phone", choices=list(RESUBMIT_CHANNELS),
                   help="how the correction came in (default: phone)")
    p.add_argument("--note", default="", help="note kept in the case history")
    p.add_argument("--attach", action="append", default=[], help="a corrected document")
    p.add_argument("--version", type=int, help="refuse if the case changed since")
    p.add_argument("--user", required=True, help="act as this user ($REVIEW_DESK_PASSWORD)")
    p.add_argument("--json", action="store_true")


def parse_fields(pairs: list[str]) -> dict[str, str]:
    """``["phone=078-…", "note="]`` → a dict; a pair without ``=`` is refused."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(f"--field は 項目ID=値 の形で指定してください（{pair}）",
                               f"--field takes ID=VALUE (got {pair})", value=pair)
        out[key.strip()] = value
    return out


def run_resubmit(runner: Runner) -> None:
    from desktop.cli_json import case_json

    a = runner.args
    corrections = parse_fields(a.field)
    actor = runner.actor()
    services = runner.services
    result = services.resubmission.resubmit(
        actor, runner.case_id(a.case), corrections, channel=a.channel, note=a.note,
        expected_version=a.version, attachments=[Path(p) for p in a.attach])
    case = result.case
    procedure = services.ctx.procedure(case.procedure_code)
    changes = [c.to_json() for c in result.resubmission.changes]
    if a.json:
        data = {"case": case_json(case, procedure), "changes": changes,
                "attachments": list(result.resubmission.attachments),
                "warnings": [w.to_json() for w in result.warnings]}
        sys.stdout.buffer.write((json.dumps(data, ensure_ascii=False, indent=2) + "\n")
                                .encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    lines = [f"{case.number}\t{case.status.value}\tversion {case.version}"]
    lines += [f"{c['field']}\t{c['before']!s}\t→\t{c['after']!s}" for c in changes]
    lines += [w.message(runner.lang) for w in result.warnings]
    print("\n".join(lines))
