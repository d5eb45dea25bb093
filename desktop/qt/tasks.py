"""Background work with results on the main thread (after Anki's ``QueryOp``).

Every service call of the Qt layer goes through :meth:`TaskRunner.run_in_background`:
the function runs on a worker thread of the runner's own :class:`QThreadPool`, and its
result (or exception) comes back by a queued signal, so the callbacks run on the GUI
thread and may touch widgets. The pool has one thread by default: database actions run
one at a time, in the order they were asked for, like Anki's single collection worker.

:meth:`TaskRunner.wait_for_idle` lets tests (and shutdown) wait until every task has
finished and its callback has run; :meth:`TaskRunner.shutdown` refuses new work, lets
submitted work finish and joins every thread, so nothing keeps running after the
application closes.
"""

from __future__ import annotations

import itertools
import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QDeadlineTimer,
    QObject,
    QRunnable,
    QThreadPool,
    Signal,
    Slot,
)

T = TypeVar("T")
log = logging.getLogger(__name__)

#: Every runner created in this process, to check for leftovers in tests.
_RUNNERS: weakref.WeakSet[TaskRunner] = weakref.WeakSet()


class _Bridge(QObject):
    """Lives on the GUI thread; workers emit through it (a queued connection)."""

    finished = Signal(int, bool, object)


class _Task(QRunnable):
    def __init__(self, task_id: int, fn: Callable[[], object], bridge: _Bridge) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._id = task_id
        self._fn = fn
        self._bridge = bridge

    def run(self) -> None:
        try:
            value: object = self._fn()
            ok = True
        except BaseException as error:  # delivered to on_failure, never lost on a thread
            value, ok = error, False
        self._bridge.finished.emit(self._id, ok, value)


@dataclass
class _Pending:
    on_success: Callable[[Any], None]
    on_failure: Callable[[BaseException], None] | None
    owner: QObject | None
    label: str


class TaskRunner(QObject):
    """Runs functions off the GUI thread and calls back on it.

    A callback is skipped when its *owner* widget has been deleted meanwhile. Without
    an ``on_failure`` callback a failure is logged with its traceback.
    """

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._bridge = _Bridge(self)
        self._bridge.finished.connect(self._deliver)
        self._pending: dict[int, _Pending] = {}
        self._ids = itertools.count(1)
        self._closed = False
        self._joined = False
        _RUNNERS.add(self)

    def run_in_background(self, fn: Callable[[], T], on_success: Callable[[T], None],
                          on_failure: Callable[[BaseException], None] | None = None, *,
                          owner: QObject | None = None, label: str = "") -> bool:
        """Run *fn* on a worker; then *on_success(result)* or *on_failure(error)* here.

        Returns False (and runs nothing) once the runner is shut down.
        """
        if self._closed:
            log.debug("task %r refused: the runner is shut down", label or fn)
            return False
        task_id = next(self._ids)
        self._pending[task_id] = _Pending(on_success, on_failure, owner,
                                          label or getattr(fn, "__qualname__", repr(fn)))
        self._pool.start(_Task(task_id, fn, self._bridge))
        return True

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, value: object) -> None:
        pending = self._pending.pop(task_id, None)
        if pending is None:
            return
        if pending.owner is not None and not shiboken6.isValid(pending.owner):
            return  # the widget that asked is gone
        if ok:
            pending.on_success(value)
        elif not isinstance(value, BaseException):
            raise TypeError(f"task {pending.label} failed without an exception: {value!r}")
        elif pending.on_failure is not None:
            pending.on_failure(value)
        else:
            log.error("background task %s failed", pending.label, exc_info=value)

    @property
    def pending_count(self) -> int:
        """Tasks submitted whose callback has not run yet."""
        return len(self._pending)

    @property
    def active_thread_count(self) -> int:
        return self._pool.activeThreadCount()

    @property
    def is_shut_down(self) -> bool:
        """Shut down, with every worker thread joined."""
        return self._closed and self._joined

    def wait_for_idle(self, timeout_ms: int = 10_000) -> bool:
        """Wait until every task has finished and its callback has run (True), or time out.

        Callbacks that start new tasks are waited for too.
        """
        deadline = QDeadlineTimer(timeout_ms)
        while self._pending or self._pool.activeThreadCount():
            if deadline.hasExpired():
                return False
            self._pool.waitForDone(10)
            QCoreApplication.sendPostedEvents(self)
        return True

    def shutdown(self, timeout_ms: int = -1) -> bool:
        """Refuse new tasks, finish the submitted ones (delivering their results) and join
        every worker thread. Waits without limit by default: a thread must not outlive
        the application. Returns whether everything finished in time."""
        self._closed = True
        finished = self.wait_for_idle(timeout_ms)
        self._joined = self._pool.waitForDone(max(timeout_ms, -1))
        return finished and self._joined


def unfinished_runners() -> list[str]:
    """Runners that are not shut down or still have work or threads (for test fixtures)."""
    problems = []
    for runner in list(_RUNNERS):
        if not shiboken6.isValid(runner):
            continue
        if runner.pending_count or runner.active_thread_count or not runner.is_shut_down:
            problems.append(
                f"{runner!r}: {runner.pending_count} pending, "
                f"{runner.active_thread_count} active threads, "
                f"shut down: {runner.is_shut_down}"
            )
    return problems
