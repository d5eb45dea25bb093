"""The ✓ / ✗ of each form field is kept in the database: it survives closing and
reopening the case, and a crash of the workstation; the return still lists the ✗ notes;
a mark that cannot be saved stays on screen, the banner says why, and retry saves it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from desktop.app import Services
from desktop.domain.decisions import DecisionKind
from desktop.domain.field_marks import CaseFieldMarks, Mark
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import Stage
from desktop.qt.application import ReviewDesk
from desktop.qt.case_view import CaseView
from desktop.qt.field_review import NOTE_SAVE_PAUSE_MS, Verdict
from desktop.qt.main_window import MainWindow
from desktop.services.field_marks import FieldMarkService
from tests.ui.conftest import Opener, in_worker, sign_in
from tests.ui.test_case_view_flow import FLU, claim, dialog_of, open_queue
from tests.ui.test_case_view_problems import ControlledOpener
from tests.ui.test_main_window import demo_actor, stored_case

NOTE = "番地の記載が住民票と異なります"


def stored_marks(services: Services, case_id: int) -> CaseFieldMarks:
    actor = demo_actor(services, "sv1")
    return in_worker(lambda: FieldMarkService(services.ctx).marks(actor, case_id))


def claimed_with_marks(qtbot: QtBot, desk: ReviewDesk) -> tuple[MainWindow, CaseView, int]:
    """operator1 signed in, the first flu-free case claimed and its stored marks shown."""
    window = sign_in(qtbot, desk, "operator1")
    open_queue(qtbot, window, FLU)
    view = claim(qtbot, window)
    held = window.held_case
    assert held is not None
    qtbot.waitUntil(lambda: not view.marks.saving)
    return window, view, held.id


def mark_on_screen(qtbot: QtBot, window: MainWindow, view: CaseView) -> None:
    """✗ with a note on the address, ✓ on the name (which also leaves the note)."""
    qtbot.waitUntil(lambda: not view.marks.saving)  # the stored marks are shown
    address, name = view.fields.row("address"), view.fields.row("applicant_name")
    qtbot.mouseClick(address.ng, Qt.MouseButton.LeftButton)
    assert address.note.hasFocus()
    address.note.insert(NOTE)  # what an input method commits
    qtbot.keyClick(address.note, Qt.Key.Key_Return)  # leaving the note saves it
    qtbot.mouseClick(name.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.marks.saving and not window.session.saving)


def assert_marks_shown(view: CaseView) -> None:
    address, name = view.fields.row("address"), view.fields.row("applicant_name")
    assert view.fields.verdict("address") == Verdict.DEFECT and address.ng.isChecked()
    assert address.note.text() == NOTE and address.note.isVisible()
    assert view.fields.verdict("applicant_name") == Verdict.OK and name.ok.isChecked()
    assert view.fields.verdict("phone") == Verdict.OPEN
    assert view.fields.defect_lines() == [f"住所：{NOTE}"]


def test_a_mark_survives_closing_and_reopening_the_case(
        qtbot: QtBot, desk: ReviewDesk, direct_services: Services) -> None:
    window = sign_in(qtbot, desk, "operator1")
    window.ui.actionAutoNext.setChecked(False)
    open_queue(qtbot, window, FLU)
    view = claim(qtbot, window)
    held = window.held_case
    assert held is not None
    mark_on_screen(qtbot, window, view)
    stored = stored_marks(direct_services, held.id).stage(Stage.FIRST_REVIEW)
    assert {f: (m.mark, m.note, m.marked_by) for f, m in stored.items()} == {
        "address": (Mark.NG, NOTE, "operator1"), "applicant_name": (Mark.OK, "", "operator1")}

    window.ui.actionRelease.trigger()
    qtbot.waitUntil(lambda: window.held_case is None)
    assert view.fields.field_ids() == []  # nothing of the case stays on screen
    view = claim(qtbot, window)  # the released case is first in the queue again
    assert window.held_case is not None and window.held_case.id == held.id
    qtbot.waitUntil(lambda: not view.marks.saving)
    assert_marks_shown(view)

    # Clearing a mark is stored too; the return still lists the ✗ with its note.
    qtbot.mouseClick(view.fields.row("applicant_name").ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.marks.saving)
    assert "applicant_name" not in stored_marks(direct_services, held.id).stage(
        Stage.FIRST_REVIEW)
    view.checklist.view.setFocus()
    qtbot.keyClick(view.checklist.view, Qt.Key.Key_F7)
    dialog = dialog_of(qtbot, view, DecisionKind.RETURN)
    assert dialog.note.toPlainText() == f"住所：{NOTE}"


def test_a_fresh_desk_after_a_crash_shows_the_stored_marks(
        qtbot: QtBot, opener: Opener, direct_services: Services, settings: QSettings,
        tmp_path: Path, gui_thread_guard: None) -> None:
    first = ReviewDesk(opener, demo=True, settings=settings)
    try:
        first.start()
        window = sign_in(qtbot, first, "operator1")
        open_queue(qtbot, window, FLU)
        view = claim(qtbot, window)
        held = window.held_case
        assert held is not None
        mark_on_screen(qtbot, window, view)
        window.session.clear()  # the workstation dies: nothing is given back
    finally:
        first.shutdown()
    assert stored_case(direct_services, held.id).holder_name == "operator1"

    def lease_runs_out() -> None:  # as 15 minutes later
        services, now = direct_services, direct_services.ctx.now()
        with services.ctx.uow(write=True) as uow:
            case = uow.cases.get(held.id)
            assert case is not None
            uow.cases.update(case.id, case.version,
                             {"lease_expires_at": now - timedelta(minutes=1)}, "test", now)
            uow.commit()

    in_worker(lease_runs_out)
    second = ReviewDesk(opener, demo=True,
                        settings=QSettings(str(tmp_path / "second.ini"),
                                           QSettings.Format.IniFormat))
    try:
        second.start()
        window = sign_in(qtbot, second, "operator1")
        open_queue(qtbot, window, FLU)
        view = claim(qtbot, window)  # expired leases are handed out first
        assert window.held_case is not None and window.held_case.id == held.id
        qtbot.waitUntil(lambda: not view.marks.saving)
        assert_marks_shown(view)
    finally:
        second.shutdown()


def test_a_note_is_saved_when_the_operator_pauses_typing(
        qtbot: QtBot, desk: ReviewDesk, direct_services: Services) -> None:
    """Not only when the note is left: a workstation that dies mid-sentence keeps the ✗
    and what was typed before the pause."""
    window, view, case_id = claimed_with_marks(qtbot, desk)
    address = view.fields.row("address")
    qtbot.mouseClick(address.ng, Qt.MouseButton.LeftButton)  # the ✗ is saved at once
    qtbot.waitUntil(lambda: not view.marks.saving and not window.session.saving)
    address.note.insert(NOTE)
    assert address.note.hasFocus()  # still typing: the note was not left

    def stored_note() -> str | None:
        mark = stored_marks(direct_services, case_id).stage(Stage.FIRST_REVIEW).get("address")
        return None if mark is None else mark.note

    assert stored_note() == ""
    qtbot.waitUntil(lambda: stored_note() == NOTE, timeout=NOTE_SAVE_PAUSE_MS + 5000)
    assert address.note.hasFocus() and address.note.text() == NOTE


def test_a_mark_that_cannot_be_saved_stays_on_screen_and_retry_saves_it(
        qtbot: QtBot, demo_db: Path, procedures: dict[str, Procedure], settings: QSettings,
        gui_thread_guard: None) -> None:
    controlled = ControlledOpener(demo_db, procedures)
    desk = ReviewDesk(controlled, demo=True, settings=settings)
    try:
        checks = controlled()
        desk.start()
        _window, view, case_id = claimed_with_marks(qtbot, desk)
        controlled.set_down(True, keep=checks)
        address, name = view.fields.row("address"), view.fields.row("applicant_name")
        qtbot.mouseClick(address.ng, Qt.MouseButton.LeftButton)
        address.note.insert(NOTE)
        qtbot.keyClick(address.note, Qt.Key.Key_Return)  # leaving the note saves the ✗
        qtbot.waitUntil(view.banner.isVisible)
        assert "接続できません" in view.banner.text.text()
        assert view.banner.retry_button.isVisible() and view.marks.can_retry
        qtbot.mouseClick(name.ok, Qt.MouseButton.LeftButton)  # tried, fails too, kept
        assert desk.runner.wait_for_idle()
        assert address.ng.isChecked() and address.note.text() == NOTE and name.ok.isChecked()
        assert view.marks.unsaved == ["address", "applicant_name"]
        assert stored_marks(checks, case_id).stage(Stage.FIRST_REVIEW) == {}

        controlled.set_down(False, keep=checks)
        qtbot.mouseClick(view.banner.retry_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not view.marks.saving and not view.banner.isVisible())
        stored = stored_marks(checks, case_id).stage(Stage.FIRST_REVIEW)
        assert {f: (m.mark, m.note) for f, m in stored.items()} == {
            "address": (Mark.NG, NOTE), "applicant_name": (Mark.OK, "")}
        assert not view.marks.can_retry
    finally:
        desk.shutdown()
        controlled.close_all()
