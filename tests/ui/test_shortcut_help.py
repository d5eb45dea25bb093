"""The shortcut help (F1): built from a window's own actions, so it cannot go stale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.qt.application import ReviewDesk
from desktop.qt.shortcut_help import (
    ShortcutHelpDialog,
    ShortcutTableModel,
    add_shortcut_to_tooltip,
    add_shortcuts_to_tooltips,
    plain_text,
    shortcut_entries,
    shortcut_help_action,
    shortcut_table,
)
from desktop.qt.style import FontSizeActions
from tests.ui.conftest import sign_in


def _action(window: QMainWindow, menu_title: str, text: str, keys: str | list[str],
            tip: str = "") -> QAction:
    menu = next((a.menu() for a in window.menuBar().actions() if a.text() == menu_title), None)
    if menu is None:
        menu = window.menuBar().addMenu(menu_title)
    action = menu.addAction(text)
    sequences = [QKeySequence(k) for k in ([keys] if isinstance(keys, str) else keys)]
    action.setShortcuts(sequences)
    if tip:
        action.setToolTip(tip)
    return action


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    """A window with menus, a submenu, an action without keys, a disabled one and a
    QShortcut — the shapes the real windows have."""
    window = QMainWindow()
    window.setCentralWidget(QLineEdit(window))
    _action(window, "審査(&R)", "次の案件(&N)", "F2", "次の案件を取得します (F2)")
    _action(window, "審査(&R)", "決定…", ["Ctrl+Return", "Ctrl+Enter"])
    window.menuBar().actions()[0].menu().addAction("キーなし")  # type: ignore[union-attr]
    sub = window.menuBar().actions()[0].menu().addMenu("表示")  # type: ignore[union-attr]
    sub.addAction("更新").setShortcut(QKeySequence("F5"))
    printing = _action(window, "印刷(&P)", "通知書の一括印刷…", "Ctrl+P",
                       "決定済みの案件の通知書を印刷します (Ctrl+P)")
    printing.setEnabled(False)
    loose = QAction("検索欄へ", window)
    loose.setShortcut(QKeySequence("Ctrl+F"))
    window.addAction(loose)
    shortcut = QShortcut(QKeySequence("Ctrl+1"), window)
    shortcut.setWhatsThis("チェック項目1を切り替えます")
    QShortcut(QKeySequence("Ctrl+9"), window)  # no description: not listed
    qtbot.addWidget(window)
    return window


def test_the_table_lists_every_shortcut_in_menu_order(window: QMainWindow) -> None:
    assert shortcut_table(window) == [
        ("F2", "次の案件を取得します"),
        ("Ctrl+Return, Ctrl+Enter", "決定"),
        ("F5", "更新"),
        ("Ctrl+P", "決定済みの案件の通知書を印刷します"),
        ("Ctrl+F", "検索欄へ"),
        ("Ctrl+1", "チェック項目1を切り替えます"),
    ]
    entries = {e.keys: e for e in shortcut_entries(window)}
    assert entries["F5"].menu == "審査 › 表示"
    assert entries["F2"].name == "次の案件"
    assert not entries["Ctrl+P"].enabled


def test_a_new_action_appears_without_touching_the_help(window: QMainWindow,
                                                        settings: QSettings) -> None:
    before = len(shortcut_table(window))
    FontSizeActions(window, settings)
    assert len(shortcut_table(window)) == before + 3


def test_tooltips_get_the_keys_once(window: QMainWindow) -> None:
    action = QAction("保留(&H)", window)
    action.setShortcut(QKeySequence("Ctrl+H"))
    add_shortcut_to_tooltip(action)
    assert action.toolTip() == "保留 (Ctrl+H)"
    add_shortcut_to_tooltip(action)
    assert action.toolTip() == "保留 (Ctrl+H)"
    action.setToolTip("案件を保留にします")
    add_shortcut_to_tooltip(action)
    assert action.toolTip() == "案件を保留にします (Ctrl+H)"
    plain = QAction("キーなし", window)
    add_shortcut_to_tooltip(plain)
    assert plain.toolTip() == "キーなし"
    add_shortcuts_to_tooltips(window)
    for a in window.findChildren(QAction):
        keys = a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if not keys:
            continue
        assert keys in a.toolTip() and a.toolTip().count(keys) == 1, a.toolTip()


def test_plain_text_drops_mnemonics_and_ellipses() -> None:
    assert plain_text("印刷(&P)") == "印刷"
    assert plain_text("&Quit…") == "Quit"
    assert plain_text("Save && close") == "Save & close"


def test_f1_opens_the_help_and_the_filter_narrows_it(qtbot: QtBot, window: QMainWindow) -> None:
    help_action = shortcut_help_action(window)
    assert help_action.toolTip().endswith("(F1)")
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.keyClick(window.centralWidget(), Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(window.findChildren(ShortcutHelpDialog)))
    dialog = window.findChildren(ShortcutHelpDialog)[0]
    qtbot.waitExposed(dialog)
    model = dialog.model
    assert model.rowCount() == 7  # the six above and F1 itself
    assert model.index(0, 0).data() == "F2"
    assert model.index(0, 1).data() == "次の案件（審査）"
    printing = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Ctrl+P")
    assert not model.flags(model.index(printing, 0)) & Qt.ItemFlag.ItemIsEnabled
    assert model.index(printing, 2).data(Qt.ItemDataRole.ToolTipRole).endswith("（今は使えません）")
    qtbot.keyClicks(dialog.filter_edit, "Ctrl")
    assert {model.entry(r).keys for r in range(model.rowCount())} == {
        "Ctrl+Return, Ctrl+Enter", "Ctrl+P", "Ctrl+F", "Ctrl+1"}
    dialog.filter_edit.clear()
    assert model.rowCount() == 7
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_model_passes_the_qt_model_tester(qtmodeltester: ModelTester,
                                              window: QMainWindow) -> None:
    model = ShortcutTableModel(shortcut_entries(window))
    qtmodeltester.check(model)
    model.set_filter("印刷")
    assert model.rowCount() == 1
    qtmodeltester.check(model)
    model.set_filter("存在しない")
    assert model.rowCount() == 0 and model.rowCount(model.index(0, 0)) == 0
    qtmodeltester.check(model)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "キー"
    assert model.data(QModelIndex()) is None


def test_the_real_main_window_lists_its_actions(qtbot: QtBot, desk: ReviewDesk) -> None:
    window = sign_in(qtbot, desk, "operator1")
    table = shortcut_table(window)
    keys = [k for k, _ in table]
    assert "F2" in keys and all(description for _, description in table)
    with_keys = [a for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    assert len(table) >= len(with_keys) > 0
    dialog = ShortcutHelpDialog.for_window(window)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == len(table)
    assert QApplication.instance() is not None
