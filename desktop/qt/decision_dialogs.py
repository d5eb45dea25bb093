"""The dialogs that collect a decision's reasons: return, reject, hold, send back.

One :class:`DecisionDialog` per decision kind and case: closing it keeps what was
typed, a failed save shows why inside it and keeps everything, and Ctrl+Enter (or the
confirm button) saves. The confirm button stays disabled, with the missing items in its
tooltip and written under the form, until the domain's rules allow the decision.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.procedures import Procedure, ReasonCode
from desktop.qt.checklist_panel import is_checked
from desktop.qt.decision_bar import kind_label
from desktop.qt.labels import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
#: Checks a request; returns what is missing (empty: it may be saved).
Check = Callable[[DecisionRequest], list[str]]


def _tr(text: str) -> str:
    return QCoreApplication.translate("DecisionDialog", text)


class ReasonCodeModel(QAbstractListModel):
    """Defect codes or refusal reasons of a procedure, each a checkable row."""

    def __init__(self, codes: Sequence[ReasonCode], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._codes = tuple(codes)
        self._selected: set[str] = set()

    def selected(self) -> tuple[str, ...]:
        """The ticked codes, in the procedure's order."""
        return tuple(c.code for c in self._codes if c.code in self._selected)

    def select(self, codes: Sequence[str]) -> None:
        """Tick *codes* too (unknown codes are ignored)."""
        for row, code in enumerate(self._codes):
            if code.code in codes and code.code not in self._selected:
                self._selected.add(code.code)
                self.dataChanged.emit(self.index(row), self.index(row))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._codes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._codes):
            return None
        code = self._codes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return code.label
        if role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if code.code in self._selected
                    else Qt.CheckState.Unchecked)
        if role == Qt.ItemDataRole.ToolTipRole:
            return code.legal_text
        if role == CODE_ROLE:
            return code.code
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.CheckStateRole or not index.isValid()
                or not 0 <= index.row() < len(self._codes)):
            return False
        code = self._codes[index.row()].code
        if is_checked(value):
            self._selected.add(code)
        else:
            self._selected.discard(code)
        self.dataChanged.emit(index, index)
        return True


_INTRO = {
    DecisionKind.RETURN: QT_TRANSLATE_NOOP("DecisionDialog", "申請者に補正（不備の訂正・追加書類）を求めます。不備項目と期限は通知書に記載されます。"),
    DecisionKind.REJECT: QT_TRANSLATE_NOOP("DecisionDialog", "申請を却下します。理由コードと、理由となる事実の記載が必要です（行政手続法第8条）。"),
    DecisionKind.HOLD: QT_TRANSLATE_NOOP("DecisionDialog", "案件を保留にします。保留の理由を記載してください。"),
    DecisionKind.SEND_BACK: QT_TRANSLATE_NOOP("DecisionDialog", "一次審査に差し戻します。一次審査担当者への理由を記載してください。"),
}
_NOTE_LABEL = {
    DecisionKind.RETURN: QT_TRANSLATE_NOOP("DecisionDialog", "補正を求める内容"),
    DecisionKind.REJECT: QT_TRANSLATE_NOOP("DecisionDialog", "理由となる事実"),
    DecisionKind.HOLD: QT_TRANSLATE_NOOP("DecisionDialog", "保留の理由"),
    DecisionKind.SEND_BACK: QT_TRANSLATE_NOOP("DecisionDialog", "差戻しの理由"),
}


