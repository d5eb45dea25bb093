"""Signing in: demo accounts, wrong passwords, a database that is not there yet."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.persistence.errors import DatabaseUnavailable
from desktop.qt import i18n
from desktop.qt.application import ReviewDesk
from desktop.qt.connection import Connection, ConnectionState
from desktop.qt.login_dialog import LoginDialog
from desktop.qt.preferences import LANGUAGE_KEY
from desktop.qt.tasks import TaskRunner
from tests.ui.conftest import Opener, sign_in

WRONG = "利用者名またはパスワードが正しくありません"
TITLE_JA, TITLE_EN = "審査デスク — ログイン", "Review Desk — Sign in"


@pytest.fixture
def catalogues(qapp: QApplication, tmp_path: Path,
               monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The tree's catalogues compiled for this test; Japanese is installed again after it."""
    for language in i18n.CATALOGUE_LANGUAGES:
        i18n.run_lrelease(i18n.ts_path(language), i18n.qm_path(language, tmp_path))
    monkeypatch.setenv(i18n.COMPILED_DIR_ENV, str(tmp_path))
    yield tmp_path
    i18n.install_translator(qapp, "ja")


def test_demo_account_signs_in_and_the_status_bar_says_who(qtbot: QtBot,
                                                          desk: ReviewDesk) -> None:
    window = sign_in(qtbot, desk, "sv1")
    assert not desk.login.isVisible()
    status = window.status_texts()
    assert status["user"] == "利用者: 監督 四郎"
    assert status["role"] == "役割: SV（監督者）"
    assert status["database"].startswith("DB: SQLite: ") and "demo.sqlite3" in status["database"]
    assert status["connection"] == "● 接続中"
    assert window.windowTitle() == "審査デスク — 監督 四郎"


def test_demo_accounts_are_listed_with_roles(qtbot: QtBot, desk: ReviewDesk) -> None:
    table = desk.login.ui.demoTable
    qtbot.waitUntil(lambda: table.rowCount() == 6)
    assert desk.login.ui.demoGroup.isVisible()
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(6)}  # type: ignore[union-attr]
    assert rows["operator1"] == "審査担当" and rows["admin1"] == "管理者"


def test_wrong_password_is_shown_and_the_dialog_stays(qtbot: QtBot, desk: ReviewDesk) -> None:
    login = desk.login
    qtbot.waitUntil(login.ok_button.isEnabled)
    qtbot.keyClicks(login.ui.userEdit, "operator1")
    qtbot.keyClicks(login.ui.passwordEdit, "not-the-password")
    qtbot.keyClick(login.ui.passwordEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: login.ui.errorLabel.text() == WRONG)
    assert login.ui.errorLabel.isVisible() and login.isVisible()
    assert login.ui.passwordEdit.text() == "" and login.ui.userEdit.text() == "operator1"
    assert login.actor is None and desk.window is None
    assert login.ok_button.isEnabled()


def test_empty_user_name_is_refused_without_asking_the_database(qtbot: QtBot,
                                                                desk: ReviewDesk) -> None:
    login = desk.login
    qtbot.waitUntil(login.ok_button.isEnabled)
    assert desk.runner.wait_for_idle()  # the demo accounts have arrived
    qtbot.mouseClick(login.ok_button, Qt.MouseButton.LeftButton)
    assert login.ui.errorLabel.text() == "利用者名を入力してください"
    assert desk.runner.pending_count == 0


def test_the_dialog_is_shown_before_the_database_is_open(
        qtbot: QtBot, opener: Opener, settings: QSettings, gui_thread_guard: None) -> None:
    gate = threading.Event()

    def slow_connect() -> object:
        gate.wait(10)
        return opener()

    desk = ReviewDesk(slow_connect, demo=True, settings=settings)  # type: ignore[arg-type]
    try:
        desk.start()
        qtbot.waitExposed(desk.login)
        assert desk.connection.state == ConnectionState.CONNECTING
        assert desk.login.ui.connectionLabel.text() == "データベースに接続しています…"
        assert not desk.login.ok_button.isEnabled()
        qtbot.keyClicks(desk.login.ui.userEdit, "sv1")  # typing works meanwhile
        gate.set()
        qtbot.waitUntil(desk.login.ok_button.isEnabled)
        assert desk.login.ui.connectionLabel.text().startswith("接続先: SQLite: ")
    finally:
        gate.set()
        desk.shutdown()


