"""The supervisors' dashboard window: live figures, charts, drill-down, and actions.

Entry points for the main window: :func:`can_open_dashboard` (show the menu action only
then) and :func:`open_dashboard` / :class:`DashboardWindow`. The figures are refreshed
every N seconds (``dashboard/refresh_seconds`` in QSettings, default 10) on the
window's own worker thread, so a slow refresh never delays the user's other database
actions and never blocks the window; a refresh still running when the next is due is
not doubled. The time of the last good refresh is always shown; when the database
cannot be reached the figures stay, marked with the time they are from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from enum import IntEnum
from typing import Protocol, TypeVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.permissions import Actor, Permission
from desktop.qt.dashboard_actions import CaseActions
from desktop.qt.dashboard_charts import BacklogChart, HourlyChart
from desktop.qt.dashboard_models import (
    AgeingTableModel,
    CaseLineModel,
    OperatorTableModel,
    ProcedureTableModel,
    RowTableModel,
)
from desktop.qt.labels import JST, format_date
from desktop.qt.messages import error_text, is_unavailable
from desktop.qt.tasks import TaskRunner
from desktop.services.context import ServiceContext
from desktop.services.dashboard import DashboardService, DrillDown, DrillKind
from desktop.services.dashboard_figures import AGE_BUCKETS, DashboardSnapshot
from desktop.services.dashboard_ports import CaseLine

T = TypeVar("T")
REFRESH_KEY = "dashboard/refresh_seconds"
DEFAULT_REFRESH_SECONDS = 10
MIN_REFRESH_SECONDS, MAX_REFRESH_SECONDS = 2, 600


class Tab(IntEnum):
    OVERVIEW = 0
    AGEING = 1
    PEOPLE = 2
    CHARTS = 3


class DashboardHost(Protocol):
    """What the window needs of the application's services."""

    @property
    def ctx(self) -> ServiceContext: ...
    @property
    def dashboard(self) -> DashboardService: ...


def can_open_dashboard(actor: Actor) -> bool:
    """Whether *actor* may see the dashboard (supervisors; the service checks again)."""
    return actor.can(Permission.DASHBOARD_VIEW)


def refresh_seconds(settings: QSettings) -> int:
    """The refresh interval from the settings (default 10 s, kept within 2–600 s)."""
    try:
        value = int(str(settings.value(REFRESH_KEY, DEFAULT_REFRESH_SECONDS)))
    except ValueError:
        value = DEFAULT_REFRESH_SECONDS
    return min(max(value, MIN_REFRESH_SECONDS), MAX_REFRESH_SECONDS)


def open_dashboard(runner: TaskRunner, services: DashboardHost, actor: Actor,
                   parent: QWidget | None = None,
                   settings: QSettings | None = None) -> DashboardWindow | None:
    """The dashboard shown for a supervisor; None (nothing opens) for anyone else."""
    if not can_open_dashboard(actor):
        return None
    window = DashboardWindow(runner, services, actor, parent, settings=settings)
    window.show()
    return window


def _table(model: RowTableModel[T], multi: bool) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows if multi
                              else QAbstractItemView.SelectionBehavior.SelectItems)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setAlternatingRowColors(True)
    return view


