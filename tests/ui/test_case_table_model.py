"""The queue's table model on its own: paging, stale pages, display, Qt's model rules."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.app import Services
from desktop.domain.cases import CaseRecord
from desktop.domain.errors import ReviewDeskError
from desktop.domain.permissions import Actor
from desktop.domain.workflow import Stage, Status
from desktop.qt.case_table_model import CASE_ROLE, CaseTableModel, Column
from desktop.qt.main_window import service_page_loader
from desktop.qt.tasks import TaskRunner
from tests.ui.conftest import in_worker

FLU = "flu-free-certificate"
TODAY = date(2026, 11, 28)


def record(i: int, *, status: Status = Status.RECEIVED, priority: int = 0,
           holder: str | None = None) -> CaseRecord:
    return CaseRecord(
        id=i, number=f"FFC-{i:08d}", procedure_code=FLU, source="web",
        receipt_number=f"W-{i}", status=status, priority=priority,
        received_at=datetime(2026, 11, 20, 15, 30, tzinfo=UTC) + timedelta(hours=i),
        due_date=TODAY + timedelta(days=i - 2), fields={}, checked={}, version=1,
        holder_name=holder, applicant_name=f"山田 太郎{i}",
    )


class FakeQueue:
    """A load_page over a list, recording what was asked."""

    def __init__(self, rows: list[CaseRecord]) -> None:
        self.rows = rows
        self.calls: list[tuple[str, Stage, int, int]] = []

    def __call__(self, code: str, stage: Stage, limit: int, offset: int) -> list[CaseRecord]:
        self.calls.append((code, stage, limit, offset))
        return self.rows[offset:offset + limit]


def make_model(runner: TaskRunner, load: FakeQueue, page_size: int = 2) -> CaseTableModel:
    return CaseTableModel(runner, load, page_size=page_size, today=lambda: TODAY)


def test_pages_load_lazily(runner: TaskRunner) -> None:
    load = FakeQueue([record(i) for i in range(5)])
    model = make_model(runner, load)
    assert model.rowCount() == 0 and not model.canFetchMore(QModelIndex())
    model.set_queue(FLU, Stage.FIRST_REVIEW)
    assert runner.wait_for_idle()
    assert model.rowCount() == 2 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())  # ignored while the page is on its way
    assert runner.wait_for_idle()
    model.fetchMore(QModelIndex())
    assert runner.wait_for_idle()
    assert model.rowCount() == 5 and not model.canFetchMore(QModelIndex())
    assert [c[3] for c in load.calls] == [0, 2, 4]
    assert {c[:3] for c in load.calls} == {(FLU, Stage.FIRST_REVIEW, 2)}


def test_a_page_for_the_previous_queue_is_dropped(runner: TaskRunner) -> None:
    gate = threading.Event()
    old = [record(i) for i in range(2)]
    new = [record(i, status=Status.AWAITING_DOUBLE_CHECK) for i in range(10, 11)]

    def load(code: str, stage: Stage, limit: int, offset: int) -> list[CaseRecord]:
        if stage == Stage.FIRST_REVIEW:
            gate.wait(5)
            return old
        return new

    model = CaseTableModel(runner, load, page_size=2)
    model.set_queue(FLU, Stage.FIRST_REVIEW)
    model.set_queue(FLU, Stage.DOUBLE_CHECK)
    gate.set()
    assert runner.wait_for_idle()
    assert [model.case_at(r).id for r in range(model.rowCount())] == [10]


def test_display_texts(runner: TaskRunner) -> None:
    model = make_model(runner, FakeQueue([record(1, holder="operator1", priority=1),
                                          record(3, status=Status.IN_FIRST_REVIEW)]))
    model.set_queue(FLU, Stage.FIRST_REVIEW)
    assert runner.wait_for_idle()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers == ["案件番号", "申請者", "状態", "受付日", "期限", "担当"]

    def text(row: int, column: Column) -> str:
        return str(model.data(model.index(row, column)))

    assert [text(0, c) for c in Column] == [
        "FFC-00000001", "山田 太郎1", "受付", "2026/11/21", "2026/11/27", "operator1"]
    assert text(1, Column.STATUS) == "一次審査中"
    assert text(1, Column.HOLDER) == ""
    # 2026-11-20 15:30 UTC + 1 h is 2026-11-21 01:30 in Japan
    assert model.data(model.index(0, Column.RECEIVED), Qt.ItemDataRole.ToolTipRole) \
        == "2026/11/21 01:30"
    overdue = model.data(model.index(0, Column.DUE), Qt.ItemDataRole.ForegroundRole)
    assert isinstance(overdue, QBrush)
    assert model.data(model.index(1, Column.DUE), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(0, Column.NUMBER), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(1, Column.NUMBER), CASE_ROLE).id == 3


def test_a_failed_page_is_reported_and_not_retried(runner: TaskRunner, qtbot: QtBot) -> None:
    def load(code: str, stage: Stage, limit: int, offset: int) -> list[CaseRecord]:
        raise ReviewDeskError("データベースに接続できません", "cannot reach the database")

    model = CaseTableModel(runner, load)
    with qtbot.waitSignal(model.load_failed) as blocker:
        model.set_queue(FLU, Stage.FIRST_REVIEW)
    assert isinstance(blocker.args[0], ReviewDeskError)
    assert not model.canFetchMore(QModelIndex()) and not model.loading


@pytest.mark.parametrize("rows", [0, 3, 7])
def test_model_passes_qt_model_tester(qtmodeltester: ModelTester, runner: TaskRunner,
                                      rows: int) -> None:
    model = make_model(runner, FakeQueue([record(i) for i in range(rows)]), page_size=3)
    qtmodeltester.check(model)
    model.set_queue(FLU, Stage.FIRST_REVIEW)
    assert runner.wait_for_idle()
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        assert runner.wait_for_idle()
    assert model.rowCount() == rows
    qtmodeltester.check(model)
    model.set_queue(None, None)
    qtmodeltester.check(model)


def test_model_on_the_real_queue(qtmodeltester: ModelTester, runner: TaskRunner,
                                 direct_services: Services, gui_thread_guard: None) -> None:
    sv = next(a for a in in_worker(direct_services.admin.demo_accounts) if a["name"] == "sv1")
    actor = in_worker(lambda: direct_services.admin.authenticate("sv1", sv["password"]))
    assert isinstance(actor, Actor)
    model = CaseTableModel(runner, service_page_loader(direct_services, actor), page_size=5)
    code = sorted(direct_services.ctx.procedures)[0]
    model.set_queue(code, Stage.FIRST_REVIEW)
    assert runner.wait_for_idle()
    assert model.rowCount() == 5
    qtmodeltester.check(model)  # the tester itself asks for more rows
    assert runner.wait_for_idle()
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        assert runner.wait_for_idle()
    expected = in_worker(lambda: direct_services.queue.list_cases(
        actor, code, Stage.FIRST_REVIEW, 1000, 0))
    assert [model.case_at(r).id for r in range(model.rowCount())] == [c.id for c in expected]
    assert all(model.case_at(r).procedure_code == code for r in range(model.rowCount()))