def test_unreachable_database_shows_the_error_and_retry_works(
        qtbot: QtBot, opener: Opener, settings: QSettings, gui_thread_guard: None) -> None:
    opener.fail_next.append(DatabaseUnavailable(
        "データベース（PostgreSQL: db:5432/review）に接続できません。ネットワークとサーバーを"
        "確認して再試行してください（この操作は保存されていません）: connection refused"))
    desk = ReviewDesk(opener, demo=True, settings=settings)
    try:
        desk.start()
        login = desk.login
        qtbot.waitUntil(lambda: desk.connection.state == ConnectionState.FAILED)
        assert "データベースに接続できません: データベース（PostgreSQL: db:5432/review）に接続" \
            in login.ui.connectionLabel.text()
        assert "Traceback" not in login.ui.connectionLabel.text()
        assert login.ui.retryButton.isVisible() and not login.ok_button.isEnabled()
        qtbot.mouseClick(login.ui.retryButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(login.ok_button.isEnabled)
        assert not login.ui.retryButton.isVisible()
        assert len(opener.opened) == 1
    finally:
        desk.shutdown()


def test_choosing_english_switches_at_once_and_is_remembered(
        qtbot: QtBot, opener: Opener, settings: QSettings, runner: TaskRunner,
        catalogues: Path) -> None:
    connection = Connection(runner, opener)
    first = LoginDialog(runner, connection, demo=False, settings=settings)
    qtbot.addWidget(first)
    assert first.ui.languageCombo.currentText() == "日本語"
    assert first.windowTitle() == TITLE_JA
    qtbot.keyClicks(first.ui.userEdit, "sv1")
    first.ui.languageCombo.setCurrentIndex(first.ui.languageCombo.findData("en"))
    assert settings.value(LANGUAGE_KEY) == "en"
    qtbot.waitUntil(lambda: first.windowTitle() == TITLE_EN)
    assert first.ui.userLabel.text() == "&User name"
    assert first.ui.connectionLabel.text() == "Connecting to the database…"
    assert first.ui.userEdit.text() == "sv1"  # typing is kept
    assert first.ui.languageCombo.currentText() == "English"

    second = LoginDialog(runner, connection, demo=False, settings=settings)
    qtbot.addWidget(second)
    assert second.ui.languageCombo.currentText() == "English"
    assert second.windowTitle() == TITLE_EN

    second.ui.languageCombo.setCurrentIndex(second.ui.languageCombo.findData("ja"))
    qtbot.waitUntil(lambda: first.windowTitle() == second.windowTitle() == TITLE_JA)
    assert settings.value(LANGUAGE_KEY) == "ja"
    assert first.ui.languageCombo.currentText() == "English"  # each dialog keeps its combo


def test_a_message_shown_is_translated_too(qtbot: QtBot, desk: ReviewDesk,
                                           catalogues: Path) -> None:
    login = desk.login
    qtbot.waitUntil(lambda: login.ok_button.isEnabled() and login.ui.demoTable.rowCount() > 0)
    qtbot.keyClicks(login.ui.userEdit, "operator1")
    qtbot.keyClicks(login.ui.passwordEdit, "not-the-password")
    qtbot.keyClick(login.ui.passwordEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: login.ui.errorLabel.text() == WRONG)
    login.ui.languageCombo.setCurrentIndex(login.ui.languageCombo.findData("en"))
    qtbot.waitUntil(lambda: login.ui.errorLabel.text() == "wrong user name or password")
    assert login.ui.connectionLabel.text().startswith("Database: SQLite: ")
    assert login.ui.demoTable.item(demo_row_of(login, "admin1"), 1).text() == "Administrator"  # type: ignore[union-attr]
    assert login.ui.demoGroup.title() == "Demo accounts (click one to fill in the fields)"


def demo_row_of(login: LoginDialog, user: str) -> int:
    table = login.ui.demoTable
    return next(r for r in range(table.rowCount())
                if (item := table.item(r, 0)) is not None and item.text() == user)


def test_no_demo_accounts_outside_demo_mode(qtbot: QtBot, opener: Opener, tmp_path: Path,
                                            runner: TaskRunner, settings: QSettings) -> None:
    connection = Connection(runner, opener)
    dialog = LoginDialog(runner, connection, demo=False, settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    connection.open()
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    assert runner.wait_for_idle()
    assert not dialog.ui.demoGroup.isVisible() and dialog.ui.demoTable.rowCount() == 0
    connection.close()
