"""The decisions taken on a case (who decided what, when) as a table model."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QObject

from desktop.domain.cases import DecisionRecord
from desktop.domain.decisions import DecisionKind
from desktop.domain.procedures import Procedure
from desktop.qt.decision_bar import kind_label
from desktop.qt.labels import format_date, format_local_datetime, stage_label
from desktop.qt.row_table_model import ColumnSpec, RowTableModel, text_column


def _tr(text: str) -> str:
    return QCoreApplication.translate("DecisionHistory", text)


class HistoryColumn(IntEnum):
    """The columns of :class:`DecisionHistoryModel`, left to right."""

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


class DecisionHistoryModel(RowTableModel[DecisionRecord]):
    """One row per decision, oldest first; read-only. Each cell's tooltip repeats it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._procedure: Procedure | None = None

    def set_decisions(self, procedure: Procedure | None,
                      decisions: Sequence[DecisionRecord]) -> None:
        """Show *decisions* (reason codes named by *procedure*); ``(None, [])`` clears."""
        self._procedure = procedure
        self.set_rows(decisions)

    def columns(self) -> list[ColumnSpec[DecisionRecord]]:
        return [  # in HistoryColumn order
            text_column(_tr("日時"), lambda d: format_local_datetime(d.at, with_time=True)),
            text_column(_tr("段階"), lambda d: stage_label(d.stage)),
            text_column(_tr("判定"), lambda d: kind_label(d.kind)),
            text_column(_tr("担当"), lambda d: d.user_name),
            text_column(_tr("理由・不備"), self._reasons),
            text_column(_tr("記載・期限"), self._note),
        ]

    def _reasons(self, d: DecisionRecord) -> str:
        if self._procedure is None:
            return "、".join(d.reasons)
        return "、".join(reason_labels(self._procedure, d.kind, d.reasons))

    @staticmethod
    def _note(d: DecisionRecord) -> str:
        if d.deadline is None:
            return d.note
        return _tr("期限 {date}").format(date=format_date(d.deadline)) + (
            f"　{d.note}" if d.note else "")
