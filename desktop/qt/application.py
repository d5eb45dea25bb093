"""Starting the desktop application: login first, then the main window.

:func:`run` is what ``desktop.app.main`` calls. The login dialog is shown before the
database is opened; ``connect()`` runs in the background meanwhile. On exit every
background task is finished and the services are closed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal
from PySide6.QtWidgets import QApplication

from desktop.qt.connection import Connection
from desktop.qt.login_dialog import LoginDialog
from desktop.qt.main_window import MainWindow
from desktop.qt.ports import Connect
from desktop.qt.preferences import stored_language
from desktop.qt.style import apply_look, install_qt_translations
from desktop.qt.tasks import TaskRunner

ORGANISATION = "review-desk"
APPLICATION = "review-desk"


class ReviewDesk(QObject):
    """One run of the application: connection, login dialog, then main window.

    ``finished`` is emitted when the user cancels the login or closes the main window;
    :meth:`shutdown` must then be called (it waits for background work).
    """

    finished = Signal()

    def __init__(self, connect: Connect, *, demo: bool, settings: QSettings | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner(self)
        self.connection = Connection(self.runner, connect, self)
        self.settings = settings or QSettings()
        self.login = LoginDialog(self.runner, self.connection, demo=demo,
                                 settings=self.settings)
        self.window: MainWindow | None = None
        self.login.accepted.connect(self._signed_in)
        self.login.rejected.connect(self.finished)

    def start(self) -> None:
        """Show the login dialog and start connecting behind it."""
        self.login.show()
        self.connection.open()

    def _signed_in(self) -> None:
        actor = self.login.actor
        if actor is None or self.connection.services is None:
            self.finished.emit()
            return
        self.window = MainWindow(self.runner, self.connection, actor)
        self.window.closed.connect(self.finished)
        self.window.show()

    def shutdown(self) -> None:
        """Close the windows, finish background work, join its threads, close services."""
        if self.window is not None and self.window.isVisible():
            self.window.close()
        self.login.close()
        self.runner.shutdown()
        self.connection.close()


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, named for QSettings, with the application's look."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app.setQuitOnLastWindowClosed(False)  # ReviewDesk.finished decides when to quit
    apply_look(app)
    install_qt_translations(app, stored_language(QSettings()))
    return app


def run(connect: Connect, demo: bool) -> int:
    """Run the application until the user quits; returns the exit status."""
    app = make_application()
    desk = ReviewDesk(connect, demo=demo)
    desk.finished.connect(app.quit)
    desk.start()
    try:
        return app.exec()
    finally:
        desk.shutdown()
