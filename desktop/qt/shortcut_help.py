"""The shortcut help (F1): every keyboard shortcut of a window, read from its actions.

Nothing here lists shortcuts by hand: :func:`shortcut_entries` walks the window's
menus, its own actions and every :class:`QAction` / :class:`QShortcut` below it, so the
help (and the README list made with :func:`shortcut_table`) can never be out of date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.qt.labels import QT_TRANSLATE_NOOP

_MNEMONIC = re.compile(r"\(&[^)]\)|&(?!&)")
_CONTEXT = "ShortcutHelp"
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ShortcutEntry:
    """One shortcut: its keys, the action's name, what it does, where it lives."""

    keys: str
    name: str
    description: str
    menu: str
    enabled: bool


def plain_text(text: str) -> str:
    """*text* without mnemonics ("印刷(&P)" → "印刷", "&Quit" → "Quit") or a trailing "…"."""
    return _MNEMONIC.sub("", text).replace("&&", "&").rstrip("…").rstrip(".").strip()


def keys_text(sequences: list[QKeySequence], *, native: bool = True) -> str:
    """The key sequences as people read them ("Ctrl+Return, Ctrl+Enter")."""
    fmt = (QKeySequence.SequenceFormat.NativeText if native
           else QKeySequence.SequenceFormat.PortableText)
    return ", ".join(s.toString(fmt) for s in sequences if not s.isEmpty())


def _own_tooltip(action: QAction) -> str:
    """The tooltip set on *action*, or "" when Qt made it from the text ("保留(H)")."""
    tip = action.toolTip().strip()
    made_by_qt = re.sub(r"&(.)", r"\1", action.text()).removesuffix("...").strip()
    return "" if tip == made_by_qt else tip


def _description(action: QAction, name: str) -> str:
    """The tooltip without the " (keys)" that :func:`add_shortcut_to_tooltip` adds."""
    tip = _own_tooltip(action)
    for sequence in action.shortcuts():
        for fmt in (QKeySequence.SequenceFormat.NativeText,
                    QKeySequence.SequenceFormat.PortableText):
            tip = tip.replace(f"({sequence.toString(fmt)})", "").strip()
    return tip if tip and plain_text(tip) != name else name


def _menu_actions(menu: QMenu, path: str) -> list[tuple[QAction, str]]:
    out: list[tuple[QAction, str]] = []
    for action in menu.actions():
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            out += _menu_actions(submenu, f"{path} › {plain_text(action.text())}")
        elif not action.isSeparator():
            out.append((action, path))
    return out


def _all_actions(window: QWidget) -> list[tuple[QAction, str]]:
    """The window's actions: menu order first (with the menu's name), then the rest."""
    found: list[tuple[QAction, str]] = []
    if isinstance(window, QMainWindow) and window.menuWidget() is not None:
        for top in window.menuBar().actions():
            submenu = top.menu()
            if isinstance(submenu, QMenu):
                found += _menu_actions(submenu, plain_text(top.text()))
    found += [(a, "") for a in window.actions()]
    found += [(a, "") for a in window.findChildren(QAction)]
    seen: set[int] = set()
    unique = []
    for action, menu in found:
        if id(action) not in seen:
            seen.add(id(action))
            unique.append((action, menu))
    return unique


def shortcut_entries(window: QWidget, *, native: bool = True) -> list[ShortcutEntry]:
    """Every action and :class:`QShortcut` of *window* that has keys, menu order first.
    A :class:`QShortcut` is described by its ``whatsThis`` (set it)."""
    entries = []
    for action, menu in _all_actions(window):
        keys = keys_text(action.shortcuts(), native=native)
        if not keys:
            continue
        name = plain_text(action.text()) or plain_text(action.toolTip())
        entries.append(ShortcutEntry(keys, name, _description(action, name), menu,
                                     action.isEnabled()))
    for shortcut in window.findChildren(QShortcut):
        keys = keys_text(shortcut.keys(), native=native)
        if keys and shortcut.whatsThis():
            text = shortcut.whatsThis()
            entries.append(ShortcutEntry(keys, text, text, "", shortcut.isEnabled()))
    return entries


