"""Printing notices through Qt's print system, and the batch print dialog.

:class:`QtPrinterSpooler` is the services' ``Spooler`` port for the desktop: the pages of
a batch's PDF are rendered with pdfium at the printer's resolution and painted on a
:class:`QPrinter`, which hands the job to the operating system's spooler (CUPS on
Linux, the Windows spooler). A job counts as accepted when Qt finished handing it over
without error; only then does the batch mark its cases printed. Pages are painted at
100 % on the full sheet: a scaled page would move the address out of the envelope window.

:class:`PrintBatchDialog` selects decided cases, chooses PDF folder and/or printer, and
runs the batch in the background with a progress bar and a cancel button; cancelling
stops between cases, so no case is left half-marked.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QCoreApplication, QDate, QMarginsF, QRectF, Qt, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QShowEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.permissions import Actor
from desktop.qt.messages import error_text, in_language
from desktop.qt.tasks import TaskRunner
from desktop.services.notice_batch import (
    BatchOutput,
    BatchProgress,
    BatchResult,
    BatchSelection,
    NoticeService,
)
from desktop.services.notice_ports import SpoolerError, SpoolTicket

_jobs = itertools.count(1)
MAX_DPI = 600


class QtPrinterSpooler:
    """Prints PDF files on a configured :class:`QPrinter` (see :func:`choose_printer`)."""

    def __init__(self, printer: QPrinter, *,
                 should_cancel: Callable[[], bool] | None = None) -> None:
        self._printer = printer
        self.should_cancel = should_cancel

    @property
    def printer(self) -> str:
        name = self._printer.printerName()
        if self._printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            return f"PDF:{self._printer.outputFileName()}"
        return name or "(default)"

    def _refused(self, detail: str) -> SpoolerError:
        return SpoolerError(
            f"プリンタ「{self.printer}」が印刷ジョブを受け付けませんでした: {detail}",
            f"the printer '{self.printer}' did not accept the print job: {detail}",
            printer=self.printer, detail=detail)

    def submit(self, pdf: Path, title: str) -> SpoolTicket:
        printer = self._printer
        printer.setDocName(title)
        printer.setFullPage(True)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
        document = pdfium.PdfDocument(str(pdf))
        painter = QPainter()
        try:
            if not painter.begin(printer):
                raise self._refused("the printer could not be opened")
            # Text and rules print crisp at 600 dpi; more only makes the job heavier.
            dpi = min(printer.resolution(), MAX_DPI)
            target = printer.paperRect(QPrinter.Unit.DevicePixel)
            for index in range(len(document)):
                if self.should_cancel is not None and self.should_cancel():
                    printer.abort()
                    raise self._refused("cancelled")
                if index and not printer.newPage():
                    raise self._refused("the printer refused a new page")
                page = document[index]
                bitmap = page.render(scale=dpi / 72.0, grayscale=True)
                image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_Grayscale8)
                # One bit per dot: a notice is black text on white (and a small job).
                mono = image.convertToFormat(
                    QImage.Format.Format_Mono,
                    Qt.ImageConversionFlag.MonoOnly | Qt.ImageConversionFlag.ThresholdDither)
                painter.drawImage(QRectF(0, 0, target.width(), target.height()), mono)
                page.close()
        finally:
            if painter.isActive() and not painter.end():
                raise self._refused("the job could not be handed to the spooler")
            document.close()
        if printer.printerState() in (QPrinter.PrinterState.Error,
                                      QPrinter.PrinterState.Aborted):
            raise self._refused(f"printer state {printer.printerState().name}")
        return SpoolTicket(self.printer, f"qt-{next(_jobs)}")


def a4_printer(name: str | None = None) -> QPrinter:
    """A high-resolution A4 printer, optionally the system printer named *name*."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if name:
        printer.setPrinterName(name)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)
    return printer


