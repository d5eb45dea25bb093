"""The main window: queues on the left, the selected queue's cases, the claimed case."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QHeaderView, QLabel, QMainWindow, QMessageBox, QWidget

from desktop.domain.cases import CaseRecord
from desktop.domain.errors import QueueEmpty, ReviewDeskError
from desktop.domain.permissions import Actor, Permission
from desktop.domain.workflow import Stage
from desktop.qt.case_detail_view import CaseDetailView
from desktop.qt.case_table_model import CaseTableModel, Column
from desktop.qt.connection import Connection, ConnectionState
from desktop.qt.forms.ui_main_window import Ui_MainWindow
from desktop.qt.labels import role_label, stage_label
from desktop.qt.messages import error_text
from desktop.qt.ports import AppServices, LoadPage
from desktop.qt.queue_list import CLAIM_PERMISSION, QueueList, queue_entries
from desktop.qt.tasks import TaskRunner
from desktop.services.queue import QueueCount
from desktop.services.review import CaseDetail

T = TypeVar("T")

#: Renew the lease on the claimed case this often (leases last 15 minutes).
LEASE_RENEW_MS = 5 * 60_000
#: Refresh the queue counts this often.
COUNTS_REFRESH_MS = 60_000
_CONNECTION_COLOURS = {
    ConnectionState.CONNECTED: "#2e7d32",
    ConnectionState.UNAVAILABLE: "#b01e1e",
    ConnectionState.FAILED: "#b01e1e",
}


def service_page_loader(services: AppServices, actor: Actor) -> LoadPage:
    """Pages of a queue from ``QueueService.list_cases`` (run in the background)."""
    def load(procedure_code: str, stage: Stage, limit: int, offset: int) -> list[CaseRecord]:
        return services.queue.list_cases(actor, procedure_code, stage, limit, offset)

    return load


class MainWindow(QMainWindow):
    """Where the signed-in user picks a queue, sees its cases and claims the next one.

    Every service call runs on the task runner; this class only reacts to results.
    ``closed`` is emitted once the window has closed (a held case is released first).
    """

    closed = Signal()

    def __init__(self, runner: TaskRunner, connection: Connection, actor: Actor, *,
                 load_page: LoadPage | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        services = connection.services
        if services is None:
            raise ValueError("the main window needs an open connection")
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call]
        self._runner = runner
        self._connection = connection
        self._services = services
        self._actor = actor
        self._detail: CaseDetail | None = None
        self._claiming = False
        self._releasing = False
        self.last_error = ""

        self.model = CaseTableModel(runner, load_page or service_page_loader(services, actor),
                                    parent=self)
        self.ui.caseTable.setModel(self.model)
        self.queues = QueueList(self.ui.queueTree, self)
        self.detail = CaseDetailView(self.ui.detailForm, self.ui.detailPlaceholder,
                                     self.ui.detailScroll)
        self._status_labels = self._build_status_bar()
        self._lease_timer = QTimer(self)
        self._lease_timer.setInterval(LEASE_RENEW_MS)
        self._lease_timer.timeout.connect(self.renew_lease)
        self._counts_timer = QTimer(self)
        self._counts_timer.setInterval(COUNTS_REFRESH_MS)
        self._counts_timer.timeout.connect(self.refresh_queues)

        self.setWindowTitle(self.tr("審査デスク — {user}").format(user=actor.display_name))
        self.ui.actionClaimNext.triggered.connect(self.claim_next)
        self.ui.actionRelease.triggered.connect(self.release)
        self.ui.actionRefresh.triggered.connect(self.refresh)
        self.ui.actionQuit.triggered.connect(self.close)
        self._add_print_menu()
        self.queues.queue_selected.connect(self._queue_selected)
        self.model.load_failed.connect(lambda error: self._failed(error, modal=False))
        self.model.page_loaded.connect(lambda _rows: self._connection.note_success())
        self.model.modelReset.connect(self._size_columns)
        connection.state_changed.connect(self._show_connection)

        self._lay_out()
        self._show_connection()
        self._update_actions()
        self.refresh_queues()
        self._counts_timer.start()

    # -------------------------------------------------------------- public API

    @property
    def held_case(self) -> CaseRecord | None:
        """The case this user has claimed in this window, if any."""
        return self._detail.case if self._detail else None

    def status_texts(self) -> dict[str, str]:
        """What the permanent status-bar fields show (user, role, database, connection)."""
        return {key: label.text() for key, label in self._status_labels.items()}

    def refresh(self) -> None:
        """F5: queue counts and the visible queue, again from the database."""
        self.refresh_queues()
        self.model.reload()

    def refresh_queues(self) -> None:
        services, actor = self._services, self._actor
        procedures = services.ctx.procedures
        if not actor.can(Permission.QUEUE_VIEW):
            self.queues.populate(queue_entries(procedures, actor, None))
            return
        self._run(lambda: services.queue.queue_counts(actor),
                  lambda counts: self._show_queues(counts), label="queue counts")

    def claim_next(self) -> None:
        """F2: claim the next case of the selected queue and show it."""
        key = self.queues.selected()
        if key is None:
            self.statusBar().showMessage(self.tr("先にキューを選択してください"), 8000)
            return
        if not self._can_claim(key[1]) or self._detail is not None or self._claiming:
            return
        services, actor = self._services, self._actor
        code, stage = key

        def claim() -> CaseDetail:
            case = services.queue.claim_next(actor, code, stage)
            try:
                return services.review.show(actor, case.id)
            except ReviewDeskError:
                with suppress(ReviewDeskError):  # never keep a case the screen does not show
                    services.queue.release(actor, case.id)
                raise

        self._claiming = True
        self._update_actions()
        self.statusBar().showMessage(self.tr("次の案件を取得しています…"))
        self._run(claim, self._claimed, self._claim_failed, label="claim next")

    def release(self) -> None:
        """Give the claimed case back to its queue."""
        if self._detail is None or self._releasing:
            return
        services, actor, case = self._services, self._actor, self._detail.case
        self._releasing = True
        self._update_actions()
        self._run(lambda: services.queue.release(actor, case.id), self._released,
                  self._release_failed, label="release")

    # ---------------------------------------------------------------- results

    def _show_queues(self, counts: list[QueueCount]) -> None:
        self.queues.populate(queue_entries(self._services.ctx.procedures, self._actor, counts))

    def _claimed(self, detail: CaseDetail) -> None:
        self._claiming = False
        self._detail = detail
        self.detail.show_detail(detail)
        self._lease_timer.start()
        self.statusBar().showMessage(self.tr("案件 {number}（{applicant}）を取得しました").format(
            number=detail.case.number, applicant=detail.case.applicant_name), 10000)
        self._update_actions()
        self.refresh()

    def _claim_failed(self, error: BaseException) -> None:
        self._claiming = False
        self._update_actions()
        if isinstance(error, QueueEmpty):
            self._failed(error, modal=False)
            self.detail.clear(self.tr("このキューには待っている案件がありません。"))
            return
        self._failed(error, modal=True)

    def _released(self, case: CaseRecord) -> None:
        self._releasing = False
        self._drop_held_case()
        self.statusBar().showMessage(
            self.tr("案件 {number} をキューに戻しました").format(number=case.number), 10000)
        self.refresh()

    def _release_failed(self, error: BaseException) -> None:
        self._releasing = False
        self._failed(error, modal=True)
        if isinstance(error, ReviewDeskError) and error.code == "lease_lost":
            self._drop_held_case()
        self._update_actions()

    def renew_lease(self) -> None:
        """Extend the lease on the claimed case (every few minutes while it is shown)."""
        if self._detail is None:
            self._lease_timer.stop()
            return
        services, actor, case_id = self._services, self._actor, self._detail.case.id
        self._run(lambda: services.queue.renew_lease(actor, case_id), self._lease_renewed,
                  self._lease_renewal_failed, label="renew lease")

    def _lease_renewed(self, case: CaseRecord) -> None:
        if self._detail is not None and self._detail.case.id == case.id:
            self._detail = replace(self._detail, case=case)

    def _lease_renewal_failed(self, error: BaseException) -> None:
        lost = isinstance(error, ReviewDeskError) and error.code == "lease_lost"
        self._failed(error, modal=lost)
        if lost:
            self._drop_held_case()
            self.refresh()

    # ---------------------------------------------------------------- helpers

    def _add_print_menu(self) -> None:
        """Notice printing and the enclosure check, for roles that print."""
        menu = self.menuBar().addMenu(self.tr("印刷(&P)"))
        self.action_print = menu.addAction(self.tr("通知書の一括印刷…"))
        self.action_print.setShortcut(QKeySequence("Ctrl+P"))
        self.action_print.setToolTip(self.tr("決定済みの案件の通知書を印刷します (Ctrl+P)"))
        self.action_enclosure = menu.addAction(self.tr("封入封緘確認…"))
        self.action_enclosure.setShortcut(QKeySequence("Ctrl+E"))
        self.action_enclosure.setToolTip(self.tr("封筒ごとに2次元コードを読み取って確認します (Ctrl+E)"))
        allowed = self._actor.can(Permission.NOTICE_PRINT)
        for action in (self.action_print, self.action_enclosure):
            action.setEnabled(allowed)
        self.action_print.triggered.connect(self.open_print_dialog)
        self.action_enclosure.triggered.connect(self.open_enclosure_dialog)

    def open_print_dialog(self) -> None:
        """Ctrl+P: the batch print dialog (the notice service, with its fonts, is built
        in the background on first use)."""
        from desktop.qt.printing import PrintBatchDialog

        services, actor = self._services, self._actor
        self._run(lambda: services.notices,
                  lambda notices: PrintBatchDialog(notices, actor, self._runner, self).open(),
                  label="open print dialog")

    def open_enclosure_dialog(self) -> None:
        """Ctrl+E: the enclosure check (封入封緘確認)."""
        from desktop.qt.enclosure_dialog import EnclosureDialog

        services, actor = self._services, self._actor
        self._run(lambda: services.enclosure,
                  lambda enclosure: EnclosureDialog(enclosure, actor, self._runner,
                                                    self).open(),
                  label="open enclosure dialog")

    def _run(self, fn: Callable[[], T], on_success: Callable[[T], None],
             on_failure: Callable[[BaseException], None] | None = None, *,
             label: str) -> None:
        def succeeded(value: T) -> None:
            self._connection.note_success()
            on_success(value)

        self._runner.run_in_background(
            fn, succeeded, on_failure or (lambda error: self._failed(error, modal=False)),
            owner=self, label=label)

    def _failed(self, error: BaseException, *, modal: bool) -> None:
        """Show *error*'s message in the status bar, and in a message box if *modal*."""
        self._connection.note_failure(error)
        text = error_text(error)
        self.last_error = text
        self.statusBar().showMessage(text, 15000)
        if modal:
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("審査デスク"), text,
                              QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    def _drop_held_case(self) -> None:
        self._detail = None
        self._lease_timer.stop()
        self.detail.clear(self.tr("案件を取得していません。キューを選んで F2（次の案件）を押してください。"))
        self._update_actions()

    def _queue_selected(self, code: str, stage: Stage | None) -> None:
        self.model.set_queue(code or None, stage)
        if code and stage is not None:
            name = self._services.ctx.procedures[code].name
            self.ui.caseHeading.setText(f"{name} ／ {stage_label(stage)}")
        else:
            self.ui.caseHeading.setText(self.tr("キューを選択してください"))
        self._update_actions()

    def _can_claim(self, stage: Stage) -> bool:
        return self._actor.can(CLAIM_PERMISSION[stage])

    def _update_actions(self) -> None:
        key = self.queues.selected()
        holding = self._detail is not None
        can_claim = key is not None and self._can_claim(key[1])
        self.ui.actionClaimNext.setEnabled(can_claim and not holding and not self._claiming)
        if key is not None and not can_claim:
            tip = self.tr("この役割ではこのキューの案件を取得できません")
        elif holding:
            tip = self.tr("取得中の案件を解放してから次の案件を取得してください")
        else:
            tip = self.tr("選択したキューから次の案件を取得します (F2)")
        self.ui.actionClaimNext.setToolTip(tip)
        self.ui.actionRelease.setEnabled(holding and not self._releasing)

    def _build_status_bar(self) -> dict[str, QLabel]:
        actor = self._actor
        labels = {
            "user": QLabel(self.tr("利用者: {name}").format(name=actor.display_name)),
            "role": QLabel(self.tr("役割: {role}").format(role=role_label(actor.role))),
            "database": QLabel(),
            "connection": QLabel(),
        }
        labels["user"].setToolTip(actor.name)
        database = self.tr("DB: {label}").format(label=self._services.database_label)
        labels["database"].setToolTip(database)
        labels["database"].setText(labels["database"].fontMetrics().elidedText(
            database, Qt.TextElideMode.ElideMiddle, 380))
        for label in labels.values():
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)
        return labels

    def _show_connection(self) -> None:
        label = self._status_labels["connection"]
        colour = _CONNECTION_COLOURS.get(self._connection.state, "#4a4a4a")
        label.setText(f"● {self._connection.describe()}")
        label.setStyleSheet(f"color: {colour};")
        label.setToolTip(self._connection.error)

    def _lay_out(self) -> None:
        self.ui.splitter.setStretchFactor(0, 0)
        self.ui.splitter.setStretchFactor(1, 1)
        self.ui.splitter.setStretchFactor(2, 0)
        self.ui.splitter.setSizes([260, self.width() - 660, 400])
        heading = self.ui.caseHeading.font()
        heading.setBold(True)
        self.ui.caseHeading.setFont(heading)
        self.ui.queueHeading.setFont(heading)
        table = self.ui.caseTable
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._size_columns()

    def _size_columns(self) -> None:
        metrics = self.ui.caseTable.fontMetrics()
        samples = {
            Column.NUMBER: "CPS-00000000", Column.APPLICANT: "長谷川　久美子",
            Column.STATUS: "二次審査待ち", Column.RECEIVED: "2026/11/28",
            Column.DUE: "2026/11/28",
        }
        header = self.ui.caseTable.horizontalHeader()
        for column, sample in samples.items():
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing gives a claimed case back to its queue (finished before the app exits)."""
        self._lease_timer.stop()
        self._counts_timer.stop()
        if self._detail is not None:
            services, actor, case_id = self._services, self._actor, self._detail.case.id
            self._detail = None
            self._runner.run_in_background(lambda: services.queue.release(actor, case_id),
                                           lambda _case: None, label="release on close")
        super().closeEvent(event)
        self.closed.emit()
