"""The case's history: who did what, when (Japan time), newest first — and for a
resubmitted case, what the resident changed (field, before, after).

Built from a :class:`~desktop.services.review.CaseDetail` (its audit records and
decisions), so showing it needs no database call of its own. Views of the case are
audited too but hidden unless asked for: they would drown the actions.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QItemSelection,
    QObject,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.audit import AuditRecord
from desktop.domain.cases import DecisionRecord
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import Status
from desktop.qt.case_detail_view import field_text
from desktop.qt.labels import (
    audit_action_label,
    format_date,
    format_local_datetime,
    resubmit_channel_label,
    status_label,
)
from desktop.qt.row_table_model import ROW_ROLE, ColumnSpec, RowTableModel, text_column
from desktop.services.resubmission import (
    RESUBMIT_ACTION,
    FieldChange,
    Resubmission,
    resubmissions,
)
from desktop.services.review import CaseDetail

#: Audit actions that only record a look at the case (hidden by default).
VIEW_ACTIONS = frozenset({"view", "attachment_view", "resubmission_view"})
#: Role of the :class:`HistoryEntry` behind a row.
ENTRY_ROLE = ROW_ROLE


def _tr(text: str) -> str:
    return QCoreApplication.translate("HistoryView", text)


@dataclass(frozen=True)
class HistoryEntry:
    """One line of the timeline."""

    at: datetime
    actor: str
    action: str
    summary: str
    audit_id: int | None = None
    resubmission: Resubmission | None = None

    @property
    def label(self) -> str:
        return audit_action_label(self.action)


def _status(code: Any) -> str:
    try:
        return status_label(Status(code))
    except ValueError:
        return str(code)


def _reasons(procedure: Procedure, action: str, codes: Sequence[Any]) -> str:
    out = []
    for code in codes:
        reason = (procedure.refusal(str(code)) if action == "decide_reject"
                  else procedure.defect(str(code)))
        out.append(reason.label if reason else str(code))
    return "、".join(out)


def _decision_parts(procedure: Procedure, action: str, reasons: Sequence[Any], note: Any,
                    deadline: Any) -> list[str]:
    parts = []
    if reasons:
        parts.append(_tr("理由: {reasons}").format(reasons=_reasons(procedure, action, reasons)))
    if note:
        parts.append(_tr("記載: {note}").format(note=note))
    if isinstance(deadline, date):
        deadline = format_date(deadline)
    elif isinstance(deadline, str) and deadline:
        with contextlib.suppress(ValueError):  # shown as stored if not a date
            deadline = format_date(date.fromisoformat(deadline))
    if deadline:
        parts.append(_tr("補正期限: {date}").format(date=deadline))
    return parts


def _summary(record: AuditRecord, procedure: Procedure) -> str:
    d, action = record.details, record.action
    parts: list[str] = []
    if "from" in d and "to" in d and d["from"] != d["to"]:
        parts.append(f"{_status(d['from'])} → {_status(d['to'])}")
    if action == "check":
        items = {i.key: i.label for s in procedure.checklists for i in procedure.checklist(s)}
        item = items.get(str(d.get("item")), str(d.get("item", "")))
        parts.append((_tr("「{item}」を確認") if d.get("checked", True)
                      else _tr("「{item}」の確認を取消し")).format(item=item))
    elif action.startswith("decide_"):
        parts += _decision_parts(procedure, action, d.get("reasons") or (), d.get("note"),
                                 d.get("deadline"))
    elif action == "assign" and d.get("to_user"):
        parts.append(_tr("担当: {user}").format(user=d["to_user"]))
    elif action in ("release", "lease_expired") and d.get("previous_holder"):
        parts.append(_tr("前の担当: {user}").format(user=d["previous_holder"]))
    elif action == "withdraw" and d.get("reason"):
        parts.append(_tr("理由: {reason}").format(reason=d["reason"]))
    elif action == "create" and d.get("receipt_number"):
        parts.append(_tr("受付番号: {number}").format(number=d["receipt_number"]))
    elif action == RESUBMIT_ACTION:
        parts.append(_tr("{channel}で {n} 項目を補正").format(
            channel=resubmit_channel_label(str(d.get("channel", ""))),
            n=len(d.get("changes") or ())))
        if d.get("attachments"):
            parts.append(_tr("添付 {n} 件").format(n=len(d["attachments"])))
        if d.get("note"):
            parts.append(_tr("メモ: {note}").format(note=d["note"]))
    elif action == "attachment_view":
        parts.append(_tr("{n} 件").format(n=len(d.get("attachments") or ())))
    return " / ".join(str(p) for p in parts)


def _audited(decision: DecisionRecord, history: Sequence[AuditRecord]) -> bool:
    action = f"decide_{decision.kind}"
    # Same moment: both are written in one transaction with one clock reading; a
    # second's slack covers a database that keeps less precision.
    return any(r.action == action and r.actor == decision.user_name
               and abs((r.at - decision.at).total_seconds()) < 1 for r in history)


def history_entries(detail: CaseDetail, *, include_views: bool = False) -> list[HistoryEntry]:
    """The timeline of *detail*, newest first: its audit records, plus any decision the
    audit log does not hold (older data)."""
    by_audit = {r.audit_id: r for r in resubmissions(detail.history)}
    entries = [HistoryEntry(r.at, r.actor, r.action, _summary(r, detail.procedure), r.id,
                            by_audit.get(r.id))
               for r in detail.history if include_views or r.action not in VIEW_ACTIONS]
    for d in detail.decisions:
        if not _audited(d, detail.history):
            action = f"decide_{d.kind}"
            entries.append(HistoryEntry(d.at, d.user_name, action, " / ".join(
                _decision_parts(detail.procedure, action, d.reasons, d.note, d.deadline))))
    return sorted(entries, key=lambda e: (e.at, e.audit_id or 0), reverse=True)


def change_text(procedure: Procedure, change: FieldChange, value: Any) -> str:
    """A before/after value as shown: empty as （空欄）, an individual number masked."""
    if value is None or value == "":
        return _tr("（空欄）")
    if change.masked:
        return str(value)  # recorded masked already
    try:
        f = procedure.field(change.field_id)
    except KeyError:
        return str(value)
    return field_text(f, value)


class HistoryModel(RowTableModel[HistoryEntry]):
    """The timeline: 日時 | 担当者 | 操作 | 内容 (each cell's tooltip repeats it)."""

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.set_rows(entries)

    def entry(self, row: int) -> HistoryEntry | None:
        return self.row_at(row) if 0 <= row < self.rowCount() else None

    def columns(self) -> list[ColumnSpec[HistoryEntry]]:
        return [
            text_column(_tr("日時"), lambda e: format_local_datetime(e.at, with_time=True)),
            text_column(_tr("担当者"), lambda e: e.actor),
            text_column(_tr("操作"), lambda e: e.label),
            text_column(_tr("内容"), lambda e: e.summary),
        ]


class ResubmissionDiffModel(RowTableModel[FieldChange]):
    """One resubmission's changes: 項目 | 変更前 | 変更後."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._procedure: Procedure | None = None

    def set_resubmission(self, procedure: Procedure | None,
                         resubmission: Resubmission | None) -> None:
        self._procedure = procedure
        self.set_rows(resubmission.changes if resubmission and procedure else ())

    def rows(self) -> list[tuple[str, str, str]]:
        """What the table shows, for tests and copying."""
        return [tuple(str(self.index(r, c).data()) for c in range(3))  # type: ignore[misc]
                for r in range(self.rowCount())]

    def columns(self) -> list[ColumnSpec[FieldChange]]:
        return [
            text_column(_tr("項目"), self._label),
            text_column(_tr("変更前"), lambda c: self._value(c, c.before)),
            text_column(_tr("変更後"), lambda c: self._value(c, c.after)),
        ]

    def _label(self, change: FieldChange) -> str:
        if self._procedure is None:
            return change.field_id
        try:
            return self._procedure.field(change.field_id).label
        except KeyError:
            return change.field_id

    def _value(self, change: FieldChange, value: Any) -> str:
        if self._procedure is None:
            return str(value)
        return change_text(self._procedure, change, value)


def _table(model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class HistoryView(QWidget):
    """The timeline of one case, and the field diff of its resubmissions.

    ``show_detail(detail)`` fills it (no database call); ``clear()`` empties it.
    Selecting a resubmission in the timeline shows its diff; by default the latest.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._detail: CaseDetail | None = None
        self._shown: Resubmission | None = None
        self.model = HistoryModel(self)
        self.diff_model = ResubmissionDiffModel(self)
        self.show_views = QCheckBox(_tr("閲覧の記録も表示する"))
        self.show_views.setToolTip(_tr("案件や添付書類を誰がいつ閲覧したかも一覧に含めます"))
        self.show_views.toggled.connect(self._refill)
        self.table = _table(self.model)
        self.table.setAccessibleName(_tr("案件の履歴"))
        self.table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.placeholder = QLabel(_tr("案件を開くと、ここに履歴が表示されます。"))
        self.diff_title = QLabel()
        self.diff_title.setWordWrap(True)
        self.diff_title.setTextFormat(Qt.TextFormat.PlainText)  # names and notes are data
        font = self.diff_title.font()
        font.setBold(True)
        self.diff_title.setFont(font)
        self.diff_table = _table(self.diff_model)
        self.diff_table.setAccessibleName(_tr("補正再提出で変更された項目"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.show_views)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.diff_title)
        layout.addWidget(self.diff_table, 2)
        self.clear()

    @property
    def resubmission(self) -> Resubmission | None:
        """The resubmission whose diff is shown."""
        return self._shown

    def clear(self) -> None:
        """Show no case."""
        self._detail = None
        self.model.set_entries([])
        self.diff_model.set_resubmission(None, None)
        self.placeholder.setVisible(True)
        self._show_diff(None)

    def show_detail(self, detail: CaseDetail) -> None:
        """The history of *detail*'s case."""
        self._detail = detail
        self.placeholder.setVisible(False)
        self._refill()
        found = resubmissions(detail.history)
        self._show_diff(found[-1] if found else None)

    def _refill(self, *_: object) -> None:
        if self._detail is not None:
            self.model.set_entries(history_entries(
                self._detail, include_views=self.show_views.isChecked()))

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = {i.row() for i in selected.indexes()}
        for row in rows:
            entry = self.model.entry(row)
            if entry is not None and entry.resubmission is not None:
                self._show_diff(entry.resubmission)

    def _show_diff(self, resubmission: Resubmission | None) -> None:
        self._shown = resubmission
        procedure = self._detail.procedure if self._detail else None
        self.diff_model.set_resubmission(procedure, resubmission)
        visible = resubmission is not None
        self.diff_title.setVisible(visible)
        self.diff_table.setVisible(visible)
        if resubmission is None:
            self.diff_title.clear()
            return
        text = _tr("補正再提出の変更点（{at}、{channel}、{actor}）").format(
            at=format_local_datetime(resubmission.at, with_time=True),
            channel=resubmit_channel_label(resubmission.channel), actor=resubmission.actor)
        if not resubmission.changes:
            text += _tr(" — 変更された項目はありません（書類のみ）")
        self.diff_title.setText(text)


__all__ = ["ENTRY_ROLE", "HistoryEntry", "HistoryModel", "HistoryView",
           "ResubmissionDiffModel", "change_text", "history_entries"]
