"""``review-desk notices …``: batch printing for scheduled runs, reprints, the print log,
enclosure check from a scanner on standard input, and the window calibration sheet.

JSON shapes (``--json``) are documented in ``docs/notices/README.md``. Exit status of
``batch``/``reprint``: 0 when every notice was printed, 1 when a job was refused or a
notice was skipped (the JSON and stderr say which and why).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.domain.errors import InvalidInput, ReviewDeskError

if TYPE_CHECKING:
    from desktop.cli import _Runner
    from desktop.services.notice_batch import BatchOutput, BatchResult


def add_notice_commands(sub: Any) -> None:
    notices = sub.add_parser("notices", help="print notices, reprint, enclosure check")
    cmd = notices.add_subparsers(dest="notices_cmd", required=True)

    batch = cmd.add_parser("batch", help="print every decided case of a procedure")
    batch.add_argument("--user", required=True, help="act as this user ($REVIEW_DESK_PASSWORD)")
    batch.add_argument("--procedure", required=True)
    batch.add_argument("--decided-on", help="only cases decided on this day (JST)")
    batch.add_argument("--decided-by", help="only cases reviewed by this operator")
    batch.add_argument("--case", action="append", default=[],
                       help="only these cases (id or number; repeat)")
    _output_args(batch)
    batch.add_argument("--max-sheets", type=int, default=500,
                       help="sheets per file / print job (default 500)")
    batch.add_argument("--json", action="store_true")

    reprint = cmd.add_parser("reprint", help="print a notice again (marked 再発行)")
    reprint.add_argument("case")
    reprint.add_argument("--user", required=True)
    reprint.add_argument("--reason", required=True, help="why (audited)")
    reprint.add_argument("--kind", help="notice kind, if the case has several")
    _output_args(reprint)
    reprint.add_argument("--json", action="store_true")

    cal = cmd.add_parser("calibrate", help="print the envelope-window calibration sheet")
    cal.add_argument("--user", help="log the print as this user (else just write/print)")
    _output_args(cal)

    log = cmd.add_parser("log", help="the print log")
    log.add_argument("--user", required=True)
    log.add_argument("--batch", type=int)
    log.add_argument("--limit", type=int, default=100)
    log.add_argument("--json", action="store_true")

    open_ = cmd.add_parser("unconfirmed", help="printed notices whose envelope is not checked")
    open_.add_argument("--user", required=True)
    open_.add_argument("--batch", type=int)
    open_.add_argument("--procedure")
    open_.add_argument("--json", action="store_true")

    scan = cmd.add_parser("scan", help="enclosure check: one scanned code per input line")
    scan.add_argument("--user", required=True)


def _output_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, help="write PDF files into this folder")
    p.add_argument("--printer", help="send to this CUPS printer (lp)")


def _output(runner: _Runner, max_sheets: int = 500) -> BatchOutput:
    from desktop.services.notice_batch import BatchOutput

    a = runner.args
    if a.out is None and a.printer is None:
        raise InvalidInput("--out（フォルダ）か --printer（プリンタ）を指定してください",
                           "give --out DIR and/or --printer NAME")
    spooler = runner.services.notices.spooler(a.printer) if a.printer else None
    return BatchOutput(directory=a.out, spooler=spooler, max_sheets_per_file=max_sheets)


def result_json(result: BatchResult) -> dict[str, Any]:
    return {
        "batch": result.batch_id,
        "cases": [{"case": p.case_number, "case_id": p.case_id, "notice": p.notice_id,
                   "kind": p.kind, "document_number": p.document_number, "sheets": p.sheets,
                   "generation": p.generation, "file": p.file, "job": p.job_id}
                  for p in result.printed],
        "sheets": result.sheets,
        "files": result.files,
        "skipped": [{"case": s.case_number, "code": s.code, "message": s.message_ja,
                     "message_en": s.message_en} for s in result.skipped],
        "failed": [{"printer": f.printer, "file": f.file, "cases": list(f.cases),
                    "message": f.message_ja, "message_en": f.message_en}
                   for f in result.failed],
        "cancelled": result.cancelled,
    }


def _report(runner: _Runner, result: BatchResult) -> None:
    a = runner.args
    if getattr(a, "json", False):
        print(json.dumps(result_json(result), ensure_ascii=False, indent=2))
    else:
        for p in result.printed:
            print(f"{p.case_number}\t{p.document_number}\t{p.sheets}\t{p.file or p.job_id or ''}")
        print(runner.say(f"バッチ {result.batch_id}: {len(result.printed)} 件 {result.sheets} 枚",
                         f"batch {result.batch_id}: {len(result.printed)} notices, "
                         f"{result.sheets} sheets"))
    for s in result.skipped:
        print(f"review-desk: {s.message(runner.lang)}", file=sys.stderr)
    for f in result.failed:
        print(f"review-desk: {f.message_en if runner.lang == 'en' else f.message_ja}",
              file=sys.stderr)
    if result.skipped or result.failed:
        raise _Partial()


class _Partial(ReviewDeskError):
    code = "notices_partial"

    def __init__(self) -> None:
        super().__init__("一部の通知を印刷できませんでした（上記参照）",
                         "some notices were not printed (see above)")


def run_notices(runner: _Runner) -> None:
    a = runner.args
    cmd = a.notices_cmd
    if cmd == "calibrate" and not a.user:
        _calibrate_without_database(runner)
        return
    from desktop.services.notice_batch import BatchSelection

    actor = runner.actor()
    notices = runner.services.notices
    if cmd == "batch":
        from desktop.domain.era import parse_date

        decided_on: date | None = parse_date(a.decided_on) if a.decided_on else None
        ids = tuple(runner.case_id(c) for c in a.case) if a.case else None
        selection = BatchSelection(a.procedure, decided_on, a.decided_by, ids)
        _report(runner, notices.run_batch(actor, selection, _output(runner, a.max_sheets)))
    elif cmd == "reprint":
        _report(runner, notices.reprint(actor, runner.case_id(a.case), a.reason,
                                        _output(runner), kind=a.kind))
    elif cmd == "calibrate":
        result = notices.calibration(actor, _output(runner))
        for f in result.files:
            print(f)
        if result.failed:
            raise _Partial()
    elif cmd == "log":
        _log(runner, actor)
    elif cmd == "unconfirmed":
        rows = runner.services.enclosure.unconfirmed(actor, a.batch, a.procedure)
        data = [r.__dict__ for r in rows]
        if a.json:
            print(json.dumps({"unconfirmed": data}, ensure_ascii=False, indent=2))
        else:
            for r in rows:
                print(f"{r.case_number}\t{r.document_number}\t{r.sheets}\tbatch {r.batch_id}")
    elif cmd == "scan":
        _scan(runner, actor)


def _log(runner: _Runner, actor: Any) -> None:
    a = runner.args
    entries = runner.services.notices.print_log(actor, a.batch, a.limit)
    if a.json:
        print(json.dumps({"log": [
            {"id": e.id, "batch": e.batch_id, "at": e.at.isoformat(), "operator": e.operator,
             "printer": e.printer, "job": e.job_id, "outcome": e.outcome, "message": e.message,
             "cases": list(e.cases), "sheets": e.sheets, "files": list(e.files),
             "reason": e.reason} for e in entries]}, ensure_ascii=False, indent=2))
        return
    for e in entries:
        print(f"{e.at.isoformat()}\tbatch {e.batch_id}\t{e.operator}\t{e.printer}\t"
              f"{e.job_id or ''}\t{e.outcome}\t{len(e.cases)} cases\t{e.sheets} sheets"
              + (f"\t{e.reason}" if e.reason else ""))


def _scan(runner: _Runner, actor: Any) -> None:
    """Each input line is one scanned sheet (a keyboard-wedge scanner types a line)."""
    from desktop.services.enclosure import Envelope

    envelope: Envelope | None = None
    for line in sys.stdin:
        if not line.strip():
            continue
        outcome = runner.services.enclosure.scan(actor, envelope, line)
        envelope = outcome.envelope
        mark = {"sheet_ok": "OK", "confirmed": "CONFIRMED", "mismatch": "MISMATCH",
                "unreadable": "UNREADABLE"}[outcome.outcome]
        print(f"{mark}\t{outcome.message(runner.lang)}", flush=True)
        if outcome.outcome == "mismatch":
            print("\a", end="", file=sys.stderr, flush=True)


def _calibrate_without_database(runner: _Runner) -> None:
    """The calibration sheet straight from the layout file (no database, not logged):
    for setting up a centre's envelopes before any account exists."""
    from desktop import settings
    from desktop.notices.renderer import ReportLabNoticeRenderer
    from desktop.services.printing_lp import LpSpooler

    a = runner.args
    if a.out is None and a.printer is None:
        raise InvalidInput("--out（フォルダ）か --printer（プリンタ）を指定してください",
                           "give --out DIR and/or --printer NAME")
    renderer = ReportLabNoticeRenderer.from_resources(settings.resources_dir())
    if a.out is not None:
        a.out.mkdir(parents=True, exist_ok=True)
        path = a.out / f"calibration-{renderer.layout.key}.pdf"
    else:
        import tempfile

        path = Path(tempfile.mkdtemp(prefix="review-desk-")) / "calibration.pdf"
    renderer.calibration_sheet(path)
    if a.printer:
        ticket = LpSpooler(a.printer).submit(path, "Review Desk calibration")
        print(runner.say(f"プリンタ {ticket.printer} に送りました（ジョブ {ticket.job_id}）",
                         f"sent to {ticket.printer} (job {ticket.job_id})"))
    if a.out is not None:
        print(path)
    else:
        path.unlink(missing_ok=True)
