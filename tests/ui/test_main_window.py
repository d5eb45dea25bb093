"""The main window on the seeded demo database: queues, cases, claim and release."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.app import Services
from desktop.domain.cases import CaseRecord
from desktop.domain.permissions import SYSTEM, Actor, Role
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import QUEUED, WORKING, Stage, Status
from desktop.persistence.errors import DatabaseUnavailable
from desktop.qt.application import ReviewDesk
from desktop.qt.connection import Connection, ConnectionState
from desktop.qt.main_window import MainWindow
from desktop.qt.tasks import TaskRunner
from tests.ui.conftest import Opener, in_worker, sign_in


def select_first_queue(qtbot: QtBot, window: MainWindow) -> tuple[str, Stage]:
    qtbot.waitUntil(lambda: window.queues.entry_count() > 0)
    key = window.queues.queue_keys()[0]
    assert window.queues.select(key)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0 and not window.model.loading)
    return key


def stored_case(services: Services, case_id: int) -> CaseRecord:
    """The case as stored now, read off the GUI thread."""
    def read() -> CaseRecord:
        with services.ctx.uow() as uow:
            case = uow.cases.get(case_id)
        assert case is not None
        return case

    return in_worker(read)


def demo_actor(services: Services, name: str) -> Actor:
    """A demo user signed in directly (off the GUI thread)."""
    def login() -> Actor:
        password = next(a["password"] for a in services.admin.demo_accounts()
                        if a["name"] == name)
        return services.admin.authenticate(name, password)

    return in_worker(login)


def message_boxes(window: MainWindow) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.isVisible()]


def test_operator_sees_first_review_queues_with_counts(qtbot: QtBot, desk: ReviewDesk,
                                                       direct_services: Services) -> None:
    window = sign_in(qtbot, desk, "operator1")
    qtbot.waitUntil(lambda: window.queues.entry_count() > 0)
    codes = sorted(direct_services.ctx.procedures)
    assert window.queues.queue_keys() == [(code, Stage.FIRST_REVIEW) for code in codes]
    counts = {(c.procedure_code, c.stage): c for c in
              in_worker(lambda: direct_services.queue.queue_counts(SYSTEM))}
    tree = window.ui.queueTree
    group = tree.topLevelItem(0)
    assert group is not None and group.text(0) == direct_services.ctx.procedures[codes[0]].name
    stage_item = group.child(0)
    assert stage_item is not None and stage_item.text(0) == "一次審査"
    assert stage_item.text(1) == f"{counts[(codes[0], Stage.FIRST_REVIEW)].waiting:,}"


def test_selecting_a_queue_fills_the_table(qtbot: QtBot, desk: ReviewDesk) -> None:
    window = sign_in(qtbot, desk, "sv1")
    code, stage = select_first_queue(qtbot, window)
    allowed = {*QUEUED[stage], WORKING[stage]}
    cases = [window.model.case_at(r) for r in range(window.model.rowCount())]
    assert all(c.procedure_code == code and c.status in allowed for c in cases)
    assert window.ui.caseTable.model() is window.model
    assert window.ui.caseHeading.text().endswith("／ 一次審査")


def test_f2_claims_the_next_case_and_shows_it(qtbot: QtBot, desk: ReviewDesk,
                                              direct_services: Services) -> None:
    window = sign_in(qtbot, desk, "operator1")
    select_first_queue(qtbot, window)
    window.ui.caseTable.setFocus()
    qtbot.keyClick(window.ui.caseTable, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.held_case is not None)
    held = window.held_case
    assert held is not None and held.status == Status.IN_FIRST_REVIEW
    assert window.detail.value("案件番号") == held.number
    assert window.detail.value("申請者") == held.applicant_name != ""
    assert window.detail.value("状態") == "一次審査中"
    assert window.detail.value("担当") == "operator1"
    assert window.case_view.isVisible() and not window.ui.caseTable.isVisible()
    assert held.number in window.statusBar().currentMessage()
    assert not window.ui.actionClaimNext.isEnabled() and window.ui.actionRelease.isEnabled()
    stored = stored_case(direct_services, held.id)
    assert stored.holder_name == "operator1"

    window.ui.actionRelease.trigger()
    qtbot.waitUntil(lambda: window.held_case is None)
    assert "キューに戻しました" in window.statusBar().currentMessage()
    assert window.ui.actionClaimNext.isEnabled()
    stored = stored_case(direct_services, held.id)
    assert stored.status in QUEUED[Stage.FIRST_REVIEW] and stored.holder_id is None


def test_a_lost_lease_is_explained_in_japanese(qtbot: QtBot, desk: ReviewDesk,
                                               direct_services: Services) -> None:
    window = sign_in(qtbot, desk, "operator1")
    select_first_queue(qtbot, window)
    window.ui.actionClaimNext.trigger()
    qtbot.waitUntil(lambda: window.held_case is not None)
    held = window.held_case
    assert held is not None
    sv = demo_actor(direct_services, "sv1")
    in_worker(lambda: direct_services.queue.release(sv, held.id))  # a supervisor takes it back

    window.ui.actionRelease.trigger()
    qtbot.waitUntil(lambda: bool(message_boxes(window)))
    text = message_boxes(window)[0].text()
    assert text.startswith(f"案件 {held.number} の担当期限が切れたか、担当が解除された")
    assert "Traceback" not in text and window.last_error == text
    assert window.held_case is None


def test_roles_that_cannot_claim_get_no_claim_action(qtbot: QtBot, desk: ReviewDesk) -> None:
    window = sign_in(qtbot, desk, "print1")
    select_first_queue(qtbot, window)
    assert set(s for _, s in window.queues.queue_keys()) == set(Stage)  # every queue, view only
    assert not window.ui.actionClaimNext.isEnabled()
    assert "取得できません" in window.ui.actionClaimNext.toolTip()


def test_close_gives_the_claimed_case_back(qtbot: QtBot, desk: ReviewDesk,
                                           direct_services: Services) -> None:
    window = sign_in(qtbot, desk, "operator1")
    select_first_queue(qtbot, window)
    window.ui.actionClaimNext.trigger()
    qtbot.waitUntil(lambda: window.held_case is not None)
    held = window.held_case
    assert held is not None
    with qtbot.waitSignal(desk.finished):
        window.close()
    desk.shutdown()
    stored = stored_case(direct_services, held.id)
    assert stored.holder_id is None and stored.status in QUEUED[Stage.FIRST_REVIEW]


def test_empty_queue_is_a_status_message_not_a_dialog(
        qtbot: QtBot, sqlite_template: Path, tmp_path: Path, procedures: dict[str, Procedure],
        settings: QSettings, gui_thread_guard: None) -> None:
    path = tmp_path / "empty.sqlite3"
    shutil.copy(sqlite_template, path)
    opener = Opener(path, procedures)
    try:
        services = opener()
        in_worker(lambda: services.admin.add_user(SYSTEM, "op", Role.OPERATOR, "op-password-1",
                                                  "審査 太郎"))
        desk = ReviewDesk(opener, demo=False, settings=settings)
        try:
            desk.start()
            login = desk.login
            qtbot.waitUntil(login.ok_button.isEnabled)
            qtbot.keyClicks(login.ui.userEdit, "op")
            qtbot.keyClicks(login.ui.passwordEdit, "op-password-1")
            qtbot.keyClick(login.ui.passwordEdit, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: desk.window is not None)
            window = desk.window
            assert window is not None
            qtbot.waitUntil(lambda: window.queues.entry_count() > 0)
            code, stage = window.queues.queue_keys()[0]
            window.queues.select((code, stage))
            window.ui.actionClaimNext.trigger()
            qtbot.waitUntil(lambda: "待ちの案件はありません" in window.last_error)
            assert window.statusBar().currentMessage() == \
                f"キュー「{code} / {stage.value}」に待ちの案件はありません"
            assert message_boxes(window) == []
            assert window.ui.detailPlaceholder.text() == "このキューには待っている案件がありません。"
        finally:
            desk.shutdown()
    finally:
        opener.close_all()


def test_unreachable_database_turns_the_connection_state_red(
        qtbot: QtBot, opener: Opener, runner: TaskRunner, gui_thread_guard: None) -> None:
    connection = Connection(runner, opener)
    connection.open()
    assert runner.wait_for_idle()
    services = connection.services
    assert services is not None
    actor = demo_actor(services, "sv1")
    failing = [True]

    def load(code: str, stage: Stage, limit: int, offset: int) -> list[CaseRecord]:
        if failing[0]:
            raise DatabaseUnavailable("データベース（SQLite: x）に接続できません", "down")
        return services.queue.list_cases(actor, code, stage, limit, offset)

    window = MainWindow(runner, connection, actor, load_page=load)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.queues.entry_count() > 0)
    window.queues.select(window.queues.queue_keys()[0])
    qtbot.waitUntil(lambda: connection.state == ConnectionState.UNAVAILABLE)
    assert window.status_texts()["connection"] == "● 接続できません"
    assert window.statusBar().currentMessage() == "データベース（SQLite: x）に接続できません"
    failing[0] = False
    window.ui.actionRefresh.trigger()
    qtbot.waitUntil(lambda: connection.state == ConnectionState.CONNECTED)
    assert window.status_texts()["connection"] == "● 接続中"
    window.close()
    assert runner.wait_for_idle()
    connection.close()


def test_the_lease_is_renewed_while_the_case_is_shown(qtbot: QtBot, desk: ReviewDesk,
                                                      direct_services: Services) -> None:
    window = sign_in(qtbot, desk, "operator1")
    select_first_queue(qtbot, window)
    window.ui.actionClaimNext.trigger()
    qtbot.waitUntil(lambda: window.held_case is not None)
    held = window.held_case
    assert held is not None and held.lease_expires_at is not None
    qtbot.wait(20)  # so that the renewed lease ends measurably later
    window.renew_lease()
    qtbot.waitUntil(lambda: window.held_case is not None
                    and window.held_case.lease_expires_at is not None
                    and window.held_case.lease_expires_at > held.lease_expires_at)  # type: ignore[operator]
    renewed = stored_case(direct_services, held.id)
    assert renewed.lease_expires_at is not None
    assert renewed.lease_expires_at > held.lease_expires_at
    # A renewal is not a change of the case: the operator's own optimistic lock holds.
    assert renewed.version == held.version
    assert renewed.holder_name == "operator1"


def test_print_staff_open_the_print_and_enclosure_dialogs(qtbot: QtBot,
                                                          desk: ReviewDesk) -> None:
    from desktop.qt.enclosure_dialog import EnclosureDialog
    from desktop.qt.printing import PrintBatchDialog

    window = sign_in(qtbot, desk, "print1")
    assert window.action_print.isEnabled() and window.action_enclosure.isEnabled()
    window.action_print.trigger()
    qtbot.waitUntil(lambda: bool(window.findChildren(PrintBatchDialog)), timeout=15000)
    printing = window.findChildren(PrintBatchDialog)[0]
    assert printing.isVisible()
    printing.reject()
    window.action_enclosure.trigger()
    qtbot.waitUntil(lambda: bool(window.findChildren(EnclosureDialog)), timeout=15000)
    enclosure = window.findChildren(EnclosureDialog)[0]
    assert enclosure.isVisible()
    enclosure.reject()
    window.close()
    assert desk.runner.wait_for_idle()


def test_operators_cannot_print(qtbot: QtBot, desk: ReviewDesk) -> None:
    window = sign_in(qtbot, desk, "operator1")
    assert not window.action_print.isEnabled()
    assert not window.action_enclosure.isEnabled()
    window.close()
    assert desk.runner.wait_for_idle()


def test_the_signed_in_window_locks_after_the_administrators_idle_period(
        qtbot: QtBot, desk: ReviewDesk, direct_services: Services) -> None:
    """The idle lock inside the running application: the period the administrator set
    is read from the database, Ctrl+Shift+L locks at once, F2 does nothing while
    locked, the same user's password unlocks, and the claimed case is still held."""
    in_worker(lambda: direct_services.workstation.set_idle_lock_minutes(SYSTEM, 7))
    window = sign_in(qtbot, desk, "operator1")
    lock = desk.idle_lock
    assert lock is not None
    qtbot.waitUntil(lambda: lock.minutes == 7)
    select_first_queue(qtbot, window)
    qtbot.keyClick(window.ui.caseTable, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.held_case is not None, timeout=10000)
    held = window.held_case

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: lock.is_locked and lock.form is not None)
    qtbot.keyClick(window, Qt.Key.Key_F2)  # swallowed by the lock
    assert window.held_case is held

    assert lock.form is not None
    password = next(a["password"] for a in in_worker(direct_services.admin.demo_accounts)
                    if a["name"] == "operator1")
    qtbot.keyClicks(lock.form.password, password)
    qtbot.keyClick(lock.form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not lock.is_locked, timeout=10000)
    assert window.held_case is held and held is not None
    assert stored_case(direct_services, held.id).holder_id is not None

    lock.set_minutes(0.3 / 60)  # and it locks by itself after the idle period
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)