class DecisionDialog(QDialog):
    """Reasons, note and deadline for one decision; ``submitted(DecisionRequest)``."""

    submitted = Signal(object)
    reclaim_requested = Signal()
    reload_requested = Signal()

    def __init__(self, kind: DecisionKind, procedure: Procedure, check: Check, *,
                 default_deadline: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._check = check
        self._busy = False
        self.setWindowTitle(_tr("{kind} — {procedure}").format(kind=kind_label(kind),
                                                                procedure=procedure.name))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(_tr(_INTRO[kind]), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        layout.addLayout(form)
        self.codes: ReasonCodeModel | None = None
        self.code_view: QListView | None = None
        if kind in (DecisionKind.RETURN, DecisionKind.REJECT):
            codes = procedure.defect_codes if kind == DecisionKind.RETURN else \
                procedure.refusal_reasons
            self.codes = ReasonCodeModel(codes, self)
            self.code_view = QListView(self)
            self.code_view.setModel(self.codes)
            self.code_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.code_view.setMaximumHeight(max(80, 24 * len(codes) + 8))
            title = _tr("不備項目（1つ以上）") if kind == DecisionKind.RETURN else \
                _tr("却下理由（1つ以上）")
            form.addRow(title, self.code_view)
            self.codes.dataChanged.connect(self._revalidate)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(110)
        form.addRow(_tr(_NOTE_LABEL[kind]), self.note)
        self.note.textChanged.connect(self._revalidate)
        self.deadline: QDateEdit | None = None
        if kind == DecisionKind.RETURN:
            self.deadline = QDateEdit(self)
            self.deadline.setCalendarPopup(True)
            self.deadline.setDisplayFormat("yyyy/MM/dd")
            if default_deadline is not None:
                self.deadline.setDate(QDate(default_deadline.year, default_deadline.month,
                                            default_deadline.day))
            form.addRow(_tr("補正期限（既定は手続の補正期間）"), self.deadline)
            self.deadline.dateChanged.connect(self._revalidate)
        self.missing = QLabel(self)
        self.missing.setWordWrap(True)
        self.missing.setObjectName("missingLabel")
        layout.addWidget(self.missing)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setObjectName("errorLabel")
        self.error.setStyleSheet("QLabel { color: #b01e1e; }")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        self.reclaim_button = QPushButton(_tr("案件を取り直す"), self)
        self.reclaim_button.setToolTip(_tr("担当期限が切れた案件を取り直します。入力内容はそのままです"))
        self.reclaim_button.setVisible(False)
        self.reclaim_button.clicked.connect(self.reclaim_requested)
        self.reload_button = QPushButton(_tr("最新の内容を読み込む"), self)
        self.reload_button.setToolTip(_tr("他の人の変更を読み込みます。入力内容はそのままです"))
        self.reload_button.setVisible(False)
        self.reload_button.clicked.connect(self.reload_requested)
        remedies = QHBoxLayout()
        remedies.addWidget(self.reclaim_button)
        remedies.addWidget(self.reload_button)
        remedies.addStretch(1)
        layout.addLayout(remedies)
        self.buttons = QDialogButtonBox(self)
        self.confirm_button = self.buttons.addButton(
            _tr("{kind}を確定 (Ctrl+Enter)").format(kind=kind_label(kind)),
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.setDefault(False)  # plain Enter never decides
        close = self.buttons.addButton(_tr("閉じる（入力は保持）"),
                                       QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        close.setToolTip(_tr("ダイアログを閉じます。入力した内容は次に開いたときも残っています (Esc)"))
        self.confirm_button.clicked.connect(self.confirm)
        close.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setWhatsThis(_tr("判定を確定"))
            shortcut.activated.connect(self.confirm)
        self._revalidate()

    # ----------------------------------------------------------------- content

    def request(self) -> DecisionRequest:
        """The decision as entered so far."""
        reasons = self.codes.selected() if self.codes is not None else ()
        deadline = None
        if self.deadline is not None:
            d = self.deadline.date()
            deadline = date(d.year(), d.month(), d.day())
        return DecisionRequest(self.kind, reasons, self.note.toPlainText().strip(), deadline)

    def add_lines(self, lines: Sequence[str]) -> None:
        """Append each of *lines* the note does not contain yet (the ✗ field notes)."""
        text = self.note.toPlainText()
        new = [line for line in lines if line not in text]
        if new:
            joined = "\n".join(new)
            self.note.setPlainText(f"{text.rstrip()}\n{joined}" if text.strip() else joined)

    def select_codes(self, codes: Sequence[str]) -> None:
        if self.codes is not None:
            self.codes.select(codes)

    def missing_items(self) -> list[str]:
        """What stops the decision now (as the confirm button's tooltip lists it)."""
        return self._check(self.request())

    # ------------------------------------------------------------------ saving

    def confirm(self) -> None:
        """Ctrl+Enter or the confirm button: submit when the rules allow it."""
        if self._busy or not self.confirm_button.isEnabled():
            return
        self.clear_error()
        self.set_busy(True)
        self.submitted.emit(self.request())

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        if busy:
            self.missing.setText(_tr("保存しています…"))
        self._revalidate()

    def show_error(self, text: str, *, remedy: str | None = None) -> None:
        """Keep everything typed and say why saving failed; *remedy* offers the way on:
        ``"reclaim"`` (the lease was lost) or ``"reload"`` (someone else changed it)."""
        self.set_busy(False)
        self.error.setText("⚠ " + text + "\n" + _tr("入力内容は保持されています。"
                                                     "もう一度確定すると再試行します。"))
        self.error.setVisible(True)
        self.reclaim_button.setVisible(remedy == "reclaim")
        self.reload_button.setVisible(remedy == "reload")

    def clear_error(self) -> None:
        self.error.setVisible(False)
        self.error.setText("")
        self.reclaim_button.setVisible(False)
        self.reload_button.setVisible(False)

    def _revalidate(self) -> None:
        if self._busy:
            self.confirm_button.setEnabled(False)
            return
        missing = self.missing_items()
        self.confirm_button.setEnabled(not missing)
        base = _tr("{kind}を確定します (Ctrl+Enter)").format(kind=kind_label(self.kind))
        if missing:
            lines = "\n".join(f"・{m}" for m in missing)
            self.confirm_button.setToolTip(base + "\n" + _tr("確定できない理由:") + "\n" + lines)
            self.missing.setText(_tr("確定できない理由:") + "\n" + lines)
        else:
            self.confirm_button.setToolTip(base)
            self.missing.setText("")