def choose_printer(parent: QWidget | None = None) -> QtPrinterSpooler | None:
    """The system print dialog; the chosen printer as a spooler (None if cancelled)."""
    printer = a4_printer()
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("PrintBatchDialog", "通知書の印刷先"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return QtPrinterSpooler(printer)


class PrintBatchDialog(QDialog):
    """Select decided cases, choose where they go, print with progress and cancel."""

    progressed = Signal(object)

    def __init__(self, notices: NoticeService, actor: Actor, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notices = notices
        self.actor = actor
        self.runner = runner
        self.spooler: QtPrinterSpooler | None = None
        self.batch_result: BatchResult | None = None
        self._cancel = False
        self.setWindowTitle(self.tr("通知書の一括印刷"))
        self.procedure = QComboBox()
        for code, procedure in sorted(notices.ctx.procedures.items()):
            self.procedure.addItem(procedure.name, code)
        self.by_day = QCheckBox(self.tr("決定日で絞り込む"))
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setEnabled(False)
        self.by_day.toggled.connect(self.day.setEnabled)
        self.operator = QLineEdit()
        self.operator.setPlaceholderText(self.tr("審査担当者の利用者名（任意）"))
        self.folder = QLineEdit()
        self.folder.setPlaceholderText(self.tr("PDF を保存するフォルダ（任意）"))
        browse = QPushButton(self.tr("参照…"))
        browse.clicked.connect(self._browse)
        self.printer_label = QLabel(self.tr("（プリンタに送らない）"))
        pick = QPushButton(self.tr("プリンタを選ぶ…"))
        pick.clicked.connect(self._pick_printer)
        self.count = QLabel("")
        self.bar = QProgressBar()
        self.bar.setValue(0)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.start = QPushButton(self.tr("印刷開始"))
        self.start.setDefault(True)
        self.start.clicked.connect(self._start)
        self.cancel = QPushButton(self.tr("中止"))
        self.cancel.setEnabled(False)
        self.cancel.clicked.connect(self._request_cancel)
        close = QPushButton(self.tr("閉じる"))
        close.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("手続"), self.procedure)
        day_row = QHBoxLayout()
        day_row.addWidget(self.by_day)
        day_row.addWidget(self.day)
        form.addRow(self.tr("決定日"), day_row)
        form.addRow(self.tr("審査担当"), self.operator)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder)
        folder_row.addWidget(browse)
        form.addRow(self.tr("PDF 出力"), folder_row)
        printer_row = QHBoxLayout()
        printer_row.addWidget(self.printer_label)
        printer_row.addWidget(pick)
        form.addRow(self.tr("プリンタ"), printer_row)
        form.addRow(self.tr("対象"), self.count)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.start, self.cancel, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.log)
        layout.addLayout(buttons)
        self.progressed.connect(self._show_progress)
        self.procedure.currentIndexChanged.connect(self.refresh_count)
        self.by_day.toggled.connect(self.refresh_count)
        self.day.dateChanged.connect(self.refresh_count)
        self.operator.editingFinished.connect(self.refresh_count)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_count()

    # ------------------------------------------------------------------ selection
    def selection(self) -> BatchSelection:
        day = self.day.date().toPython() if self.by_day.isChecked() else None
        return BatchSelection(str(self.procedure.currentData()), day,  # type: ignore[arg-type]
                              self.operator.text().strip() or None)

    def refresh_count(self, *_: Any) -> None:
        selection = self.selection()
        self.runner.run_in_background(
            lambda: self.notices.candidates(self.actor, selection),
            lambda found: self.count.setText(self.tr("{n} 件").format(n=len(found))),
            self._failed, owner=self, label="notice candidates")

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("PDF の保存先"))
        if folder:
            self.folder.setText(folder)

    def _pick_printer(self) -> None:
        spooler = choose_printer(self)
        if spooler is not None:
            self.set_spooler(spooler)

    def set_spooler(self, spooler: QtPrinterSpooler | None) -> None:
        self.spooler = spooler
        self.printer_label.setText(spooler.printer if spooler else
                                   self.tr("（プリンタに送らない）"))

    # ------------------------------------------------------------------ running
    def output(self) -> BatchOutput:
        folder = self.folder.text().strip()
        return BatchOutput(directory=Path(folder) if folder else None, spooler=self.spooler)

    def _start(self) -> None:
        output = self.output()
        if output.directory is None and output.spooler is None:
            QMessageBox.warning(self, self.windowTitle(),
                                self.tr("PDF の保存先かプリンタを選んでください"))
            return
        if self.spooler is not None:
            self.spooler.should_cancel = lambda: self._cancel
        self._cancel = False
        self.start.setEnabled(False)
        self.cancel.setEnabled(True)
        self.bar.setValue(0)
        selection = self.selection()

        def progress(p: BatchProgress) -> bool:
            self.progressed.emit(p)  # queued to the GUI thread
            return not self._cancel

        self.runner.run_in_background(
            lambda: self.notices.run_batch(self.actor, selection, output, progress=progress),
            self._finished, self._failed, owner=self, label="notice batch")

    def _request_cancel(self) -> None:
        self._cancel = True
        self.cancel.setEnabled(False)
        self.log.appendPlainText(self.tr("中止しています（印刷中のファイルが終わるまで）…"))

    def _show_progress(self, p: BatchProgress) -> None:
        self.bar.setMaximum(max(p.cases_total, 1))
        self.bar.setValue(p.cases_done)
        self.bar.setFormat(self.tr("%v / %m 件（{sheets} 枚印刷済み）").format(sheets=p.sheets))

    def _finished(self, result: BatchResult) -> None:
        self.batch_result = result
        self.start.setEnabled(True)
        self.cancel.setEnabled(False)
        lines = [self.tr("バッチ {id}: {n} 件 {s} 枚").format(
            id=result.batch_id, n=len(result.printed), s=result.sheets)]
        if result.cancelled:
            lines.append(self.tr("中止しました。印刷されなかった案件は元の状態のままです。"))
        lines += [in_language(s) for s in result.skipped]
        lines += [in_language(f) for f in result.failed]
        lines += result.files
        self.log.appendPlainText("\n".join(lines))
        self.refresh_count()

    def _failed(self, error: BaseException) -> None:
        self.start.setEnabled(True)
        self.cancel.setEnabled(False)
        self.log.appendPlainText(error_text(error))


__all__ = ["PrintBatchDialog", "QtPrinterSpooler", "a4_printer", "choose_printer"]
