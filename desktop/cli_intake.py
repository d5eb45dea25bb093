"""``review-desk intake …``: import files, keyed-in applications, the quarantine, the
watch folder. Registered by :mod:`desktop.cli`; JSON shapes are in the README.

``--user`` is optional: without it the command acts as the system (like the other
administration commands, for whoever can open the database directly).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli_runner import Runner
from desktop.cli_runner import actor_or_system as _actor
from desktop.cli_runner import add_user_and_json as _common
from desktop.cli_runner import emit as _emit
from desktop.domain.errors import InvalidInput
from desktop.services.intake_report import batch_json, quarantine_json, report_json

if TYPE_CHECKING:
    from desktop.services.intake import ImportReport, ManualEntryResult


def add_intake_commands(sub: Any) -> None:
    """Add ``intake`` and its subcommands to the top-level subparsers *sub*."""
    intake = sub.add_parser("intake", help="import applications (files, phone, paper)")
    cmds = intake.add_subparsers(dest="intake_cmd", required=True)

    tpl = cmds.add_parser("template", help="write an empty CSV with a profile's headers")
    tpl.add_argument("--procedure", required=True)
    tpl.add_argument("--profile", help="import profile (default: standard)")
    tpl.add_argument("--output", "-o", help="file to write (default: PROCEDURE.csv)")

    imp = cmds.add_parser("import", help="import one CSV / JSON / NDJSON file")
    imp.add_argument("file")
    imp.add_argument("--procedure", required=True)
    imp.add_argument("--profile", help="import profile (default: standard)")
    imp.add_argument("--attachments-dir", help="where attachment files are "
                                               "(default: the file's folder)")
    imp.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="progress bar on stderr (default: when stderr is a terminal)")
    _common(imp)

    add = cmds.add_parser("add", help="create a case from keyed-in fields (phone, paper)")
    add.add_argument("--procedure", required=True)
    add.add_argument("--json-fields", required=True, help="JSON file: {field id: value}")
    add.add_argument("--source", default="phone", choices=["phone", "paper", "counter"])
    add.add_argument("--receipt", help="receipt number (default: generated)")
    add.add_argument("--attach", action="append", default=[], help="attachment file")
    _common(add)

    watch = cmds.add_parser("watch", help="import files that appear in a folder")
    watch.add_argument("dir", nargs="?", help="folder (default: the database setting)")
    watch.add_argument("--procedure", help="procedure (default: the database setting)")
    watch.add_argument("--profile")
    watch.add_argument("--once", action="store_true", help="one pass, then exit")
    watch.add_argument("--interval", type=float, default=None, help="seconds between scans")
    watch.add_argument("--settle", type=float, default=5.0,
                       help="seconds a file's size must stay unchanged (no marker file)")
    watch.add_argument("--save", action="store_true",
                       help="store DIR / --procedure / --profile as the app's watch setting")
    _common(watch)

    quarantine = cmds.add_parser("quarantine", help="rows that did not become cases")
    q = quarantine.add_subparsers(dest="quarantine_cmd", required=True)
    ls = q.add_parser("list", help="quarantined rows (the view is audited)")
    ls.add_argument("--batch", type=int)
    ls.add_argument("--status", default="open",
                    choices=["open", "resubmitted", "superseded", "discarded", "all"])
    ls.add_argument("--limit", type=int, default=100)
    _common(ls)
    rs = q.add_parser("resubmit", help="correct a row and make it a case")
    rs.add_argument("item", type=int)
    rs.add_argument("--set", action="append", default=[], metavar="COLUMN=VALUE",
                    help="corrected value, by column header or field id")
    rs.add_argument("--attachments-dir")
    _common(rs)
    ds = q.add_parser("discard", help="give up on a row, with a reason (audited)")
    ds.add_argument("item", type=int)
    ds.add_argument("--reason", required=True)
    _common(ds)

    batch = cmds.add_parser("batch", help="one import's report")
    batch.add_argument("id", type=int)
    _common(batch)
    batches = cmds.add_parser("batches", help="recent imports")
    batches.add_argument("--limit", type=int, default=20)
    _common(batches)
    from desktop.cli_scans import add_scan_commands

    add_scan_commands(cmds)


def _report_text(runner: Runner, report: ImportReport) -> str:
    b = report.batch
    lines = [runner.say(
        f"取込 #{b.id} {b.file_name}（{b.encoding}）: 受信 {b.received} 件 / 新規 {b.imported} 件 / "
        f"登録済み {b.already_present} 件 / 隔離 {b.quarantined} 件 / 警告 {b.warnings} 件 / "
        f"重複の可能性 {b.duplicates} 件",
        f"import #{b.id} {b.file_name} ({b.encoding}): {b.received} received, "
        f"{b.imported} new, {b.already_present} already present, {b.quarantined} quarantined, "
        f"{b.warnings} with warnings, {b.duplicates} possible duplicates")]
    ignored = b.notes.get("ignored_columns") or []
    if ignored:
        lines.append(runner.say(f"  取り込まない列: {'、'.join(ignored)}",
                                f"  ignored columns: {', '.join(ignored)}"))
    for q in report.quarantine:
        if q.batch_id != b.id:
            continue
        for r in q.reasons:
            lines.append(f"  #{q.id} " + str(r.get("message_en" if runner.lang == "en"
                                                    else "message_ja")))
    return "\n".join(lines)


class ProgressBar:
    """``取込中 12,345 行 [#####     ] 45%`` on stderr, redrawn in place."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.last = -1.0

    def __call__(self, rows: int, done: int, total: int) -> None:
        share = done / total if total else 1.0
        if share - self.last < 0.01 and share < 1.0:
            return
        self.last = share
        width = 30
        filled = int(width * share)
        sys.stderr.write(f"\r{self.label} {rows:,} [{'#' * filled}{' ' * (width - filled)}]"
                         f" {share:4.0%}")
        if share >= 1.0:
            sys.stderr.write("\n")
        sys.stderr.flush()


def run_intake(runner: Runner) -> None:
    a = runner.args
    intake = runner.services.intake
    cmd = a.intake_cmd
    if cmd.startswith("scans"):
        from desktop.cli_scans import run_scans

        run_scans(runner)
        return
    if cmd == "template":
        data = intake.template(a.procedure, a.profile)
        out = Path(a.output or f"{a.procedure}.csv")
        out.write_bytes(data)
        print(runner.say(f"{out} に見出し行を書き出しました", f"wrote the header row to {out}"))
        return
    if cmd == "import":
        show = a.progress if a.progress is not None else sys.stderr.isatty()
        bar = ProgressBar(runner.say("取込中", "importing")) if show else None
        report = intake.import_file(
            _actor(runner), Path(a.file), a.procedure, a.profile,
            attachments_dir=Path(a.attachments_dir) if a.attachments_dir else None,
            progress=bar)
        _emit(report_json(report), a.json, _report_text(runner, report))
        return
    if cmd == "add":
        _add(runner)
        return
    if cmd == "watch":
        _watch(runner)
        return
    if cmd == "quarantine":
        _quarantine(runner)
        return
    if cmd == "batch":
        report = intake.batch(_actor(runner), a.id)
        _emit(report_json(report), a.json, _report_text(runner, report))
        return
    records = intake.batches(_actor(runner), a.limit)
    _emit({"batches": [batch_json(b) for b in records]}, a.json,
          "\n".join(f"#{b.id}\t{b.status}\t{b.file_name}\t{b.received}\t{b.imported}\t"
                    f"{b.already_present}\t{b.quarantined}" for b in records))


def _add(runner: Runner) -> None:
    from desktop.cli_json import case_json

    a = runner.args
    try:
        fields = json.loads(Path(a.json_fields).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"項目ファイル {a.json_fields} を読めません（{exc}）",
                           f"cannot read the fields file {a.json_fields} ({exc})") from exc
    if not isinstance(fields, dict):
        raise InvalidInput("項目ファイルは {\"項目ID\": 値, …} の形にしてください",
                           "the fields file must be an object {\"field id\": value, …}")
    result: ManualEntryResult = runner.services.intake.add_manual(
        _actor(runner), a.procedure, fields, source=a.source, receipt_number=a.receipt,
        attachments=[Path(p) for p in a.attach])
    case = result.case
    procedure = runner.services.ctx.procedure(case.procedure_code)
    data = {"case": case_json(case, procedure),
            "warnings": [w.to_json() for w in result.warnings],
            "possible_duplicates": result.possible_duplicates}
    text = [f"{case.number}\t{case.status.value}\t{case.receipt_number}"]
    text += [f"  {w.message(runner.lang)}" for w in result.warnings]
    if result.possible_duplicates:
        ids = ", ".join(str(i) for i in result.possible_duplicates)
        text.append(runner.say(f"  重複の可能性: 案件 {ids}", f"  possible duplicate of: {ids}"))
    _emit(data, a.json, "\n".join(text))


def _quarantine(runner: Runner) -> None:
    a = runner.args
    intake = runner.services.intake
    actor = _actor(runner)
    if a.quarantine_cmd == "list":
        items = intake.quarantine(actor, batch_id=a.batch,
                                  status=None if a.status == "all" else a.status,
                                  limit=a.limit)
        _emit({"items": [quarantine_json(q, raw=True) for q in items]}, a.json,
              "\n".join(f"#{q.id}\tbatch {q.batch_id}\trow {q.row_number}\t{q.status}\t"
                        + " / ".join(str(r.get("message_en" if runner.lang == "en"
                                                   else "message_ja")) for r in q.reasons)
                        for q in items))
        return
    if a.quarantine_cmd == "discard":
        item = intake.discard(actor, a.item, a.reason)
        _emit({"item": quarantine_json(item)}, a.json,
              runner.say(f"#{item.id} を破棄しました", f"discarded #{item.id}"))
        return
    corrections: dict[str, Any] = {}
    for pair in a.set:
        if "=" not in pair:
            raise InvalidInput(f"--set は 列名=値 の形にしてください（{pair}）",
                               f"--set takes COLUMN=VALUE ({pair})")
        name, value = pair.split("=", 1)
        corrections[name.strip()] = value
    result = intake.resubmit(actor, a.item, corrections,
                             attachments_dir=Path(a.attachments_dir) if a.attachments_dir
                             else None)
    data = {"item": quarantine_json(result.item),
            "case_id": result.case.id if result.case else None,
            "case_number": result.case.number if result.case else None,
            "already_present": result.already_present,
            "problems": [p.to_json() for p in result.problems]}
    if result.case is None:
        text = runner.say("まだ取り込めません:", "still not importable:") + "".join(
            f"\n  {p.message(runner.lang)}" for p in result.problems)
        _emit(data, a.json, text)
        raise InvalidInput(runner.say(f"#{a.item} はまだ隔離されています", f"#{a.item} stays quarantined"))
    _emit(data, a.json, runner.say(f"#{a.item} → 案件 {result.case.number}",
                                   f"#{a.item} → case {result.case.number}"))


def _watch(runner: Runner) -> None:
    import time

    from desktop.services.intake_watch import FolderWatcher

    a = runner.args
    intake = runner.services.intake
    actor = _actor(runner)
    setting = intake.watch_setting() or {}
    directory = a.dir or setting.get("directory")
    procedure = a.procedure or setting.get("procedure")
    if not directory or not procedure:
        raise InvalidInput(
            "監視フォルダと手続を指定してください（DIR --procedure P、または --save で保存した設定）",
            "name the folder and the procedure (DIR --procedure P, or a setting saved with --save)")
    profile = a.profile or (setting.get("profile") if not a.dir else None)
    interval = a.interval or float(setting.get("interval_seconds") or 10.0)
    if a.save:
        intake.set_watch_setting(actor, str(directory), procedure, profile, interval)
    watcher = FolderWatcher(intake, Path(directory), procedure, actor, profile,
                            settle_seconds=a.settle)
    while True:
        for result in watcher.scan_once():
            if a.json:
                print(json.dumps({"file": result.name, "outcome": result.outcome,
                                  "moved_to": str(result.moved_to) if result.moved_to else None,
                                  "report": result.report}, ensure_ascii=False), flush=True)
            else:
                batch = result.report.get("batch") or {}
                error = result.report.get("error") or {}
                detail = (runner.say(f"新規 {batch.get('imported')} 件 / 登録済み "
                                     f"{batch.get('already_present')} 件 / 隔離 "
                                     f"{batch.get('quarantined')} 件",
                                     f"{batch.get('imported')} new, "
                                     f"{batch.get('already_present')} already present, "
                                     f"{batch.get('quarantined')} quarantined")
                          if batch else error.get("message_en" if runner.lang == "en"
                                                  else "message_ja", ""))
                print(f"{result.outcome}\t{result.name}\t{detail}", flush=True)
        if a.once:
            return
        time.sleep(interval)
