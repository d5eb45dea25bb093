"""Never lose typing: a lease that runs out, someone else's change and an unreachable
database are explained on screen, what the operator typed stays, and they can go on.

These tests open the demo database through services with a clock the test can move
(leases are 15 minutes) and a unit-of-work factory the test can take offline.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from desktop.app import Services, services_for
from desktop.domain.cases import CaseRecord
from desktop.domain.decisions import DecisionKind
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import Stage, Status
from desktop.persistence.database import open_database
from desktop.persistence.errors import DatabaseUnavailable
from desktop.qt.application import ReviewDesk
from desktop.qt.case_view import CaseView
from desktop.qt.main_window import MainWindow
from tests.ui.conftest import Opener, in_worker, sign_in
from tests.ui.test_case_view_flow import (
    COMMUTER,
    CTRL,
    DIGITS,
    FLU,
    claim,
    decisions,
    dialog_of,
    open_queue,
)
from tests.ui.test_main_window import demo_actor, message_boxes, stored_case

LEASE = timedelta(minutes=15)


class MovableClock:
    """The real time plus an offset the test moves (read from worker threads)."""

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._offset += delta


class Switchable:
    """A unit-of-work factory that can be taken offline, as a lost network would."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.down = False

    def __call__(self, *, write: bool = False) -> Any:
        if self.down:
            raise DatabaseUnavailable("データベース（SQLite）に接続できません",
                                      "the database cannot be reached")
        return self._inner(write=write)

    def dispose(self) -> None:
        self._inner.dispose()


class ControlledOpener(Opener):
    """Opens the demo database with the shared clock and the shared switch."""

    def __init__(self, path: Path, procedures: dict[str, Procedure]) -> None:
        super().__init__(path, procedures)
        self.clock = MovableClock()
        self.switches: list[Switchable] = []

    def __call__(self) -> Services:
        database = open_database(str(self.path))
        switch = Switchable(database)
        self.switches.append(switch)
        services = services_for(switch, self.procedures, self.clock, database.label)
        self.opened.append(services)
        return services

    def set_down(self, down: bool, *, keep: Services) -> None:
        """Take every connection but *keep*'s (the test's own) offline, or back."""
        for switch in self.switches:
            if switch is not keep.ctx.uow:
                switch.down = down


@pytest.fixture
def controlled(demo_db: Path, procedures: dict[str, Procedure]) -> Iterator[ControlledOpener]:
    opener = ControlledOpener(demo_db, procedures)
    yield opener
    opener.close_all()


@pytest.fixture
def controlled_desk(qtbot: QtBot, controlled: ControlledOpener, settings: QSettings,
                    gui_thread_guard: None) -> Iterator[ReviewDesk]:
    desk = ReviewDesk(controlled, demo=True, settings=settings)
    desk.start()
    yield desk
    desk.shutdown()


class Held(NamedTuple):
    """A case operator1 claimed on the desk, and the test's own services."""

    checks: Services
    window: MainWindow
    view: CaseView
    case: CaseRecord


def hold_case(qtbot: QtBot, desk: ReviewDesk, controlled: ControlledOpener, code: str) -> Held:
    """operator1 signs in and claims the next case of *code* (first review)."""
    checks = controlled()  # the test's own services: same database, same clock
    window = sign_in(qtbot, desk, "operator1")
    open_queue(qtbot, window, code)
    view = claim(qtbot, window)
    held = window.held_case
    assert held is not None
    return Held(checks, window, view, held)


@pytest.fixture
def commuter(qtbot: QtBot, controlled_desk: ReviewDesk, controlled: ControlledOpener) -> Held:
    return hold_case(qtbot, controlled_desk, controlled, COMMUTER)


