"""The main window's menus beyond the case: entry of paper and phone applications,
text size, the supervisor's dashboard and the shortcut help (F1).

:func:`install_window_menus` is called once by the main window after its own menus are
built, and finally writes every action's shortcut into its tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from desktop.domain.permissions import Actor, Permission
from desktop.qt.connection import Connection
from desktop.qt.dashboard import DashboardWindow, can_open_dashboard, open_dashboard
from desktop.qt.manual_entry import ManualEntryDialog
from desktop.qt.ports import AppServices
from desktop.qt.scan_entry import ScanEntryDialog
from desktop.qt.shortcut_help import add_shortcuts_to_tooltips, shortcut_help_action
from desktop.qt.style import FontSizeActions
from desktop.qt.tasks import TaskRunner


def _tr(text: str) -> str:
    return QCoreApplication.translate("WindowMenus", text)


@dataclass
class WindowMenus:
    """The actions :func:`install_window_menus` added (tests and the README use them)."""

    opener: _Opener
    manual_entry: QAction
    scan_entry: QAction
    dashboard: QAction
    font_size: FontSizeActions
    shortcut_help: QAction
    view_menu: QMenu
    help_menu: QMenu


class _Opener:
    """Keeps one instance of a tool window per main window and raises it again."""

    def __init__(self, window: QMainWindow, runner: TaskRunner, services: AppServices,
                 actor: Actor, connection: Connection) -> None:
        self.window = window
        self.runner = runner
        self.services = services
        self.actor = actor
        self.connection = connection
        self.manual: ManualEntryDialog | None = None
        self.scans: ScanEntryDialog | None = None
        self.dashboard: DashboardWindow | None = None

    def manual_entry(self) -> ManualEntryDialog:
        if self.manual is None:
            self.manual = ManualEntryDialog(self.runner, self.services, self.actor, self.window)
            self.manual.save_failed.connect(self.connection.note_failure)
            refresh = getattr(self.window, "refresh", None)
            if callable(refresh):
                self.manual.case_created.connect(lambda _case: refresh())
        self.manual.show()
        self.manual.raise_()
        self.manual.activateWindow()
        return self.manual


    def scan_entry(self) -> ScanEntryDialog:
        if self.scans is None:
            self.scans = ScanEntryDialog(self.runner, self.services, self.actor, self.window)
            self.scans.save_failed.connect(self.connection.note_failure)
            refresh = getattr(self.window, "refresh", None)
            if callable(refresh):
                self.scans.case_created.connect(lambda _case: refresh())
        self.scans.show()
        self.scans.raise_()
        self.scans.activateWindow()
        return self.scans


    def open_dashboard(self) -> DashboardWindow | None:
        if self.dashboard is None:
            self.dashboard = open_dashboard(self.runner, self.services, self.actor,
                                            self.window)
        else:
            self.dashboard.show()
        if self.dashboard is not None:
            self.dashboard.raise_()
            self.dashboard.activateWindow()
        return self.dashboard


def install_window_menus(window: QMainWindow, file_menu: QMenu, runner: TaskRunner,
                         services: AppServices, actor: Actor, connection: Connection,
                         settings: QSettings) -> WindowMenus:
    """Add the entry action to *file_menu*, and the View and Help menus, to *window*."""
    opener = _Opener(window, runner, services, actor, connection)
    manual = QAction(_tr("電話・郵送申請の入力…"), window)
    manual.setShortcut(QKeySequence("Ctrl+N"))
    manual.setToolTip(_tr("電話や郵送で受け付けた申請を手入力で登録します"))
    manual.setEnabled(actor.can(Permission.CASE_CREATE))
    manual.triggered.connect(opener.manual_entry)
    scans = QAction(_tr("スキャンした申請書の入力…"), window)
    scans.setShortcut(QKeySequence("Ctrl+Shift+N"))
    scans.setToolTip(_tr("スキャンした紙の申請書を見ながら入力して登録します"))
    scans.setEnabled(actor.can(Permission.CASE_CREATE))
    scans.triggered.connect(opener.scan_entry)
    existing = file_menu.actions()
    if existing:
        file_menu.insertActions(existing[0], [manual, scans])
        file_menu.insertSeparator(existing[0])
    else:
        file_menu.addActions([manual, scans])

    bar = window.menuBar()
    view_menu = bar.addMenu(_tr("表示(&V)"))
    dashboard = QAction(_tr("監督ダッシュボード…"), window)
    dashboard.setShortcut(QKeySequence("Ctrl+D"))
    dashboard.setToolTip(_tr("滞留・経過日数・期限・担当者別の処理状況を表示します（監督者）"))
    dashboard.setVisible(can_open_dashboard(actor))
    dashboard.triggered.connect(opener.open_dashboard)
    view_menu.addAction(dashboard)
    view_menu.addSeparator()
    font_size = FontSizeActions(window, settings)
    font_size.add_to(view_menu)
    help_menu = bar.addMenu(_tr("ヘルプ(&H)"))
    help_action = shortcut_help_action(window)
    help_menu.addAction(help_action)
    add_shortcuts_to_tooltips(window)
    return WindowMenus(opener, manual, scans, dashboard, font_size, help_action, view_menu, help_menu)
