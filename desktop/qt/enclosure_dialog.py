"""The enclosure check screen (封入封緘確認).

Staff scan the 2D code of each sheet as it goes into the envelope. A keyboard-wedge
scanner "types" the code and Enter into the focused field, so the field takes plain
ASCII fast: the input method (IME) is switched off for it, and every code is handled in
the order it was typed (one background worker, see :mod:`desktop.qt.tasks`). The
envelope is confirmed only when all sheets of one case are in, in order; a mismatch
beeps, turns the screen red and shows both cases in large text until the next scan.
The list below is the batch reconciliation: printed notices not yet confirmed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.permissions import Actor
from desktop.qt.messages import error_text, in_language
from desktop.qt.tasks import TaskRunner
from desktop.services.enclosure import (
    EnclosureService,
    Envelope,
    ScanOutcome,
    UnconfirmedNotice,
)

_COLOURS = {"sheet_ok": "#e8f5e9", "confirmed": "#c8e6c9", "mismatch": "#ffcdd2",
            "unreadable": "#fff3e0"}


class ScanField(QLineEdit):
    """A line edit for a keyboard-wedge scanner: no IME, no completion, Enter submits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setInputMethodHints(Qt.InputMethodHint.ImhLatinOnly
                                 | Qt.InputMethodHint.ImhNoPredictiveText
                                 | Qt.InputMethodHint.ImhNoAutoUppercase)
        self.setMaxLength(120)
        font = self.font()
        font.setPointSize(16)
        self.setFont(font)


class EnclosureDialog(QDialog):
    def __init__(self, enclosure: EnclosureService, actor: Actor, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enclosure = enclosure
        self.actor = actor
        self.runner = runner
        #: The envelope being filled; only the (single, ordered) worker changes it.
        self._envelope: Envelope | None = None
        self.last: ScanOutcome | None = None
        self.setWindowTitle(self.tr("封入封緘確認"))
        self.field = ScanField()
        self.field.setPlaceholderText(self.tr("用紙の2次元コードを読み取ってください"))
        self.field.returnPressed.connect(self._submit)
        self.status = QLabel(self.tr("1枚目を読み取ってください"))
        self.status.setWordWrap(True)
        big = QFont(self.font())
        big.setPointSize(20)
        big.setBold(True)
        self.status.setFont(big)
        self.cases = QLabel("")
        huge = QFont(self.font())
        huge.setPointSize(30)
        huge.setBold(True)
        self.cases.setFont(huge)
        self.cases.setWordWrap(True)
        self.sheets = QLabel("")
        self.panel = QWidget()
        panel = QVBoxLayout(self.panel)
        panel.addWidget(self.status)
        panel.addWidget(self.cases)
        panel.addWidget(self.sheets)
        self.panel.setAutoFillBackground(True)
        self.batch = QSpinBox()
        self.batch.setRange(0, 2_000_000_000)
        self.batch.setSpecialValueText(self.tr("すべてのバッチ"))
        refresh = QPushButton(self.tr("未確認一覧を更新"))
        refresh.clicked.connect(self.refresh_unconfirmed)
        self.unconfirmed = QListWidget()
        reset = QPushButton(self.tr("この封筒をやり直す"))
        reset.clicked.connect(self.reset_envelope)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("印刷バッチ")))
        row.addWidget(self.batch)
        row.addWidget(refresh)
        row.addStretch(1)
        row.addWidget(reset)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.panel, 1)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("印刷済みで封入未確認の通知")))
        layout.addWidget(self.unconfirmed, 1)
        self.field.setFocus()

    # ------------------------------------------------------------------ scanning
    def _submit(self) -> None:
        text = self.field.text()
        self.field.clear()
        if text.strip():
            self.scan(text)

    def scan(self, text: str) -> None:
        """Check one scanned code (in the background, in the order typed)."""
        self.runner.run_in_background(lambda: self._scan_in_worker(text), self._show,
                                      self._failed, owner=self, label="enclosure scan")

    def _scan_in_worker(self, text: str) -> ScanOutcome:
        outcome = self.enclosure.scan(self.actor, self._envelope, text)
        if outcome.outcome != "unreadable":
            self._envelope = outcome.envelope
        return outcome

    def reset_envelope(self) -> None:
        self.runner.run_in_background(self._reset_in_worker, lambda _: self._idle(),
                                      self._failed, owner=self, label="enclosure reset")

    def _reset_in_worker(self) -> None:
        self._envelope = None

    def _idle(self) -> None:
        self._paint("sheet_ok")
        self.status.setText(self.tr("1枚目を読み取ってください"))
        self.cases.setText("")
        self.sheets.setText("")
        self.field.setFocus()

    def _show(self, outcome: ScanOutcome) -> None:
        self.last = outcome
        self._paint(outcome.outcome)
        self.status.setText(in_language(outcome))
        if outcome.outcome == "mismatch":
            QApplication.beep()
            expected = outcome.expected_case or self.tr("（新しい封筒）")
            self.cases.setText(self.tr("封筒: {e}　{en}\n用紙: {s}　{sn}").format(
                e=expected, en=outcome.expected_name or "", s=outcome.scanned_case or "",
                sn=outcome.scanned_name or ""))
            self.sheets.setText("")
        elif outcome.envelope is not None:
            env = outcome.envelope
            self.cases.setText(f"{env.case_number}　{env.applicant_name}")
            self.sheets.setText(self.tr("{n} / {total} 枚").format(n=len(env.scanned),
                                                                   total=env.sheets))
        elif outcome.outcome == "confirmed":
            self.cases.setText(f"{outcome.expected_case}　{outcome.expected_name or ''}")
            self.sheets.setText(self.tr("確認済み。次の封筒の1枚目を読み取ってください"))
            self.refresh_unconfirmed()
        self.field.setFocus()

    def _paint(self, outcome: str) -> None:
        self.panel.setStyleSheet(f"background-color: {_COLOURS.get(outcome, 'white')};")

    def _failed(self, error: BaseException) -> None:
        self._paint("mismatch")
        self.status.setText(error_text(error))

    # ------------------------------------------------------------------ reconciliation
    def refresh_unconfirmed(self) -> None:
        batch = self.batch.value() or None
        self.runner.run_in_background(
            lambda: self.enclosure.unconfirmed(self.actor, batch), self._fill,
            self._failed, owner=self, label="unconfirmed notices")

    def _fill(self, rows: list[UnconfirmedNotice]) -> None:
        self.unconfirmed.clear()
        for r in rows:
            self.unconfirmed.addItem(
                f"{r.case_number}　{r.document_number}　"
                + self.tr("{n} 枚").format(n=r.sheets) + "　"
                + self.tr("バッチ {b}").format(b=r.batch_id))
