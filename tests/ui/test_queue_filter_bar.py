"""The filter bar: debounced search (Ctrl+F, Enter, Esc), every filter control, saved
views on the real database, and the bar driving the case table model."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.app import Services
from desktop.domain.case_filter import CaseFilter, CaseFlag, DueWindow, SortKey
from desktop.domain.permissions import Actor
from desktop.domain.workflow import Stage, Status
from desktop.qt.case_source import ServiceCaseSource
from desktop.qt.case_table_model import CaseTableModel
from desktop.qt.queue_filter_bar import (
    SEARCH_DEBOUNCE_MS,
    QueueFilterBar,
    ServiceViewStore,
    bind_filter_bar,
)
from desktop.qt.tasks import TaskRunner
from desktop.services.case_search import CaseSearchService
from tests.ui.conftest import in_worker

TODAY = date(2026, 11, 25)


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying Japanese text (QTest.keyClicks only knows ASCII keys)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


def make_bar(qtbot: QtBot, runner: TaskRunner, store: ServiceViewStore | None = None,
             ) -> QueueFilterBar:
    bar = QueueFilterBar(runner, store, today=TODAY)
    qtbot.addWidget(bar)
    return bar


def test_typing_waits_for_a_pause_and_emits_once(qtbot: QtBot, runner: TaskRunner) -> None:
    bar = make_bar(qtbot, runner)
    seen: list[CaseFilter] = []
    bar.filter_changed.connect(seen.append)
    type_text(bar.search, "ﾔﾏﾀﾞ")
    assert seen == []  # not after every key
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=SEARCH_DEBOUNCE_MS * 10)
    qtbot.wait(SEARCH_DEBOUNCE_MS * 2)
    assert seen == [CaseFilter(search="ﾔﾏﾀﾞ")]


def test_enter_applies_at_once_and_escape_clears(qtbot: QtBot, runner: TaskRunner) -> None:
    bar = make_bar(qtbot, runner)
    seen: list[CaseFilter] = []
    bar.filter_changed.connect(seen.append)
    type_text(bar.search, "山田")
    qtbot.keyClick(bar.search, Qt.Key.Key_Return)
    assert seen == [CaseFilter(search="山田")]
    bar.show()
    bar.search.setFocus()
    qtbot.keyClick(bar.search, Qt.Key.Key_Escape)
    assert bar.search.text() == ""
    assert seen[-1] == CaseFilter() and len(seen) == 2


def test_ctrl_f_goes_to_the_search_box(qtbot: QtBot, runner: TaskRunner) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    other = QLineEdit(window)
    bar = QueueFilterBar(runner, today=TODAY, parent=window)
    layout = QVBoxLayout(window)
    layout.addWidget(other)
    layout.addWidget(bar)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    other.setFocus()
    bar.search.setText("前の検索")
    qtbot.keyClick(other, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(bar.search.hasFocus)
    assert bar.search.selectedText() == "前の検索"
    assert "Ctrl+F" in bar.search.toolTip()


def test_every_control_changes_the_filter_at_once(qtbot: QtBot, runner: TaskRunner) -> None:
    bar = make_bar(qtbot, runner)
    bar.set_stage(Stage.FIRST_REVIEW)
    offered = [bar.status.itemData(i) for i in range(bar.status.count())]
    assert offered == [None, "received", "resubmitted", "in_first_review"]
    seen: list[CaseFilter] = []
    bar.filter_changed.connect(seen.append)
    bar.status.setCurrentIndex(bar.status.findData("resubmitted"))
    assert seen[-1].statuses == {Status.RESUBMITTED}
    assert all(type(s) is Status for s in seen[-1].statuses)
    bar.due.setCurrentIndex(bar.due.findData(DueWindow.OVERDUE.value))
    assert seen[-1].due is DueWindow.OVERDUE
    bar.duplicates.setChecked(True)
    bar.resubmitted.setChecked(True)
    assert seen[-1].flags == {CaseFlag.POSSIBLE_DUPLICATE, CaseFlag.RESUBMITTED}
    assert not bar.received_from.isEnabled()
    bar.date_range.setChecked(True)
    assert bar.received_from.isEnabled()
    assert (seen[-1].received_from, seen[-1].received_to) == (TODAY, TODAY)
    bar.received_from.setDate(QDate(2026, 11, 1))
    assert (seen[-1].received_from, seen[-1].received_to) == (date(2026, 11, 1), TODAY)
    bar.received_from.setDate(QDate(2026, 12, 5))  # past the end: the end follows
    assert (seen[-1].received_from, seen[-1].received_to) == (date(2026, 12, 5),) * 2
    emitted = len(seen)
    bar.set_sort(SortKey.DUE, True)  # from the table header: no new filter of its own
    assert len(seen) == emitted
    bar.clear()
    assert seen[-1] == CaseFilter(sort=SortKey.DUE, descending=True)
    # Another queue's stage drops a status it does not have, and says so.
    bar.status.setCurrentIndex(bar.status.findData("in_first_review"))
    bar.set_stage(Stage.DOUBLE_CHECK)
    assert seen[-1].statuses == frozenset()


def demo_actor(services: Services, name: str) -> Actor:
    account = next(a for a in in_worker(services.admin.demo_accounts) if a["name"] == name)
    actor = in_worker(lambda: services.admin.authenticate(name, account["password"]))
    assert isinstance(actor, Actor)
    return actor


def test_saved_views_are_saved_chosen_and_deleted_per_user(
        qtbot: QtBot, runner: TaskRunner, direct_services: Services,
        gui_thread_guard: None) -> None:
    search = CaseSearchService(direct_services.ctx)
    operator = demo_actor(direct_services, "operator1")
    bar = make_bar(qtbot, runner, ServiceViewStore(search, operator))
    with qtbot.waitSignal(bar.views_loaded):
        bar.reload_views()
    assert bar.view_names() == [] and not bar.delete_button.isEnabled()
    bar.due.setCurrentIndex(bar.due.findData(DueWindow.OVERDUE.value))
    bar.search.setText("ヤマダ")
    bar.set_sort(SortKey.RECEIVED, True)
    errors: list[BaseException] = []
    bar.failed.connect(errors.append)
    with qtbot.waitSignal(bar.views_loaded):
        bar.ask_view_name()
        dialog = next(d for d in bar.findChildren(QInputDialog) if d.isVisible())
        dialog.setTextValue("期限超過の山田")
        dialog.accept()
    assert errors == [] and bar.view_names() == ["期限超過の山田"]
    saved = CaseFilter(due=DueWindow.OVERDUE, search="ヤマダ", sort=SortKey.RECEIVED,
                       descending=True)
    assert [(v.name, v.filter) for v in in_worker(lambda: search.views(operator))] \
        == [("期限超過の山田", saved)]
    assert in_worker(lambda: search.views(demo_actor(direct_services, "operator2"))) == []
    bar.clear()
    seen: list[CaseFilter] = []
    bar.filter_changed.connect(seen.append)
    bar.views.setCurrentIndex(bar.views.findData("期限超過の山田"))
    bar.views.activated.emit(bar.views.currentIndex())
    assert seen == [saved] and bar.search.text() == "ヤマダ"
    with qtbot.waitSignal(bar.views_loaded):
        bar.ask_delete_view()
        box = next(b for b in bar.findChildren(QMessageBox) if b.isVisible())
        box.button(QMessageBox.StandardButton.Yes).click()
    assert bar.view_names() == [] and in_worker(lambda: search.views(operator)) == []


def test_a_bad_view_name_is_reported(qtbot: QtBot, runner: TaskRunner,
                                     direct_services: Services) -> None:
    search = CaseSearchService(direct_services.ctx)
    bar = make_bar(qtbot, runner, ServiceViewStore(search, demo_actor(direct_services, "sv1")))
    with qtbot.waitSignal(bar.failed) as blocker:
        bar.save_view("   ")
    assert "ビュー名" in str(blocker.args[0])


def test_the_bar_filters_the_table_in_the_database(
        qtbot: QtBot, runner: TaskRunner, direct_services: Services,
        gui_thread_guard: None) -> None:
    search = CaseSearchService(direct_services.ctx)
    actor = demo_actor(direct_services, "sv1")
    model = CaseTableModel(runner, ServiceCaseSource(search, actor))
    bar = make_bar(qtbot, runner, ServiceViewStore(search, actor))
    bind_filter_bar(bar, model)
    code = sorted(direct_services.ctx.procedures)[0]
    with qtbot.waitSignal(model.filter_applied):
        model.set_queue(code, Stage.FIRST_REVIEW)
    everyone = model.rowCount()
    kana = model.case_at(0).kana_key[:2]
    with qtbot.waitSignal(model.filter_applied, timeout=5000):
        type_text(bar.search, kana)
    assert model.case_filter == CaseFilter(code, Stage.FIRST_REVIEW, search=kana)
    expected = in_worker(lambda: search.page(actor, model.case_filter or CaseFilter()))
    assert [model.case_at(r).id for r in range(model.rowCount())] \
        == [r.id for r in expected.rows]
    assert 0 < model.rowCount() <= everyone
    assert bar.status.findData("in_first_review") > 0  # the queue's statuses are offered
    with qtbot.waitSignal(model.filter_applied):
        bar.clear()
    assert model.rowCount() == everyone
