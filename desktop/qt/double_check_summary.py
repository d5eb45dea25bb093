"""What the first reviewer chose, shown to the checker: decision, reasons, note, ticks."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from desktop.domain.cases import CaseRecord
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import Stage
from desktop.qt.decision_bar import kind_label
from desktop.qt.decision_history import reason_labels
from desktop.qt.labels import format_date, format_local_datetime


def _tr(text: str) -> str:
    return QCoreApplication.translate("FirstReviewSummary", text)


class FirstReviewSummary(QGroupBox):
    """The pending first-review decision of a case in double check (read-only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstReviewSummary")
        self._form = QFormLayout(self)
        self._form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._rows: list[tuple[str, str]] = []
        self.setVisible(False)

    @property
    def rows(self) -> list[tuple[str, str]]:
        return list(self._rows)

    def value(self, label: str) -> str | None:
        return next((v for k, v in self._rows if k == label), None)

    def show_case(self, procedure: Procedure, case: CaseRecord) -> None:
        """Fill in *case*'s pending decision; hidden when the case has none."""
        while self._form.rowCount():
            self._form.removeRow(0)
        self._rows = []
        pending = case.pending
        if pending is None:
            self.setVisible(False)
            return
        self.setTitle(_tr("一次審査の判定 — {name}（{at}）").format(
            name=pending.by_name, at=format_local_datetime(pending.at, with_time=True)))
        self._row(_tr("判定"), kind_label(pending.kind))
        if pending.reasons:
            self._row(_tr("理由"), "、".join(reason_labels(procedure, pending.kind,
                                                            pending.reasons)))
        self._row(_tr("記載"), pending.note or _tr("（記載なし）"))
        if pending.deadline is not None:
            self._row(_tr("補正期限"), format_date(pending.deadline))
        ticked = case.checked_in(Stage.FIRST_REVIEW)
        lines = []
        for item in procedure.checklist(Stage.FIRST_REVIEW):
            mark = "✓" if item.key in ticked else _tr("□ 未確認")
            required = _tr("【必須】") if item.required else ""
            lines.append(f"{mark}　{required}{item.label}")
        self._row(_tr("確認項目"), "\n".join(lines))
        self.setVisible(True)

    def _row(self, label: str, value: str) -> None:
        shown = QLabel(value)
        shown.setWordWrap(True)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._form.addRow(label, shown)
        self._rows.append((label, value))
