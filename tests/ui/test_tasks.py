"""The background task runner and the "no database on the GUI thread" rule."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from desktop.app import Services
from desktop.qt.gui_thread import GuiThreadViolation, assert_not_gui_thread, on_gui_thread
from desktop.qt.tasks import TaskRunner, unfinished_runners
from tests.ui.conftest import in_worker, leftover_background_work


def test_result_arrives_on_the_gui_thread(runner: TaskRunner) -> None:
    seen: list[tuple[str, bool]] = []
    gui = threading.get_ident()
    runner.run_in_background(lambda: threading.get_ident(),
                             lambda ident: seen.append(("ok", ident != gui and on_gui_thread())))
    assert runner.wait_for_idle()
    assert seen == [("ok", True)]


def test_failure_arrives_with_the_exception(runner: TaskRunner) -> None:
    errors: list[BaseException] = []
    runner.run_in_background(lambda: 1 // 0, lambda _: pytest.fail("no result expected"),
                             errors.append)
    assert runner.wait_for_idle()
    assert len(errors) == 1 and isinstance(errors[0], ZeroDivisionError)


def test_tasks_run_in_submission_order(runner: TaskRunner) -> None:
    order: list[int] = []
    for i in range(20):
        runner.run_in_background(lambda i=i: i, order.append)
    assert runner.wait_for_idle()
    assert order == list(range(20))


def test_callbacks_of_a_deleted_owner_are_skipped(runner: TaskRunner) -> None:
    owner = QObject()
    release = threading.Event()
    called: list[int] = []
    runner.run_in_background(lambda: release.wait(5), lambda _: called.append(1), owner=owner)
    import shiboken6

    shiboken6.delete(owner)
    release.set()
    assert runner.wait_for_idle()
    assert called == []


def test_wait_for_idle_times_out_while_work_runs(runner: TaskRunner) -> None:
    release = threading.Event()
    runner.run_in_background(lambda: release.wait(5), lambda _: None)
    assert runner.wait_for_idle(50) is False
    release.set()
    assert runner.wait_for_idle()


def test_shutdown_finishes_work_and_refuses_more() -> None:
    runner = TaskRunner()
    done: list[int] = []
    release = threading.Event()
    runner.run_in_background(lambda: release.wait(5), lambda _: done.append(1))
    runner.run_in_background(lambda: 2, done.append)  # queued behind the first
    release.set()
    assert runner.shutdown()
    assert done == [1, 2]
    assert runner.is_shut_down and runner.active_thread_count == 0
    assert runner.run_in_background(lambda: 3, done.append) is False


def test_leftover_check_catches_a_running_task() -> None:
    """The fixture that fails tests really sees work left running."""
    before = {t.ident for t in threading.enumerate() if t.ident is not None}
    runner = TaskRunner()
    release = threading.Event()
    runner.run_in_background(lambda: release.wait(5), lambda _: None)
    problems = leftover_background_work(before)
    assert any("1 pending" in p and "1 active threads" in p for p in problems)
    release.set()
    runner.shutdown()
    assert unfinished_runners() == []
    assert leftover_background_work(before) == []


def test_leftover_check_catches_a_python_thread() -> None:
    before = {t.ident for t in threading.enumerate() if t.ident is not None}
    release = threading.Event()
    thread = threading.Thread(target=release.wait, name="stray", daemon=True)
    thread.start()
    assert leftover_background_work(before) == ["Python thread 'stray' still running"]
    release.set()
    thread.join()
    assert leftover_background_work(before) == []


def test_unit_of_work_on_the_gui_thread_raises(direct_services: Services,
                                               gui_thread_guard: None,
                                               runner: TaskRunner) -> None:
    with pytest.raises(GuiThreadViolation), direct_services.ctx.uow():
        pass
    # the same call off the GUI thread works
    assert in_worker(direct_services.admin.demo_accounts)
    accounts: list[list[dict[str, str]]] = []
    runner.run_in_background(direct_services.admin.demo_accounts, accounts.append)
    assert runner.wait_for_idle()
    assert len(accounts[0]) == 6


def test_guard_is_silent_off_the_gui_thread(qtbot: QtBot) -> None:
    assert_not_gui_thread_result = in_worker(lambda: assert_not_gui_thread())
    assert assert_not_gui_thread_result is None
    with pytest.raises(GuiThreadViolation):
        assert_not_gui_thread()
