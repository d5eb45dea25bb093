"""Auto-lock after an idle period: the work underneath is kept, only the same user's
password unlocks, nothing underneath reacts while locked, timers keep running."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMainWindow, QVBoxLayout
from pytestqt.qtbot import QtBot

from desktop.app import Services
from desktop.domain.permissions import SYSTEM, Actor
from desktop.persistence.errors import DatabaseUnavailable
from desktop.persistence.uow import before_unit_of_work
from desktop.qt.idle_lock import IdleLock
from desktop.qt.tasks import TaskRunner
from desktop.services.workstation_settings import DEFAULT_IDLE_LOCK_MINUTES
from tests.ui.conftest import in_worker

#: 0.4 s of idleness, in minutes.
SHORT = 0.4 / 60


class Desk(QMainWindow):
    """A stand-in for the main window: a draft being typed, an F2 action, and a timer
    like the lease renewal."""

    def __init__(self) -> None:
        super().__init__()
        self.draft = QLineEdit(self)
        self.setCentralWidget(self.draft)
        self.claims = 0
        self.claim = QAction("次の案件", self)
        self.claim.setShortcut(QKeySequence("F2"))
        self.claim.triggered.connect(self._claimed)
        self.addAction(self.claim)
        self.renewals = 0
        self.renewal = QTimer(self)
        self.renewal.setInterval(20)
        self.renewal.timeout.connect(self._renewed)
        self.renewal.start()
        self.resize(640, 400)

    def _claimed(self) -> None:
        self.claims += 1

    def _renewed(self) -> None:
        self.renewals += 1


def password_of(services: Services, name: str) -> str:
    return next(a["password"] for a in in_worker(services.admin.demo_accounts)
                if a["name"] == name)


@pytest.fixture
def operator(direct_services: Services) -> tuple[Actor, str]:
    password = password_of(direct_services, "operator1")
    actor = in_worker(lambda: direct_services.admin.authenticate("operator1", password))
    return actor, password


@pytest.fixture
def desk_window(qtbot: QtBot) -> Desk:
    window = Desk()
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


@pytest.fixture
def make_lock(runner: TaskRunner, direct_services: Services, gui_thread_guard: None,
              operator: tuple[Actor, str]) -> Iterator[Callable[..., IdleLock]]:
    locks: list[IdleLock] = []

    def make(window: QMainWindow, minutes: float = SHORT) -> IdleLock:
        lock = IdleLock(window, runner, direct_services, operator[0], minutes)
        locks.append(lock)
        return lock

    yield make
    assert runner.wait_for_idle()
    for lock in locks:
        lock.stop()


def unlock_with(qtbot: QtBot, lock: IdleLock, password: str) -> None:
    assert lock.form is not None
    lock.form.password.setFocus()
    qtbot.keyClicks(lock.form.password, password)
    qtbot.keyClick(lock.form.password, Qt.Key.Key_Return)


def test_typing_under_the_lock_survives_unlock(qtbot: QtBot, desk_window: Desk,
                                               make_lock: Callable[..., IdleLock],
                                               operator: tuple[Actor, str]) -> None:
    lock = make_lock(desk_window)
    desk_window.draft.setFocus()
    qtbot.keyClicks(desk_window.draft, "half-typed note")
    with qtbot.waitSignal(lock.locked, timeout=5000):
        pass  # idle: nobody touches anything
    assert lock.is_locked and lock.form is not None and lock.form.isVisible()
    covers = desk_window.findChildren(QLineEdit)
    assert lock.form.password in covers
    cover = lock.form.parentWidget()
    assert cover is not None and cover.geometry() == desk_window.rect()  # all of it

    # Nothing underneath reacts: typing, shortcuts, clicks.
    qtbot.keyClicks(desk_window.draft, "XYZ")
    qtbot.keyClick(desk_window, Qt.Key.Key_F2)
    qtbot.mouseClick(desk_window.draft, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert desk_window.draft.text() == "half-typed note" and desk_window.claims == 0
    renewals = desk_window.renewals
    qtbot.waitUntil(lambda: desk_window.renewals > renewals + 2)  # timers keep running

    # Tab stays inside the form.
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert lock.form.isAncestorOf(QApplication.focusWidget())

    unlock_with(qtbot, lock, "wrong-password")
    qtbot.waitUntil(lambda: lock.form is not None
                    and lock.form.message.text() == "✗ パスワードが正しくありません")
    assert lock.is_locked and lock.form.password.text() == ""

    with qtbot.waitSignal(lock.unlocked, timeout=10_000):
        unlock_with(qtbot, lock, operator[1])
    assert not lock.is_locked
    qtbot.waitUntil(lambda: not [w for w in desk_window.findChildren(QLineEdit)
                                 if w is not desk_window.draft])
    assert desk_window.draft.text() == "half-typed note"
    assert QApplication.focusWidget() is desk_window.draft
    qtbot.keyClicks(desk_window.draft, " continued")
    assert desk_window.draft.text() == "half-typed note continued"
    qtbot.keyClick(desk_window, Qt.Key.Key_F2)
    assert desk_window.claims == 1


def test_input_keeps_it_unlocked_and_it_locks_again_after_unlock(
        qtbot: QtBot, desk_window: Desk, make_lock: Callable[..., IdleLock],
        operator: tuple[Actor, str]) -> None:
    lock = make_lock(desk_window, 0.6 / 60)
    desk_window.draft.setFocus()
    for _ in range(8):  # 1.2 s of typing, a key every 0.15 s
        qtbot.keyClick(desk_window.draft, "a")
        qtbot.wait(150)
        assert not lock.is_locked
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)
    with qtbot.waitSignal(lock.unlocked, timeout=10_000):
        unlock_with(qtbot, lock, operator[1])
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)  # the idle timer runs again


def test_zero_minutes_never_locks_and_lock_now_does(qtbot: QtBot, desk_window: Desk,
                                                    make_lock: Callable[..., IdleLock]) -> None:
    lock = make_lock(desk_window, 0)
    qtbot.wait(300)
    assert not lock.is_locked and lock.minutes == 0
    action = lock.lock_now_action()
    assert action.toolTip().endswith("(Ctrl+Shift+L)")
    qtbot.keyClick(desk_window.draft, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert lock.is_locked


def test_an_empty_password_is_not_sent(qtbot: QtBot, desk_window: Desk, runner: TaskRunner,
                                       make_lock: Callable[..., IdleLock]) -> None:
    lock = make_lock(desk_window, 0)
    lock.lock()
    assert lock.form is not None and runner.wait_for_idle()
    qtbot.keyClick(lock.form.password, Qt.Key.Key_Return)
    assert lock.form.message.text() == "✗ パスワードを入力してください"
    assert runner.pending_count == 0 and lock.is_locked


def test_a_database_outage_keeps_it_locked_and_says_why(
        qtbot: QtBot, desk_window: Desk, make_lock: Callable[..., IdleLock],
        operator: tuple[Actor, str]) -> None:
    lock = make_lock(desk_window, 0)
    lock.lock()

    def unreachable() -> None:
        raise DatabaseUnavailable("データベース（SQLite: demo）に接続できません", "down")

    before_unit_of_work.append(unreachable)
    try:
        with qtbot.waitSignal(lock.failed, timeout=10_000) as failed:
            unlock_with(qtbot, lock, operator[1])
    finally:
        before_unit_of_work.remove(unreachable)
    assert isinstance(failed.args[0], DatabaseUnavailable)
    assert lock.is_locked and lock.form is not None
    assert lock.form.message.text() == "✗ データベース（SQLite: demo）に接続できません"
    with qtbot.waitSignal(lock.unlocked, timeout=10_000):
        unlock_with(qtbot, lock, operator[1])  # back: the same password now works


def test_a_modal_dialog_is_covered_and_carries_the_form(
        qtbot: QtBot, desk_window: Desk, make_lock: Callable[..., IdleLock],
        operator: tuple[Actor, str]) -> None:
    dialog = QDialog(desk_window)
    dialog.setModal(True)
    note = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(note)
    dialog.resize(420, 320)
    dialog.show()
    qtbot.waitExposed(dialog)
    note.setFocus()
    qtbot.keyClicks(note, "in the dialog")
    lock = make_lock(desk_window, 0)
    lock.lock()
    assert lock.form is not None
    assert dialog.isAncestorOf(lock.form)  # the only window the keyboard can reach
    assert any(desk_window.isAncestorOf(w) and w.isVisible()
               for w in desk_window.findChildren(type(lock.form.parentWidget())))
    with qtbot.waitSignal(lock.unlocked, timeout=10_000):
        unlock_with(qtbot, lock, operator[1])
    assert dialog.isVisible() and note.text() == "in the dialog"


def test_the_period_comes_from_the_database(qtbot: QtBot, desk_window: Desk,
                                            runner: TaskRunner, direct_services: Services,
                                            gui_thread_guard: None,
                                            operator: tuple[Actor, str]) -> None:
    lock = IdleLock.from_settings(desk_window, runner, direct_services, operator[0])
    assert runner.wait_for_idle()
    assert lock.minutes == DEFAULT_IDLE_LOCK_MINUTES
    in_worker(lambda: direct_services.workstation.set_idle_lock_minutes(SYSTEM, 3))
    later = IdleLock.from_settings(desk_window, runner, direct_services, operator[0])
    assert runner.wait_for_idle()
    assert later.minutes == 3 and not later.is_locked
    for each in (lock, later):
        each.stop()
