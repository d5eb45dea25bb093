"""``run``: the login dialog first, then the event loop; everything closed at the end."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from desktop.qt.application import StartupProbe, run
from desktop.qt.login_dialog import LoginDialog


class FakeServices:
    database_label = "SQLite: fake.sqlite3"

    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def restore_app(qapp: QApplication) -> Iterator[QApplication]:
    quit_on_close = qapp.quitOnLastWindowClosed()
    yield qapp
    qapp.setQuitOnLastWindowClosed(quit_on_close)


def test_cancel_at_login_ends_run_and_closes_the_services(restore_app: QApplication) -> None:
    fake = FakeServices()
    seen: list[str] = []

    def visible_login() -> LoginDialog | None:
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, LoginDialog) and w.isVisible()), None)

    dialog_shown = threading.Event()

    def connect() -> FakeServices:  # on a worker: finishes only once the dialog is up
        seen.append("connected behind the dialog" if dialog_shown.wait(10) else "no dialog")
        return fake

    def cancel_once_connected() -> None:
        dialog = visible_login()
        if dialog is not None:
            dialog_shown.set()
        if dialog is not None and dialog.ok_button.isEnabled():
            poll.stop()
            seen.append(dialog.ui.connectionLabel.text())
            dialog.reject()

    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(cancel_once_connected)
    poll.start()
    assert run(connect, demo=False) == 0  # type: ignore[arg-type]
    poll.stop()
    assert seen == ["connected behind the dialog", "接続先: SQLite: fake.sqlite3"]
    assert fake.closed


def test_startup_probe_reports_once_the_dialog_is_painted(
        qtbot: QtBot, capsys: pytest.CaptureFixture[str]) -> None:
    dialog = QDialog()
    dialog.setWindowTitle("probe")
    qtbot.addWidget(dialog)
    done: list[bool] = []
    StartupProbe(dialog, lambda: done.append(True))
    assert capsys.readouterr().out == ""  # nothing before the dialog is shown
    before = time.time()
    dialog.show()
    qtbot.waitUntil(lambda: bool(done))
    report = json.loads(capsys.readouterr().out)
    assert report["title"] == "probe"
    assert before <= report["shown_at"] <= time.time() and report["cpu"] > 0
    assert "desktop.qt.application" in report["modules"]
    dialog.hide()
    dialog.show()
    qtbot.wait(50)
    assert done == [True] and capsys.readouterr().out == ""  # reported only once
