"""The filter bar above the case table: search box (Ctrl+F), status, due, receipt date
range, flags and the user's saved views. It emits ``filter_changed(CaseFilter)``; the
table model applies it in the database (:func:`bind_filter_bar`).

Typing in the search box waits :data:`SEARCH_DEBOUNCE_MS` after the last key before the
filter changes (Enter applies at once, Esc clears the box and applies); every other control applies
at once.
Saved views load and save in the background through the task runner.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Protocol

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desktop.domain.case_filter import CaseFilter, CaseFlag, DueWindow, SortKey
from desktop.domain.permissions import Actor
from desktop.domain.workflow import QUEUED, WORKING, Stage, Status
from desktop.qt.case_table_model import CaseTableModel
from desktop.qt.labels import status_label
from desktop.qt.tasks import TaskRunner
from desktop.services.case_search import CaseSearchService, SavedView

SEARCH_DEBOUNCE_MS = 300


class ViewStore(Protocol):
    """The signed-in user's saved views (called on the task runner's worker)."""

    def views(self) -> list[SavedView]: ...
    def save(self, name: str, case_filter: CaseFilter) -> SavedView: ...
    def delete(self, name: str) -> None: ...


class ServiceViewStore:
    """Saved views of *actor* through :class:`CaseSearchService`."""

    def __init__(self, search: CaseSearchService, actor: Actor) -> None:
        self._search = search
        self._actor = actor

    def views(self) -> list[SavedView]:
        return self._search.views(self._actor)

    def save(self, name: str, case_filter: CaseFilter) -> SavedView:
        return self._search.save_view(self._actor, name, case_filter)

    def delete(self, name: str) -> None:
        self._search.delete_view(self._actor, name)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class QueueFilterBar(QWidget):
    """Search, filters and saved views of the case list (no queue scope of its own)."""

    #: The criteria changed (a :class:`CaseFilter` without procedure and stage).
    filter_changed = Signal(object)
    #: Saved views could not be read, saved or deleted (the exception).
    failed = Signal(object)
    #: The saved views were (re)loaded; the argument is their names.
    views_loaded = Signal(list)

    def __init__(self, runner: TaskRunner, views: ViewStore | None = None, *,
                 today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._store = views
        self._sort, self._descending = SortKey.QUEUE, False
        self._stage: Stage | None = None
        self._emitted = CaseFilter()
        self._views: dict[str, SavedView] = {}
        self._quiet = False
        start = today or date.today()

        self.search = QLineEdit(self)
        self.search.setObjectName("caseSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("検索: 受付番号・案件番号・氏名（かな可）・電話・生年月日"))
        self.search.setToolTip(self.tr(
            "受付番号・案件番号・氏名（漢字・かな、前方一致）・電話番号・生年月日"
            "（1980/1/2、S55.1.2、昭和55年1月2日など）で検索します (Ctrl+F)"))
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._changed)
        self.search.textEdited.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self._changed)
        # The clear button changes the text without textEdited.
        self.search.textChanged.connect(lambda text: None if text else self._debounce.start())
        self.find_shortcut = QShortcut(QKeySequence("Ctrl+F"), self, self.focus_search,
                                       context=Qt.ShortcutContext.WindowShortcut)
        self.search.installEventFilter(self)  # Esc clears (before any dialog's Esc)

        self.status = QComboBox(self)
        self.status.setToolTip(self.tr("状態で絞り込みます"))
        self.due = QComboBox(self)
        self.due.setToolTip(self.tr("期限で絞り込みます（今日・今週は開庁日で数えます）"))
        self.due.addItem(self.tr("期限: すべて"), None)
        # Item data are plain strings (Qt hands enums back as str anyway).
        self.due.addItem(self.tr("期限超過"), DueWindow.OVERDUE.value)
        self.due.addItem(self.tr("今日が期限"), DueWindow.TODAY.value)
        self.due.addItem(self.tr("今週が期限"), DueWindow.THIS_WEEK.value)
        self.date_range = QCheckBox(self.tr("受付日"), self)
        self.date_range.setToolTip(self.tr("受付日の範囲で絞り込みます（両端を含む）"))
        self.received_from = QDateEdit(_qdate(start), self)
        self.received_to = QDateEdit(_qdate(start), self)
        for edit in (self.received_from, self.received_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy/MM/dd")
            edit.setEnabled(False)
        self.duplicates = QCheckBox(self.tr("重複の可能性"), self)
        self.duplicates.setToolTip(self.tr("同じ申請者の別の案件がある案件だけを表示します"))
        self.resubmitted = QCheckBox(self.tr("補正再提出"), self)
        self.resubmitted.setToolTip(self.tr(
            "補正依頼のあと再提出されたことのある案件だけを表示します（今の状態は問いません）"))
        self.clear_button = QPushButton(self.tr("条件をクリア"), self)
        self.clear_button.setToolTip(self.tr("検索と絞り込みをすべて解除します"))

        self.views = QComboBox(self)
        self.views.setToolTip(self.tr("保存したビューを適用します"))
        self.save_button = QPushButton(self.tr("ビューを保存…"), self)
        self.save_button.setToolTip(self.tr("今の検索と絞り込みを名前を付けて保存します"))
        self.delete_button = QPushButton(self.tr("削除"), self)
        self.delete_button.setToolTip(self.tr("選んでいるビューを削除します"))

        self._fill_statuses()
        self._show_views([])
        self._lay_out()
        for combo in (self.status, self.due):
            combo.currentIndexChanged.connect(lambda _i: self._changed())
        for box in (self.duplicates, self.resubmitted):
            box.toggled.connect(lambda _on: self._changed())
        self.date_range.toggled.connect(self._range_toggled)
        self.received_from.dateChanged.connect(lambda _d: self._range_changed(True))
        self.received_to.dateChanged.connect(lambda _d: self._range_changed(False))
        self.clear_button.clicked.connect(self.clear)
        self.views.activated.connect(self._view_chosen)
        self.save_button.clicked.connect(self.ask_view_name)
        self.delete_button.clicked.connect(self.ask_delete_view)
        has_store = views is not None
        for widget in (self.views, self.save_button, self.delete_button):
            widget.setEnabled(has_store)

    # ------------------------------------------------------------------ state

    def case_filter(self) -> CaseFilter:
        """The criteria the controls show now (no queue scope)."""
        status, due = self.status.currentData(), self.due.currentData()
        flags = set()
        if self.duplicates.isChecked():
            flags.add(CaseFlag.POSSIBLE_DUPLICATE)
        if self.resubmitted.isChecked():
            flags.add(CaseFlag.RESUBMITTED)
        start = end = None
        if self.date_range.isChecked():
            start, end = _pydate(self.received_from.date()), _pydate(self.received_to.date())
        return CaseFilter(
            statuses=frozenset({Status(status)}) if status else frozenset(),
            due=DueWindow(due) if due else None, received_from=start, received_to=end,
            flags=frozenset(flags), search=self.search.text().strip(),
            sort=self._sort, descending=self._descending)

    def set_filter(self, case_filter: CaseFilter, *, emit: bool = False) -> None:
        """Show *case_filter*'s criteria in the controls (and emit it if *emit*)."""
        self._quiet = True
        try:
            self.search.setText(case_filter.search)
            status = next(iter(case_filter.statuses), None)
            self.status.setCurrentIndex(max(self.status.findData(status.value if status
                                                                 else None), 0))
            due = case_filter.due.value if case_filter.due else None
            self.due.setCurrentIndex(max(self.due.findData(due), 0))
            ranged = case_filter.received_from is not None or case_filter.received_to is not None
            self.date_range.setChecked(ranged)
            if ranged:
                start = case_filter.received_from or case_filter.received_to
                end = case_filter.received_to or case_filter.received_from
                assert start is not None and end is not None
                self.received_from.setDate(_qdate(start))
                self.received_to.setDate(_qdate(end))
            self.duplicates.setChecked(CaseFlag.POSSIBLE_DUPLICATE in case_filter.flags)
            self.resubmitted.setChecked(CaseFlag.RESUBMITTED in case_filter.flags)
            self._sort, self._descending = case_filter.sort, case_filter.descending
        finally:
            self._quiet = False
        self._debounce.stop()
        if emit:
            self._changed()
        else:
            self._emitted = self.case_filter()

    def set_sort(self, sort: SortKey, descending: bool) -> None:
        """The table was sorted by its header: saved views and later filters keep it."""
        self._sort, self._descending = sort, descending
        self._emitted = replace(self._emitted, sort=sort, descending=descending)

    def set_stage(self, stage: Stage | None) -> None:
        """Offer the statuses of *stage*'s queue (every status when None)."""
        if stage == self._stage:
            return
        self._stage = stage
        current = self.status.currentData()
        self._quiet = True
        try:
            self._fill_statuses()
            self.status.setCurrentIndex(max(self.status.findData(current), 0))
        finally:
            self._quiet = False
        if current is not None and self.status.currentData() != current:
            self._changed()

    def clear(self) -> None:
        """Every criterion off (the sort order stays)."""
        self.set_filter(CaseFilter(sort=self._sort, descending=self._descending), emit=True)

    def focus_search(self) -> None:
        """Ctrl+F: to the search box, its text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ------------------------------------------------------------ saved views

    def reload_views(self) -> None:
        """Read the saved views again (in the background)."""
        store = self._store
        if store is None:
            return
        self._runner.run_in_background(store.views, self._show_views, self.failed.emit,
                                       owner=self, label="saved views")

    def save_view(self, name: str) -> None:
        """Save the current criteria as *name* (in the background), then list it."""
        store, case_filter = self._store, self.case_filter()
        if store is None:
            return

        def saved(view: SavedView) -> None:
            self._views[view.name] = view
            self._show_views(list(self._views.values()), select=view.name)

        self._runner.run_in_background(lambda: store.save(name, case_filter), saved,
                                       self.failed.emit, owner=self, label="save view")

    def delete_view(self, name: str) -> None:
        """Delete the saved view *name* (in the background)."""
        store = self._store
        if store is None:
            return

        def deleted(_: None) -> None:
            self._views.pop(name, None)
            self._show_views(list(self._views.values()))

        self._runner.run_in_background(lambda: store.delete(name), deleted, self.failed.emit,
                                       owner=self, label="delete view")

    def ask_view_name(self) -> None:
        """Ask for a name, then save the current criteria under it."""
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("ビューを保存"))
        dialog.setLabelText(self.tr("ビューの名前:"))
        current = self.views.currentData()
        dialog.setTextValue(current if isinstance(current, str) else "")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(self.save_view)
        dialog.open()

    def ask_delete_view(self) -> None:
        """Confirm, then delete the selected view."""
        name = self.views.currentData()
        if not isinstance(name, str):
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("ビューを削除"),
                          self.tr("ビュー「{name}」を削除しますか？").format(name=name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: self.delete_view(name))
        box.open()

    def view_names(self) -> list[str]:
        return sorted(self._views)

    # ------------------------------------------------------------- internals

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
                and self.search.text()):
            self.search.clear()
            self._changed()
            return True
        return super().eventFilter(watched, event)

    def _changed(self) -> None:
        if self._quiet:
            return
        self._debounce.stop()
        case_filter = self.case_filter()
        if case_filter != self._emitted:
            self._emitted = case_filter
            self.filter_changed.emit(case_filter)

    def _range_toggled(self, on: bool) -> None:
        for edit in (self.received_from, self.received_to):
            edit.setEnabled(on)
        self._changed()

    def _range_changed(self, start_moved: bool) -> None:
        start, end = self.received_from.date(), self.received_to.date()
        if start > end:  # keep the range the right way round, following the edited end
            self._quiet = True
            try:
                (self.received_to if start_moved else self.received_from).setDate(
                    start if start_moved else end)
            finally:
                self._quiet = False
        if self.date_range.isChecked():
            self._changed()

    def _view_chosen(self, index: int) -> None:
        name = self.views.itemData(index)
        view = self._views.get(name) if isinstance(name, str) else None
        if view is not None:
            self.set_filter(view.filter, emit=True)

    def _show_views(self, views: list[SavedView], select: str | None = None) -> None:
        self._views = {v.name: v for v in views}
        self.views.blockSignals(True)
        self.views.clear()
        self.views.addItem(self.tr("保存したビュー"), None)
        for name in sorted(self._views):
            self.views.addItem(name, name)
        if select is not None:
            self.views.setCurrentIndex(max(self.views.findData(select), 0))
        self.views.blockSignals(False)
        self.delete_button.setEnabled(self._store is not None and bool(self._views))
        self.views_loaded.emit(sorted(self._views))

    def _fill_statuses(self) -> None:
        self.status.clear()
        self.status.addItem(self.tr("状態: すべて"), None)
        statuses = (list(Status) if self._stage is None
                    else [*QUEUED[self._stage], WORKING[self._stage]])
        for status in statuses:
            self.status.addItem(status_label(status), status.value)

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.views)
        top.addWidget(self.save_button)
        top.addWidget(self.delete_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status)
        bottom.addWidget(self.due)
        bottom.addWidget(self.date_range)
        bottom.addWidget(self.received_from)
        bottom.addWidget(QLabel("〜", self))
        bottom.addWidget(self.received_to)
        bottom.addWidget(self.duplicates)
        bottom.addWidget(self.resubmitted)
        bottom.addStretch(1)
        bottom.addWidget(self.clear_button)
        grid.addLayout(top, 0, 0)
        grid.addLayout(bottom, 1, 0)


def bind_filter_bar(bar: QueueFilterBar, model: CaseTableModel) -> None:
    """Wire *bar* to *model*: criteria go to the model (in its current queue); a header
    sort and the queue's stage come back to the bar."""
    bar.filter_changed.connect(model.apply_criteria)

    def applied(case_filter: CaseFilter) -> None:
        bar.set_sort(case_filter.sort, case_filter.descending)
        bar.set_stage(case_filter.stage)

    model.filter_applied.connect(applied)
