"""Render the main window offscreen on a fresh demo database: docs/main-window.png.

Seeds a temporary demo database, signs in as ``sv1`` through the real login dialog,
selects the first queue and saves screenshots of the login dialog and the main window
(queues and the case table); then claims a case with F2's action, ticks two checklist
items with the number keys' handler, marks one field ✗ with a note, and saves the case
view at 1280×800 (docs/case-view.png). Run from the repository root:

    .venv/bin/python scripts/screenshot.py
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QSettings

from desktop.app import init_database, open_services
from desktop.persistence.uow import before_unit_of_work
from desktop.qt.application import ReviewDesk, make_application
from desktop.qt.field_review import Verdict
from desktop.qt.gui_thread import assert_not_gui_thread
from desktop.services.demo_seed import seed_demo

DOCS = Path(__file__).resolve().parent.parent / "docs"
USER = "sv1"


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def seed(path: Path, cases: int) -> None:
    init_database(str(path))
    services = open_services(str(path))
    try:
        seed_demo(services, cases=cases)
    finally:
        services.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--out", type=Path, default=DOCS / "main-window.png")
    parser.add_argument("--case-out", type=Path, default=DOCS / "case-view.png")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="review-desk-shot-") as tmp:
        db = Path(tmp) / "demo.sqlite3"
        print(f"seeding {args.cases} demo cases …", flush=True)
        seed(db, args.cases)
        app = make_application([sys.argv[0]])
        before_unit_of_work.append(assert_not_gui_thread)
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        desk = ReviewDesk(lambda: open_services(str(db)), demo=True, settings=settings)
        try:
            desk.start()
            login = desk.login
            table = login.ui.demoTable
            wait_until(lambda: table.rowCount() > 0 and login.ok_button.isEnabled(),
                       "the demo accounts")
            row = next(r for r in range(table.rowCount())
                       if (item := table.item(r, 0)) and item.text() == USER)
            table.selectRow(row)
            table.cellClicked.emit(row, 0)
            app.processEvents()
            login_png = args.out.with_name("login-dialog.png")
            login_png.parent.mkdir(parents=True, exist_ok=True)
            login.grab().save(str(login_png))
            login.accept()
            wait_until(lambda: desk.window is not None, "the main window")
            window = desk.window
            assert window is not None
            window.resize(1440, 860)
            wait_until(lambda: window.queues.entry_count() > 0, "the queue list")
            window.queues.select(window.queues.queue_keys()[0])
            wait_until(lambda: window.model.rowCount() > 0, "the case table")
            desk.runner.wait_for_idle()
            app.processEvents()
            window.grab().save(str(args.out))
            window.resize(1280, 800)
            window.ui.actionClaimNext.trigger()
            wait_until(lambda: window.held_case is not None, "a claimed case")
            view = window.case_view
            view.splitter.setSizes([600, 680 - window.ui.queuePanel.width()])
            for n in (1, 2):
                view.checklist.toggle_number(n)
            wait_until(lambda: not window.session.saving, "the checklist saved")
            fields = view.fields.field_ids()
            address = next((f for f in fields if f == "address"), fields[0])
            view.fields.set_verdict(address, Verdict.DEFECT, "番地が住民票の記載と異なります")
            for field_id in fields[:3]:
                view.fields.set_verdict(field_id, Verdict.OK)
            desk.runner.wait_for_idle()
            app.processEvents()
            window.grab().save(str(args.case_out))
            print(f"saved {args.out}, {args.case_out} and {login_png}")
        finally:
            desk.shutdown()
            before_unit_of_work.remove(assert_not_gui_thread)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
