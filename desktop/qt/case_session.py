"""The case this workstation holds: its latest known state, and every write to it in order.

Writes (checklist ticks, the decision, the release) go through one queue: each runs on
the task runner only after the previous one came back, with the version the previous
one returned, so quick key presses never trip the case's own optimistic lock. A
failure stops the queue and becomes a :class:`Problem` the view explains (lost lease,
someone else's change, database unreachable); nothing the operator typed lives here,
so nothing typed is lost, and :meth:`retry`, :meth:`reload` and :meth:`reclaim` are the
ways back. What a problem is and how it is worded: :mod:`desktop.qt.case_problem`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from desktop.domain.cases import CaseRecord
from desktop.domain.decisions import DecisionRequest
from desktop.domain.errors import ReviewDeskError
from desktop.domain.permissions import Actor
from desktop.domain.workflow import Stage, queue_stage
from desktop.qt.case_problem import Problem, ProblemKind, lost_case_problem, problem_of
from desktop.qt.connection import Connection
from desktop.qt.ports import AppServices
from desktop.qt.tasks import TaskRunner
from desktop.services.review import CaseDetail

T = TypeVar("T")


@dataclass
class _Write:
    label: str
    call: Callable[[int], CaseRecord]  # the expected version → the case as saved
    on_done: Callable[[CaseRecord], None] | None = None
    on_failed: Callable[[BaseException], None] | None = None
    toggle: tuple[str, bool] | None = None


class CaseSession(QObject):
    """Holds one claimed case for the window; all service calls run in the background.

    ``opened``: a case is shown (a new one, or the same one reloaded: compare ids).
    ``changed``: ticks, busy state, problem or lease changed. ``decided(CaseRecord)``,
    ``released(CaseRecord)`` (given back to its queue) and ``dropped(CaseRecord)`` (it
    turned out not to be ours any more): the case is no longer held here.
    ``problem_raised``: a new :class:`Problem` (the window may show it in a message box).
    """

    opened = Signal()
    changed = Signal()
    decided = Signal(object)
    released = Signal(object)
    dropped = Signal(object)
    problem_raised = Signal(object)

    def __init__(self, runner: TaskRunner, connection: Connection, services: AppServices,
                 actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._connection = connection
        self._services = services
        self.actor = actor
        self._detail: CaseDetail | None = None
        self._queue: list[_Write] = []
        self._in_flight = False
        self._toggles: list[tuple[str, bool]] = []
        self._failed_toggles: list[tuple[str, bool]] = []
        self._problem: Problem | None = None
        self._deciding = False
        self._loading = False

    # ------------------------------------------------------------------ state

    @property
    def services(self) -> AppServices:
        return self._services

    @property
    def detail(self) -> CaseDetail | None:
        return self._detail

    @property
    def case(self) -> CaseRecord | None:
        return self._detail.case if self._detail else None

    @property
    def stage(self) -> Stage | None:
        """The review stage of the held case (None when it left review)."""
        case = self.case
        return queue_stage(case.status) if case else None

    @property
    def checked(self) -> frozenset[str]:
        """Ticked items of the current stage as the operator sees them (saved or queued)."""
        case, stage = self.case, self.stage
        if case is None or stage is None:
            return frozenset()
        ticked = set(case.checked_in(stage))
        for key, on in self._toggles:
            ticked = ticked | {key} if on else ticked - {key}
        return frozenset(ticked)

    @property
    def saving(self) -> bool:
        return self._in_flight or bool(self._queue)

    @property
    def deciding(self) -> bool:
        return self._deciding

    @property
    def loading(self) -> bool:
        """A reload or reclaim is running."""
        return self._loading

    @property
    def problem(self) -> Problem | None:
        return self._problem

    @property
    def can_retry(self) -> bool:
        return bool(self._failed_toggles)

    @property
    def holds_case(self) -> bool:
        """The case is held by this user with nothing known to be wrong with the lease."""
        case = self.case
        return (case is not None and case.holder_id == self.actor.id
                and self.stage is not None
                and (self._problem is None or self._problem.kind not in
                     (ProblemKind.LEASE_LOST, ProblemKind.CONFLICT)))

    # ----------------------------------------------------------------- changes

    def open(self, detail: CaseDetail) -> None:
        """Show *detail* (just claimed, or reloaded): queued work of another case is gone."""
        self._detail = detail
        self._queue.clear()
        self._toggles.clear()
        self._failed_toggles.clear()
        self._problem = None
        self._deciding = False
        self.opened.emit()
        self.changed.emit()

    def clear(self) -> None:
        """Hold nothing (after a decision, a release or a lost case)."""
        self._detail = None
        self._queue.clear()
        self._toggles.clear()
        self._failed_toggles.clear()
        self._problem = None
        self._deciding = False
        self.changed.emit()

    def toggle(self, key: str, checked: bool) -> None:
        """Tick or untick checklist item *key*; saved in the background, shown at once."""
        if not self.holds_case or self._deciding or (key in self.checked) == checked:
            return
        services, actor, case_id = self._services, self.actor, self._case_id()
        self._toggles.append((key, checked))
        self._enqueue(_Write(
            "check", lambda version: services.review.set_checked(
                actor, case_id, key, checked, expected_version=version),
            toggle=(key, checked)))

    def decide(self, request: DecisionRequest,
               on_failed: Callable[[BaseException], None] | None = None) -> None:
        """Save *request* after the queued ticks; ``decided`` follows, or *on_failed*."""
        if not self.holds_case or self._deciding:
            return
        services, actor, case_id = self._services, self.actor, self._case_id()
        self._deciding = True
        self._enqueue(_Write(
            "decide", lambda version: services.review.decide(
                actor, case_id, request, expected_version=version),
            on_done=self._decided, on_failed=on_failed))

    def release(self, on_failed: Callable[[BaseException], None] | None = None) -> None:
        """Give the case back to its queue (just forget it if it is not ours any more)."""
        case = self.case
        if case is None:
            return
        if case.holder_id != self.actor.id or self.stage is None:
            self._forget(case)  # nothing to give back
            return
        services, actor = self._services, self.actor

        def failed(error: BaseException) -> None:
            if isinstance(error, ReviewDeskError) and error.code in ("lease_lost",
                                                                      "permission_denied"):
                self._forget(case)  # it is not ours: nothing to give back
            if on_failed is not None:
                on_failed(error)

        self._enqueue(_Write("release", lambda _v: services.queue.release(actor, case.id),
                             on_done=self._released, on_failed=failed))

    def retry(self) -> None:
        """Send again the ticks that failed (after the database came back)."""
        failed, self._failed_toggles = self._failed_toggles, []
        self._problem = None
        self.changed.emit()
        for key, on in failed:
            self.toggle(key, on)

    def reload(self) -> None:
        """Read the case again (after someone else changed it); ``opened`` follows."""
        case = self.case
        if case is None or self._loading:
            return
        services, actor = self._services, self.actor
        self._set_loading(True)
        self._run(lambda: services.review.show(actor, case.id), self._reloaded,
                  self._reload_failed, "reload case")

    def reclaim(self) -> None:
        """Take the case back after the lease was lost, then read it again."""
        case = self.case
        if case is None or self._loading:
            return
        services, actor = self._services, self.actor

        def take() -> CaseDetail:
            services.queue.reclaim(actor, case.id)
            return services.review.show(actor, case.id)

        self._set_loading(True)
        self._run(take, self._reloaded, self._reload_failed, "reclaim case")

    def renew(self) -> None:
        """Extend the lease while the case is shown (only the lease: never the version)."""
        case = self.case
        if case is None or not self.holds_case:
            return
        services, actor = self._services, self.actor
        self._run(lambda: services.queue.renew_lease(actor, case.id), self._renewed,
                  self._fail, "renew lease")

    # ------------------------------------------- for writes beside the case (field marks)

    def run(self, fn: Callable[[], T], on_success: Callable[[T], None],
            on_failure: Callable[[BaseException], None], label: str) -> None:
        """Run *fn* in the background like the session's own calls (connection status)."""
        self._run(fn, on_success, on_failure, label)

    def report(self, error: BaseException) -> None:
        """A call made for the held case failed: it becomes the session's problem."""
        self._fail(error)

    def settle(self) -> None:
        """A call made for the held case went through: a passing problem is over."""
        if self._problem and self._problem.kind in (ProblemKind.UNAVAILABLE, ProblemKind.ERROR):
            self._problem = None
            self.changed.emit()

    # ---------------------------------------------------------------- plumbing

    def _case_id(self) -> int:
        case = self.case
        assert case is not None
        return case.id

    def _enqueue(self, write: _Write) -> None:
        self._queue.append(write)
        self.changed.emit()
        self._pump()

    def _pump(self) -> None:
        if self._in_flight or not self._queue or self.case is None:
            return
        write = self._queue.pop(0)
        version = self.case.version
        self._in_flight = True
        self._run(lambda: write.call(version), lambda record: self._written(write, record),
                  lambda error: self._write_failed(write, error), write.label)

    def _written(self, write: _Write, record: CaseRecord) -> None:
        self._in_flight = False
        if write.toggle is not None and write.toggle in self._toggles:
            self._toggles.remove(write.toggle)
        if self._detail is not None and self._detail.case.id == record.id:
            self._detail = replace(self._detail, case=record)
        if self._problem is not None and self._problem.kind in (ProblemKind.UNAVAILABLE,
                                                                 ProblemKind.ERROR):
            self._problem = None  # a write went through: whatever it was is over
        if write.on_done is not None:
            write.on_done(record)
        self.changed.emit()
        self._pump()

    def _write_failed(self, write: _Write, error: BaseException) -> None:
        self._in_flight = False
        dropped = [write, *self._queue]
        self._queue.clear()
        self._failed_toggles += [w.toggle for w in dropped if w.toggle is not None]
        self._toggles.clear()
        self._deciding = False
        if write.label != "release":
            self._fail(error)
        for w in dropped:
            if w.on_failed is not None:
                w.on_failed(error)
        self.changed.emit()

    def _decided(self, record: CaseRecord) -> None:
        self.clear()
        self.decided.emit(record)

    def _released(self, record: CaseRecord) -> None:
        self.clear()
        self.released.emit(record)

    def _forget(self, case: CaseRecord) -> None:
        self.clear()
        self.dropped.emit(case)

    def _reloaded(self, detail: CaseDetail) -> None:
        self._loading = False
        self.open(detail)
        case = detail.case
        if case.holder_id == self.actor.id and queue_stage(case.status) is not None:
            return
        self._problem = lost_case_problem(case)
        self.changed.emit()
        self.problem_raised.emit(self._problem)

    def _reload_failed(self, error: BaseException) -> None:
        self._set_loading(False)
        self._fail(error)

    def _renewed(self, renewed: CaseRecord) -> None:
        case = self.case
        if self._detail is None or case is None or case.id != renewed.id:
            return
        self._detail = replace(self._detail, case=replace(
            case, lease_expires_at=renewed.lease_expires_at))
        self.changed.emit()

    def _fail(self, error: BaseException) -> None:
        self._problem = problem_of(error)
        self.changed.emit()
        self.problem_raised.emit(self._problem)

    def _set_loading(self, loading: bool) -> None:
        self._loading = loading
        self.changed.emit()

    def _run(self, fn: Callable[[], T], on_success: Callable[[T], None],
             on_failure: Callable[[BaseException], None], label: str) -> None:
        connection = self._connection

        def succeeded(value: T) -> None:
            connection.note_success()
            on_success(value)

        def failed(error: BaseException) -> None:
            connection.note_failure(error)
            on_failure(error)

        self._runner.run_in_background(fn, succeeded, failed, owner=self, label=label)


# Problem, ProblemKind and problem_of live in desktop.qt.case_problem; re-exported so
# that code importing them from here keeps working.
__all__ = ["CaseSession", "Problem", "ProblemKind", "problem_of"]
