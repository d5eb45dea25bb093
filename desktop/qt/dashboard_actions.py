"""The supervisor's actions on cases from the dashboard, and their small dialogs.

The dialogs only collect a choice; :class:`CaseActions` runs the action in the
background, and the service checks the permission, the version and the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ReviewDeskError
from desktop.domain.permissions import Actor, Permission
from desktop.qt.labels import role_label, stage_label
from desktop.qt.messages import error_text
from desktop.qt.tasks import TaskRunner
from desktop.services.dashboard_ports import CaseLine
from desktop.services.supervision import (
    MAX_PRIORITY,
    MIN_PRIORITY,
    Assignee,
    CaseRef,
    ReassignReport,
    SupervisionService,
)

T = TypeVar("T")


class ReassignDialog(QDialog):
    """Pick the person the selected cases go to."""

    def __init__(self, count: int, people: Sequence[Assignee],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("担当者の割当て"))
        self.people = QComboBox(self)
        for person in people:
            stages = "・".join(stage_label(s) for s in person.stages)
            self.people.addItem(f"{person.display_name}（{person.name}）— "
                                f"{role_label(person.role)}／{stages}", person.name)
        self.people.setToolTip(self.tr("二次審査は一次審査をした人には割り当てられません"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(bool(people))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("選択した {n} 件を次の担当者に割り当てます。").format(n=count)))
        form = QFormLayout()
        form.addRow(self.tr("担当者(&P)"), self.people)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def choose(self, name: str) -> bool:
        """Select the person named *name* (False if not offered)."""
        index = self.people.findData(name)
        if index >= 0:
            self.people.setCurrentIndex(index)
        return index >= 0

    def chosen(self) -> str | None:
        value = self.people.currentData()
        return value if isinstance(value, str) else None


class PriorityDialog(QDialog):
    """The new priority of the selected cases (higher is claimed first)."""

    def __init__(self, count: int, current: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("優先度の変更"))
        self.spin = QSpinBox(self)
        self.spin.setRange(MIN_PRIORITY, MAX_PRIORITY)
        self.spin.setValue(current)
        self.spin.setToolTip(self.tr("数字が大きいほど先に処理されます（{low}〜{high}）").format(
            low=MIN_PRIORITY, high=MAX_PRIORITY))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("選択した {n} 件の優先度を変更します。").format(n=count)))
        form = QFormLayout()
        form.addRow(self.tr("優先度(&R)"), self.spin)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def value(self) -> int:
        return self.spin.value()


class CaseActions(QObject):
    """Release, reassign and priority on the cases *selected* returns, through the
    supervision service on the task runner; *after* runs when an action has finished
    (the window refreshes). Each action is enabled only with a selection and the
    permission (the service checks again)."""

    #: An action finished; the argument is what the status bar says.
    done = Signal(str)

    def __init__(self, runner: TaskRunner, supervision: SupervisionService, actor: Actor,
                 selected: Callable[[], list[CaseLine]], window: QMainWindow,
                 after: Callable[[], None]) -> None:
        super().__init__(window)
        self._runner = runner
        self._supervision = supervision
        self._actor = actor
        self._selected = selected
        self._window = window
        self._after = after
        self.reassign_dialog: ReassignDialog | None = None
        self.priority_dialog: PriorityDialog | None = None
        self.reassign_action = self._action(self.tr("担当者を割当て…"), "Ctrl+R",
                                            self.tr("選択した案件を指定した担当者に割り当てます"),
                                            self.reassign)
        self.release_action = self._action(self.tr("担当を解除"), "Ctrl+Shift+L",
                                           self.tr("選択した案件の担当を外し、キューに戻します"),
                                           self.release)
        self.priority_action = self._action(self.tr("優先度を変更…"), "Ctrl+Shift+P",
                                            self.tr("選択した案件の優先度を変えます"),
                                            self.change_priority)

    def _action(self, text: str, shortcut: str, tip: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self._window)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{tip} ({QKeySequence(shortcut).toString()})")
        action.triggered.connect(slot)
        self._window.addAction(action)
        return action

    @property
    def all(self) -> tuple[QAction, ...]:
        return self.reassign_action, self.release_action, self.priority_action

    def update(self) -> None:
        """Enable what the selection and the actor's permissions allow."""
        chosen = self._selected()
        can = self._actor.can
        self.reassign_action.setEnabled(bool(chosen) and can(Permission.QUEUE_ASSIGN))
        self.release_action.setEnabled(any(c.holder_id is not None for c in chosen)
                                       and can(Permission.QUEUE_RELEASE_ANY))
        self.priority_action.setEnabled(bool(chosen) and can(Permission.CASE_PRIORITY))

    def reassign(self) -> None:
        """Ctrl+R: choose a person (list loaded in the background), then give them every
        selected case."""
        cases = self._selected()
        if not cases or not self.reassign_action.isEnabled():
            return
        supervision, actor = self._supervision, self._actor
        self._runner.run_in_background(lambda: supervision.assignees(actor),
                                       lambda people: self._ask_assignee(cases, people),
                                       self.failed, owner=self, label="assignees")

    def _ask_assignee(self, cases: list[CaseLine], people: list[Assignee]) -> None:
        dialog = ReassignDialog(len(cases), people, self._window)
        self.reassign_dialog = dialog
        refs = [CaseRef(c.id, c.version) for c in cases]
        supervision, actor = self._supervision, self._actor

        def accepted() -> None:
            name = dialog.chosen()
            if name:
                self._run(lambda: supervision.reassign(actor, refs, name), self._reassigned)

        dialog.accepted.connect(accepted)
        dialog.open()

    def _reassigned(self, report: ReassignReport) -> None:
        self._finish(self.tr("{n} 件を {user} に割り当てました").format(
            n=len(report.moved), user=report.to_user),
            [f"{r.number or r.case_id}: {error_text(r.error)}" for r in report.refused])

    def release(self) -> None:
        """Ctrl+Shift+L: take the selected cases from their holders, back to the queue."""
        held = [c for c in self._selected() if c.holder_id is not None]
        if not held or not self.release_action.isEnabled():
            return
        supervision, actor = self._supervision, self._actor
        refs = [CaseRef(c.id, c.version) for c in held]
        self._run(lambda: _each(refs, lambda ref: supervision.release(actor, ref)),
                  lambda problems: self._finish(self.tr("{n} 件の担当を解除しました").format(
                      n=len(refs) - len(problems)), problems))

    def change_priority(self) -> None:
        """Ctrl+Shift+P: a new priority for the selected cases."""
        cases = self._selected()
        if not cases or not self.priority_action.isEnabled():
            return
        dialog = PriorityDialog(len(cases), max(c.priority for c in cases), self._window)
        self.priority_dialog = dialog
        refs = [CaseRef(c.id, c.version) for c in cases]
        supervision, actor = self._supervision, self._actor

        def accepted() -> None:
            value = dialog.value()
            self._run(lambda: _each(refs, lambda ref: supervision.set_priority(actor, ref, value)),
                      lambda problems: self._finish(
                          self.tr("{n} 件の優先度を {p} にしました").format(
                              n=len(refs) - len(problems), p=value), problems))

        dialog.accepted.connect(accepted)
        dialog.open()

    def _run(self, fn: Callable[[], T], done: Callable[[T], None]) -> None:
        self._runner.run_in_background(fn, done, self.failed, owner=self,
                                       label="dashboard action")

    def _finish(self, message: str, problems: list[str]) -> None:
        self._window.statusBar().showMessage(message, 10000)
        if problems:
            self._box(self.tr("一部の案件は処理できませんでした"), "\n".join(problems))
        self.done.emit(message)
        self._after()

    def failed(self, error: BaseException) -> None:
        """Say what went wrong (status bar and a message box), never a traceback."""
        text = error_text(error)
        self._window.statusBar().showMessage(text, 15000)
        self._box(self.tr("ダッシュボード"), text)
        self.done.emit(text)

    def _box(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                          QMessageBox.StandardButton.Ok, self._window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


def _each(refs: Sequence[CaseRef], act: Callable[[CaseRef], object]) -> list[str]:
    """Run *act* on every case, each in its own unit of work; the refusals as sentences
    (an unreachable database stops the rest and is reported as a failure)."""
    problems = []
    for ref in refs:
        try:
            act(ref)
        except ReviewDeskError as error:
            if error.code == "database_unavailable":
                raise
            problems.append(f"{error.params.get('case', ref.case_id)}: {error_text(error)}")
    return problems
