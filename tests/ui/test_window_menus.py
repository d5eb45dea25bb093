"""The main window's menus as a whole: every shortcut means one thing, the dashboard
is offered to supervisors only, and the panels around the case are in place."""

from __future__ import annotations

from collections import Counter

from PySide6.QtGui import QAction, QShortcut
from pytestqt.qtbot import QtBot

from desktop.qt.application import ReviewDesk
from tests.ui.conftest import sign_in


def _window_shortcuts(window: object) -> list[str]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    assert isinstance(window, QWidget)
    keys: list[str] = []
    for action in window.findChildren(QAction):
        if not action.isVisible():
            continue
        keys += [s.toString() for s in action.shortcuts() if not s.isEmpty()]
    for shortcut in window.findChildren(QShortcut):
        # Shortcuts bound to one widget (the viewer's, the filter bar's) are not window-wide.
        if shortcut.context() == Qt.ShortcutContext.WindowShortcut:
            keys += [shortcut.key().toString()] if not shortcut.key().isEmpty() else []
    return keys


def test_no_shortcut_is_bound_twice_in_the_main_window(qtbot: QtBot, desk: ReviewDesk) -> None:
    window = sign_in(qtbot, desk, "sv1")
    keys = _window_shortcuts(window)
    assert "F1" in keys and "F2" in keys and "Ctrl+D" in keys
    assert [k for k, n in Counter(keys).items() if n > 1] == []


def test_dashboard_is_offered_to_supervisors_only(qtbot: QtBot, desk: ReviewDesk) -> None:
    window = sign_in(qtbot, desk, "operator1")
    assert not window.menus.dashboard.isVisible()
    assert window.menus.manual_entry.isEnabled()
    assert "添付書類" in [window.case_view.document_tabs.tabText(i)
                       for i in range(window.case_view.document_tabs.count())]
