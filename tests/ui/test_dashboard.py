"""The supervisors' dashboard window on the seeded demo database: who may open it, its
tables and charts, a reassignment done from it, a refresh that never blocks the window,
and what it shows when the database cannot be reached."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.app import Services
from desktop.domain.permissions import Actor
from desktop.domain.workflow import Status
from desktop.persistence.errors import DatabaseUnavailable
from desktop.qt.dashboard import (
    REFRESH_KEY,
    DashboardWindow,
    Tab,
    can_open_dashboard,
    open_dashboard,
)
from desktop.qt.tasks import TaskRunner
from desktop.services.context import ServiceContext
from desktop.services.dashboard import DrillDown, DrillKind
from desktop.services.dashboard_figures import DashboardSnapshot
from tests.ui.conftest import in_worker
from tests.ui.test_main_window import demo_actor

FLU = "flu-free-certificate"


@dataclass
class Host:
    """The services the window needs, with a dashboard that can be slowed or cut off."""

    real: Services
    gate: threading.Event | None = None
    down: bool = False
    calls: list[str] = field(default_factory=list)

    @property
    def ctx(self) -> ServiceContext:
        return self.real.ctx

    @property
    def dashboard(self) -> Host:
        return self

    @property
    def supervision(self) -> Any:
        return self.real.dashboard.supervision

    def snapshot(self, actor: Actor) -> DashboardSnapshot:
        self.calls.append("snapshot")
        if self.gate is not None:
            assert self.gate.wait(20), "the test never let the slow refresh finish"
        if self.down:
            raise DatabaseUnavailable("データベース（テスト）に接続できません", "cannot reach")
        return self.real.dashboard.snapshot(actor)

    def cases(self, actor: Actor, drill: DrillDown) -> Any:
        return self.real.dashboard.cases(actor, drill)


@pytest.fixture
def windows(runner: TaskRunner, settings: QSettings,
            gui_thread_guard: None) -> Iterator[Callable[..., DashboardWindow]]:
    opened: list[DashboardWindow] = []

    def make(services: Any, actor: Actor) -> DashboardWindow:
        window = DashboardWindow(runner, services, actor, settings=settings)
        opened.append(window)
        return window

    yield make
    for window in opened:
        window.close()
        window.deleteLater()


def shown(qtbot: QtBot, window: DashboardWindow) -> DashboardWindow:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.snapshot is not None and not window.refreshing,
                    timeout=15000)
    return window


def test_opens_for_a_supervisor_and_not_for_an_operator(
        qtbot: QtBot, runner: TaskRunner, direct_services: Services, settings: QSettings,
        gui_thread_guard: None) -> None:
    sv = demo_actor(direct_services, "sv1")
    operator = demo_actor(direct_services, "operator1")
    assert can_open_dashboard(sv) and not can_open_dashboard(operator)
    assert open_dashboard(runner, direct_services, operator, settings=settings) is None
    window = open_dashboard(runner, direct_services, sv, settings=settings)
    assert window is not None
    try:
        shown(qtbot, window)
        assert window.isVisible() and not window.banner.isVisible()
        assert window.last_refresh_label.text().startswith("最終更新: ")
        expected = in_worker(lambda: direct_services.dashboard.snapshot(sv))
        model = window.procedures_model
        assert model.rowCount() == len(expected.procedures) + 1          # + total
        first = expected.procedures[0]
        assert model.index(0, 0).data() == direct_services.ctx.procedures[
            first.procedure_code].name
        assert model.index(0, 1).data() == f"{first.first_review.waiting:,}"
        total_waiting = sum(p.first_review.waiting for p in expected.procedures)
        assert model.index(model.rowCount() - 1, 1).data() == f"{total_waiting:,}"
    finally:
        window.close()


def test_the_service_refuses_an_operator_even_if_a_window_is_made(
        qtbot: QtBot, windows: Callable[..., DashboardWindow],
        direct_services: Services) -> None:
    operator = demo_actor(direct_services, "operator1")
    window = windows(direct_services, operator)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.refresh_failed, timeout=10000):
        pass
    assert window.snapshot is None
    assert "dashboard.view" in window.banner.text()
    assert not window.case_actions.reassign_action.isEnabled()


def test_models_follow_qts_rules(qtbot: QtBot, qtmodeltester: ModelTester,
                                 windows: Callable[..., DashboardWindow],
                                 direct_services: Services) -> None:
    window = shown(qtbot, windows(direct_services, demo_actor(direct_services, "sv1")))
    for model in (window.procedures_model, window.ageing_model, window.operators_model,
                  window.held_model):
        qtmodeltester.check(model)
    window.show_cases(DrillDown(DrillKind.AGE, None, 0))
    qtbot.waitUntil(lambda: window.drill_model.rowCount() > 0)
    qtmodeltester.check(window.drill_model)


def test_charts_show_the_backlog_and_the_hours(qtbot: QtBot,
                                               windows: Callable[..., DashboardWindow],
                                               direct_services: Services) -> None:
    window = shown(qtbot, windows(direct_services, demo_actor(direct_services, "sv1")))
    snapshot = window.snapshot
    assert snapshot is not None
    lines = window.backlog_chart.shown()
    names = direct_services.ctx.procedures
    assert set(lines) == {names[s.procedure_code].name for s in snapshot.backlog}
    for series in snapshot.backlog:
        assert lines[names[series.procedure_code].name] == list(series.points)
    hours = window.hourly_chart.shown()
    assert all(hours[h] == snapshot.decisions_per_hour[h] for h in hours)
    assert sum(hours.values()) == sum(snapshot.decisions_per_hour)


def test_clicking_overdue_lists_those_cases(qtbot: QtBot,
                                            windows: Callable[..., DashboardWindow],
                                            direct_services: Services) -> None:
    sv = demo_actor(direct_services, "sv1")
    window = shown(qtbot, windows(direct_services, sv))
    window.tabs.setCurrentIndex(Tab.AGEING)
    view, model = window.ageing_view, window.ageing_model
    total_row, overdue_column = model.rowCount() - 1, model.columnCount() - 1
    rect = view.visualRect(model.index(total_row, overdue_column))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    expected = in_worker(lambda: direct_services.dashboard.cases(
        sv, DrillDown(DrillKind.OVERDUE)))
    qtbot.waitUntil(lambda: window.drill_model.rowCount() == len(expected)
                    and window.drill_label.text().startswith("期限超過"))
    assert [window.drill_model.row_at(r).id for r in range(len(expected))] == [
        c.id for c in expected]


def test_reassign_from_the_dashboard_moves_the_case_and_is_audited(
        qtbot: QtBot, windows: Callable[..., DashboardWindow],
        direct_services: Services) -> None:
    sv = demo_actor(direct_services, "sv1")
    operator = demo_actor(direct_services, "operator1")
    claimed = in_worker(lambda: direct_services.queue.claim_next(operator, FLU))
    window = shown(qtbot, windows(direct_services, sv))
    window.tabs.setCurrentIndex(Tab.PEOPLE)
    row = next(r for r in range(window.held_model.rowCount())
               if window.held_model.row_at(r).id == claimed.id)
    window.held_view.selectionModel().select(
        window.held_model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    action = window.case_actions.reassign_action
    assert action.isEnabled() and "Ctrl+R" in action.toolTip()
    action.trigger()
    qtbot.waitUntil(lambda: window.case_actions.reassign_dialog is not None
                    and window.case_actions.reassign_dialog.isVisible())
    dialog = window.case_actions.reassign_dialog
    assert dialog is not None and dialog.choose("operator2")
    with qtbot.waitSignal(window.case_actions.done, timeout=10000) as done:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "operator2" in done.args[0]

    def stored() -> tuple[str | None, Status, list[Any]]:
        with direct_services.ctx.uow() as uow:
            case = uow.cases.get(claimed.id)
            history = uow.audit.for_case(claimed.id)
        assert case is not None
        return case.holder_name, case.status, history

    holder, status, history = in_worker(stored)
    assert (holder, status) == ("operator2", Status.IN_FIRST_REVIEW)
    last = history[-1]
    assert (last.actor, last.action, last.details["to_user"],
            last.details["previous_holder"]) == ("sv1", "assign", "operator2", "operator1")
    qtbot.waitUntil(lambda: any(
        window.held_model.row_at(r).id == claimed.id
        and window.held_model.row_at(r).holder_name == "operator2"
        for r in range(window.held_model.rowCount())))


@pytest.mark.slow
def test_refresh_does_not_block_the_window(qtbot: QtBot,
                                          windows: Callable[..., DashboardWindow],
                                          direct_services: Services,
                                          settings: QSettings) -> None:
    settings.setValue(REFRESH_KEY, 2)   # the timer fires again while the first refresh hangs
    host = Host(direct_services, gate=threading.Event())
    window = windows(host, demo_actor(direct_services, "sv1"))
    qtbot.addWidget(window)
    window.show()
    assert window.refreshing and window.snapshot is None
    tab_bar = window.tabs.tabBar()
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton,
                     pos=tab_bar.tabRect(Tab.CHARTS).center())
    assert window.tabs.currentIndex() == Tab.CHARTS   # handled while the query hangs
    qtbot.wait(2300)                                  # the timer fired meanwhile …
    assert host.calls == ["snapshot"] and window.refreshing   # … and did not pile up
    with qtbot.waitSignal(window.refreshed, timeout=10000):
        assert host.gate is not None
        host.gate.set()
    assert window.last_refresh is not None and not window.banner.isVisible()
    qtbot.keyClick(window.interval_spin, Qt.Key.Key_Up)   # the interval is a setting
    assert settings.value(REFRESH_KEY) == 3 and window.refresh_interval_ms() == 3000


def test_unreachable_database_is_shown_with_the_time_of_the_figures(
        qtbot: QtBot, windows: Callable[..., DashboardWindow],
        direct_services: Services) -> None:
    host = Host(direct_services)
    window = shown(qtbot, windows(host, demo_actor(direct_services, "sv1")))
    before = window.procedures_model.index(0, 1).data()
    stamp = window.last_refresh_label.text().removeprefix("最終更新: ")
    host.down = True
    with qtbot.waitSignal(window.refresh_failed, timeout=10000):
        window.refresh()
    assert window.banner.isVisible()
    assert "接続できません" in window.banner.text() and stamp in window.banner.text()
    assert window.state_label.text() == "⚠ 接続できません"
    assert window.procedures_model.index(0, 1).data() == before   # last figures stay
    host.down = False
    with qtbot.waitSignal(window.refreshed, timeout=10000):
        window.refresh()
    assert not window.banner.isVisible() and window.state_label.text().startswith("● 接続中")


def test_release_from_the_dashboard_puts_the_case_back(
        qtbot: QtBot, windows: Callable[..., DashboardWindow],
        direct_services: Services) -> None:
    operator = demo_actor(direct_services, "operator2")
    claimed = in_worker(lambda: direct_services.queue.claim_next(operator, FLU))
    window = shown(qtbot, windows(direct_services, demo_actor(direct_services, "sv1")))
    actions = window.case_actions
    window.tabs.setCurrentIndex(Tab.PEOPLE)
    assert not actions.release_action.isEnabled() and not actions.priority_action.isEnabled()
    row = next(r for r in range(window.held_model.rowCount())
               if window.held_model.row_at(r).id == claimed.id)
    window.held_view.selectRow(row)
    assert actions.release_action.isEnabled() and actions.priority_action.isEnabled()
    with qtbot.waitSignal(actions.done, timeout=10000) as done:
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
    assert done.args[0] == "1 件の担当を解除しました"

    def stored() -> tuple[int | None, str]:
        with direct_services.ctx.uow() as uow:
            case = uow.cases.get(claimed.id)
            last = uow.audit.for_case(claimed.id)[-1]
        assert case is not None
        return case.holder_id, f"{last.actor}:{last.action}"

    assert in_worker(stored) == (None, "sv1:release")
