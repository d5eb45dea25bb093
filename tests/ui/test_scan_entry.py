"""Keying in scanned paper applications, on the seeded demo database: the waiting list,
opening a scan (claimed, shown in the viewer beside the entry form), Ctrl+Enter making
the case with the scan attached, the next scan opened, discarding, a scan someone else
holds, and the claim given back on close."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.app import Services, services_for
from desktop.domain.permissions import Actor, Role
from desktop.domain.procedures import Procedure
from desktop.persistence.database import open_database
from desktop.qt.scan_entry import ScanEntryDialog
from desktop.qt.scan_table_model import ScanTableModel
from desktop.qt.tasks import TaskRunner
from desktop.services.attachments import FileAttachmentStore
from desktop.services.scan_records import SCAN_DISCARDED, SCAN_DONE, ScanItemRecord
from tests.intake.scan_samples import FLU, FLU_KEYED, pdf_bytes, tiff_bytes
from tests.ui.conftest import in_worker


@pytest.fixture
def scan_services(demo_db: Path, tmp_path: Path,
                  procedures: dict[str, Procedure]) -> Iterator[Services]:
    database = open_database(str(demo_db))
    services = services_for(database, procedures, database_label=database.label,
                            attachments=FileAttachmentStore(tmp_path / "attachments"))
    yield services
    services.close()


def demo_actor(services: Services, name: str) -> Actor:
    def login() -> Actor:
        password = next(a["password"] for a in services.admin.demo_accounts()
                        if a["name"] == name)
        return services.admin.authenticate(name, password)

    return in_worker(login)


@pytest.fixture
def waiting(scan_services: Services, tmp_path: Path) -> list[ScanItemRecord]:
    """Two scans registered from a folder: a 2-page PDF and a 3-page TIFF."""
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "0001.pdf").write_bytes(pdf_bytes("0001", pages=2))
    (folder / "0002.tif").write_bytes(tiff_bytes(pages=3))
    actor = demo_actor(scan_services, "operator1")
    report = in_worker(lambda: scan_services.scans.register_folder(actor, folder, FLU))
    assert report.registered == 2
    return [f.item for f in report.files]


@pytest.fixture
def make_dialog(qtbot: QtBot, runner: TaskRunner, scan_services: Services,
                gui_thread_guard: None) -> Iterator[Callable[[str], ScanEntryDialog]]:
    def make(user: str = "operator1") -> ScanEntryDialog:
        dialog = ScanEntryDialog(runner, scan_services, demo_actor(scan_services, user),
                                 language="ja")
        qtbot.addWidget(dialog)
        with qtbot.waitActive(dialog):
            dialog.show()
            dialog.activateWindow()
        qtbot.waitUntil(lambda: not dialog.model.loading and dialog.model.total >= 0)
        return dialog

    yield make
    assert runner.wait_for_idle()


def commit_text(widget: QWidget, text: str) -> None:
    """Type Japanese as an input method commits it (QTest cannot type kanji)."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def open_first(qtbot: QtBot, dialog: ScanEntryDialog) -> None:
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    dialog.table.setFocus()
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.viewer.page_shown, timeout=15000):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.form is not None)


def test_model_passes_the_qt_model_tester(qtmodeltester: ModelTester, qtbot: QtBot,
                                          runner: TaskRunner) -> None:
    now = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
    items = [ScanItemRecord(i, FLU, "/scans", f"{i:04d}.pdf", f"sha256:{i}", "ab" * 32,
                            "application/pdf", 100, "waiting", [], "operator2" if i == 3 else None,
                            None, None, 1, "operator1", now, None, None, None)
             for i in range(1, 251)]

    def load(offset: int, limit: int) -> tuple[list[ScanItemRecord], int]:
        return items[offset:offset + limit], len(items)

    model = ScanTableModel(runner, load, lambda code: code)
    with qtbot.waitSignal(model.loaded):
        model.reload()
    assert model.rowCount() == 100 and model.canFetchMore(model.index(-1, -1))
    qtmodeltester.check(model)
    assert runner.wait_for_idle()
    assert model.index(2, 5).data() == "operator2 さんが入力中"
    model.remove(1)
    qtmodeltester.check(model)
    assert runner.wait_for_idle()


