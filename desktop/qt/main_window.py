"""The main window: queues on the left, the selected queue's cases, the claimed case."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress
from typing import TypeVar

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHeaderView, QMainWindow, QMessageBox, QWidget

from desktop.domain.cases import CaseRecord
from desktop.domain.errors import QueueEmpty, ReviewDeskError
from desktop.domain.permissions import Actor, Permission
from desktop.domain.workflow import Stage, queue_stage
from desktop.qt.case_panels import CasePanels
from desktop.qt.case_problem import Problem, ProblemKind
from desktop.qt.case_session import CaseSession
from desktop.qt.case_source import ServiceCaseSource
from desktop.qt.case_table_model import CaseTableModel, Column, attach_to_view
from desktop.qt.case_view import CaseView
from desktop.qt.connection import Connection
from desktop.qt.forms.ui_main_window import Ui_MainWindow
from desktop.qt.labels import stage_label, status_label
from desktop.qt.messages import error_text
from desktop.qt.ports import AppServices, LoadPage
from desktop.qt.print_menu import PrintMenu
from desktop.qt.queue_filter_bar import QueueFilterBar, ServiceViewStore, bind_filter_bar
from desktop.qt.queue_list import CLAIM_PERMISSION, QueueList, queue_entries
from desktop.qt.status_fields import StatusFields
from desktop.qt.tasks import TaskRunner
from desktop.qt.window_menus import install_window_menus
from desktop.services.queue import QueueCount
from desktop.services.review import CaseDetail

T = TypeVar("T")
log = logging.getLogger(__name__)

#: Renew the lease on the claimed case this often (leases last 15 minutes).
LEASE_RENEW_MS = 5 * 60_000
#: Refresh the queue counts this often.
COUNTS_REFRESH_MS = 60_000
#: QSettings key: open the next case of the same queue after a decision (default on).
AUTO_NEXT_KEY = "workbench/auto_next"


def service_page_loader(services: AppServices, actor: Actor) -> LoadPage:
    """Pages of a queue from ``QueueService.list_cases`` (run in the background)."""
    def load(procedure_code: str, stage: Stage, limit: int, offset: int) -> list[CaseRecord]:
        return services.queue.list_cases(actor, procedure_code, stage, limit, offset)

    return load


class MainWindow(QMainWindow):
    """Where the signed-in user picks a queue, sees its cases and works the claimed one.

    Every service call runs on the task runner; this class only reacts to results.
    ``closed`` is emitted once the window has closed (a held case is released first).
    The claimed case is :attr:`case_view` (its ``splitter`` and ``document_tabs`` are
    where further panels go); its state and writes are :attr:`session`.
    """

    closed = Signal()

    def __init__(self, runner: TaskRunner, connection: Connection, actor: Actor, *,
                 load_page: LoadPage | None = None, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
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
        self.settings = settings if settings is not None else QSettings()
        self._claiming = False
        self._releasing = False
        self._held_queue: tuple[str, Stage] | None = None
        self._decided_text = ""
        self.last_error = ""

        source = (load_page if load_page is not None
                  else ServiceCaseSource(services.case_search, actor))
        self.model = CaseTableModel(runner, source, parent=self)
        self.ui.caseTable.setModel(self.model)
        attach_to_view(self.ui.caseTable, self.model)
        self.filter_bar = QueueFilterBar(runner, ServiceViewStore(services.case_search, actor),
                                         parent=self.ui.casePanel)
        self.ui.caseLayout.insertWidget(1, self.filter_bar)
        bind_filter_bar(self.filter_bar, self.model)
        self.filter_bar.failed.connect(lambda error: self._failed(error, modal=False))
        self.filter_bar.reload_views()
        self.queues = QueueList(self.ui.queueTree, self)
        self.session = CaseSession(runner, connection, services, actor, self)
        self.case_view = CaseView(self.session, self.ui.casePage)
        self.ui.casePageLayout.addWidget(self.case_view)
        self.detail = self.case_view.summary
        self.status_fields = StatusFields(self.statusBar(), actor, services.database_label,
                                          connection)
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
        self.ui.actionShowQueue.toggled.connect(self._show_queue_page)
        self._add_decision_menu()
        self.print_menu = PrintMenu(self, runner, services, actor, self._run)
        self.action_print = self.print_menu.action_print
        self.action_enclosure = self.print_menu.action_enclosure
        self.queues.queue_selected.connect(self._queue_selected)
        self.model.load_failed.connect(lambda error: self._failed(error, modal=False))
        self.model.page_loaded.connect(lambda _rows: self._connection.note_success())
        self.model.modelReset.connect(self._size_columns)
        self.session.decided.connect(self._decided)
        self.session.released.connect(self._released)
        self.session.dropped.connect(lambda _case: self._drop_held_case())
        self.session.problem_raised.connect(self._case_problem)
        self.session.changed.connect(self._update_actions)
        self.panels = CasePanels(self.case_view, self.session, runner, services, actor)
        self.menus = install_window_menus(self, self.ui.menuFile, runner, services, actor,
                                          connection, self.settings)

        self._lay_out()
        self._update_actions()
        self.refresh_queues()
        self._counts_timer.start()

    # -------------------------------------------------------------- public API

    @property
    def held_case(self) -> CaseRecord | None:
        """The case this user has claimed in this window, if any."""
        return self.session.case

    @property
    def auto_next(self) -> bool:
        """Whether the next case of the same queue opens after a decision."""
        return self.ui.actionAutoNext.isChecked()

    def status_texts(self) -> dict[str, str]:
        """What the permanent status-bar fields show (user, role, database, connection)."""
        return self.status_fields.texts()

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
        self._claim(key)

    def release(self) -> None:
        """Give the claimed case back to its queue (after its queued checklist saves)."""
        if self.session.case is None or self._releasing:
            return
        self._releasing = True
        self._update_actions()

        def failed(error: BaseException) -> None:
            self._releasing = False
            self._failed(error, modal=True)
            self._update_actions()

        self.session.release(on_failed=failed)

    def renew_lease(self) -> None:
        """Extend the lease on the claimed case (every few minutes while it is shown)."""
        if self.session.case is None:
            self._lease_timer.stop()
            return
        self.session.renew()

    # ---------------------------------------------------------------- results

    def _claim(self, key: tuple[str, Stage]) -> None:
        if not self._can_claim(key[1]) or self.session.case is not None or self._claiming:
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
        self._run(claim, lambda detail: self._claimed(detail, key), self._claim_failed,
                  label="claim next")

    def _show_queues(self, counts: list[QueueCount]) -> None:
        self.queues.populate(queue_entries(self._services.ctx.procedures, self._actor, counts))

    def _claimed(self, detail: CaseDetail, key: tuple[str, Stage]) -> None:
        self._claiming = False
        self._held_queue = key
        self.session.open(detail)
        self._show_queue_page(False)
        self._lease_timer.start()
        text = self.tr("案件 {number}（{applicant}）を取得しました").format(
            number=detail.case.number, applicant=detail.case.applicant_name)
        if self._decided_text:  # say what became of the previous case too
            text = f"{self._decided_text} — {text}"
            self._decided_text = ""
        self.statusBar().showMessage(text, 15000)
        self._update_actions()
        self.case_view.checklist.view.setFocus()
        self.refresh()

    def _claim_failed(self, error: BaseException) -> None:
        self._claiming = False
        self._decided_text = ""
        self._update_actions()
        self._show_queue_page(True)
        if isinstance(error, QueueEmpty):
            self._failed(error, modal=bool(error.params.get("own_first_review")))
            self.ui.detailPlaceholder.setText(self.tr("このキューには待っている案件がありません。"))
            return
        self._failed(error, modal=True)

    def _decided(self, case: CaseRecord) -> None:
        self._lease_timer.stop()
        self._decided_text = self.tr("案件 {number} を「{status}」にしました").format(
            number=case.number, status=status_label(case.status))
        self.statusBar().showMessage(self._decided_text, 15000)
        key = self._held_queue
        if self.auto_next and key is not None:
            self._claim(key)
        else:
            self._decided_text = ""
            self._drop_held_case()
        self.refresh_queues()

    def _released(self, case: CaseRecord) -> None:
        self._releasing = False
        self._drop_held_case()
        self.statusBar().showMessage(
            self.tr("案件 {number} をキューに戻しました").format(number=case.number), 10000)
        self.refresh()

    def _case_problem(self, problem: Problem) -> None:
        """A write to the held case failed: the banner says it; lost leases also modally."""
        modal = (problem.kind == ProblemKind.LEASE_LOST and not self.case_view.dialog_open())
        if problem.error is not None:
            self._failed(problem.error, modal=modal)
        else:
            self._say(problem.text, modal=modal)

    # ---------------------------------------------------------------- helpers

    def _add_decision_menu(self) -> None:
        """The decision bar's actions (with their shortcuts) and the auto-next setting."""
        menu = self.ui.menuDecision
        for action in self.case_view.decision_bar.decision_actions.values():
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.ui.actionAutoNext)
        stored = self.settings.value(AUTO_NEXT_KEY, True)
        self.ui.actionAutoNext.setChecked(stored not in (False, "false", "0", 0))
        self.ui.actionAutoNext.toggled.connect(self._store_auto_next)

    def _store_auto_next(self, on: bool) -> None:
        self.settings.setValue(AUTO_NEXT_KEY, on)
        self.settings.sync()

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
        self._say(error_text(error), modal=modal)

    def _say(self, text: str, *, modal: bool) -> None:
        self.last_error = text
        self.statusBar().showMessage(text, 15000)
        if modal:
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("審査デスク"), text,
                              QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    def _drop_held_case(self) -> None:
        self._releasing = False
        self._lease_timer.stop()
        self.ui.detailPlaceholder.setText(
            self.tr("案件を取得していません。キューを選んで F2（次の案件）を押してください。"))
        self._show_queue_page(True)
        self._update_actions()

    def _show_queue_page(self, on: bool) -> None:
        """F6: the queue table (on) or the claimed case (off; only while one is held)."""
        on = on or self.session.case is None
        page = self.ui.casePanel if on else self.ui.casePage
        self.ui.workStack.setCurrentWidget(page)
        self.ui.actionShowQueue.blockSignals(True)
        self.ui.actionShowQueue.setChecked(on)
        self.ui.actionShowQueue.blockSignals(False)

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
        holding = self.session.case is not None
        can_claim = key is not None and self._can_claim(key[1])
        self.ui.actionClaimNext.setEnabled(can_claim and not holding and not self._claiming)
        if key is not None and not can_claim:
            tip = self.tr("この役割ではこのキューの案件を取得できません")
        elif holding:
            tip = self.tr("取得中の案件を判定するか解放してから次の案件を取得してください (F2)")
        else:
            tip = self.tr("選択したキューから次の案件を取得します (F2)")
        self.ui.actionClaimNext.setToolTip(tip)
        self.ui.actionRelease.setEnabled(holding and not self._releasing
                                         and not self.session.deciding)
        self.ui.actionShowQueue.setEnabled(holding)

    def _lay_out(self) -> None:
        self.ui.splitter.setStretchFactor(0, 0)
        self.ui.splitter.setStretchFactor(1, 1)
        self.ui.splitter.setSizes([230, self.width() - 230])
        self.case_view.splitter.setSizes([560, self.width() - 230 - 560])
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
        case = self.session.case
        if case is not None and case.holder_id == self._actor.id and queue_stage(case.status):
            services, actor = self._services, self._actor
            self.session.clear()
            self._runner.run_in_background(
                lambda: services.queue.release(actor, case.id), lambda _case: None,
                lambda error: log.info("case %s not released on close: %s", case.number,
                                       error_text(error)),
                label="release on close")
        super().closeEvent(event)
        self.closed.emit()
