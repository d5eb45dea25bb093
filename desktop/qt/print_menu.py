"""The Print menu of the main window: batch printing and the enclosure check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow

from desktop.domain.permissions import Actor, Permission
from desktop.qt.ports import AppServices
from desktop.qt.tasks import TaskRunner

#: ``run(fn, on_success, label=…)``: the window's way of running a task in the background.
Run = Callable[..., None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class PrintMenu(QObject):
    """Adds 印刷(&P) to *window*: notices (Ctrl+P) and the enclosure check (Ctrl+E)."""

    def __init__(self, window: QMainWindow, runner: TaskRunner, services: AppServices,
                 actor: Actor, run: Run) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._services = services
        self._actor = actor
        self._run = run
        menu = window.menuBar().addMenu(_tr("印刷(&P)"))
        self.action_print = menu.addAction(_tr("通知書の一括印刷…"))
        self.action_print.setShortcut(QKeySequence("Ctrl+P"))
        self.action_print.setToolTip(_tr("決定済みの案件の通知書を印刷します (Ctrl+P)"))
        self.action_enclosure = menu.addAction(_tr("封入封緘確認…"))
        self.action_enclosure.setShortcut(QKeySequence("Ctrl+E"))
        self.action_enclosure.setToolTip(_tr("封筒ごとに2次元コードを読み取って確認します (Ctrl+E)"))
        allowed = actor.can(Permission.NOTICE_PRINT)
        for action in (self.action_print, self.action_enclosure):
            action.setEnabled(allowed)
        self.action_print.triggered.connect(self.open_print_dialog)
        self.action_enclosure.triggered.connect(self.open_enclosure_dialog)

    def open_print_dialog(self) -> None:
        """Ctrl+P: the batch print dialog (the notice service, with its fonts, is built
        in the background on first use)."""
        from desktop.qt.printing import PrintBatchDialog

        services, actor, runner, window = self._services, self._actor, self._runner, self._window

        def show(notices: Any) -> None:
            PrintBatchDialog(notices, actor, runner, window).open()

        self._run(lambda: services.notices, show, label="open print dialog")

    def open_enclosure_dialog(self) -> None:
        """Ctrl+E: the enclosure check (封入封緘確認)."""
        from desktop.qt.enclosure_dialog import EnclosureDialog

        services, actor, runner, window = self._services, self._actor, self._runner, self._window

        def show(enclosure: Any) -> None:
            EnclosureDialog(enclosure, actor, runner, window).open()

        self._run(lambda: services.enclosure, show, label="open enclosure dialog")
