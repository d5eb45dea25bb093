"""The operator's day with real widgets on the seeded demo database: get next (F2), tick
the checklist with the number keys, decide, and the next case opens by itself."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.app import Services
from desktop.domain.business_days import add_business_days
from desktop.domain.cases import DecisionRecord
from desktop.domain.decisions import DecisionKind
from desktop.domain.workflow import Stage, Status
from desktop.qt.application import ReviewDesk
from desktop.qt.case_view import CaseView
from desktop.qt.decision_dialogs import DecisionDialog
from desktop.qt.main_window import AUTO_NEXT_KEY, MainWindow
from tests.ui.conftest import in_worker, sign_in
from tests.ui.test_main_window import stored_case

COMMUTER = "commuter-pass-subsidy"  # double check on every case
FLU = "flu-free-certificate"
CTRL = Qt.KeyboardModifier.ControlModifier
DIGITS = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5,
          Qt.Key.Key_6, Qt.Key.Key_7, Qt.Key.Key_8, Qt.Key.Key_9]


def open_queue(qtbot: QtBot, window: MainWindow, code: str,
               stage: Stage = Stage.FIRST_REVIEW) -> None:
    qtbot.waitUntil(lambda: window.queues.entry_count() > 0)
    assert window.queues.select((code, stage))
    qtbot.waitUntil(lambda: not window.model.loading)


def claim(qtbot: QtBot, window: MainWindow) -> CaseView:
    """Press F2 and wait until the claimed case is on screen."""
    before = window.held_case
    qtbot.keyClick(window.ui.caseTable if window.ui.caseTable.isVisible()
                   else window.case_view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.held_case is not None and window.held_case is not before,
                    timeout=10000)
    view = window.case_view
    assert view.isVisible() and not window.ui.caseTable.isVisible()
    return view


def tick_required_with_keys(qtbot: QtBot, window: MainWindow, target: QWidget) -> None:
    """Press the number key of every required item of the stage, then wait for the saves."""
    view = window.case_view
    for n, item in enumerate(view.checklist.model.items):
        if item.required:
            qtbot.keyClick(target, DIGITS[n])
    qtbot.waitUntil(lambda: not window.session.saving)


def decisions(services: Services, case_id: int) -> list[DecisionRecord]:
    def read() -> list[DecisionRecord]:
        with services.ctx.uow() as uow:
            return uow.cases.decisions(case_id)

    return in_worker(read)


def dialog_of(qtbot: QtBot, view: CaseView, kind: DecisionKind) -> DecisionDialog:
    """The decision dialog *kind*, open and active (Ctrl+Enter reaches active windows)."""
    dialog = view.dialogs.get(kind)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_number_keys_tick_the_checklist_then_approve_opens_the_next_case(
        qtbot: QtBot, desk: ReviewDesk, direct_services: Services) -> None:
    window = sign_in(qtbot, desk, "operator1")
    open_queue(qtbot, window, COMMUTER)
    view = claim(qtbot, window)
    first = window.held_case
    assert first is not None and view.summary.value("案件番号") == first.number
    approve = view.decision_bar.decision_actions[DecisionKind.APPROVE]
    assert not approve.isEnabled()
    assert "(Ctrl+Enter)" in approve.toolTip() and "できない理由" in approve.toolTip()
    items = view.checklist.model.items
    assert all(f"「{i.label}」が未チェックです" in approve.toolTip() for i in items if i.required)
    assert view.decision_bar.hint.text().startswith(
        f"必須の確認項目が残り {sum(i.required for i in items)} 件です（次は 1.")

    tick_required_with_keys(qtbot, window, view.checklist.view)
    assert approve.isEnabled() and "できない理由" not in approve.toolTip()
    ticked = stored_case(direct_services, first.id).checked_in(Stage.FIRST_REVIEW)
    assert ticked == {i.key for i in items if i.required}
    qtbot.keyClick(view.checklist.view, DIGITS[0])  # a second press unticks …
    qtbot.waitUntil(lambda: not window.session.saving)
    assert not approve.isEnabled()
    qtbot.keyClick(view.checklist.view, DIGITS[0])  # … and a third ticks again
    qtbot.waitUntil(lambda: approve.isEnabled())

    qtbot.keyClick(view.checklist.view, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.held_case is not None and window.held_case.id != first.id,
                    timeout=10000)
    assert window.held_case is not None and window.held_case.status == Status.IN_FIRST_REVIEW
    assert view.isVisible() and view.summary.value("案件番号") == window.held_case.number
    assert view.checklist.model.missing_required()  # the new case starts unticked
    assert first.number in window.statusBar().currentMessage()
    decided = stored_case(direct_services, first.id)
    assert decided.status == Status.AWAITING_DOUBLE_CHECK and decided.holder_id is None
    assert decided.pending is not None and decided.pending.kind == "approve"
    assert [(d.kind, d.user_name) for d in decisions(direct_services, first.id)] == [
        ("approve", "operator1")]


def test_a_field_marked_wrong_becomes_the_defect_of_the_return(
        qtbot: QtBot, desk: ReviewDesk, direct_services: Services) -> None:
    window = sign_in(qtbot, desk, "operator1")
    window.ui.actionAutoNext.setChecked(False)  # the setting is remembered …
    assert desk.settings.value(AUTO_NEXT_KEY) in (False, "false")
    open_queue(qtbot, window, FLU)
    view = claim(qtbot, window)
    held = window.held_case
    assert held is not None
    row = view.fields.row("address")
    assert row.value.text() == held.fields["address"]
    qtbot.mouseClick(row.ng, Qt.MouseButton.LeftButton)
    assert row.note.isVisible() and row.note.hasFocus()
    qtbot.keyClicks(row.note, "12")  # digits typed into a text field stay in the text
    row.note.insert(" 番地の記載が住民票と異なります")  # what an input method commits
    assert row.note.text() == "12 番地の記載が住民票と異なります"
    assert view.checklist.model.items and not window.session.checked
    approve = view.decision_bar.decision_actions[DecisionKind.APPROVE]
    assert "不備（✗）の項目があります: 住所" in approve.toolTip()

    qtbot.keyClick(view.checklist.view, Qt.Key.Key_F7)
    dialog = dialog_of(qtbot, view, DecisionKind.RETURN)
    assert dialog.note.toPlainText() == "住所：12 番地の記載が住民票と異なります"
    procedure = direct_services.ctx.procedure(FLU)
    expected_deadline = add_business_days(direct_services.ctx.today(),
                                          procedure.correction_business_days)
    assert dialog.request().deadline == expected_deadline
    assert not dialog.confirm_button.isEnabled()
    assert "補正依頼には不備項目が1つ以上必要です" in dialog.confirm_button.toolTip()
    assert dialog.code_view is not None and dialog.codes is not None
    dialog.code_view.setFocus()
    dialog.code_view.setCurrentIndex(dialog.codes.index(0))
    qtbot.keyClick(dialog.code_view, Qt.Key.Key_Space)
    assert dialog.codes.selected() == (procedure.defect_codes[0].code,)
    assert dialog.confirm_button.isEnabled()

    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.held_case is None, timeout=10000)
    assert view.dialogs == {}  # the dialog is closed and gone with its case
    assert window.ui.caseTable.isVisible()  # … so the queue is shown, no next case
    returned = stored_case(direct_services, held.id)
    assert returned.status == Status.AWAITING_CORRECTION
    assert returned.correction_deadline == expected_deadline
    last = decisions(direct_services, held.id)[-1]
    assert (last.kind, last.reasons) == ("return", (procedure.defect_codes[0].code,))
    assert last.note == "住所：12 番地の記載が住民票と異なります"
    assert "補正待ち" in window.statusBar().currentMessage()


def test_reject_without_a_reason_is_impossible(qtbot: QtBot, desk: ReviewDesk,
                                               direct_services: Services) -> None:
    desk.settings.setValue(AUTO_NEXT_KEY, False)  # as a previous session left it
    window = sign_in(qtbot, desk, "operator1")
    assert not window.auto_next and not window.ui.actionAutoNext.isChecked()
    open_queue(qtbot, window, COMMUTER)
    view = claim(qtbot, window)
    held = window.held_case
    assert held is not None
    qtbot.keyClick(view.checklist.view, Qt.Key.Key_F8)
    dialog = dialog_of(qtbot, view, DecisionKind.REJECT)
    tip = dialog.confirm_button.toolTip()
    assert not dialog.confirm_button.isEnabled()
    assert "却下には理由コードが1つ以上必要です" in tip and "理由となる事実の記載が必要です" in tip
    assert "却下には理由コードが1つ以上必要です" in dialog.missing.text()  # not only on hover
    dialog.note.insertPlainText("課税証明書の写しでは児童扶養手当の受給が確認できない。")
    assert not dialog.confirm_button.isEnabled()
    assert "事実" not in dialog.confirm_button.toolTip().split("確定できない理由:")[1]
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, CTRL)  # refused: nothing is saved
    assert desk.runner.wait_for_idle()
    assert dialog.isVisible() and window.held_case is not None
    assert stored_case(direct_services, held.id).status == Status.IN_FIRST_REVIEW
    assert decisions(direct_services, held.id) == []

    assert dialog.codes is not None
    dialog.codes.setData(dialog.codes.index(1), Qt.CheckState.Checked,
                         Qt.ItemDataRole.CheckStateRole)
    assert dialog.confirm_button.isEnabled()
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.held_case is None, timeout=10000)
    assert window.ui.caseTable.isVisible()  # no next case: the setting is off
    pending = stored_case(direct_services, held.id).pending
    reason = direct_services.ctx.procedure(COMMUTER).refusal_reasons[1].code
    assert pending is not None and (pending.kind, pending.reasons) == ("reject", (reason,))
    assert pending.note == "課税証明書の写しでは児童扶養手当の受給が確認できない。"
