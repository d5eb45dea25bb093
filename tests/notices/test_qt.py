"""The Qt side of notices: printing through QPrinter (to a PDF file and to CUPS), the
batch dialog, and the enclosure-check screen driven like a keyboard-wedge scanner."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from desktop.app import Services
from desktop.domain.workflow import Status
from desktop.qt.enclosure_dialog import EnclosureDialog
from desktop.qt.printing import PrintBatchDialog, QtPrinterSpooler, a4_printer
from desktop.qt.tasks import TaskRunner
from desktop.services.notice_batch import BatchOutput, BatchSelection
from tests.conftest import Users
from tests.notices import pdftools, samples
from tests.notices.test_cups import printer  # noqa: F401 - the CUPS printer fixture
from tests.notices.workflow import decided

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def runner(qapp: object, gui_thread_gc: None) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    assert r.shutdown(30_000)


def test_qprinter_prints_the_batch_at_full_size(services: Services, users: Users,
                                                tmp_path: Path, qapp: object) -> None:
    case = decided(services, users.operator, users.checker, samples.FLU, "reject")
    qprinter = a4_printer()
    qprinter.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    qprinter.setOutputFileName(str(tmp_path / "printed.pdf"))
    result = services.notices.run_batch(users.print_staff, BatchSelection(samples.FLU),
                                        BatchOutput(spooler=QtPrinterSpooler(qprinter)))
    assert not result.failed and [p.case_id for p in result.printed] == [case.id]
    printed = tmp_path / "printed.pdf"
    assert pdftools.pages(printed) == result.sheets
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True,
                          check=True).stdout
    assert "595 x 842 pts (A4)" in info  # 100 %: the address stays in the window
    codes = pdftools.codes(printed, scale=1.5)
    assert [c.sheet if c else None for c in codes] == list(range(1, result.sheets + 1))
    assert services.review.show(users.supervisor, case.id).case.status == Status.NOTICE_PRINTED


def test_qprinter_through_cups(services: Services, users: Users, printer: str,  # noqa: F811
                               qapp: object) -> None:
    decided(services, users.operator, users.checker, samples.MOVE_IN, "approve")

    def jobs() -> set[str]:
        out = subprocess.run(["lpstat", "-W", "all", "-o", printer], capture_output=True,
                             text=True, check=True).stdout
        return {line.split()[0] for line in out.splitlines() if line.strip()}

    before = jobs()
    result = services.notices.run_batch(
        users.print_staff, BatchSelection(samples.MOVE_IN),
        BatchOutput(spooler=QtPrinterSpooler(a4_printer(printer))))
    assert not result.failed and result.sheets == 3
    deadline = time.monotonic() + 90
    new: set[str] = set()
    while time.monotonic() < deadline:
        new = jobs() - before
        done = subprocess.run(["lpstat", "-W", "completed", "-o", printer],
                              capture_output=True, text=True, check=True).stdout
        if new and all(j in done for j in new):
            break
        time.sleep(0.5)
    [job] = new
    out = Path(os.environ.get("REVIEW_DESK_TEST_PRINTER_OUT", "/var/spool/cups-pdf/review-desk"))
    number = job.rsplit("-", 1)[-1]
    while time.monotonic() < deadline and not list(out.glob(f"job_{number}-*.pdf")):
        time.sleep(0.25)
    [file] = out.glob(f"job_{number}-*.pdf")
    time.sleep(0.5)
    assert pdftools.pages(file) == 3


def test_batch_dialog_prints_and_reports(services: Services, users: Users, tmp_path: Path,
                                         qtbot: QtBot, runner: TaskRunner) -> None:
    for _ in range(2):
        decided(services, users.operator, users.checker, samples.MOVE_IN, "approve")
    dialog = PrintBatchDialog(services.notices, users.print_staff, runner)
    qtbot.addWidget(dialog)
    dialog.procedure.setCurrentIndex(dialog.procedure.findData(samples.MOVE_IN))
    dialog.refresh_count()
    assert runner.wait_for_idle()
    assert dialog.count.text().startswith("2")
    dialog.folder.setText(str(tmp_path))
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    assert runner.wait_for_idle(60_000)
    assert dialog.batch_result is not None and len(dialog.batch_result.printed) == 2
    qtbot.waitUntil(lambda: dialog.bar.value() == dialog.bar.maximum() == 2)
    assert "バッチ" in dialog.log.toPlainText()
    assert dialog.count.text().startswith("0")


def test_enclosure_screen_with_a_scanner(services: Services, users: Users, tmp_path: Path,
                                         qtbot: QtBot, runner: TaskRunner) -> None:
    for _ in range(2):
        decided(services, users.operator, users.checker, samples.MOVE_IN, "approve")
    result = services.notices.run_batch(users.print_staff, BatchSelection(samples.MOVE_IN),
                                        BatchOutput(directory=tmp_path))
    codes = [c.text for c in pdftools.codes(Path(result.files[0])) if c]
    first, second = result.printed
    dialog = EnclosureDialog(services.enclosure, users.print_staff, runner)
    qtbot.addWidget(dialog)
    assert not dialog.field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)

    def scan(code: str) -> None:
        qtbot.keyClicks(dialog.field, code)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

    for code in codes[:3]:  # all sheets of the first case, typed as fast as a scanner
        scan(code)
    assert runner.wait_for_idle()
    assert dialog.last is not None and dialog.last.outcome == "confirmed"
    assert first.case_number in dialog.cases.text()
    assert dialog.field.text() == ""
    scan(codes[3])  # first sheet of the second case …
    scan(codes[0])  # … then a sheet of the first case: wrong envelope
    assert runner.wait_for_idle()
    assert dialog.last is not None and dialog.last.outcome == "mismatch"
    assert second.case_number in dialog.cases.text()
    assert first.case_number in dialog.cases.text()
    assert "#ffcdd2" in dialog.panel.styleSheet()
    dialog.batch.setValue(result.batch_id)
    dialog.refresh_unconfirmed()
    assert runner.wait_for_idle()
    assert dialog.unconfirmed.count() == 1
    assert second.case_number in dialog.unconfirmed.item(0).text()
