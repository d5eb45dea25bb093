"""Starting the desktop application: login first, then the main window.

:func:`run` is what ``desktop.app.main`` calls. The login dialog is shown before the
database is opened; ``connect()`` runs in the background meanwhile. On exit every
background task is finished and the services are closed.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from desktop.qt.connection import Connection
from desktop.qt.i18n import install_translator
from desktop.qt.login_dialog import LoginDialog
from desktop.qt.main_thread_gc import MainThreadGarbageCollector
from desktop.qt.preferences import stored_font_size, stored_language
from desktop.qt.style import apply_look
from desktop.qt.tasks import TaskRunner

if TYPE_CHECKING:
    # Imported when the user has signed in: the main window pulls in the services'
    # modules, which the login dialog does not need (benchmarks/startup.py).
    from desktop.qt.idle_lock import IdleLock
    from desktop.qt.main_window import MainWindow
    from desktop.qt.ports import Connect

ORGANISATION = "review-desk"
APPLICATION = "review-desk"
#: When set, :func:`run` prints one JSON line as soon as the login dialog is on screen
#: and quits (``benchmarks/startup.py``, ``tests/ui/test_startup_imports.py``).
STARTUP_PROBE_ENV = "REVIEW_DESK_STARTUP_PROBE"


class StartupProbe(QObject):
    """Reports when *dialog* is first shown, then calls *done*.

    At the dialog's Show event (inside ``show()``, before the connection is started)
    it notes the modules imported so far; once its first Paint has been handled it
    prints ``{"shown_at": time.time(), "cpu": time.thread_time(), "modules": [...],
    "title": ...}`` on one line of stdout.
    """

    def __init__(self, dialog: QWidget, done: Callable[[], None]) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._done = done
        self._modules: list[str] | None = None
        self._painted = False
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self._modules is None:
            self._modules = sorted(sys.modules)
        elif event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._report)  # once this paint is finished
        return False

    def _report(self) -> None:
        import json

        shown_at = time.time()
        report = {"shown_at": shown_at, "cpu": time.thread_time(),
                  "modules": self._modules or [],
                  "title": self._dialog.windowTitle()}
        print(json.dumps(report), flush=True)
        self._done()


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
        self.idle_lock: IdleLock | None = None
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
        from desktop.qt.idle_lock import IdleLock
        from desktop.qt.main_window import MainWindow

        self.window = MainWindow(self.runner, self.connection, actor, settings=self.settings)
        self.window.closed.connect(self.finished)
        services = self.connection.services
        self.idle_lock = IdleLock.from_settings(self.window, self.runner, services, actor)
        self.idle_lock.failed.connect(self.connection.note_failure)
        self.window.ui.menuFile.insertAction(self.window.ui.actionQuit,
                                             self.idle_lock.lock_now_action())
        self.window.closed.connect(self.idle_lock.stop)
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
    apply_look(app, stored_font_size(QSettings()))
    install_translator(app, stored_language(QSettings()))
    return app


def run(connect: Connect, demo: bool) -> int:
    """Run the application until the user quits; returns the exit status."""
    app = make_application()
    collector = MainThreadGarbageCollector(app)
    desk = ReviewDesk(connect, demo=demo)
    desk.finished.connect(app.quit)
    if os.environ.get(STARTUP_PROBE_ENV):
        StartupProbe(desk.login, desk.finished.emit)
    desk.start()
    try:
        return app.exec()
    finally:
        desk.shutdown()
        collector.stop()
