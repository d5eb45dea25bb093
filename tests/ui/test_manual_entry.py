"""Manual entry of phone and paper applications, on the seeded demo database: live
verdicts beside each field (the same as intake's), submit gating, Ctrl+Enter saving a
case in the background, a database failure that keeps everything typed, hostile text."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QGroupBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop.app import Services
from desktop.domain.cases import CaseRecord
from desktop.domain.permissions import Actor
from desktop.domain.procedures import FieldDef
from desktop.intake.validation import check_fields
from desktop.persistence.errors import DatabaseUnavailable
from desktop.persistence.uow import before_unit_of_work
from desktop.qt.manual_entry import ManualEntryDialog
from desktop.qt.manual_entry_fields import FieldEditor, ProcedureForm, address_candidates
from desktop.qt.tasks import TaskRunner
from tests.naughty import naughty_strings
from tests.ui.conftest import in_worker

FLU = "flu-free-certificate"
MOVE_IN = "move-in-reservation"

#: A complete flu-certificate application, as an operator types it.
FLU_TYPED: dict[str, str] = {
    "applicant_name": "山田 太郎", "applicant_kana": "ヤマダ タロウ",
    "applicant_birth_date": "昭和30年4月1日", "postal_code": "650-0001",
    "address": "神戸市中央区加納町6丁目5-1", "phone": "078-331-8181",
}
FLU_CHOSEN: dict[str, Any] = {
    "application_route": "電話", "eligibility_basis": "介護保険料 第1段階",
    "resident_on_jan1": True, "is_proxy": False,
}


def demo_actor(services: Services, name: str) -> Actor:
    def login() -> Actor:
        password = next(a["password"] for a in services.admin.demo_accounts()
                        if a["name"] == name)
        return services.admin.authenticate(name, password)

    return in_worker(login)


def stored(services: Services, case_id: int) -> CaseRecord:
    def read() -> CaseRecord:
        with services.ctx.uow() as uow:
            case = uow.cases.get(case_id)
        assert case is not None
        return case

    return in_worker(read)


def case_count(services: Services) -> int:
    return in_worker(lambda: services.admin.stats(demo_actor(services, "sv1")).total)


@pytest.fixture
def make_dialog(qtbot: QtBot, runner: TaskRunner, direct_services: Services,
                gui_thread_guard: None) -> Iterator[Callable[[str], ManualEntryDialog]]:
    def make(user: str = "operator1") -> ManualEntryDialog:
        dialog = ManualEntryDialog(runner, direct_services, demo_actor(direct_services, user),
                                   language="ja")
        qtbot.addWidget(dialog)
        dialog.choose_procedure(FLU)
        with qtbot.waitActive(dialog):  # focus and shortcuts work as on a desk
            dialog.show()
            dialog.activateWindow()
        return dialog

    yield make
    assert runner.wait_for_idle()


def editor(dialog: ManualEntryDialog, field_id: str) -> FieldEditor:
    return dialog.form.editors[field_id]


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type *text* as a person would: ASCII on the keyboard, everything else committed
    by the input method (as a Japanese IME does), one run at a time. Control characters
    cannot be typed into a line edit and are skipped (pasting is tested apart)."""
    run = ""
    for ch in text + "\x00":
        if " " <= ch <= "~" or ch == "\x00":
            if run:
                event = QInputMethodEvent("", [])
                event.setCommitString(run)
                QApplication.sendEvent(widget, event)
                run = ""
            if ch != "\x00":
                qtbot.keyClick(widget, ch)
        elif ch >= "\xa0":
            run += ch


def type_into(qtbot: QtBot, dialog: ManualEntryDialog, field_id: str, text: str) -> FieldEditor:
    e = editor(dialog, field_id)
    assert isinstance(e.editor, QLineEdit)
    e.editor.setFocus()
    e.editor.selectAll()
    qtbot.keyClick(e.editor, Qt.Key.Key_Delete)
    type_text(qtbot, e.editor, text)
    return e


def choose(qtbot: QtBot, dialog: ManualEntryDialog, field_id: str, value: Any) -> None:
    e = editor(dialog, field_id)
    assert isinstance(e.editor, QComboBox)
    wanted = ("はい" if value else "いいえ") if isinstance(value, bool) else value
    index = e.editor.findText(wanted)
    assert index >= 0, wanted
    e.editor.setFocus()
    e.editor.setCurrentIndex(index)  # a person would pick it with the arrow keys


