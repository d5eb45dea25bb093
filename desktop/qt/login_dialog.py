"""Signing in, while the database connection opens in the background."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidgetItem, QWidget

from desktop.domain.permissions import Actor
from desktop.qt.connection import Connection, ConnectionState
from desktop.qt.forms.ui_login_dialog import Ui_LoginDialog
from desktop.qt.i18n import current_language, install_translator
from desktop.qt.labels import role_label_for_code
from desktop.qt.messages import error_text
from desktop.qt.preferences import LANGUAGES, store_language, stored_language
from desktop.qt.tasks import TaskRunner

ERROR_STYLE = "color: #b01e1e;"
INFO_STYLE = "color: #4a4a4a;"


class LoginDialog(QDialog):
    """User name, password and interface language; OK signs in.

    Choosing a language remembers it in *settings* and switches the whole interface at
    once (:func:`~desktop.qt.i18n.install_translator`); this dialog re-translates itself
    on Qt's ``LanguageChange`` event, keeping what was typed and the message shown.

    The dialog appears before the database is open: :class:`Connection` connects in
    the background and OK waits for it. A failed connection is shown with a retry
    button; a wrong password is shown inline and the dialog stays open. On a demo
    database (``demo=True``) the demo accounts are listed and fill the fields when
    clicked. After ``accepted``, :attr:`actor` is the signed-in user.
    """

    def __init__(self, runner: TaskRunner, connection: Connection, *, demo: bool,
                 settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call]
        self._runner = runner
        self._connection = connection
        self._demo = demo
        self._settings = settings
        self._actor: Actor | None = None
        self._busy = False
        self._demo_loaded = False
        self._accounts: list[dict[str, str]] = []
        #: Makes the message under the fields again (in the language of the moment).
        self._message: tuple[Callable[[], str], bool] | None = None

        self.setMinimumWidth(440)
        title_font = self.ui.titleLabel.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        self.ui.titleLabel.setFont(title_font)
        for code, name in LANGUAGES:
            self.ui.languageCombo.addItem(name, code)
        self.ui.languageCombo.setCurrentIndex(
            self.ui.languageCombo.findData(stored_language(settings)))
        self.ui.languageCombo.currentIndexChanged.connect(self._language_chosen)
        self.ui.demoGroup.setVisible(False)
        self.ui.demoTable.cellClicked.connect(self._demo_account_clicked)
        self.ui.demoTable.cellDoubleClicked.connect(self._demo_account_double_clicked)
        self.ui.retryButton.clicked.connect(self._connection.open)
        self.ui.errorLabel.setVisible(False)
        connection.state_changed.connect(self._connection_changed)
        self._connection_changed()

    @property
    def actor(self) -> Actor | None:
        """The signed-in user once the dialog is accepted."""
        return self._actor

    @property
    def ok_button(self) -> QWidget:
        return self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)

    def accept(self) -> None:
        """OK: authenticate in the background; close only when it succeeds."""
        if self._actor is not None:
            super().accept()
            return
        services = self._connection.services
        if self._busy or services is None:
            return
        name = self.ui.userEdit.text().strip()
        password = self.ui.passwordEdit.text()
        if not name:
            self._show_message(lambda: self.tr("利用者名を入力してください"), error=True)
            self.ui.userEdit.setFocus()
            return
        self._set_busy(True)
        self._show_message(lambda: self.tr("確認しています…"), error=False)
        self._runner.run_in_background(
            lambda: services.admin.authenticate(name, password),
            self._signed_in, self._sign_in_failed, owner=self, label="authenticate")

    # ----------------------------------------------------------------- callbacks

    def _signed_in(self, actor: Actor) -> None:
        self._set_busy(False)
        self._actor = actor
        super().accept()

    def _sign_in_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._connection.note_failure(error)
        self._show_message(lambda: error_text(error), error=True)
        self.ui.passwordEdit.clear()
        self.ui.passwordEdit.setFocus()

    def _connection_changed(self) -> None:
        state = self._connection.state
        services = self._connection.services
        label = self.ui.connectionLabel
        if state == ConnectionState.CONNECTED and services is not None:
            label.setText(self.tr("接続先: {database}").format(database=services.database_label))
            label.setStyleSheet(INFO_STYLE)
            self._load_demo_accounts()
        elif state in (ConnectionState.FAILED, ConnectionState.UNAVAILABLE) \
                and self._connection.error:
            label.setText(self.tr("データベースに接続できません: {error}").format(
                error=self._connection.error))
            label.setStyleSheet(ERROR_STYLE)
        else:
            label.setText(self.tr("データベースに接続しています…"))
            label.setStyleSheet(INFO_STYLE)
        self.ui.retryButton.setVisible(state in (ConnectionState.FAILED,
                                                 ConnectionState.UNAVAILABLE))
        self._update_buttons()

    def _load_demo_accounts(self) -> None:
        services = self._connection.services
        if not self._demo or self._demo_loaded or services is None:
            return
        self._demo_loaded = True
        self._runner.run_in_background(services.admin.demo_accounts, self._show_demo_accounts,
                                       self._demo_accounts_failed, owner=self,
                                       label="demo accounts")

    def _show_demo_accounts(self, accounts: list[dict[str, str]]) -> None:
        self._accounts = accounts
        table = self.ui.demoTable
        table.setRowCount(len(accounts))
        for row, account in enumerate(accounts):
            cells = (account.get("name", ""), role_label_for_code(account.get("role", "")),
                     account.get("password", ""))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(account.get("display_name", ""))
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        frame = 2 * table.frameWidth()
        table.setMinimumHeight(table.horizontalHeader().height()
                               + table.verticalHeader().length() + frame)
        self.ui.demoGroup.setVisible(bool(accounts))
        self.adjustSize()

    def _demo_accounts_failed(self, error: BaseException) -> None:
        self._demo_loaded = False
        self._connection.note_failure(error)
        self._show_message(lambda: error_text(error), error=True)

    def _demo_account_clicked(self, row: int, _column: int) -> None:
        name, password = self.ui.demoTable.item(row, 0), self.ui.demoTable.item(row, 2)
        if name is None or password is None:
            return
        self.ui.userEdit.setText(name.text())
        self.ui.passwordEdit.setText(password.text())
        self._message = None
        self.ui.errorLabel.setVisible(False)
        self.ok_button.setFocus()

    def _demo_account_double_clicked(self, row: int, column: int) -> None:
        self._demo_account_clicked(row, column)
        self.accept()

    def _language_chosen(self, index: int) -> None:
        code = self.ui.languageCombo.itemData(index)
        if not isinstance(code, str):
            return
        store_language(self._settings, code)
        app = QCoreApplication.instance()
        if app is not None and code != current_language():
            install_translator(app, code)  # Qt sends LanguageChange to every window

    def changeEvent(self, event: QEvent) -> None:
        """Re-translate everything shown when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "ui"):
            self.ui.retranslateUi(self)  # type: ignore[no-untyped-call]
            self._connection_changed()
            if self._accounts:
                self._show_demo_accounts(self._accounts)
            if self._message is not None:
                self._show_message(*self._message)
        super().changeEvent(event)

    # ------------------------------------------------------------------- helpers

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.ui.userEdit, self.ui.passwordEdit, self.ui.demoTable):
            widget.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self._connection.services is not None and not self._busy
        self.ok_button.setEnabled(ready)

    def _show_message(self, text: Callable[[], str], error: bool) -> None:
        """Show *text()* under the fields; it is called again after a language change."""
        self._message = (text, error)
        shown = text()
        self.ui.errorLabel.setText(shown)
        self.ui.errorLabel.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.ui.errorLabel.setVisible(bool(shown))
