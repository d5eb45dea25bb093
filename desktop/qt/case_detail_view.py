"""The read-only panel showing the case the user has claimed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from desktop.domain import mynumber
from desktop.domain.procedures import FieldDef
from desktop.qt.labels import format_date, format_local_datetime, status_label
from desktop.services.review import CaseDetail


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


class CaseDetailView:
    """Fills the detail form of the main window from a :class:`CaseDetail`."""

    def __init__(self, form: QFormLayout, placeholder: QLabel, body: QWidget) -> None:
        self._form = form
        self._placeholder = placeholder
        self._body = body
        self._rows: list[tuple[str, str]] = []
        self.clear()

    @property
    def rows(self) -> list[tuple[str, str]]:
        """(label, value) pairs currently shown, headings with an empty value."""
        return list(self._rows)

    def value(self, label: str) -> str | None:
        return next((v for k, v in self._rows if k == label), None)

    def clear(self, message: str | None = None) -> None:
        """Show no case, with *message* (or the default hint) in its place."""
        self._reset()
        if message is not None:
            self._placeholder.setText(message)
        self._placeholder.setVisible(True)
        self._body.setVisible(False)

    def show_detail(self, detail: CaseDetail) -> None:
        case, procedure = detail.case, detail.procedure
        self._reset()
        self._heading(_tr("案件"))
        self._row(_tr("案件番号"), case.number)
        self._row(_tr("手続"), procedure.name)
        self._row(_tr("状態"), status_label(case.status))
        self._row(_tr("申請者"), case.applicant_name)
        self._row(_tr("受付"), format_local_datetime(case.received_at, with_time=True))
        self._row(_tr("期限"), format_date(case.due_date))
        self._row(_tr("担当"), case.holder_name or "")
        self._row(_tr("担当期限"), format_local_datetime(case.lease_expires_at, with_time=True))
        group = None
        for field in procedure.fields:
            if field.group != group:
                group = field.group
                self._heading(group)
            self._row(field.label, field_text(field, case.fields.get(field.id)))
        self._placeholder.setVisible(False)
        self._body.setVisible(True)

    def _reset(self) -> None:
        while self._form.rowCount():
            self._form.removeRow(0)
        self._rows = []

    def _heading(self, text: str) -> None:
        label = QLabel(text)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(0, 8 if self._rows else 0, 0, 2)
        self._form.addRow(label)
        self._rows.append((text, ""))

    def _row(self, label: str, value: str) -> None:
        shown = QLabel(value)
        shown.setWordWrap(True)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._form.addRow(label, shown)
        self._rows.append((label, value))