def fill_flu(qtbot: QtBot, dialog: ManualEntryDialog, **typed: str) -> None:
    for field_id, text in (FLU_TYPED | typed).items():
        type_into(qtbot, dialog, field_id, text)
    for field_id, value in FLU_CHOSEN.items():
        choose(qtbot, dialog, field_id, value)


# ------------------------------------------------------------------ live verdicts


def test_each_field_says_what_is_wrong_as_the_operator_types(
        qtbot: QtBot, make_dialog: Callable[..., ManualEntryDialog]) -> None:
    dialog = make_dialog()
    phone = type_into(qtbot, dialog, "phone", "078-33")
    assert phone.mark.text() == "✗"
    assert phone.message.text() == "「078-33」は電話番号として正しくありません（0から始まる10〜11桁）"
    assert phone.message.isVisible()
    type_text(qtbot, phone.editor, "1-8181")
    assert (phone.mark.text(), phone.message.isVisible()) == ("✓", False)

    kana = type_into(qtbot, dialog, "applicant_kana", "山田")
    assert kana.mark.text() == "✗" and "カタカナ・ひらがなではありません" in kana.message.text()
    kana = type_into(qtbot, dialog, "applicant_kana", "ﾔﾏﾀﾞ ﾀﾛｳ")
    assert kana.mark.text() == "✓"

    birth = type_into(qtbot, dialog, "applicant_birth_date", "S30.4.1")
    assert (birth.mark.text(), birth.message.text()) == ("✓", "昭和30年（1955年）4月1日")
    birth = type_into(qtbot, dialog, "applicant_birth_date", "令和5年2月30日")
    assert birth.mark.text() == "✗" and birth.message.text()

    postal = type_into(qtbot, dialog, "postal_code", "６５０－０００１")
    assert (postal.mark.text(), postal.message.text()) == ("✓", "〒 兵庫県神戸市中央区加納町")
    postal = type_into(qtbot, dialog, "postal_code", "650-00")
    assert postal.mark.text() == "✗"


def test_a_required_field_is_flagged_once_visited_not_before(
        qtbot: QtBot, make_dialog: Callable[..., ManualEntryDialog]) -> None:
    dialog = make_dialog()
    name = editor(dialog, "applicant_name")
    assert name.mark.text() == "" and not name.message.isVisible()
    name.editor.setFocus()
    editor(dialog, "applicant_kana").editor.setFocus()  # leave it empty
    assert name.mark.text() == "✗"
    assert name.message.text() == "必須項目「氏名」が空です"
    assert name.mark.accessibleName() == "誤り"  # not by colour alone, for screen readers too


def test_the_postal_code_offers_its_address_and_never_overwrites_one(
        qtbot: QtBot, make_dialog: Callable[..., ManualEntryDialog]) -> None:
    dialog = make_dialog()
    postal = type_into(qtbot, dialog, "postal_code", "6500001")
    assert postal.fill_button is not None and postal.fill_button.isEnabled()
    qtbot.mouseClick(postal.fill_button, Qt.MouseButton.LeftButton)
    address = editor(dialog, "address")
    assert address.value() == "兵庫県神戸市中央区加納町"
    type_text(qtbot, address.editor, "6丁目5-1")
    type_into(qtbot, dialog, "postal_code", "650-0001")
    assert not postal.fill_button.isEnabled()
    dialog.form.fill_address("postal_code")
    assert address.value() == "兵庫県神戸市中央区加納町6丁目5-1"
    assert address_candidates("068-0546")[:2] == ["北海道夕張市南部青葉町", "北海道夕張市南部菊水町"]
    assert address_candidates("000-0000") == [] and address_candidates("12") == []


TYPED_CASES = [
    ("phone", "078-331-8181"), ("phone", "０７８（３３１）８１８１"), ("phone", "+81 78 331 8181"),
    ("phone", "78-331-8181"), ("phone", "078-331-8181 内線2"), ("phone", "０９０１２３４５６７８"),
    ("applicant_birth_date", "令和5年4月1日"), ("applicant_birth_date", "R5.4.1"),
    ("applicant_birth_date", "S45/1/1"), ("applicant_birth_date", "1990-01-02"),
    ("applicant_birth_date", "H31.5.1"), ("applicant_birth_date", "1990/13/01"),
    ("applicant_birth_date", "昨日"), ("postal_code", "〒650-0001"), ("postal_code", "6500001"),
    ("postal_code", "999-9999"), ("postal_code", "65O-0001"),
    ("applicant_kana", "やまだ たろう"), ("applicant_kana", "ヤマダ・タロウ"),
    ("applicant_kana", "Yamada"), ("insured_number", "0123456789"), ("insured_number", "123"),
    ("applicant_name", "髙橋 𠮷子"), ("applicant_name", "x" * 61),
]


