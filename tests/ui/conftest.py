"""Fixtures for the Qt tests: a seeded SQLite demo database, the GUI-thread guard, and
a check that fails any test leaving background work or threads behind.

UI tests run on SQLite only. The demo database is seeded once per session (30 cases)
and copied for each test.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QEvent, QSettings, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import Services, services_for
from desktop.domain.procedures import Procedure
from desktop.persistence.database import open_database
from desktop.persistence.uow import before_unit_of_work
from desktop.qt.application import ReviewDesk
from desktop.qt.gui_thread import assert_not_gui_thread
from desktop.qt.main_window import MainWindow
from desktop.qt.tasks import TaskRunner, unfinished_runners
from desktop.services.demo_seed import seed_demo

T = TypeVar("T")
DEMO_CASES = 30


def in_worker(fn: Callable[[], T]) -> T:
    """Run *fn* on a plain worker thread (tests inspecting the database while the GUI
    thread guard is installed)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result(timeout=30)


def leftover_background_work(python_threads_before: set[int]) -> list[str]:
    """Everything still running that a test started: task runners not shut down, busy
    global Qt pool threads, Python threads that did not end."""
    problems = unfinished_runners()
    busy = QThreadPool.globalInstance().activeThreadCount()
    if busy:
        problems.append(f"QThreadPool.globalInstance(): {busy} active threads")
    problems += [f"Python thread {t.name!r} still running" for t in threading.enumerate()
                 if t.ident not in python_threads_before and t.is_alive()
                 and not isinstance(t, threading._DummyThread)]
    return problems


@pytest.fixture(autouse=True)
def no_leftover_threads(qapp: QApplication, gui_thread_gc: None) -> Iterator[None]:
    """Fails the test if it leaves a task, a QThreadPool thread or a thread running."""
    before = {t.ident for t in threading.enumerate() if t.ident is not None}
    yield
    problems = leftover_background_work(before)
    if problems:
        pytest.fail("background work left running:\n  " + "\n  ".join(problems))


@pytest.fixture(autouse=True)
def no_window_left_open(qapp: QApplication) -> Iterator[None]:
    """Hides the top-level windows a test left on screen (a message box, a dialog), so
    the next test starts with none: window-wide behaviour such as the idle lock covers
    every visible window of the application."""
    yield
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.hide()
    # Objects a test handed to deleteLater() go now, not in the middle of the next test.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


@pytest.fixture(scope="session")
def demo_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory,
                  procedures: dict[str, Procedure]) -> Path:
    path = tmp_path_factory.mktemp("ui-demo") / "demo.sqlite3"
    shutil.copy(sqlite_template, path)
    database = open_database(str(path))
    services = services_for(database, procedures, database_label=database.label)
    try:
        seed_demo(services, cases=DEMO_CASES)
    finally:
        services.close()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    return path


class Opener:
    """A ``connect`` callable that opens services on one database and counts its calls."""

    def __init__(self, path: Path, procedures: dict[str, Procedure]) -> None:
        self.path = path
        self.procedures = procedures
        self.opened: list[Services] = []
        self.fail_next: list[BaseException] = []

    def __call__(self) -> Services:
        if self.fail_next:
            raise self.fail_next.pop(0)
        database = open_database(str(self.path))
        services = services_for(database, self.procedures, database_label=database.label)
        self.opened.append(services)
        return services

    def close_all(self) -> None:
        for services in self.opened:
            services.close()


@pytest.fixture
def opener(demo_db: Path, procedures: dict[str, Procedure]) -> Iterator[Opener]:
    opener = Opener(demo_db, procedures)
    yield opener
    opener.close_all()


@pytest.fixture
def direct_services(opener: Opener) -> Services:
    """Services on the same database for checks from the test (use with ``in_worker``)."""
    return opener()


@pytest.fixture
def gui_thread_guard() -> Iterator[None]:
    """Any unit of work started on the GUI thread raises while this is active."""
    before_unit_of_work.append(assert_not_gui_thread)
    yield
    before_unit_of_work.remove(assert_not_gui_thread)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def desk(qtbot: QtBot, opener: Opener, settings: QSettings,
         gui_thread_guard: None) -> Iterator[ReviewDesk]:
    """The application as ``run`` starts it, on the demo database, login dialog shown."""
    desk = ReviewDesk(opener, demo=True, settings=settings)
    desk.start()
    yield desk
    desk.shutdown()


def demo_row(desk: ReviewDesk, user: str) -> int:
    table = desk.login.ui.demoTable
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        if item is not None and item.text() == user:
            return row
    raise AssertionError(f"{user} is not among the demo accounts")


def sign_in(qtbot: QtBot, desk: ReviewDesk, user: str) -> MainWindow:
    """Click *user* in the demo account list, press OK, wait for the main window."""
    from PySide6.QtCore import Qt

    login = desk.login
    table = login.ui.demoTable
    qtbot.waitUntil(lambda: table.rowCount() > 0 and login.ok_button.isEnabled())
    item = table.item(demo_row(desk, user), 0)
    assert item is not None
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualItemRect(item).center())
    assert login.ui.userEdit.text() == user
    qtbot.mouseClick(login.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible(), timeout=10000)
    assert desk.window is not None, login.ui.errorLabel.text()
    return desk.window