def test_a_lease_running_out_under_the_return_dialog_loses_no_typing(
        qtbot: QtBot, controlled_desk: ReviewDesk, controlled: ControlledOpener) -> None:
    checks, window, view, held = hold_case(qtbot, controlled_desk, controlled, FLU)
    row = view.fields.row("address")
    qtbot.mouseClick(row.ng, Qt.MouseButton.LeftButton)  # saved at once
    qtbot.waitUntil(lambda: not view.marks.saving and not window.session.saving)
    row.note.insert("番地の記載がありません")
    qtbot.keyClick(view.checklist.view, Qt.Key.Key_F7)
    dialog = dialog_of(qtbot, view, DecisionKind.RETURN)
    assert dialog.codes is not None
    dialog.codes.setData(dialog.codes.index(0), Qt.CheckState.Checked,
                         Qt.ItemDataRole.CheckStateRole)
    dialog.note.appendPlainText("転入前の住所も記載してください。")
    typed = dialog.note.toPlainText()
    assert typed == "住所：番地の記載がありません\n転入前の住所も記載してください。"

    controlled.clock.advance(LEASE + timedelta(minutes=1))  # the operator went for lunch
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(dialog.error.isVisible, timeout=10000)
    assert f"案件 {held.number} の担当期限が切れたか" in dialog.error.text()
    assert "入力内容は保持されています" in dialog.error.text()
    assert dialog.note.toPlainText() == typed and dialog.codes.selected()
    assert row.note.text() == "番地の記載がありません"
    assert dialog.reclaim_button.isVisible() and view.banner.reclaim_button.isVisible()
    assert message_boxes(window) == []  # the open dialog says it; no box on top of it
    approve = view.decision_bar.decision_actions[DecisionKind.APPROVE]
    assert "担当が外れています" in approve.toolTip()
    assert stored_case(checks, held.id).status == Status.IN_FIRST_REVIEW

    qtbot.mouseClick(dialog.reclaim_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.holds_case and not window.session.loading)
    assert not dialog.error.isVisible() and "もう一度確定してください" in dialog.missing.text()
    assert dialog.note.toPlainText() == typed
    taken = stored_case(checks, held.id)
    assert taken.holder_name == "operator1"
    assert taken.lease_expires_at is not None and taken.lease_expires_at > checks.ctx.now()
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.held_case is None or window.held_case.id != held.id,
                    timeout=10000)
    assert stored_case(checks, held.id).status == Status.AWAITING_CORRECTION
    assert decisions(checks, held.id)[-1].note == typed


def test_a_lease_lost_while_reading_is_shown_and_the_case_taken_back(
        qtbot: QtBot, commuter: Held, controlled: ControlledOpener,
        controlled_desk: ReviewDesk) -> None:
    checks, window, view, held = commuter
    qtbot.keyClick(view.checklist.view, DIGITS[0])
    qtbot.waitUntil(lambda: not window.session.saving)
    first_item = view.checklist.model.items[0].key
    row = view.fields.row("applicant_name")
    qtbot.mouseClick(row.ng, Qt.MouseButton.LeftButton)  # saved at once
    qtbot.waitUntil(lambda: not view.marks.saving and not window.session.saving)
    row.note.insert("旧姓で記載されています")

    controlled.clock.advance(LEASE + timedelta(minutes=1))
    window.renew_lease()
    qtbot.waitUntil(lambda: bool(message_boxes(window)))
    text = message_boxes(window)[0].text()
    assert text.startswith(f"案件 {held.number} の担当期限が切れたか") and "Traceback" not in text
    message_boxes(window)[0].accept()
    window.activateWindow()  # the offscreen platform does not do it when a box closes
    qtbot.waitUntil(window.isActiveWindow)
    assert window.held_case is not None and view.isVisible()  # nothing is cleared
    assert view.banner.isVisible() and view.banner.reclaim_button.isVisible()
    assert row.note.text() == "旧姓で記載されています" and first_item in window.session.checked
    assert not view.checklist.shortcuts[1].isEnabled()  # keys do nothing while not held
    qtbot.keyClick(view.checklist.view, DIGITS[1])
    assert controlled_desk.runner.wait_for_idle() and len(window.session.checked) == 1
    assert stored_case(checks, held.id).checked_in(Stage.FIRST_REVIEW) == {first_item}

    qtbot.mouseClick(view.banner.reclaim_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.holds_case and not view.banner.isVisible())
    assert row.note.text() == "旧姓で記載されています"  # same case: the verdicts stay
    qtbot.keyClick(view.checklist.view, DIGITS[1])
    qtbot.waitUntil(lambda: not window.session.saving)
    second_item = view.checklist.model.items[1].key
    assert stored_case(checks, held.id).checked_in(Stage.FIRST_REVIEW) == {first_item,
                                                                          second_item}


def test_a_case_someone_else_took_after_the_lease_ran_out_cannot_be_taken_back(
        qtbot: QtBot, commuter: Held, controlled: ControlledOpener) -> None:
    checks, window, view, held = commuter
    row = view.fields.row("address")
    qtbot.mouseClick(row.ng, Qt.MouseButton.LeftButton)  # saved at once
    qtbot.waitUntil(lambda: not view.marks.saving and not window.session.saving)
    row.note.insert("番地なし")
    controlled.clock.advance(LEASE + timedelta(minutes=1))
    other = demo_actor(checks, "operator2")
    taken = in_worker(lambda: checks.queue.claim_next(other, COMMUTER))
    assert taken.id == held.id  # expired leases are handed out first

    qtbot.keyClick(view.checklist.view, DIGITS[0])
    qtbot.waitUntil(view.banner.isVisible)
    assert "この案件は operator2 が" in view.banner.text.text()  # the claim changed it
    qtbot.mouseClick(view.banner.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "現在 operator2 が担当しています" in view.banner.text.text())
    assert view.banner.reclaim_button.isVisible()
    qtbot.mouseClick(view.banner.reclaim_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "取り直せません" in view.banner.text.text())
    assert row.note.text() == "番地なし"  # still there to copy
    assert stored_case(checks, held.id).holder_name == "operator2"
    window.ui.actionRelease.trigger()  # nothing to give back: the case just leaves the screen
    qtbot.waitUntil(lambda: window.held_case is None)
    assert stored_case(checks, held.id).holder_name == "operator2"