def shortcut_table(window: QWidget) -> list[tuple[str, str]]:
    """(keys, description) of every shortcut of *window*, keys in portable form
    ("Ctrl+P") — for the README's shortcut list."""
    return [(e.keys, e.description) for e in shortcut_entries(window, native=False)]


def add_shortcut_to_tooltip(action: QAction) -> None:
    """Append " (Ctrl+X)" to *action*'s tooltip unless the keys are already in it."""
    keys = keys_text(action.shortcuts()[:1])
    if not keys:
        return
    tip = _own_tooltip(action) or plain_text(action.text())
    if keys not in tip:
        action.setToolTip(f"{tip} ({keys})")


def add_shortcuts_to_tooltips(window: QWidget) -> None:
    """:func:`add_shortcut_to_tooltip` for every action of *window*."""
    for action, _ in _all_actions(window):
        add_shortcut_to_tooltip(action)


class ShortcutTableModel(QAbstractTableModel):
    """Shortcuts as a table (keys, action, what it does), with a text filter."""

    COLUMNS = (QT_TRANSLATE_NOOP("ShortcutHelp", "キー"),
               QT_TRANSLATE_NOOP("ShortcutHelp", "操作"),
               QT_TRANSLATE_NOOP("ShortcutHelp", "説明"))

    def __init__(self, entries: list[ShortcutEntry], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all = list(entries)
        self._rows = list(entries)

    def set_filter(self, text: str) -> None:
        """Show only shortcuts whose keys, name, description or menu contain *text*."""
        needle = text.strip().casefold()
        self.beginResetModel()
        self._rows = [e for e in self._all if not needle or needle in
                      f"{e.keys} {e.name} {e.description} {e.menu}".casefold()]
        self.endResetModel()

    def entry(self, row: int) -> ShortcutEntry:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            name = entry.name if not entry.menu else f"{entry.name}（{entry.menu}）"
            text = (entry.keys, name, entry.description)[index.column()]
            if role == Qt.ItemDataRole.ToolTipRole and not entry.enabled:
                # Not by colour alone: the tooltip says why the row is greyed.
                return text + QCoreApplication.translate(_CONTEXT, "（今は使えません）")
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{entry.keys}: {entry.description}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self._rows[index.row()].enabled:
            flags |= Qt.ItemFlag.ItemIsEnabled
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            return QCoreApplication.translate(_CONTEXT, self.COLUMNS[section])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None


class ShortcutHelpDialog(QDialog):
    """A list of every shortcut of a window, with a filter box; Esc closes it."""

    def __init__(self, entries: list[ShortcutEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("キーボードショートカット一覧"))
        self.model = ShortcutTableModel(entries, self)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("絞り込み（キー・操作の名前）"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.model.set_filter)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        hint = QLabel(self.tr("灰色の行は、今の画面や権限では使えない操作です（説明の欄にも表示）。"), self)
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(640, 480)
        self.filter_edit.setFocus()

    @classmethod
    def for_window(cls, window: QWidget, parent: QWidget | None = None) -> ShortcutHelpDialog:
        """The help for *window*'s shortcuts as they are now (parented to *window*)."""
        return cls(shortcut_entries(window), parent if parent is not None else window)


def shortcut_help_action(window: QWidget) -> QAction:
    """An F1 action on *window* that opens :class:`ShortcutHelpDialog` for it; put it in
    the Help menu. The dialog is built afresh each time, so it lists what is there then."""
    action = QAction(QCoreApplication.translate(_CONTEXT, "ショートカット一覧"), window)
    action.setShortcut(QKeySequence(Qt.Key.Key_F1))
    action.setToolTip(QCoreApplication.translate(
        _CONTEXT, "キーボードショートカットの一覧を表示します") + " (F1)")

    def show_help() -> None:
        dialog = ShortcutHelpDialog.for_window(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    action.triggered.connect(show_help)
    window.addAction(action)
    return action