@pytest.mark.parametrize(("field_id", "text"), TYPED_CASES)
def test_the_verdict_is_intakes_verdict(qtbot: QtBot,
                                        make_dialog: Callable[..., ManualEntryDialog],
                                        field_id: str, text: str) -> None:
    dialog = make_dialog()
    e = type_into(qtbot, dialog, field_id, text)
    assert e.value() == text  # typed as is (full-width, symbols, astral characters)
    procedure = dialog.form.procedure
    _, problems, warnings = check_fields(procedure, {field_id: text})
    mine = [p for p in problems if p.field == field_id]
    if mine:
        assert e.mark.text() == "✗" and e.message.text() in mine[0].message_ja
    elif warnings:
        assert e.mark.text() == "⚠" and e.message.text() in warnings[0].message_ja
    else:
        assert e.mark.text() == "✓"


def test_the_individual_number_check_digit(qtbot: QtBot, procedures: dict[str, Any]) -> None:
    number = FieldDef("individual_number", "個人番号", "Individual number", "mynumber", False,
                      "申請者", "Applicant")
    procedure = dataclasses.replace(procedures[FLU],
                                    fields=(*procedures[FLU].fields, number))
    form = ProcedureForm(procedure, "ja")
    qtbot.addWidget(form)
    e = form.editors["individual_number"]
    assert isinstance(e.editor, QLineEdit)
    assert e.editor.echoMode() == QLineEdit.EchoMode.PasswordEchoOnEdit  # masked once left
    type_text(qtbot, e.editor, "123456789012")
    assert e.mark.text() == "✗"
    assert e.message.text() == "個人番号のチェックデジットが一致しません。番号を確認してください。"
    qtbot.keyClick(e.editor, Qt.Key.Key_Backspace)
    type_text(qtbot, e.editor, "8")  # 12345678901 → check digit 8 (DESIGN §5)
    assert e.mark.text() == "✓"


# ------------------------------------------------------------------ submitting