def test_open_a_scan_key_it_in_and_the_next_one_opens(
        qtbot: QtBot, make_dialog: Callable[[str], ScanEntryDialog],
        scan_services: Services, waiting: list[ScanItemRecord]) -> None:
    dialog = make_dialog("operator1")
    assert dialog.model.rowCount() == 2
    assert not dialog.ready()

    open_first(qtbot, dialog)

    assert dialog.current is not None and dialog.current.id == waiting[0].id
    assert dialog.current.holder == "operator1"  # claimed
    assert (dialog.viewer.page_count, dialog.viewer.message) == (2, None)  # the scan shows
    form = dialog.form
    assert form is not None
    form.set_values(FLU_KEYED)
    qtbot.waitUntil(dialog.ready)
    with qtbot.waitSignal(dialog.case_created, timeout=15000) as created:
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    case = created.args[0]
    assert case.receipt_number == f"SCAN-{waiting[0].id}" and case.source == "paper"
    assert "✓" in dialog.result_label.text() and case.number in dialog.result_label.text()

    # The next scan opens by itself, claimed, shown, with an empty form.
    qtbot.waitUntil(lambda: dialog.current is not None and dialog.current.id == waiting[1].id,
                    timeout=15000)
    qtbot.waitUntil(lambda: dialog.viewer.page_count == 3, timeout=15000)
    assert dialog.form is not None and not dialog.form.has_input()
    assert dialog.model.rowCount() == 1

    def stored() -> tuple[str, list[str], int | None]:
        with scan_services.ctx.uow() as uow:
            attachments = [a.sha256 for a in uow.cases.attachments(case.id)]
        item = scan_services.scans.get(demo_actor(scan_services, "sv1"), waiting[0].id)
        return item.status, attachments, item.case_id

    assert in_worker(stored) == (SCAN_DONE, [waiting[0].sha256], case.id)


def test_problems_are_shown_and_nothing_is_saved(
        qtbot: QtBot, make_dialog: Callable[[str], ScanEntryDialog],
        waiting: list[ScanItemRecord]) -> None:
    dialog = make_dialog("operator1")
    open_first(qtbot, dialog)
    form = dialog.form
    assert form is not None
    form.set_values({**FLU_KEYED, "applicant_birth_date": "いつか"})
    assert not dialog.ready()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.editors["applicant_birth_date"].mark.text() == "✗"
    assert "生年月日" in dialog.submit_button.toolTip()
    assert dialog.last_case is None and dialog.current is not None


def test_discard_with_a_reason(qtbot: QtBot, make_dialog: Callable[[str], ScanEntryDialog],
                               scan_services: Services, waiting: list[ScanItemRecord]) -> None:
    dialog = make_dialog("operator1")
    open_first(qtbot, dialog)
    assert not dialog.discard_button.isEnabled()  # no reason yet
    commit_text(dialog.discard_reason, "二重スキャン")
    assert dialog.discard_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "破棄しました" in dialog.result_label.text(), timeout=15000)
    qtbot.waitUntil(lambda: dialog.current is not None and dialog.current.id == waiting[1].id,
                    timeout=15000)
    item = in_worker(lambda: scan_services.scans.get(
        demo_actor(scan_services, "sv1"), waiting[0].id))
    assert (item.status, item.resolution_note) == (SCAN_DISCARDED, "二重スキャン")


def test_a_scan_held_by_someone_else_cannot_be_opened_and_close_gives_back(
        qtbot: QtBot, make_dialog: Callable[[str], ScanEntryDialog], runner: TaskRunner,
        scan_services: Services, waiting: list[ScanItemRecord]) -> None:
    other = demo_actor(scan_services, "operator2")
    assert other.role == Role.OPERATOR
    in_worker(lambda: scan_services.scans.claim(other, waiting[0].id))
    dialog = make_dialog("operator1")
    assert dialog.model.index(0, 5).data() == "operator2 さんが入力中"
    dialog.open_row(0)
    qtbot.waitUntil(lambda: "✗" in dialog.banner.text(), timeout=15000)
    assert "operator2" in dialog.banner.text() and dialog.current is None

    dialog.open_row(1)
    qtbot.waitUntil(lambda: dialog.current is not None, timeout=15000)
    dialog.reject()
    assert runner.wait_for_idle()
    item = in_worker(lambda: scan_services.scans.get(other, waiting[1].id))
    assert item.holder is None
