"""The main window's permanent status-bar fields: user, role, database, connection."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QLabel, QStatusBar

from desktop.domain.permissions import Actor
from desktop.qt.connection import Connection, ConnectionState
from desktop.qt.labels import role_label

_CONNECTION_COLOURS = {
    ConnectionState.CONNECTED: "#2e7d32",
    ConnectionState.UNAVAILABLE: "#b01e1e",
    ConnectionState.FAILED: "#b01e1e",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class StatusFields(QObject):
    """Always visible: who is signed in, their role, the database and whether it answers
    (the state in words after a ●, the colour only repeats it)."""

    def __init__(self, bar: QStatusBar, actor: Actor, database_label: str,
                 connection: Connection) -> None:
        super().__init__(bar)
        self._connection = connection
        self.labels = {
            "user": QLabel(_tr("利用者: {name}").format(name=actor.display_name)),
            "role": QLabel(_tr("役割: {role}").format(role=role_label(actor.role))),
            "database": QLabel(),
            "connection": QLabel(),
        }
        self.labels["user"].setToolTip(actor.name)
        database = _tr("DB: {label}").format(label=database_label)
        self.labels["database"].setToolTip(database)
        self.labels["database"].setText(self.labels["database"].fontMetrics().elidedText(
            database, Qt.TextElideMode.ElideMiddle, 380))
        for label in self.labels.values():
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)
        connection.state_changed.connect(self.show_connection)
        self.show_connection()

    def texts(self) -> dict[str, str]:
        return {key: label.text() for key, label in self.labels.items()}

    def show_connection(self) -> None:
        label = self.labels["connection"]
        colour = _CONNECTION_COLOURS.get(self._connection.state, "#4a4a4a")
        label.setText(f"● {self._connection.describe()}")
        label.setStyleSheet(f"color: {colour};")
        label.setToolTip(self._connection.error)
