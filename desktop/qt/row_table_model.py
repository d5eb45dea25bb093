"""A read-only table model over a list of plain rows, one :class:`ColumnSpec` a column.

The dashboard's tables, the decision and case histories, a resubmission's changes and
the waiting scans all show a list of records this way; each says only what its
columns are (title, text, alignment, alert, tooltip). Colour is never the only
signal: a cell on alert is also written with a ``⚠``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
ALERT = QColor(0xB0, 0x1E, 0x1E)
#: Role under which a row hands out its record.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class ColumnSpec(Generic[R]):
    """One column: its title, the text of a row's cell, whether it holds a number
    (right-aligned), when the cell is on alert, and its tooltip."""

    title: str
    text: Callable[[R], str]
    numeric: bool = True
    alert: Callable[[R], bool] | None = None
    tooltip: Callable[[R], str | None] | None = None


def text_column(title: str, text: Callable[[R], str]) -> ColumnSpec[R]:
    """A column of text whose tooltip repeats the cell (for texts cut by the width)."""
    return ColumnSpec(title, text, False, tooltip=text)


class RowTableModel(QAbstractTableModel, Generic[R]):
    """A read-only table of *rows*, one :class:`ColumnSpec` per column (from
    :meth:`columns`, asked once)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []
        self._specs: list[ColumnSpec[R]] | None = None
        self._bold_last = False
        # One font kept for the model's life: a QFont made afresh in every data() call
        # over-releases None in PySide6 6.12 (measured: sys.getrefcount(None) falls with
        # every repaint until the interpreter aborts).
        self._bold = QFont()
        self._bold.setBold(True)

    @property
    def _columns(self) -> list[ColumnSpec[R]]:
        if self._specs is None:
            self._specs = self.columns()
        return self._specs

    def columns(self) -> list[ColumnSpec[R]]:
        """The columns, left to right (subclasses say what they are)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ rows

    def set_rows(self, rows: Sequence[R], *, total: bool = False) -> None:
        """Replace every row (*total*: the last row is a sum, shown bold)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._bold_last = total and bool(rows)
        self.endResetModel()

    def append_rows(self, rows: Sequence[R]) -> None:
        """Add *rows* at the end (a further page)."""
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def remove_row(self, row: int) -> None:
        """Take row number *row* out."""
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def replace_row(self, row: int, value: R) -> None:
        """Show *value* in row number *row* instead of what it held."""
        if 0 <= row < len(self._rows):
            self._rows[row] = value
            self.dataChanged.emit(self.index(row, 0),
                                  self.index(row, len(self._columns) - 1))

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def rows_held(self) -> list[R]:
        """Every row, in order (a copy)."""
        return list(self._rows)

    # ------------------------------------------------------------ Qt's model API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(self._columns):
            return None
        row, spec = self._rows[index.row()], self._columns[index.column()]
        alert = spec.alert is not None and spec.alert(row)
        if role == Qt.ItemDataRole.DisplayRole:
            text = spec.text(row)
            return f"⚠ {text}" if alert else text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if spec.numeric else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole and alert:
            return QBrush(ALERT)
        if role == Qt.ItemDataRole.ToolTipRole and spec.tooltip is not None:
            return spec.tooltip(row)
        if role == Qt.ItemDataRole.FontRole and self._bold_last \
                and index.row() == len(self._rows) - 1:
            return self._bold
        if role == ROW_ROLE:
            return row
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
