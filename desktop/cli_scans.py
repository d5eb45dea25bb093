"""``review-desk intake scans …``: register a folder of scanned paper applications, list
the scans waiting to be keyed in (or the problem files), discard one with a reason.
Registered by :mod:`desktop.cli_intake`.

``intake scans DIR --procedure P`` exits 0 whenever the folder could be read — files
that are not scans are reported as problems, not errors — and non-zero with a one-line
message when it could not be read at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli_runner import actor_or_system as _actor
from desktop.cli_runner import add_user_and_json as _common
from desktop.cli_runner import emit as _emit
from desktop.services.scan_records import SCAN_PROBLEM, SCAN_WAITING, ScanItemRecord

if TYPE_CHECKING:
    from desktop.cli_runner import Runner
    from desktop.services.scan_intake import ScanBatchReport

SCAN_COMMANDS = ("scans", "scans-waiting", "scans-discard")


def add_scan_commands(cmds: Any) -> None:
    """Add the scan commands to ``intake``'s subparsers *cmds*."""
    reg = cmds.add_parser("scans", help="register a folder of scanned paper applications")
    reg.add_argument("dir")
    reg.add_argument("--procedure", required=True)
    reg.add_argument("--move", action="store_true",
                     help="move registered files into DIR/processed/")
    _common(reg)
    waiting = cmds.add_parser("scans-waiting", help="scans waiting to be keyed in")
    waiting.add_argument("--procedure")
    waiting.add_argument("--problems", action="store_true",
                         help="list the files that could not be registered as scans instead")
    waiting.add_argument("--limit", type=int, default=100)
    _common(waiting)
    discard = cmds.add_parser("scans-discard", help="give up on a scan, with a reason")
    discard.add_argument("id", type=int)
    discard.add_argument("--reason", required=True)
    _common(discard)


def item_json(item: ScanItemRecord) -> dict[str, Any]:
    return {"id": item.id, "procedure": item.procedure_code, "file_name": item.file_name,
            "folder": item.folder, "status": item.status, "media_type": item.media_type,
            "size": item.size, "sha256": item.sha256, "reasons": item.reasons,
            "holder": item.holder, "case_id": item.case_id,
            "registered_by": item.registered_by, "registered_at": item.registered_at,
            "resolved_by": item.resolved_by, "resolved_at": item.resolved_at,
            "resolution_note": item.resolution_note}


def report_json(report: ScanBatchReport) -> dict[str, Any]:
    return {"folder": report.folder, "procedure": report.procedure_code,
            **report.counts(),
            "files": [{"name": f.name, "outcome": f.outcome, "scan_id": f.item.id,
                       "status": f.item.status, "moved_to": f.moved_to,
                       "media_type": f.item.media_type, "sha256": f.item.sha256,
                       "reasons": f.item.reasons} for f in report.files]}


def _report_text(runner: Runner, report: ScanBatchReport) -> str:
    c = report.counts()
    lines = [runner.say(
        f"スキャン {report.folder}: 受信 {c['received']} 件 / 新規 {c['registered']} 件 / "
        f"登録済み {c['already_present']} 件 / 問題あり {c['problems']} 件",
        f"scans {report.folder}: {c['received']} received, {c['registered']} new, "
        f"{c['already_present']} already present, {c['problems']} problems")]
    key = "message_en" if runner.lang == "en" else "message_ja"
    for f in report.files:
        for reason in f.item.reasons:
            lines.append(f"  #{f.item.id} {reason.get(key)}")
    return "\n".join(lines)


def run_scans(runner: Runner) -> None:
    a = runner.args
    scans = runner.services.scans
    actor = _actor(runner)
    if a.intake_cmd == "scans":
        report = scans.register_folder(actor, Path(a.dir), a.procedure,
                                       move_processed=a.move)
        _emit(report_json(report), a.json, _report_text(runner, report))
        return
    if a.intake_cmd == "scans-discard":
        item = scans.discard(actor, a.id, a.reason)
        _emit({"item": item_json(item)}, a.json,
              runner.say(f"スキャン #{item.id} を破棄しました", f"discarded scan #{item.id}"))
        return
    status = SCAN_PROBLEM if a.problems else SCAN_WAITING
    items = scans.items(actor, (status,), a.procedure, a.limit)
    total = scans.count(actor, (status,), a.procedure)
    key = "message_en" if runner.lang == "en" else "message_ja"
    text = [f"#{i.id}\t{i.procedure_code}\t{i.file_name}\t{i.media_type or '-'}\t"
            f"{i.holder or ''}" + "".join(f"\n  {r.get(key)}" for r in i.reasons)
            for i in items]
    text.append(runner.say(f"{total} 件", f"{total} in all"))
    _emit({"status": status, "total": total, "items": [item_json(i) for i in items]},
          a.json, "\n".join(text))