class DashboardWindow(QMainWindow):
    """Backlog, ageing and service level, people, charts; release, reassign, priority."""

    refreshed = Signal()
    refresh_failed = Signal(str)

    def __init__(self, runner: TaskRunner, services: DashboardHost, actor: Actor,
                 parent: QWidget | None = None, *, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._refresher = TaskRunner(self)  # own thread: refreshes never queue behind work
        self._services = services
        self._actor = actor
        self._settings = settings if settings is not None else QSettings()
        self.snapshot: DashboardSnapshot | None = None
        #: Local time of the last successful refresh.
        self.last_refresh: datetime | None = None
        self.refreshing = False
        self.drill_down: DrillDown | None = None
        names = {code: p.name for code, p in services.ctx.procedures.items()}
        self._names = names
        self.procedures_model = ProcedureTableModel(names, self)
        self.ageing_model = AgeingTableModel(names, self)
        self.operators_model = OperatorTableModel(self)
        self.held_model = CaseLineModel(names, self._today, self)
        self.drill_model = CaseLineModel(names, self._today, self)
        self.backlog_chart = BacklogChart()
        self.hourly_chart = HourlyChart()
        self.setWindowTitle(self.tr("業務状況ダッシュボード — {user}").format(
            user=actor.display_name))
        self._build()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self.set_refresh_seconds(refresh_seconds(self._settings), store=False)
        self._update_actions()
        self.refresh()

    # ------------------------------------------------------------------- layout

    def _build(self) -> None:
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fdecea; color: #8a1414; padding: 6px;")
        self.banner.hide()
        self.tabs = QTabWidget()
        self.procedures_view = _table(self.procedures_model, multi=False)
        self.ageing_view = _table(self.ageing_model, multi=False)
        self.ageing_view.setToolTip(
            self.tr("数字をクリック（または Enter）すると該当する案件を一覧します"))
        self.ageing_view.clicked.connect(self._ageing_clicked)
        self.ageing_view.activated.connect(self._ageing_clicked)
        self.drill_label = QLabel(self.tr("経過日数・期限の数字をクリックすると案件を表示します"))
        self.drill_view = _table(self.drill_model, multi=True)
        self.operators_view = _table(self.operators_model, multi=False)
        self.held_view = _table(self.held_model, multi=True)
        for view in (self.drill_view, self.held_view):
            view.selectionModel().selectionChanged.connect(self._update_actions)
        self.tabs.addTab(self._column(self.procedures_view), self.tr("概況"))
        self.tabs.addTab(self._split(self.ageing_view, self.drill_label, self.drill_view),
                         self.tr("経過日数・期限"))
        self.tabs.addTab(self._split(self.operators_view, QLabel(self.tr("担当中の案件")),
                                     self.held_view), self.tr("担当者"))
        self.tabs.addTab(self._split(self.backlog_chart, self.hourly_chart), self.tr("グラフ"))
        self.tabs.currentChanged.connect(self._update_actions)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)
        self._build_toolbar()
        self.last_refresh_label = QLabel(self.tr("最終更新: —"))
        self.state_label = QLabel(self.tr("● 読み込み中…"))
        for label in (self.state_label, self.last_refresh_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)
        self.resize(1100, 720)

    def _column(self, *widgets: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    def _split(self, *widgets: QWidget) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Vertical)
        for widget in widgets:
            splitter.addWidget(widget)
        return splitter

    def _action(self, text: str, shortcut: str, tip: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{tip} ({QKeySequence(shortcut).toString()})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_toolbar(self) -> None:
        bar = self.addToolBar(self.tr("操作"))
        bar.setObjectName("dashboardToolbar")
        self.action_refresh = self._action(self.tr("更新"), "F5", self.tr("今すぐ最新の数字にします"),
                                           self.refresh)
        self.case_actions = CaseActions(self._runner, self._services.dashboard.supervision,
                                        self._actor, self.selected_cases, self,
                                        self._after_action)
        bar.addAction(self.action_refresh)
        for action in self.case_actions.all:
            bar.addAction(action)
        bar.addSeparator()
        bar.addWidget(QLabel(self.tr("自動更新の間隔(秒) ")))
        self.interval_spin = QSpinBox()
        self.interval_spin.setRange(MIN_REFRESH_SECONDS, MAX_REFRESH_SECONDS)
        self.interval_spin.setToolTip(self.tr("この間隔で数字を自動的に更新します"))
        self.interval_spin.valueChanged.connect(lambda v: self.set_refresh_seconds(v))
        bar.addWidget(self.interval_spin)

    # ------------------------------------------------------------------ refresh

    def set_refresh_seconds(self, seconds: int, *, store: bool = True) -> None:
        """Refresh every *seconds* from now on (kept in the settings)."""
        seconds = min(max(seconds, MIN_REFRESH_SECONDS), MAX_REFRESH_SECONDS)
        self._timer.start(seconds * 1000)
        if self.interval_spin.value() != seconds:
            blocked = self.interval_spin.blockSignals(True)
            self.interval_spin.setValue(seconds)
            self.interval_spin.blockSignals(blocked)
        if store:
            self._settings.setValue(REFRESH_KEY, seconds)

    def refresh_interval_ms(self) -> int:
        return self._timer.interval()

    def refresh(self) -> None:
        """Fetch the figures in the background (skipped while one fetch is running)."""
        if self.refreshing:
            return
        self.refreshing = True
        dashboard, actor = self._services.dashboard, self._actor
        self._refresher.run_in_background(lambda: dashboard.snapshot(actor), self._show,
                                          self._refresh_error, owner=self, label="dashboard")

    def _show(self, snapshot: DashboardSnapshot) -> None:
        self.refreshing = False
        self.snapshot = snapshot
        self.last_refresh = datetime.now()
        self.procedures_model.show(snapshot.procedures)
        self.ageing_model.show(snapshot.ageing)
        self.operators_model.set_rows(snapshot.operators)
        self._keep_selection(self.held_view, self.held_model, snapshot.held)
        self.backlog_chart.show_backlog(snapshot.backlog, self._names)
        self.hourly_chart.show_hours(snapshot.decisions_per_hour)
        self.banner.hide()
        stamp = self.last_refresh.strftime("%H:%M:%S")
        self.last_refresh_label.setText(self.tr("最終更新: {time}").format(time=stamp))
        self.state_label.setText(self.tr("● 接続中（今週 {start}〜）").format(
            start=format_date(snapshot.week_start)))
        self._update_actions()
        self.refreshed.emit()

    def _refresh_error(self, error: BaseException) -> None:
        self.refreshing = False
        text = error_text(error)
        when = self.last_refresh.strftime("%H:%M:%S") if self.last_refresh else "—"
        if is_unavailable(error):
            self.state_label.setText(self.tr("⚠ 接続できません"))
            self.banner.setText(self.tr(
                "⚠ データベースに接続できません。表示中の数字は {time} 時点のものです"
                "（{n} 秒ごとに再接続を試みます）。\n{detail}").format(
                time=when, n=self._timer.interval() // 1000, detail=text))
        else:
            self.state_label.setText(self.tr("⚠ 更新できません"))
            self.banner.setText(self.tr("⚠ 数字を更新できません（表示は {time} 時点）: {detail}")
                                .format(time=when, detail=text))
        self.banner.show()
        self.refresh_failed.emit(text)

    def _keep_selection(self, view: QTableView, model: CaseLineModel,
                        rows: Sequence[CaseLine]) -> None:
        chosen = {c.id for c in self._selected(view, model)}
        model.set_rows(rows)
        selection = view.selectionModel()
        for row, case in enumerate(rows):
            if case.id in chosen:
                selection.select(model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)

    def _today(self) -> date:
        return self.snapshot.today if self.snapshot else datetime.now(JST).date()

    # ---------------------------------------------------------------- drill-down

    def _ageing_clicked(self, index: QModelIndex) -> None:
        column, buckets = index.column(), len(AGE_BUCKETS)
        procedure = self.ageing_model.procedure_at(index.row())
        if 1 <= column <= buckets:
            self.show_cases(DrillDown(DrillKind.AGE, procedure, column - 1))
        elif column == buckets + 2:
            self.show_cases(DrillDown(DrillKind.DUE_TODAY, procedure))
        elif column == buckets + 3:
            self.show_cases(DrillDown(DrillKind.OVERDUE, procedure))

    def show_cases(self, drill: DrillDown) -> None:
        """List the open cases behind one figure below the ageing table."""
        self.drill_down = drill
        dashboard, actor = self._services.dashboard, self._actor
        self._runner.run_in_background(lambda: dashboard.cases(actor, drill),
                                       lambda cases: self._drilled(drill, cases),
                                       self.case_actions.failed, owner=self, label="drill down")

    def _drilled(self, drill: DrillDown, cases: list[CaseLine]) -> None:
        if drill != self.drill_down:
            return  # another figure was clicked meanwhile
        titles = {DrillKind.DUE_TODAY: self.tr("本日期限"), DrillKind.OVERDUE: self.tr("期限超過")}
        title = titles.get(drill.kind) or self.ageing_model.headerData(
            (drill.bucket or 0) + 1, Qt.Orientation.Horizontal)
        where = self._names.get(drill.procedure_code or "", self.tr("全手続"))
        self.drill_label.setText(self.tr("{title} — {where}（{n} 件）").format(
            title=title, where=where, n=len(cases)))
        self._keep_selection(self.drill_view, self.drill_model, cases)
        self._update_actions()

    # ------------------------------------------------------------------ actions

    def _selected(self, view: QTableView, model: CaseLineModel) -> list[CaseLine]:
        rows = sorted({i.row() for i in view.selectionModel().selectedRows()})
        return [model.row_at(r) for r in rows if r < model.rowCount()]

    def selected_cases(self) -> list[CaseLine]:
        """The cases selected in the visible case list (held cases, or the drill-down)."""
        if self.tabs.currentIndex() == Tab.PEOPLE:
            return self._selected(self.held_view, self.held_model)
        if self.tabs.currentIndex() == Tab.AGEING:
            return self._selected(self.drill_view, self.drill_model)
        return []

    def _update_actions(self) -> None:
        self.case_actions.update()

    def _after_action(self) -> None:
        self.refresh()
        if self.drill_down is not None:
            self.show_cases(self.drill_down)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop refreshing; the refresh worker ends (after a query in flight) with us."""
        self._timer.stop()
        self._refresher.shutdown()
        super().closeEvent(event)

