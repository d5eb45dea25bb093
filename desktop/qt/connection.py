"""The services connection: opened in the background, watched while the app runs."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.qt.messages import error_text, is_unavailable
from desktop.qt.ports import AppServices, Connect
from desktop.qt.tasks import TaskRunner


class ConnectionState(Enum):
    """Where the connection to the database stands, as the status bar shows it."""

    CONNECTING = "connecting"
    CONNECTED = "connected"
    UNAVAILABLE = "unavailable"
    FAILED = "failed"
    CLOSED = "closed"


class Connection(QObject):
    """Owns the services once :meth:`open` has made them; closes them at the end.

    ``connect()`` runs on a worker (it may wait for a network server). Later, every
    task result is reported back with :meth:`note_success` / :meth:`note_failure`, so
    the state shown in the status bar follows what really happened.
    """

    state_changed = Signal()

    def __init__(self, runner: TaskRunner, connect: Connect,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._connect = connect
        self._services: AppServices | None = None
        self._state = ConnectionState.FAILED
        self._error = ""

    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def services(self) -> AppServices | None:
        return self._services

    @property
    def error(self) -> str:
        """The last error message ("" when none)."""
        return self._error

    def open(self) -> None:
        """Start connecting, unless already connected or connecting."""
        if self._services is not None or self._state == ConnectionState.CONNECTING:
            return
        self._set(ConnectionState.CONNECTING, "")
        self._runner.run_in_background(self._connect, self._on_connected, self._on_failed,
                                       label="connect")

    def _on_connected(self, services: AppServices) -> None:
        if self._state == ConnectionState.CLOSED:
            services.close()
            return
        self._services = services
        self._set(ConnectionState.CONNECTED, "")

    def _on_failed(self, error: BaseException) -> None:
        if self._state != ConnectionState.CLOSED:
            self._set(ConnectionState.FAILED, error_text(error))

    def note_success(self) -> None:
        """A database action worked: the connection is up."""
        if self._services is not None and self._state == ConnectionState.UNAVAILABLE:
            self._set(ConnectionState.CONNECTED, "")

    def note_failure(self, error: BaseException) -> None:
        """A database action failed; the state turns red if the database was unreachable."""
        if self._services is not None and is_unavailable(error):
            self._set(ConnectionState.UNAVAILABLE, error_text(error))

    def describe(self) -> str:
        """The state in a few words, for the status bar and the login dialog."""
        texts = {
            ConnectionState.CONNECTING: QCoreApplication.translate("Connection", "接続しています…"),
            ConnectionState.CONNECTED: QCoreApplication.translate("Connection", "接続中"),
            ConnectionState.UNAVAILABLE: QCoreApplication.translate("Connection", "接続できません"),
            ConnectionState.FAILED: QCoreApplication.translate("Connection", "未接続"),
            ConnectionState.CLOSED: QCoreApplication.translate("Connection", "切断"),
        }
        return texts[self._state]

    def close(self) -> None:
        """Close the services (after the runner has finished every task)."""
        services, self._services = self._services, None
        self._set(ConnectionState.CLOSED, "")
        if services is not None:
            services.close()

    def _set(self, state: ConnectionState, error: str) -> None:
        changed = (state, error) != (self._state, self._error)
        self._state, self._error = state, error
        if changed:
            self.state_changed.emit()
