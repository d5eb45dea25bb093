"""The double check with real widgets: the checker sees what the first reviewer chose
(the decision and the ✓ / ✗ of each field), agrees or sends it back; nobody
double-checks their own first review."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from desktop.app import Services
from desktop.domain.cases import CaseRecord
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.permissions import SYSTEM, Actor, Role
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import Stage, Status
from desktop.qt.application import ReviewDesk
from desktop.qt.field_review import Verdict
from desktop.qt.main_window import MainWindow
from desktop.services.field_marks import FieldMarkService
from tests.integration.helpers import create
from tests.ui.conftest import Opener, in_worker, sign_in
from tests.ui.test_case_view_flow import (
    COMMUTER,
    CTRL,
    claim,
    decisions,
    dialog_of,
    open_queue,
    tick_required_with_keys,
)
from tests.ui.test_main_window import demo_actor, message_boxes, stored_case

FACTS = "課税証明書では児童扶養手当の受給が確認できない。"


def first_review(services: Services, actor: Actor, kind: DecisionKind) -> CaseRecord:
    """*actor* claims the next commuter case, ticks its checklist and decides *kind*."""
    procedure = services.ctx.procedure(COMMUTER)

    def work() -> CaseRecord:
        case = services.queue.claim_next(actor, COMMUTER)
        for item in sorted(procedure.required_items(Stage.FIRST_REVIEW)):
            services.review.set_checked(actor, case.id, item)
        request = (DecisionRequest(kind, (procedure.refusal_reasons[0].code,), FACTS)
                   if kind == DecisionKind.REJECT else DecisionRequest(kind))
        return services.review.decide(actor, case.id, request)

    return in_worker(work)


def test_the_checker_sees_the_first_review_and_agrees_or_sends_back(
        qtbot: QtBot, desk: ReviewDesk, direct_services: Services) -> None:
    operator = demo_actor(direct_services, "operator1")
    rejected = first_review(direct_services, operator, DecisionKind.REJECT)
    approved = first_review(direct_services, operator, DecisionKind.APPROVE)
    assert rejected.status == approved.status == Status.AWAITING_DOUBLE_CHECK
    procedure = direct_services.ctx.procedure(COMMUTER)

    window = sign_in(qtbot, desk, "checker1")
    open_queue(qtbot, window, COMMUTER, Stage.DOUBLE_CHECK)
    view = claim(qtbot, window)
    held = window.held_case
    assert held is not None and held.id in (rejected.id, approved.id)
    summary = view.first_review
    assert summary.isVisible() and "operator1" in summary.title()
    if held.id == rejected.id:
        assert summary.value("判定") == "却下"
        assert summary.value("理由") == procedure.refusal_reasons[0].label
        assert summary.value("記載") == FACTS
    else:
        assert summary.value("判定") == "承認"
    ticks = (summary.value("確認項目") or "").splitlines()
    assert len(ticks) == len(procedure.checklist(Stage.FIRST_REVIEW))
    assert all(line.startswith("✓") for line in ticks)  # as the first reviewer left them
    assert view.checklist.heading.text().startswith("確認項目（二次審査）")
    confirm = view.decision_bar.decision_actions[DecisionKind.CONFIRM]
    approve = view.decision_bar.decision_actions[DecisionKind.APPROVE]
    assert confirm.isVisible() and not approve.isVisible()
    assert not confirm.isEnabled() and "必須の確認項目" in confirm.toolTip()

    tick_required_with_keys(qtbot, window, view.checklist.view)
    assert confirm.isEnabled()
    qtbot.keyClick(view.checklist.view, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.held_case is not None and window.held_case.id != held.id,
                    timeout=10000)
    final = stored_case(direct_services, held.id)
    assert final.status == (Status.REJECTED if held.id == rejected.id else Status.APPROVED)
    assert [(d.kind, d.user_name) for d in decisions(direct_services, held.id)] == [
        ("reject" if held.id == rejected.id else "approve", "operator1"),
        ("confirm", "checker1")]

    other = window.held_case
    assert other is not None and other.id in (rejected.id, approved.id)
    qtbot.keyClick(view.checklist.view, Qt.Key.Key_F7)
    dialog = dialog_of(qtbot, view, DecisionKind.SEND_BACK)
    assert "保留・差戻しには理由の記載が必要です" in dialog.confirm_button.toolTip()
    dialog.note.insertPlainText("定期券の写しの区間が申請内容と異なるため再確認してください。")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.held_case is None, timeout=10000)  # queue now empty
    sent_back = stored_case(direct_services, other.id)
    assert sent_back.status == Status.RESUBMITTED and sent_back.pending is None
    last = decisions(direct_services, other.id)[-1]
    assert (last.kind, last.user_name) == ("send_back", "checker1")
    assert last.note == "定期券の写しの区間が申請内容と異なるため再確認してください。"


def sign_in_typed(qtbot: QtBot, desk: ReviewDesk, user: str, password: str) -> MainWindow:
    login = desk.login
    qtbot.waitUntil(login.ok_button.isEnabled)
    qtbot.keyClicks(login.ui.userEdit, user)
    qtbot.keyClicks(login.ui.passwordEdit, password)
    qtbot.keyClick(login.ui.passwordEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible())
    assert desk.window is not None
    return desk.window


def test_the_checker_cannot_double_check_their_own_first_review(
        qtbot: QtBot, sqlite_template: Path, tmp_path: Path, procedures: dict[str, Procedure],
        settings: QSettings, gui_thread_guard: None) -> None:
    path = tmp_path / "four-eyes.sqlite3"
    shutil.copy(sqlite_template, path)
    opener = Opener(path, procedures)
    try:
        services = opener()

        def setup() -> CaseRecord:
            services.admin.add_user(SYSTEM, "chk", Role.CHECKER, "chk-password-1", "点検 花子")
            return create(services, services.admin.authenticate("chk", "chk-password-1"),
                          COMMUTER)

        case = in_worker(setup)
        desk = ReviewDesk(opener, demo=False, settings=settings)
        try:
            desk.start()
            window = sign_in_typed(qtbot, desk, "chk", "chk-password-1")
            open_queue(qtbot, window, COMMUTER)
            view = claim(qtbot, window)
            tick_required_with_keys(qtbot, window, view.checklist.view)
            qtbot.keyClick(view.checklist.view, Qt.Key.Key_Return, CTRL)
            qtbot.waitUntil(lambda: window.held_case is None, timeout=10000)
            assert stored_case(services, case.id).status == Status.AWAITING_DOUBLE_CHECK

            open_queue(qtbot, window, COMMUTER, Stage.DOUBLE_CHECK)
            qtbot.keyClick(window.ui.caseTable, Qt.Key.Key_F2)
            qtbot.waitUntil(lambda: bool(message_boxes(window)))
            text = message_boxes(window)[0].text()
            assert "chk が一次審査した案件（1件）だけです" in text and "別の担当者" in text
            assert window.held_case is None
            stored = stored_case(services, case.id)
            assert stored.status == Status.AWAITING_DOUBLE_CHECK and stored.holder_id is None
            message_boxes(window)[0].accept()

            # Even if the case reached the checker's screen (here: forced into their
            # hands behind the services' back), the screen refuses, and so does the service.
            chk = in_worker(lambda: services.admin.authenticate("chk", "chk-password-1"))

            def force() -> None:
                now = services.ctx.now()
                with services.ctx.uow(write=True) as uow:
                    uow.cases.update(case.id, stored.version,
                                     {"status": Status.IN_DOUBLE_CHECK, "holder_id": chk.id,
                                      "lease_expires_at": now + timedelta(minutes=15)},
                                     "test", now)
                    uow.commit()

            in_worker(force)
            window.session.open(in_worker(lambda: services.review.show(chk, case.id)))
            window.ui.workStack.setCurrentWidget(window.ui.casePage)
            confirm = window.case_view.decision_bar.decision_actions[DecisionKind.CONFIRM]
            assert not confirm.isEnabled()
            assert "chk は二次審査できません（ダブルチェック）" in confirm.toolTip()
            window.session.decide(DecisionRequest(DecisionKind.CONFIRM))  # bypass the button
            qtbot.waitUntil(window.case_view.banner.isVisible)
            assert "chk は二次審査できません" in window.case_view.banner.text.text()
            assert stored_case(services, case.id).status == Status.IN_DOUBLE_CHECK
        finally:
            desk.shutdown()
    finally:
        opener.close_all()


def test_the_checker_sees_the_first_reviewers_field_marks_beside_their_own(
        qtbot: QtBot, desk: ReviewDesk, direct_services: Services) -> None:
    operator = demo_actor(direct_services, "operator1")
    procedure = direct_services.ctx.procedure(COMMUTER)
    defect = procedure.defect_codes[0]
    marks = FieldMarkService(direct_services.ctx)

    def first_review_with_marks() -> CaseRecord:
        case = direct_services.queue.claim_next(operator, COMMUTER)
        marks.mark_field(operator, case.id, "applicant_name", "ok")
        marks.mark_field(operator, case.id, "address", "ng", "番地の記載がありません",
                         defect.code)
        for item in sorted(procedure.required_items(Stage.FIRST_REVIEW)):
            direct_services.review.set_checked(operator, case.id, item)
        return direct_services.review.decide(operator, case.id,
                                             DecisionRequest(DecisionKind.APPROVE))

    case = in_worker(first_review_with_marks)
    window = sign_in(qtbot, desk, "checker1")
    open_queue(qtbot, window, COMMUTER, Stage.DOUBLE_CHECK)
    view = claim(qtbot, window)
    assert window.held_case is not None and window.held_case.id == case.id
    qtbot.waitUntil(lambda: not view.marks.saving)
    name_label = procedure.field("applicant_name").label
    assert view.first_review.value("項目ごとの確認") == (
        f"✓　{name_label}\n✗　住所：【{defect.label}】番地の記載がありません")
    assert view.fields.first_review_mark("address") == (
        f"一次審査: ✗ 【{defect.label}】番地の記載がありません")
    assert view.fields.first_review_mark("applicant_name") == "一次審査: ✓ 一致"
    assert view.fields.first_review_mark("phone") == "一次審査: 未確認"
    # The checker's own marks start empty: the first reviewer's are only shown.
    assert view.fields.verdict("address") == Verdict.OPEN and not view.fields.defects()

    qtbot.mouseClick(view.fields.row("address").ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.marks.saving)
    stored = in_worker(lambda: marks.marks(operator, case.id))
    assert {f: (m.mark.value, m.marked_by) for f, m in stored.stage(Stage.DOUBLE_CHECK)
            .items()} == {"address": ("ok", "checker1")}
    assert stored.stage(Stage.FIRST_REVIEW)["address"].note == "番地の記載がありません"

    window.ui.actionRelease.trigger()  # the checker's mark and the summary come back
    qtbot.waitUntil(lambda: window.held_case is None)
    view = claim(qtbot, window)
    qtbot.waitUntil(lambda: not view.marks.saving)
    assert view.fields.verdict("address") == Verdict.OK
    assert "✗　住所" in (view.first_review.value("項目ごとの確認") or "")
