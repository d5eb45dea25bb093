"""The case table model on its own: keyset pages with a count (jumps, coalescing, the
page cache, a list that shrinks), sorting and filtering done by the source, the old
``load_page`` path, display, and Qt's model rules — over a fake source and over the
real search service on the demo database."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.app import Services
from desktop.domain.case_filter import CaseFilter, CaseFlag, SortKey
from desktop.domain.case_rows import CaseRow
from desktop.domain.cases import CaseRecord
from desktop.domain.errors import ReviewDeskError
from desktop.domain.permissions import Actor
from desktop.domain.workflow import Stage, Status
from desktop.qt.case_source import ServiceCaseSource, SourcePage
from desktop.qt.case_table_model import (
    CASE_ROLE,
    MAX_REQUESTS,
    PLACEHOLDER,
    CaseTableModel,
    Column,
    attach_to_view,
)
from desktop.qt.main_window import service_page_loader
from desktop.qt.tasks import TaskRunner
from desktop.services.case_search import CaseSearchService
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


# ------------------------------------------------------------ keyset source, with a count


def row(i: int, *, name: str | None = None, flags: frozenset[CaseFlag] = frozenset()) -> CaseRow:
    return CaseRow(i, f"FFC-{i:08d}", FLU, f"W-{i}", Status.RECEIVED, 0,
                   datetime(2026, 11, 1, tzinfo=UTC) + timedelta(minutes=i),
                   TODAY + timedelta(days=i % 7), name or f"申請者{i:04d}",
                   f"カナ{(i * 7919) % 1000:04d}", flags=flags)


class ListSource:
    """A source over a list that sorts and filters like the database would, with
    offsets as page tokens; records every call (from the worker thread)."""

    filters = True

    def __init__(self, rows: list[CaseRow]) -> None:
        self.rows = rows
        self.calls: list[tuple[object, ...]] = []
        self.gate: threading.Event | None = None
        self.failing: set[int] = set()

    def ordered(self, case_filter: CaseFilter) -> list[CaseRow]:
        rows = [r for r in self.rows if case_filter.search in r.applicant_name]
        key = {SortKey.APPLICANT: lambda r: (r.kana_key, r.id),
               SortKey.DUE: lambda r: (r.due_date, r.id),
               SortKey.HOLDER: lambda r: (r.holder_order, r.id),
               }.get(case_filter.sort, lambda r: (r.id,))
        return sorted(rows, key=key, reverse=case_filter.descending)

    def page(self, case_filter: CaseFilter, after: object | None, limit: int) -> SourcePage:
        start = after if isinstance(after, int) else 0
        self.calls.append(("page", start, case_filter.search, case_filter.sort,
                           case_filter.descending))
        if self.gate is not None:
            self.gate.wait(5)
        if start in self.failing:
            raise ReviewDeskError("データベースに接続できません", "cannot reach the database")
        rows = self.ordered(case_filter)
        chunk = tuple(rows[start:start + limit])
        return SourcePage(chunk, start + limit if start + limit < len(rows) else None)

    def count(self, case_filter: CaseFilter) -> int:
        self.calls.append(("count", case_filter.search))
        return len(self.ordered(case_filter))

    def page_at(self, case_filter: CaseFilter, offset: int, limit: int, anchor: object | None,
                anchor_offset: int, total: int | None) -> SourcePage:
        self.calls.append(("page_at", offset, anchor_offset))
        page = self.page(case_filter, offset, limit)
        return SourcePage(page.rows, page.next, offset)

    def boundaries(self, case_filter: CaseFilter, after: object | None, every: int,
                   count: int) -> list[object]:
        start = after if isinstance(after, int) else 0
        self.calls.append(("boundaries", start, count))
        end = min(start + count, len(self.ordered(case_filter)))
        return list(range(start + every, end + 1, every))

    def of(self, kind: str) -> list[tuple[object, ...]]:
        return [c for c in self.calls if c[0] == kind]


SCOPE = CaseFilter(FLU, Stage.FIRST_REVIEW)


def counted_model(qtbot: QtBot, runner: TaskRunner, source: ListSource, *, page_size: int = 50,
                  cache_pages: int = 64) -> CaseTableModel:
    model = CaseTableModel(runner, source, page_size=page_size, cache_pages=cache_pages,
                           today=lambda: TODAY)
    with qtbot.waitSignal(model.count_changed, check_params_cb=lambda n: n is not None):
        model.set_filter(SCOPE)
    assert runner.wait_for_idle()
    return model


def wait_loaded(qtbot: QtBot, model: CaseTableModel, *rows: int) -> None:
    qtbot.waitUntil(lambda: all(model.row_case(r) is not None for r in rows), timeout=5000)


def test_the_count_makes_every_row_reachable_and_a_jump_loads_only_its_page(
        qtbot: QtBot, runner: TaskRunner) -> None:
    source = ListSource([row(i) for i in range(1000)])
    model = counted_model(qtbot, runner, source)
    assert model.rowCount() == 1000 and model.total == 1000
    assert not model.canFetchMore(QModelIndex())
    assert model.data(model.index(0, Column.NUMBER)) == "FFC-00000000"
    far = model.index(725, Column.NUMBER)
    assert model.data(far) == PLACEHOLDER  # and asks for its page
    assert model.row_case(725) is None
    wait_loaded(qtbot, model, 725)
    assert model.data(far) == "FFC-00000725"
    # Page 14 was read from the nearest known boundary (page 1, row 50) …
    assert source.of("page_at") == [("page_at", 700, 50)]
    # … and the page after it continues by its token, without another jump.
    model.data(model.index(750, 0))
    wait_loaded(qtbot, model, 750)
    assert len(source.of("page_at")) == 1 and source.of("page")[-1][1] == 750
    assert len(source.of("count")) == 1


def test_a_long_list_gets_known_boundaries_so_no_jump_skips_far(
        qtbot: QtBot, runner: TaskRunner) -> None:
    source = ListSource([row(i) for i in range(12_345)])
    model = CaseTableModel(runner, source, page_size=50, map_after_pages=10,
                           map_every_pages=10, today=lambda: TODAY)
    model.set_filter(SCOPE)
    qtbot.waitUntil(lambda: len(source.of("boundaries")) == 5)
    assert runner.wait_for_idle()
    # A boundary every 10 pages (500 rows), MAP_PER_CALL (5) a call, until the list ends.
    assert source.of("boundaries") == [("boundaries", start, 2_500)
                                       for start in (0, 2_500, 5_000, 7_500, 10_000)]
    model.data(model.index(12_300, 0))
    wait_loaded(qtbot, model, 12_300)
    assert source.of("page_at") == [("page_at", 12_300, 12_000)]  # from page 240, not 1
    model.data(model.index(5_000, 0))
    wait_loaded(qtbot, model, 5_000)
    assert source.of("page")[-1][1] == 5_000  # a mapped boundary: a plain keyset page
    assert len(source.of("page_at")) == 1 and model.rowCount() == 12_345


def test_requests_made_while_scrolling_fast_are_coalesced(qtbot: QtBot,
                                                          runner: TaskRunner) -> None:
    source = ListSource([row(i) for i in range(2000)])
    model = counted_model(qtbot, runner, source)
    for page in range(2, 30):  # painted one after the other, no event loop in between
        model.data(model.index(page * 50, 0))
    wait_loaded(qtbot, model, 29 * 50)
    assert runner.wait_for_idle()
    qtbot.wait(20)
    loaded = sorted(c[1] // 50 for c in source.of("page")[1:])  # type: ignore[operator]
    assert len(source.of("page_at")) == MAX_REQUESTS
    assert loaded == list(range(30 - MAX_REQUESTS, 30))


def test_the_page_cache_is_bounded(qtbot: QtBot, runner: TaskRunner) -> None:
    source = ListSource([row(i) for i in range(500)])
    model = counted_model(qtbot, runner, source, cache_pages=2)
    for r in (100, 200, 300):
        model.data(model.index(r, 0))
        wait_loaded(qtbot, model, r)
    assert model.row_case(0) is None and model.row_case(100) is None
    assert model.row_case(200) is not None and model.row_case(300) is not None
    jumps = len(source.of("page_at"))
    model.data(model.index(0, 0))  # evicted: read again, from its known boundary
    wait_loaded(qtbot, model, 0)
    assert len(source.of("page_at")) == jumps and source.of("page")[-1][1] == 0


def test_sorting_is_done_by_the_source_and_keeps_the_count(qtbot: QtBot,
                                                           runner: TaskRunner) -> None:
    source = ListSource([row(i) for i in range(300)])
    model = counted_model(qtbot, runner, source)
    with qtbot.waitSignal(model.filter_applied):
        model.sort(Column.APPLICANT, Qt.SortOrder.DescendingOrder)
    expected = source.ordered(SCOPE.sorted_by(SortKey.APPLICANT, True))
    assert [model.case_at(r).id for r in range(50)] == [c.id for c in expected[:50]]
    assert model.rowCount() == 300 and len(source.of("count")) == 1
    assert model.sort_column() == (Column.APPLICANT, Qt.SortOrder.DescendingOrder)
    model.sort(-1)
    assert runner.wait_for_idle()
    assert model.case_filter == SCOPE and model.case_at(0).id == 0


def test_a_new_filter_keeps_the_old_rows_until_its_first_page_arrives(
        qtbot: QtBot, runner: TaskRunner) -> None:
    source = ListSource([row(i, name="山田" if i % 10 == 0 else None) for i in range(300)])
    model = counted_model(qtbot, runner, source)
    source.gate = threading.Event()
    model.set_filter(replace(SCOPE, search="山田"))
    assert model.loading and model.rowCount() == 300
    assert model.data(model.index(1, Column.NUMBER)) == "FFC-00000001"
    source.gate.set()
    qtbot.waitUntil(lambda: model.total == 30)
    assert [model.case_at(r).id for r in range(30)] == list(range(0, 300, 10))
    assert model.case_filter == replace(SCOPE, search="山田")
    # 30 rows fit on the first page: that page is the count.
    assert [c[1] for c in source.of("count")] == [""]


def test_a_failed_page_is_reported_once_and_not_asked_for_again(
        qtbot: QtBot, runner: TaskRunner) -> None:
    source = ListSource([row(i) for i in range(400)])
    model = counted_model(qtbot, runner, source)
    source.failing.add(250)
    with qtbot.waitSignal(model.load_failed):
        model.data(model.index(260, 0))
    assert runner.wait_for_idle()
    asked = len(source.calls)
    for _ in range(3):
        model.data(model.index(260, 0))
        qtbot.wait(5)
    assert runner.wait_for_idle() and len(source.calls) == asked
    source.failing.clear()
    model.reload()
    qtbot.waitUntil(lambda: not model.loading and model.total == 400)
    model.data(model.index(260, 0))
    wait_loaded(qtbot, model, 260)


def test_rows_that_disappeared_since_the_count_are_removed(
        qtbot: QtBot, runner: TaskRunner, qtmodeltester: ModelTester) -> None:
    source = ListSource([row(i) for i in range(1000)])
    model = counted_model(qtbot, runner, source)
    del source.rows[900:]  # decided by others meanwhile
    model.data(model.index(960, 0))
    qtbot.waitUntil(lambda: model.rowCount() == 950)
    model.data(model.index(930, 0))
    qtbot.waitUntil(lambda: model.rowCount() == 900)
    assert model.total == 900
    model.data(model.index(899, 0))
    wait_loaded(qtbot, model, 899)
    assert runner.wait_for_idle()
    qtmodeltester.check(model)


@pytest.mark.parametrize("rows", [0, 1, 120])
def test_counted_model_passes_qt_model_tester(qtbot: QtBot, qtmodeltester: ModelTester,
                                              runner: TaskRunner, rows: int) -> None:
    source = ListSource([row(i, flags=frozenset({CaseFlag.POSSIBLE_DUPLICATE}) if i % 3
                            else frozenset()) for i in range(rows)])
    model = CaseTableModel(runner, source, page_size=50, today=lambda: TODAY)
    qtmodeltester.check(model)
    model.set_filter(SCOPE)
    qtbot.waitUntil(lambda: model.total == rows)
    qtmodeltester.check(model)  # placeholders included
    assert runner.wait_for_idle()
    qtbot.wait(10)
    assert runner.wait_for_idle()
    qtmodeltester.check(model)
    model.set_queue(None, None)
    qtmodeltester.check(model)


def test_flags_show_in_words_not_only_colour(qtbot: QtBot, runner: TaskRunner) -> None:
    source = ListSource([row(0, flags=frozenset({CaseFlag.POSSIBLE_DUPLICATE})), row(1)])
    model = counted_model(qtbot, runner, source)
    assert model.data(model.index(0, Column.STATUS)) == "受付・重複?"
    assert "重複" in model.data(model.index(0, Column.STATUS), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(1, Column.STATUS)) == "受付"


def _header_click(qtbot: QtBot, view: QTableView, column: Column) -> None:
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def test_clicking_a_header_sorts_in_the_source(qtbot: QtBot, runner: TaskRunner) -> None:
    held = {7: "zeni", 20: "aoki", 3: "aoki"}
    user_ids = {"aoki": 12, "zeni": 11}  # grouped by holder id, not by name
    source = ListSource([replace(row(i), holder_name=held.get(i),
                                 holder_id=user_ids.get(held.get(i, ""))) for i in range(300)])
    model = counted_model(qtbot, runner, source)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    attach_to_view(view, model)
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    header = view.horizontalHeader()
    assert header.sortIndicatorSection() == -1
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        with qtbot.waitSignal(model.filter_applied):
            _header_click(qtbot, view, Column.DUE)
        assert model.case_filter == SCOPE.sorted_by(SortKey.DUE,
                                                    order == Qt.SortOrder.DescendingOrder)
        assert header.sortIndicatorSection() == Column.DUE
        assert header.sortIndicatorOrder() == order
    with qtbot.waitSignal(model.filter_applied):
        _header_click(qtbot, view, Column.DUE)  # third click: back to the claim order
    assert model.case_filter == SCOPE and header.sortIndicatorSection() == -1
    with qtbot.waitSignal(model.filter_applied):
        _header_click(qtbot, view, Column.HOLDER)  # the holder sorts too
    assert model.case_filter == SCOPE.sorted_by(SortKey.HOLDER)
    assert header.sortIndicatorSection() == Column.HOLDER
    holders = [model.data(model.index(r, Column.HOLDER)) for r in range(4)]
    assert holders == ["zeni", "aoki", "aoki", ""]  # nobody's cases last
    assert source.of("count") == [("count", "")]


def test_a_view_scrolled_far_down_paints_real_rows(qtbot: QtBot, runner: TaskRunner) -> None:
    source = ListSource([row(i) for i in range(5000)])
    model = counted_model(qtbot, runner, source, page_size=200)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    attach_to_view(view, model)
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    view.scrollTo(model.index(3777, 0), QTableView.ScrollHint.PositionAtTop)

    def top_row_painted() -> bool:
        index = view.indexAt(QPoint(5, 5))
        return index.isValid() and model.data(index) == f"FFC-{index.row():08d}"

    qtbot.waitUntil(top_row_painted)
    assert view.indexAt(QPoint(5, 5)).row() == 3777


# ------------------------------------------------------------------- the real database


def test_search_and_sort_through_the_model_on_the_real_database(
        qtbot: QtBot, qtmodeltester: ModelTester, runner: TaskRunner,
        direct_services: Services, gui_thread_guard: None) -> None:
    sv = next(a for a in in_worker(direct_services.admin.demo_accounts) if a["name"] == "sv1")
    actor = in_worker(lambda: direct_services.admin.authenticate("sv1", sv["password"]))
    search = CaseSearchService(direct_services.ctx)
    model = CaseTableModel(runner, ServiceCaseSource(search, actor), page_size=4)
    code = sorted(direct_services.ctx.procedures)[0]
    scope = CaseFilter(code, Stage.FIRST_REVIEW)

    def expected(case_filter: CaseFilter) -> list[int]:
        rows = in_worker(lambda: search.page(actor, case_filter, limit=1000)).rows
        return [r.id for r in rows]

    def shown() -> list[int]:
        for r in range(model.rowCount()):
            model.data(model.index(r, 0))
        qtbot.waitUntil(lambda: model.is_loaded(0, model.rowCount() - 1))
        return [model.case_at(r).id for r in range(model.rowCount())]

    with qtbot.waitSignal(model.count_changed, check_params_cb=lambda n: n is not None):
        model.set_queue(code, Stage.FIRST_REVIEW)
    assert shown() == expected(scope) and len(expected(scope)) > 4
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.filter_applied):
        model.sort(Column.DUE, Qt.SortOrder.DescendingOrder)
    assert shown() == expected(scope.sorted_by(SortKey.DUE, True))
    with qtbot.waitSignal(model.filter_applied):
        model.sort(Column.HOLDER, Qt.SortOrder.DescendingOrder)
    assert shown() == expected(scope.sorted_by(SortKey.HOLDER, True))
    with qtbot.waitSignal(model.filter_applied):
        model.sort(Column.DUE, Qt.SortOrder.DescendingOrder)
    first = model.case_at(0)
    kana = first.kana_key[:2]
    searched = replace(scope.sorted_by(SortKey.DUE, True), search=kana)
    with qtbot.waitSignal(model.filter_applied):
        model.set_filter(searched)
    assert runner.wait_for_idle()
    assert shown() == expected(searched) and first.id in shown()
    assert all(model.case_at(r).kana_key.startswith(kana) for r in range(model.rowCount()))
    qtmodeltester.check(model)