def test_a_concurrent_change_names_who_changed_it_and_keeps_the_typing(
        qtbot: QtBot, commuter: Held) -> None:
    checks, window, view, held = commuter
    row = view.fields.row("address")
    qtbot.mouseClick(row.ng, Qt.MouseButton.LeftButton)  # saved at once
    qtbot.waitUntil(lambda: not view.marks.saving and not window.session.saving)
    row.note.insert("建物名が抜けています")
    sv = demo_actor(checks, "sv1")
    changed = in_worker(lambda: checks.queue.assign(sv, held.id, "operator1"))
    assert changed.updated_at is not None

    qtbot.keyClick(view.checklist.view, DIGITS[0])
    qtbot.waitUntil(view.banner.isVisible)
    stamp = changed.updated_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert f"この案件は sv1 が {stamp} に変更しました" in view.banner.text.text()
    assert view.banner.reload_button.isVisible()
    assert not window.session.checked  # the tick that was refused is not shown as saved
    assert "他の人が案件を変更しました" in view.decision_bar.tooltip(DecisionKind.APPROVE)

    qtbot.mouseClick(view.banner.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.banner.isVisible() and not window.session.loading)
    assert row.note.text() == "建物名が抜けています"
    qtbot.keyClick(view.checklist.view, DIGITS[0])
    qtbot.waitUntil(lambda: not window.session.saving)
    assert view.checklist.model.items[0].key in stored_case(checks, held.id).checked_in(
        Stage.FIRST_REVIEW)

    # The same inside a decision dialog: the dialog says who, keeps the text, reloads.
    again = in_worker(lambda: checks.queue.assign(sv, held.id, "operator1"))
    qtbot.keyClick(view.checklist.view, Qt.Key.Key_F9)
    dialog = dialog_of(qtbot, view, DecisionKind.HOLD)
    dialog.note.insertPlainText("申請者に電話で確認中")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(dialog.error.isVisible)
    assert again.updated_at is not None
    assert f"sv1 が {again.updated_at.astimezone():%Y-%m-%d %H:%M:%S}" in dialog.error.text()
    assert dialog.reload_button.isVisible() and not dialog.reclaim_button.isVisible()
    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.error.isVisible() and not window.session.loading)
    assert dialog.note.toPlainText() == "申請者に電話で確認中"
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.held_case is None or window.held_case.id != held.id,
                    timeout=10000)
    on_hold = stored_case(checks, held.id)
    assert on_hold.status == Status.ON_HOLD and on_hold.hold_reason == "申請者に電話で確認中"


def test_an_unreachable_database_keeps_the_typing_and_retry_saves_it(
        qtbot: QtBot, commuter: Held, controlled: ControlledOpener) -> None:
    checks, window, view, held = commuter
    controlled.set_down(True, keep=checks)
    qtbot.keyClick(view.checklist.view, DIGITS[0])
    qtbot.waitUntil(view.banner.isVisible)
    assert "接続できません" in view.banner.text.text()
    assert window.status_texts()["connection"] == "● 接続できません"
    assert view.banner.retry_button.isVisible() and not window.session.checked
    qtbot.keyClick(view.checklist.view, Qt.Key.Key_F8)
    dialog = dialog_of(qtbot, view, DecisionKind.REJECT)
    assert dialog.codes is not None
    dialog.codes.setData(dialog.codes.index(0), Qt.CheckState.Checked,
                         Qt.ItemDataRole.CheckStateRole)
    dialog.note.insertPlainText("児童扶養手当の受給が確認できない。")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(dialog.error.isVisible)
    assert "接続できません" in dialog.error.text()
    assert dialog.note.toPlainText() == "児童扶養手当の受給が確認できない。"
    dialog.reject()  # closing keeps the text for the next time it opens

    controlled.set_down(False, keep=checks)
    qtbot.mouseClick(view.banner.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.session.saving and not view.banner.isVisible())
    assert window.status_texts()["connection"] == "● 接続中"
    first = view.checklist.model.items[0].key
    assert stored_case(checks, held.id).checked_in(Stage.FIRST_REVIEW) == {first}
    window.activateWindow()  # the offscreen platform does not do it when a dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(view.checklist.view, Qt.Key.Key_F8)
    dialog = dialog_of(qtbot, view, DecisionKind.REJECT)
    assert dialog.note.toPlainText() == "児童扶養手当の受給が確認できない。"
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.held_case is None or window.held_case.id != held.id,
                    timeout=10000)
    pending = stored_case(checks, held.id).pending
    assert pending is not None and pending.kind == "reject"
