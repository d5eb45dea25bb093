"""The header of the claimed case: number, applicant, status, dates, holder and lease."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain import mynumber
from desktop.domain.procedures import FieldDef
from desktop.qt.labels import format_date, format_local_datetime, status_label
from desktop.services.review import CaseDetail

#: Label/value pairs per header line.
_PAIRS_PER_LINE = 3


def _tr(text: str) -> str:
    return QCoreApplication.translate("CaseDetailView", text)


def field_text(field: FieldDef, value: Any) -> str:
    """A form value as shown on screen; an individual number only ever masked."""
    if value is None or value == "":
        return ""
    if field.type == "mynumber":
        return mynumber.mask(str(value))
    if field.type == "boolean":
        return _tr("はい") if value else _tr("いいえ")
    if field.type == "money" and isinstance(value, int):
        return _tr("{amount}円").format(amount=f"{value:,}")
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


class CaseDetailView(QWidget):
    """A compact, always visible summary of the case on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseSummary")
        self.title = QLabel(self)
        self.title.setObjectName("caseTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(2)
        for column in range(1, 2 * _PAIRS_PER_LINE, 2):
            self._grid.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addLayout(self._grid)
        self._rows: list[tuple[str, str]] = []

    @property
    def rows(self) -> list[tuple[str, str]]:
        """(label, value) pairs currently shown."""
        return list(self._rows)

    def value(self, label: str) -> str | None:
        return next((v for k, v in self._rows if k == label), None)

    def clear(self) -> None:
        self._reset()
        self.title.setText("")

    def show_detail(self, detail: CaseDetail) -> None:
        case, procedure = detail.case, detail.procedure
        self._reset()
        self.title.setText(f"{case.number}　{case.applicant_name}")
        pairs = [
            (_tr("案件番号"), case.number),
            (_tr("申請者"), case.applicant_name),
            (_tr("状態"), status_label(case.status)),
            (_tr("処理期限"), format_date(case.due_date)),
            (_tr("受付"), format_local_datetime(case.received_at, with_time=True)),
            (_tr("担当"), case.holder_name or _tr("（なし）")),
            (_tr("担当期限"), format_local_datetime(case.lease_expires_at, with_time=True)),
        ]
        if case.correction_deadline is not None:
            pairs.append((_tr("補正期限"), format_date(case.correction_deadline)))
        if case.hold_reason:
            pairs.append((_tr("保留理由"), case.hold_reason))
        if "sent_back" in case.flags:
            pairs.append((_tr("注意"), _tr("二次審査から差し戻された案件です")))
        # The number and applicant are in the title; the grid shows the rest.
        self._rows = list(pairs)
        self._add(0, 0, _tr("手続"), procedure.name, span=2 * _PAIRS_PER_LINE - 1)
        self._rows.append((_tr("手続"), procedure.name))
        for n, (label, value) in enumerate(pairs[2:]):
            line, column = divmod(n, _PAIRS_PER_LINE)
            self._add(line + 1, column * 2, label, value)

    def _add(self, row: int, column: int, label: str, value: str, span: int = 1) -> None:
        name = QLabel(label + ":")
        name.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        shown = QLabel(value)
        shown.setWordWrap(True)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._grid.addWidget(name, row, column)
        self._grid.addWidget(shown, row, column + 1, 1, span)

    def _reset(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
        self._rows = []
