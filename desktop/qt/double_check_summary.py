"""What the first reviewer chose, shown to the checker: decision, reasons, note, ticks,
and the ✓ / ✗ they gave each form field (with the note of each ✗)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from desktop.domain.cases import CaseRecord
from desktop.domain.field_marks import FieldMark, Mark
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
        self._marks_row: QLabel | None = None
        self._case_id: int | None = None
        self._field_marks: tuple[int, Procedure, Mapping[str, FieldMark]] | None = None
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
        self._marks_row = None
        self._case_id = case.id
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
        if self._field_marks is not None and self._field_marks[0] == case.id:
            self.show_field_marks(self._field_marks[1], self._field_marks[2])
        self.setVisible(True)

    def show_field_marks(self, procedure: Procedure, marks: Mapping[str, FieldMark]) -> None:
        """Add the first reviewer's ✓ / ✗ per form field (those they marked, in form order)."""
        if self._case_id is None:
            return
        self._field_marks = (self._case_id, procedure, marks)
        lines = []
        for field in procedure.fields:
            mark = marks.get(field.id)
            if mark is None:
                continue
            if mark.mark == Mark.OK:
                lines.append(f"✓　{field.label}")
                continue
            defect = procedure.defect(mark.code) if mark.code else None
            kind = f"【{defect.label}】" if defect is not None else ""
            note = mark.note.strip() or _tr("（内容の記載なし）")
            lines.append(f"✗　{field.label}：{kind}{note}")
        text = "\n".join(lines) if lines else _tr("（項目ごとの確認はありません）")
        label = _tr("項目ごとの確認")
        if self._marks_row is not None:
            self._marks_row.setText(text)
            self._rows = [(k, text if k == label else v) for k, v in self._rows]
            return
        self._marks_row = self._row(label, text)

    def _row(self, label: str, value: str) -> QLabel:
        shown = QLabel(value)
        shown.setWordWrap(True)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._form.addRow(label, shown)
        self._rows.append((label, value))
        return shown