def test_submit_is_disabled_with_a_tooltip_naming_what_is_missing(
        qtbot: QtBot, make_dialog: Callable[..., ManualEntryDialog], runner: TaskRunner) -> None:
    dialog = make_dialog()
    assert not dialog.submit_button.isEnabled()
    tip = dialog.submit_button.toolTip()
    assert tip.startswith("未入力の必須項目: 氏名、フリガナ、生年月日、郵便番号、住所、")
    type_into(qtbot, dialog, "phone", "12")
    assert "誤りのある項目: 電話番号（日中の連絡先）" in dialog.submit_button.toolTip()
    assert runner.wait_for_idle()
    qtbot.keyClick(editor(dialog, "phone").editor, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    assert runner.pending_count == 0  # nothing sent
    name = editor(dialog, "applicant_name")
    assert name.mark.text() == "✗" and name.message.text() == "必須項目「氏名」が空です"
    assert QApplication.focusWidget() is name.editor  # straight to the first problem


def test_ctrl_enter_saves_a_case_and_shows_its_number(
        qtbot: QtBot, make_dialog: Callable[..., ManualEntryDialog],
        direct_services: Services) -> None:
    dialog = make_dialog()
    fill_flu(qtbot, dialog)
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData("paper"))
    type_into_header = dialog.received_edit
    type_text(qtbot, type_into_header, "R8.11.20")
    assert dialog.submit_button.isEnabled(), dialog.submit_button.toolTip()
    with qtbot.waitSignal(dialog.case_created, timeout=10_000) as created:
        qtbot.keyClick(editor(dialog, "phone").editor, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
        assert not dialog.submit_button.isEnabled()  # busy: no second save
    case = created.args[0]
    assert isinstance(case, CaseRecord)
    assert dialog.banner.text().startswith(f"✓ 案件 {case.number} を登録しました（受付番号 PAPER-")
    saved = stored(direct_services, case.id)
    assert saved.source == "paper" and saved.procedure_code == FLU
    assert saved.fields["applicant_name"] == "山田 太郎"
    assert saved.fields["resident_on_jan1"] is True and saved.fields["is_proxy"] is False
    assert saved.received_at.date().isoformat() == "2026-11-19"  # 20 Nov 00:00 JST in UTC
    # Ready for the next application: fields empty, procedure and source kept.
    assert dialog.form.values() == {} and dialog.procedure_code == FLU
    assert dialog.source_combo.currentData() == "paper"


def test_a_database_failure_keeps_everything_typed_and_a_retry_saves_once(
        qtbot: QtBot, make_dialog: Callable[..., ManualEntryDialog],
        direct_services: Services) -> None:
    dialog = make_dialog()
    fill_flu(qtbot, dialog)
    typed = dialog.form.values()
    before = case_count(direct_services)
    down = [True]

    def unreachable() -> None:
        if down[0]:
            raise DatabaseUnavailable("データベース（SQLite: demo）に接続できません", "down")

    before_unit_of_work.append(unreachable)
    try:
        with qtbot.waitSignal(dialog.save_failed, timeout=10_000):
            dialog.submit()
        assert dialog.banner.text().startswith(
            "✗ 保存できませんでした: データベース（SQLite: demo）に接続できません")
        assert "入力した内容はそのまま残っています" in dialog.banner.text()
        assert dialog.form.values() == typed and dialog.submit_button.isEnabled()
        down[0] = False
        with qtbot.waitSignal(dialog.case_created, timeout=10_000):
            qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    finally:
        before_unit_of_work.remove(unreachable)
    assert case_count(direct_services) == before + 1


def test_a_refusal_by_the_service_is_shown_at_the_field(
        qtbot: QtBot, make_dialog: Callable[..., ManualEntryDialog]) -> None:
    dialog = make_dialog("print1")  # print staff may not create cases
    fill_flu(qtbot, dialog)
    assert not dialog.submit_button.isEnabled()
    assert dialog.submit_button.toolTip() == "この役割では申請を登録できません"


def test_switching_procedures_keeps_each_form(
        qtbot: QtBot, make_dialog: Callable[..., ManualEntryDialog]) -> None:
    dialog = make_dialog()
    type_into(qtbot, dialog, "applicant_name", "山田 太郎")
    dialog.choose_procedure(MOVE_IN)
    assert dialog.form.values() == {}
    assert [b.title() for b in dialog.form.findChildren(QGroupBox)][:2] == ["届出人", "異動内容"]
    dialog.choose_procedure(FLU)
    assert dialog.form.values() == {"applicant_name": "山田 太郎"}


def test_escape_with_typed_values_asks_before_discarding(
        qtbot: QtBot, make_dialog: Callable[..., ManualEntryDialog]) -> None:
    dialog = make_dialog()
    name = type_into(qtbot, dialog, "applicant_name", "山田")
    qtbot.keyClick(name.editor, Qt.Key.Key_Return)  # Enter neither saves nor closes
    qtbot.keyClick(name.editor, Qt.Key.Key_Escape)
    assert dialog.isVisible() and "もう一度 Esc" in dialog.banner.text()
    qtbot.keyClick(name.editor, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


# ------------------------------------------------------------------ hostile text


def _blns() -> list[str]:
    return [s for s in naughty_strings() if isinstance(s, str) and s]


@pytest.mark.slow
def test_naughty_strings_typed_into_a_field_are_saved_or_refused_with_a_message(
        qtbot: QtBot, make_dialog: Callable[..., ManualEntryDialog],
        direct_services: Services) -> None:
    dialog = make_dialog()
    fill_flu(qtbot, dialog)
    saved = refused = 0
    for text in _blns():
        if not dialog.form.values():  # emptied by the last save; the string is what is typed
            dialog.form.set_values(FLU_TYPED | FLU_CHOSEN)
        name = type_into(qtbot, dialog, "applicant_name", text)
        typed = name.value()
        if not typed.strip() or not dialog.submit_button.isEnabled():
            assert name.mark.text() == "✗" and name.message.text(), repr(text)
            assert not dialog.submit_button.isEnabled()
            refused += 1
            continue
        with qtbot.waitSignal(dialog.case_created, timeout=10_000) as created:
            dialog.submit()
        assert stored(direct_services, created.args[0].id).fields["applicant_name"] == typed
        saved += 1
    assert saved > 400 and refused > 0, (saved, refused)


@pytest.mark.parametrize("text", ["a\x00b", "名\x07前", "\x1b[31m赤\x1b[0m"])
def test_pasted_control_characters_are_refused_with_a_message(
        qtbot: QtBot, make_dialog: Callable[..., ManualEntryDialog], runner: TaskRunner,
        text: str) -> None:
    dialog = make_dialog()
    fill_flu(qtbot, dialog)
    name = editor(dialog, "applicant_name")
    name.set_value(text)  # pasted text keeps what typing cannot produce
    assert name.mark.text() == "✗"
    assert "文字" in name.message.text() and not dialog.submit_button.isEnabled()
    assert runner.wait_for_idle()
    dialog.submit()
    assert runner.pending_count == 0
