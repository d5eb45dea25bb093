"""The decisions taken on a case (who decided what, when) as a table model."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from desktop.domain.cases import DecisionRecord
from desktop.domain.decisions import DecisionKind
from desktop.domain.procedures import Procedure
from desktop.qt.decision_bar import kind_label
from desktop.qt.labels import format_date, format_local_datetime, stage_label

Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("DecisionHistory", text)


class HistoryColumn(IntEnum):
    AT = 0
    STAGE = 1
    KIND = 2
    USER = 3
    REASONS = 4
    NOTE = 5


def reason_labels(procedure: Procedure, kind: str, codes: Sequence[str]) -> list[str]:
    """The labels of *codes*: defect codes for a return, refusal reasons otherwise."""
    out = []
    for code in codes:
        found = (procedure.defect(code) if kind == DecisionKind.RETURN.value
                 else procedure.refusal(code))
        out.append(found.label if found else code)
    return out


class DecisionHistoryModel(QAbstractTableModel):
    """One row per decision, oldest first; read-only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[DecisionRecord, ...] = ()
        self._procedure: Procedure | None = None

    def set_decisions(self, procedure: Procedure | None,
                      decisions: Sequence[DecisionRecord]) -> None:
        """Show *decisions* (reason codes named by *procedure*); ``(None, [])`` clears."""
        self.beginResetModel()
        self._procedure = procedure
        self._rows = tuple(decisions)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HistoryColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal
                or not 0 <= section < len(HistoryColumn)):
            return None
        return (_tr("日時"), _tr("段階"), _tr("判定"), _tr("担当"), _tr("理由・不備"),
                _tr("記載・期限"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        d = self._rows[index.row()]
        column = HistoryColumn(index.column())
        if column == HistoryColumn.AT:
            return format_local_datetime(d.at, with_time=True)
        if column == HistoryColumn.STAGE:
            return stage_label(d.stage)
        if column == HistoryColumn.KIND:
            return kind_label(d.kind)
        if column == HistoryColumn.USER:
            return d.user_name
        if column == HistoryColumn.REASONS:
            if self._procedure is None:
                return "、".join(d.reasons)
            return "、".join(reason_labels(self._procedure, d.kind, d.reasons))
        note = d.note
        if d.deadline is not None:
            note = _tr("期限 {date}").format(date=format_date(d.deadline)) + (
                f"　{note}" if note else "")
        return note
