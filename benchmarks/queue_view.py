"""The case table over a million-case queue: ours against a plain in-memory model.

    python benchmarks/queue_view.py                    # 1,000,000 cases, SQLite (+ PostgreSQL)
    python benchmarks/queue_view.py --cases 20000      # smoke run
    python benchmarks/queue_view.py --db /tmp/q.sqlite3 --keep   # seed once, reuse
    python benchmarks/queue_view.py --pg postgresql://u:pw@host/db --pg-database rd_qv --keep

"ours" is the application's stack: ``CaseTableModel`` (keyset pages, page cache, count
in the background, jumps through one OFFSET on the sort index) over
``ServiceCaseSource`` → ``CaseSearchService`` → the unit of work → the database, all
database work on the ``TaskRunner`` worker. "baseline" is a minimal
``QAbstractTableModel`` over a Python list holding every row of the queue (read once
from the same database), sorted and filtered in Python. Both are shown in a real
``QTableView`` (offscreen, 1000×700) and every time is measured until the view has
*painted* the rows in question with their data (a paint event after which all visible
rows are loaded), in the same process, one after the other.

Measured: first painted rows; repaint after a jump to a random row (median, worst);
sort (header click: receipt time, newest first) and filters (kana search ﾔﾏﾀﾞ,
status 補正再提出, overdue, possible duplicate) until repainted; peak RSS of the phase
(/proc/self/status VmHWM, reset before each phase). Targets (issue #4): first paint
≤ 100 ms, jump ≤ 30 ms median, sort/filter ≤ 200 ms, memory ≤ 300 MB.

PostgreSQL comes from ``--pg``, ``REVIEW_DESK_BENCH_PG`` or ``REVIEW_DESK_TEST_PG``; the
role needs CREATEDB (a throw-away database ``rd_qv_…`` unless ``--pg-database`` names
one to create or reuse).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import queue_seed
from PySide6.QtCore import (
    QAbstractTableModel,
    QEventLoop,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QTableView
from sqlalchemy import text

from desktop.app import load_default_procedures, services_for
from desktop.domain.case_filter import CaseFilter, CaseFlag, DueWindow, SortKey
from desktop.domain.permissions import Actor, Role
from desktop.domain.workflow import Stage, Status
from desktop.persistence.database import open_database
from desktop.qt.case_source import ServiceCaseSource
from desktop.qt.case_table_model import CaseTableModel, Column, attach_to_view
from desktop.qt.tasks import TaskRunner
from desktop.services.case_search import CaseSearchService

CLOCK_NOW = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)  # Wednesday 10:00 in Japan
QUEUE = CaseFilter(queue_seed.PROCEDURE, Stage.FIRST_REVIEW)
FILTERS: dict[str, CaseFilter] = {
    "search ﾔﾏﾀﾞ (0.6 %)": replace(QUEUE, search="ﾔﾏﾀﾞ"),
    "status 補正再提出 (5 %)": replace(QUEUE, statuses=frozenset({Status.RESUBMITTED})),
    "overdue (all)": replace(QUEUE, due=DueWindow.OVERDUE),
    "possible duplicate (2 %)": replace(QUEUE, flags=frozenset({CaseFlag.POSSIBLE_DUPLICATE})),
    "ever resubmitted (5 %)": replace(QUEUE, flags=frozenset({CaseFlag.RESUBMITTED})),
}
TARGETS = {"first paint": 100.0, "jump median": 30.0, "sort/filter": 200.0, "memory": 300.0}
TIMEOUT_S = 60.0
IDLE_MS = 300_000


def shield_none_from_pyside_refcount_bug() -> None:
    """PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` on every call of a
    void method (``timer.start()``, ``processEvents()``, ``beginResetModel()`` …: measured
    -1 per call); None is not immortal before Python 3.12, so a few tens of thousands of
    such calls abort the process ("none_dealloc"). A benchmark makes millions: give None
    a reference count it cannot run out of. (The application needs the real fix: a
    PySide6 without the bug, or Python 3.12+.)"""
    import ctypes

    if sys.version_info < (3, 12):
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


class FixedClock:
    def now(self) -> datetime:
        return CLOCK_NOW


# ------------------------------------------------------------------------ measuring


def reset_peak_rss() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class PaintedView(QTableView):
    """A table view that notes when it painted with data in every visible row."""

    def __init__(self, loaded: Callable[[int, int], bool]) -> None:
        super().__init__()
        self._loaded = loaded
        self.good_paint_at: float | None = None
        self.on_good_paint: Callable[[], None] | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is None or model.rowCount() == 0:
            return
        first = max(self.rowAt(0), 0)
        last = self.rowAt(self.viewport().height() - 1)
        last = model.rowCount() - 1 if last < 0 else last
        if self._loaded(first, last):
            self.good_paint_at = time.perf_counter()
            if self.on_good_paint is not None:
                self.on_good_paint()


def until_painted(app: QApplication, view: PaintedView, action: Callable[[], None],
                  ready: Callable[[], bool] = lambda: True) -> float:
    """Milliseconds from *action* to the first paint with every visible row loaded
    (and *ready*: e.g. the new filter is the one shown). Waits in a Qt event loop, as
    the application does, so the worker thread is not starved of the GIL."""
    app.processEvents()
    loop = QEventLoop()
    painted: list[float] = []

    def check() -> None:
        if ready() and view.good_paint_at is not None:
            painted.append(view.good_paint_at)
            loop.quit()

    view.on_good_paint = check
    timeout = QTimer()
    timeout.setSingleShot(True)
    timeout.timeout.connect(loop.quit)
    timeout.start(int(TIMEOUT_S * 1000))
    started = time.perf_counter()
    action()
    loop.exec()
    view.on_good_paint = None
    timeout.stop()
    if not painted:
        raise TimeoutError("the view did not paint its rows in time")
    return (painted[0] - started) * 1000


@dataclass
class Phase:
    """One model's figures (milliseconds, MB)."""

    name: str
    first_paint: float = 0.0
    load: float | None = None
    count: float | None = None
    mapped: float | None = None
    jumps: list[float] = field(default_factory=list)
    sorts: dict[str, float] = field(default_factory=dict)
    filters: dict[str, float] = field(default_factory=dict)
    memory: float = 0.0


def warm_up_painting(app: QApplication) -> None:
    """Paint Japanese text once, so that neither phase pays for loading fonts (the
    application has drawn its login dialog and queue list by the time a table shows)."""
    model = ListModel([("FFC-00000001", "山田　太郎", "補正再提出", "2026/11/25", "2026/12/01",
                        "審査 一郎")] * 50)
    view = QTableView()
    view.setModel(model)
    view.resize(1000, 700)
    view.show()
    for _ in range(3):
        view.viewport().repaint()
        app.processEvents()
    view.close()


# ------------------------------------------------------------------------- ours


def run_ours(app: QApplication, url: str, jumps: int, rng: random.Random) -> Phase:
    reset_peak_rss()
    database = open_database(url)
    services = services_for(database, load_default_procedures(), FixedClock(), database.label)
    actor = Actor(None, "bench", "bench", Role.SUPERVISOR)
    runner = TaskRunner()
    model = CaseTableModel(runner, ServiceCaseSource(CaseSearchService(services.ctx), actor))
    view = PaintedView(model.is_loaded)
    view.setModel(model)
    attach_to_view(view, model)
    view.resize(1000, 700)
    view.show()
    app.processEvents()
    with services.ctx.uow():
        pass  # the connection is open, as in the window (it has read the queue list)
    phase = Phase("ours")
    shown: list[CaseFilter] = []
    model.filter_applied.connect(shown.append)

    def showing(case_filter: CaseFilter) -> Callable[[], bool]:
        return lambda: bool(shown) and shown[-1] == case_filter and model.case_filter == case_filter

    started = time.perf_counter()
    phase.first_paint = until_painted(app, view, lambda: model.set_filter(QUEUE),
                                      showing(QUEUE))
    if model.total is None:
        loop = QEventLoop()
        model.count_changed.connect(lambda n: loop.quit() if n is not None else None)
        loop.exec()
    phase.count = (time.perf_counter() - started) * 1000
    runner.wait_for_idle(IDLE_MS)  # boundaries every 50 pages, read in the background
    phase.mapped = (time.perf_counter() - started) * 1000
    total = model.total
    for _ in range(jumps):
        runner.wait_for_idle(IDLE_MS)  # a person looks at the rows before jumping again
        target = rng.randrange(0, max(total - 40, 1))
        phase.jumps.append(until_painted(app, view, lambda t=target: view.scrollTo(
            model.index(t, 0), QTableView.ScrollHint.PositionAtTop)))
    view.scrollToTop()
    runner.wait_for_idle(IDLE_MS)
    for label, column, order in (("receipt, newest first", Column.RECEIVED,
                                  Qt.SortOrder.DescendingOrder),
                                 ("applicant (kana)", Column.APPLICANT,
                                  Qt.SortOrder.AscendingOrder),
                                 ("holder", Column.HOLDER, Qt.SortOrder.AscendingOrder)):
        current = model.case_filter or QUEUE
        key = {Column.RECEIVED: SortKey.RECEIVED, Column.APPLICANT: SortKey.APPLICANT,
               Column.HOLDER: SortKey.HOLDER}[column]
        wanted = current.sorted_by(key, order == Qt.SortOrder.DescendingOrder)
        phase.sorts[label] = until_painted(
            app, view, lambda c=column, o=order: view.horizontalHeader().setSortIndicator(c, o),
            showing(wanted))
        runner.wait_for_idle(IDLE_MS)
    for label, case_filter in FILTERS.items():
        phase.filters[label] = until_painted(app, view, lambda f=case_filter: model.set_filter(f),
                                             showing(case_filter))
        runner.wait_for_idle(IDLE_MS)
    phase.memory = peak_rss_mb()
    view.close()
    runner.shutdown()
    services.close()
    return phase


# --------------------------------------------------------------------- baseline


class ListModel(QAbstractTableModel):
    """The smallest table model: every row in a list, sorted and filtered in Python."""

    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.rows[index.row()][index.column()]
        return None

    def replace_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


def load_rows(url: str) -> list[tuple[str, ...]]:
    """The whole queue in claim order, as display strings (+ kana, status, flags, due)."""
    database = open_database(url)
    try:
        with database.engine.connect() as conn:
            result = conn.execute(text(
                "SELECT number, applicant_name, status, received_at, due_date, "
                "coalesce(holder_id, ''), kana_key, flags FROM cases "
                "WHERE procedure_code = :p AND stage = 'first_review' "
                "ORDER BY priority DESC, due_date, received_at, id"), {"p": queue_seed.PROCEDURE})
            return [tuple(str(v) for v in row) for row in result]
    finally:
        database.dispose()


def run_baseline(app: QApplication, url: str, jumps: int, rng: random.Random) -> Phase:
    reset_peak_rss()
    phase = Phase("baseline")
    started = time.perf_counter()
    rows = load_rows(url)
    phase.load = (time.perf_counter() - started) * 1000
    model = ListModel([])
    view = PaintedView(lambda first, last: True)
    view.setModel(model)
    view.resize(1000, 700)
    view.show()
    app.processEvents()
    phase.first_paint = until_painted(app, view, lambda: model.replace_rows(rows))
    for _ in range(jumps):
        target = rng.randrange(0, max(len(rows) - 40, 1))
        phase.jumps.append(until_painted(app, view, lambda t=target: view.scrollTo(
            model.index(t, 0), QTableView.ScrollHint.PositionAtTop)))
    view.scrollToTop()
    phase.sorts["receipt, newest first"] = until_painted(app, view, lambda: model.replace_rows(
        sorted(rows, key=lambda r: r[3], reverse=True)))
    phase.sorts["applicant (kana)"] = until_painted(app, view, lambda: model.replace_rows(
        sorted(rows, key=lambda r: r[6])))
    phase.sorts["holder"] = until_painted(app, view, lambda: model.replace_rows(
        sorted(rows, key=lambda r: (r[5] == "", r[5]))))
    predicates: dict[str, Callable[[tuple[str, ...]], bool]] = {
        "search ﾔﾏﾀﾞ (0.6 %)": lambda r: r[6].startswith("ヤマダ") or r[1].startswith("ヤマダ"),
        "status 補正再提出 (5 %)": lambda r: r[2] == "resubmitted",
        "overdue (all)": lambda r: r[4] < "2026-11-25",
        "possible duplicate (2 %)": lambda r: "possible_duplicate" in r[7],
        "ever resubmitted (5 %)": lambda r: "resubmitted" in r[7] or r[2] == "resubmitted",
    }
    for label, keep in predicates.items():
        phase.filters[label] = until_painted(
            app, view, lambda k=keep: model.replace_rows([r for r in rows if k(r)]))
    phase.memory = peak_rss_mb()
    view.close()
    return phase


# ----------------------------------------------------------------------- report


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f}"


def report(title: str, ours: Phase, base: Phase) -> list[tuple[str, bool]]:
    def row(label: str, a: float | None, b: float | None, target: float | None = None) -> None:
        ratio = f"{a / b:,.1f}×" if a is not None and b else "–"
        verdict = "" if target is None or a is None else ("PASS" if a <= target else "FAIL")
        print(f"| {label} | {_ms(a)} | {_ms(b)} | {ratio} | "
              f"{'≤ ' + format(target, 'g') if target else ''} | {verdict} |")
        if target is not None and a is not None:
            checks.append((f"{title}: {label}", a <= target))

    checks: list[tuple[str, bool]] = []
    print(f"\n{title}\n")
    print("| measure | ours | baseline | ours/baseline | target | |")
    print("|---|---:|---:|---:|---:|:---:|")
    row("first painted rows, ms", ours.first_paint, base.first_paint, TARGETS["first paint"])
    row("baseline: reading the queue into the list, ms", None, base.load)
    row("count known (scroll bar exact), ms", ours.count, None)
    row("boundaries every 50 pages known (background), ms", ours.mapped, None)
    row("jump to a random row, median ms", statistics.median(ours.jumps),
        statistics.median(base.jumps), TARGETS["jump median"])
    row("jump to a random row, worst ms", max(ours.jumps), max(base.jumps))
    for label in ours.sorts:
        row(f"sort: {label}, ms", ours.sorts[label], base.sorts.get(label), TARGETS["sort/filter"])
    for label in ours.filters:
        row(f"filter: {label}, ms", ours.filters[label], base.filters.get(label),
            TARGETS["sort/filter"])
    row("peak RSS of the phase, MB", ours.memory, base.memory, TARGETS["memory"])
    return checks


# ------------------------------------------------------------------------ set-up


def existing_cases(url: str) -> int | None:
    """Cases in a migrated database at *url*, or None when it is not one."""
    try:
        database = open_database(url, check_schema=False)
    except Exception:
        return None
    try:
        with database.engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM cases")).scalar_one())
    except Exception:
        return None
    finally:
        database.dispose()


def prepare(url: str, n: int) -> None:
    from desktop.persistence.database import upgrade_database

    have = existing_cases(url)
    if have == n:
        upgrade_database(url)
        print(f"  reusing {url.rsplit('/', 1)[-1]} ({n:,} cases)", flush=True)
        return
    if have:
        raise SystemExit(f"{url} holds {have:,} cases, not {n:,}: use another --db")
    print(f"  seeding {n:,} cases …", flush=True)
    seconds = queue_seed.seed(url, n)
    print(f"  seeded in {seconds:,.0f} s", flush=True)


def pg_database(base_url: str, name: str | None) -> tuple[str, Callable[[], None]]:
    import psycopg
    from sqlalchemy.engine import make_url

    from desktop.persistence.engine import normalise_url

    admin = make_url(normalise_url(base_url))
    info = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    name = name or f"rd_qv_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(info, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(info, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return admin.set(database=name).render_as_string(hide_password=False), drop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--jumps", type=int, default=40)
    parser.add_argument("--db", help="SQLite file to seed or reuse (default: a temporary one)")
    parser.add_argument("--pg", help="PostgreSQL server URL (a role with CREATEDB)")
    parser.add_argument("--pg-database", help="PostgreSQL database to create or reuse")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the seeded databases")
    parser.add_argument("--seed", type=int, default=20261129)
    args = parser.parse_args(argv)
    shield_none_from_pyside_refcount_bug()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    print(f"Queue view benchmark: {args.cases:,} cases in one queue, {args.jumps} jumps; "
          f"load average {os.getloadavg()[0]:.1f}")
    checks: list[tuple[str, bool]] = []
    engines: list[tuple[str, str, Callable[[], None]]] = []
    if not args.no_sqlite:
        path = args.db or str(Path(tempfile.mkdtemp(prefix="rd_qv_")) / "queue.sqlite3")
        engines.append(("SQLite", path, (lambda: None) if args.keep or args.db
                        else (lambda p=path: shutil.rmtree(Path(p).parent, ignore_errors=True))))
    pg_url = args.pg or os.environ.get("REVIEW_DESK_BENCH_PG") or os.environ.get(
        "REVIEW_DESK_TEST_PG")
    if pg_url and not args.no_pg:
        url, drop = pg_database(pg_url, args.pg_database)
        engines.append(("PostgreSQL", url, (lambda: None) if args.keep else drop))
    elif not args.no_pg:
        print("(PostgreSQL skipped: no --pg, REVIEW_DESK_BENCH_PG or REVIEW_DESK_TEST_PG)")
    baseline: Phase | None = None
    warm_up_painting(app)
    try:
        for engine, url, _ in engines:
            print(f"\n{engine}:", flush=True)
            prepare(url, args.cases)
            ours = run_ours(app, url, args.jumps, random.Random(args.seed))
            if baseline is None:
                baseline = run_baseline(app, url, args.jumps, random.Random(args.seed))
            checks += report(f"{engine}, {args.cases:,} cases", ours, baseline)
    finally:
        for _, _, cleanup in engines:
            cleanup()
    failed = [label for label, ok in checks if not ok]
    print(f"\n{len(checks) - len(failed)}/{len(checks)} targets met"
          + (": FAIL " + "; ".join(failed) if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
