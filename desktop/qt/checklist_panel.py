"""The checklist of the case's current stage: ticked with the number keys 1–9.

:class:`ChecklistModel` is a plain list model (checkable rows, required items marked
in words and in bold, never by colour alone); :class:`ChecklistPanel` shows it with
the number of required items still open, and turns the keys 1–9 into ticks. A key
typed into a text field stays in the text field: Qt gives a focused line edit the
printable keys before any shortcut.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from desktop.domain.procedures import ChecklistItem

Index = QModelIndex | QPersistentModelIndex
#: Role under which each row hands out its item key.
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
#: How many items have a number key.
KEYED_ITEMS = 9


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChecklistPanel", text)


def is_checked(value: Any) -> bool:
    """Whether a CheckStateRole value (enum or int, as views send it) means ticked."""
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return bool(value == Qt.CheckState.Checked.value)


class ChecklistModel(QAbstractListModel):
    """The items of one checklist; ``toggled(key, checked)`` when the user ticks one."""

    toggled = Signal(str, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: tuple[ChecklistItem, ...] = ()
        self._checked: frozenset[str] = frozenset()
        self._editable = True

    def set_items(self, items: Sequence[ChecklistItem]) -> None:
        self.beginResetModel()
        self._items = tuple(items)
        self._checked = frozenset()
        self.endResetModel()

    def set_checked(self, checked: frozenset[str], *, editable: bool = True) -> None:
        """Show *checked* as ticked (only rows that change are repainted)."""
        changed = [row for row, item in enumerate(self._items)
                   if (item.key in checked) != (item.key in self._checked)]
        flags_changed = editable != self._editable
        self._checked = frozenset(checked)
        self._editable = editable
        rows = range(len(self._items)) if flags_changed else changed
        for row in rows:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    @property
    def items(self) -> tuple[ChecklistItem, ...]:
        return self._items

    def item_at(self, row: int) -> ChecklistItem:
        return self._items[row]

    def missing_required(self) -> list[ChecklistItem]:
        return [i for i in self._items if i.required and i.key not in self._checked]

    # ------------------------------------------------------------- Qt model API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        row = index.row()
        item = self._items[row]
        if role == Qt.ItemDataRole.DisplayRole:
            number = f"{row + 1}" if row < KEYED_ITEMS else "・"
            mark = _tr("【必須】") if item.required else ""
            return f"{number}  {mark}{item.label}"
        if role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if item.key in self._checked
                    else Qt.CheckState.Unchecked)
        if role == Qt.ItemDataRole.FontRole and item.required:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = _tr("必須の確認項目") if item.required else _tr("任意の確認項目")
            if row < KEYED_ITEMS:
                return _tr("{kind} — 数字キー {n} で切り替え").format(kind=kind, n=row + 1)
            return kind
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = _tr("確認済み") if item.key in self._checked else _tr("未確認")
            required = _tr("必須") if item.required else _tr("任意")
            return f"{item.label}（{required}、{state}）"
        if role == KEY_ROLE:
            return item.key
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.CheckStateRole or not index.isValid()
                or not self._editable or not 0 <= index.row() < len(self._items)):
            return False
        key = self._items[index.row()].key
        on = is_checked(value)
        if (key in self._checked) == on:
            return True
        self._checked = self._checked | {key} if on else self._checked - {key}
        self.dataChanged.emit(index, index)
        self.toggled.emit(key, on)
        return True


class ChecklistPanel(QWidget):
    """The checklist with its progress line; keys 1–9 tick items while it is visible."""

    toggled = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ChecklistModel(self)
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.progress = QLabel(self)
        self.view = QListView(self)
        self.view.setObjectName("checklistView")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        self.view.setSpacing(1)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.progress)
        layout.addWidget(self.view, 1)
        self.model.toggled.connect(self.toggled)
        self.shortcuts: list[QShortcut] = []
        for n in range(1, KEYED_ITEMS + 1):
            shortcut = QShortcut(QKeySequence(str(n)), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.setWhatsThis(_tr("確認項目 {n} を切り替え").format(n=n))
            shortcut.activated.connect(lambda n=n: self.toggle_number(n))
            self.shortcuts.append(shortcut)

    def show_items(self, items: Sequence[ChecklistItem], stage_name: str) -> None:
        self.heading.setText(_tr("確認項目（{stage}）— 数字キー 1〜9 で切り替え").format(
            stage=stage_name))
        self.model.set_items(items)
        self._update_progress()

    def set_state(self, checked: frozenset[str], *, editable: bool) -> None:
        self.model.set_checked(checked, editable=editable)
        for shortcut in self.shortcuts:
            shortcut.setEnabled(editable)
        self._update_progress()

    def preferred_height(self) -> int:
        """Height that shows every item without scrolling (at the current width)."""
        view = self.view
        rows = sum(max(view.sizeHintForRow(r), 1) + 2 * view.spacing()
                   for r in range(self.model.rowCount()))
        chrome = self.heading.sizeHint().height() + self.progress.sizeHint().height()
        # One spare line: wrapping is measured at the width the view has before layout.
        spare = view.fontMetrics().lineSpacing()
        return rows + 2 * view.frameWidth() + chrome + 16 + spare

    def toggle_number(self, n: int) -> None:
        """Key *n*: flip item *n* (1-based), as a click on its box would."""
        if not 1 <= n <= self.model.rowCount():
            return
        index = self.model.index(n - 1)
        ticked = is_checked(self.model.data(index, Qt.ItemDataRole.CheckStateRole))
        self.view.setCurrentIndex(index)
        self.model.setData(index, Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked,
                           Qt.ItemDataRole.CheckStateRole)

    def _update_progress(self) -> None:
        required = [i for i in self.model.items if i.required]
        missing = self.model.missing_required()
        if not self.model.items:
            self.progress.setText(_tr("この段階には確認項目がありません"))
        elif missing:
            self.progress.setText(_tr("必須 {done} / {total} 確認済み — 残り {left} 件").format(
                done=len(required) - len(missing), total=len(required), left=len(missing)))
        else:
            self.progress.setText(_tr("✓ 必須の確認項目はすべて確認済みです"))
