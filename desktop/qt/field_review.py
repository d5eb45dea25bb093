"""The applicant's form data, grouped as the procedure defines, each field with ✓ / ✗.

A ✗ opens a line for what is wrong (and, optionally, which defect code it is); every
✗ with a note becomes a line of the correction request when the operator returns the
case. The verdicts are stored per case and stage (see
:class:`~desktop.qt.field_mark_sync.FieldMarkSync`): ``field_marked`` says which field
to save (a ✓ / ✗ click, a defect code, a note left or paused over for
:data:`NOTE_SAVE_PAUSE_MS`); reloading the same case keeps what is on screen, another case shows what was
stored for it. In the double check each row also shows the first reviewer's verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.field_marks import MAX_NOTE_LENGTH, FieldMark, Mark
from desktop.domain.procedures import FieldDef, Procedure
from desktop.qt.case_detail_view import field_text

#: A ✗ note is saved when the operator leaves it, or pauses this long while typing it (so
#: a workstation that dies mid-sentence loses at most the last words, not the ✗).
NOTE_SAVE_PAUSE_MS = 1500

_BUTTON_STYLE = ("QToolButton { min-width: 26px; min-height: 22px; }"
                 "QToolButton:checked { font-weight: bold; }")


def _tr(text: str) -> str:
    return QCoreApplication.translate("FieldReview", text)


class Verdict(Enum):
    """What the reviewer made of one field."""

    OPEN = "open"
    OK = "ok"
    DEFECT = "defect"


@dataclass(frozen=True)
class FieldDefect:
    """A field marked ✗, with what is wrong and an optional defect code."""

    field_id: str
    label: str
    note: str
    code: str | None

    def line(self) -> str:
        """The line of the correction request: ``住所：番地の記載がありません``."""
        return f"{self.label}：{self.note.strip()}"


@dataclass
class _State:
    verdict: Verdict = Verdict.OPEN
    note: str = ""
    code: str | None = None


class _FieldRow:
    """The widgets of one field: value, ✓, ✗ and the defect line under them."""

    def __init__(self, panel: FieldReviewPanel, field: FieldDef, value: Any,
                 procedure: Procedure) -> None:
        self.field = field
        self.label = QLabel(field.label)
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(150)
        self.label.setMaximumWidth(220)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        text = field_text(field, value)
        self.value = QLabel(text or _tr("（記入なし）"))
        self.value.setWordWrap(True)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if not text:
            self.value.setEnabled(False)  # greyed, and the words say it too
        self.ok = QToolButton()
        self.ok.setText("✓")
        self.ok.setCheckable(True)
        self.ok.setToolTip(_tr("「{label}」は書類と一致しています").format(label=field.label))
        self.ok.setAccessibleName(_tr("{label} 確認済み").format(label=field.label))
        self.ng = QToolButton()
        self.ng.setText("✗")
        self.ng.setCheckable(True)
        self.ng.setToolTip(_tr("「{label}」に不備があります — 内容を書くと補正依頼に載ります")
                           .format(label=field.label))
        self.ng.setAccessibleName(_tr("{label} 不備あり").format(label=field.label))
        for button in (self.ok, self.ng):
            button.setStyleSheet(_BUTTON_STYLE)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.defect = QWidget()
        line = QHBoxLayout(self.defect)
        line.setContentsMargins(0, 0, 0, 4)
        self.code = QComboBox()
        self.code.addItem(_tr("不備の種類（任意）"), None)
        for defect in procedure.defect_codes:
            self.code.addItem(defect.label, defect.code)
        self.note = QLineEdit()
        self.note.setMaxLength(MAX_NOTE_LENGTH)
        self.note.setPlaceholderText(_tr("✗ 不備の内容（補正依頼に記載されます）"))
        self.note.setAccessibleName(_tr("{label} の不備の内容").format(label=field.label))
        line.addWidget(self.code)
        line.addWidget(self.note, 1)
        self.defect.setVisible(False)
        # The first reviewer's verdict, shown to the checker under the field (read-only).
        self.first = QLabel()
        self.first.setObjectName("firstReviewMark")
        self.first.setWordWrap(True)
        self.first.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.first.setStyleSheet("color: #555;")
        self.first.setVisible(False)
        self.ok.toggled.connect(lambda on: panel._verdict_clicked(self, Verdict.OK, on))
        self.ng.toggled.connect(lambda on: panel._verdict_clicked(self, Verdict.DEFECT, on))
        # Saved when the operator leaves the note or pauses typing (not at every key).
        self.note.textChanged.connect(lambda _text: panel._note_typed(self))
        self.note.editingFinished.connect(lambda: panel._note_left(self))
        self.code.currentIndexChanged.connect(lambda _i: panel._code_changed(self))

    def apply(self, state: _State) -> None:
        for button, verdict in ((self.ok, Verdict.OK), (self.ng, Verdict.DEFECT)):
            button.blockSignals(True)
            button.setChecked(state.verdict == verdict)
            button.blockSignals(False)
        self.note.blockSignals(True)
        self.note.setText(state.note)
        self.note.blockSignals(False)
        self.code.blockSignals(True)
        self.code.setCurrentIndex(max(0, self.code.findData(state.code)))
        self.code.blockSignals(False)
        self.defect.setVisible(state.verdict == Verdict.DEFECT)


def first_review_text(mark: FieldMark | None, procedure: Procedure) -> str:
    """How a first reviewer's verdict reads to the checker: ``一次審査: ✗ 番地なし``."""
    if mark is None:
        return _tr("一次審査: 未確認")
    if mark.mark == Mark.OK:
        return _tr("一次審査: ✓ 一致")
    defect = procedure.defect(mark.code) if mark.code else None
    note = mark.note.strip() or _tr("（内容の記載なし）")
    kind = f"【{defect.label}】" if defect is not None else ""
    return _tr("一次審査: ✗ {kind}{note}").format(kind=kind, note=note)


class FieldReviewPanel(QWidget):
    """Every field of the procedure, grouped; ``changed`` when a verdict or note changes,
    ``field_marked(field_id)`` when a field's verdict should be saved (a ✓ / ✗ click, a
    defect code chosen, the note left or paused over)."""

    changed = Signal()
    field_marked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(NOTE_SAVE_PAUSE_MS)
        self._typing.timeout.connect(self._typing_paused)
        self._typed: set[str] = set()  # fields whose note changed since it was last saved
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self._rows: dict[str, _FieldRow] = {}
        self._states: dict[str, _State] = {}
        self._procedure: Procedure | None = None
        self.groups: list[QGroupBox] = []

    def show_fields(self, procedure: Procedure, values: Mapping[str, Any], *,
                    keep: bool = False) -> None:
        """Lay out *procedure*'s fields with *values*; *keep* the verdicts (same case)."""
        if not keep:
            self._states = {}
        elif procedure is self._procedure and set(self._rows) == {f.id for f in procedure.fields}:
            # The same case again: new values into the same widgets, so focus, cursor
            # and everything typed stay exactly where they are.
            for field in procedure.fields:
                text = field_text(field, values.get(field.id))
                value = self._rows[field.id].value
                value.setText(text or _tr("（記入なし）"))
                value.setEnabled(bool(text))
            return
        self._clear()
        self._procedure = procedure
        group_box: QGroupBox | None = None
        grid: QGridLayout | None = None
        for field in procedure.fields:
            if group_box is None or grid is None or field.group != group_box.title():
                group_box = QGroupBox(field.group, self)
                grid = QGridLayout(group_box)
                grid.setColumnStretch(1, 1)
                grid.setHorizontalSpacing(10)
                grid.setVerticalSpacing(2)
                self._layout.addWidget(group_box)
                self.groups.append(group_box)
            row = _FieldRow(self, field, values.get(field.id), procedure)
            at = grid.rowCount()
            grid.addWidget(row.label, at, 0)
            grid.addWidget(row.value, at, 1)
            grid.addWidget(row.ok, at, 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(row.ng, at, 3, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(row.defect, at + 1, 0, 1, 4)
            grid.addWidget(row.first, at + 2, 1, 1, 3)
            row.apply(self._states.get(field.id, _State()))
            self._rows[field.id] = row
        self._layout.addStretch(1)

    def clear(self) -> None:
        """Show no case (its verdicts are forgotten)."""
        self._clear()
        self._states = {}
        self._procedure = None

    # ------------------------------------------------------------------ reading

    def field_ids(self) -> list[str]:
        return list(self._rows)

    def value_text(self, field_id: str) -> str:
        return self._rows[field_id].value.text()

    def row(self, field_id: str) -> _FieldRow:
        """The widgets of one field (for keyboard and test access)."""
        return self._rows[field_id]

    def verdict(self, field_id: str) -> Verdict:
        return self._states.get(field_id, _State()).verdict

    def mark_of(self, field_id: str) -> tuple[Mark | None, str, str | None]:
        """What to store for *field_id*: the mark (None: no verdict), note and code."""
        state = self._states.get(field_id, _State())
        mark = {Verdict.OK: Mark.OK, Verdict.DEFECT: Mark.NG}.get(state.verdict)
        return mark, state.note, state.code

    def first_review_mark(self, field_id: str) -> str | None:
        """The first reviewer's verdict shown under *field_id* (None when not shown)."""
        label = self._rows[field_id].first
        return label.text() if not label.isHidden() else None

    def defects(self) -> list[FieldDefect]:
        """Every field marked ✗, in form order (notes may be empty)."""
        out = []
        for field_id, row in self._rows.items():
            state = self._states.get(field_id)
            if state is not None and state.verdict == Verdict.DEFECT:
                out.append(FieldDefect(field_id, row.field.label, state.note, state.code))
        return out

    def defect_lines(self) -> list[str]:
        """The correction request's lines: one per ✗ with a note."""
        return [d.line() for d in self.defects() if d.note.strip()]

    def defect_codes(self) -> list[str]:
        """Defect codes chosen on ✗ fields, each once, in form order."""
        codes: list[str] = []
        for d in self.defects():
            if d.code and d.code not in codes:
                codes.append(d.code)
        return codes

    # ------------------------------------------------------------------ writing

    def set_verdict(self, field_id: str, verdict: Verdict, note: str | None = None) -> None:
        """Mark a field (as a click on ✓ / ✗ would), optionally with the note."""
        row = self._rows[field_id]
        state = self._states.setdefault(field_id, _State())
        state.verdict = verdict
        if note is not None:
            state.note = note
        row.apply(state)
        self.changed.emit()
        self.field_marked.emit(field_id)

    def show_marks(self, marks: Mapping[str, FieldMark], *, keep: frozenset[str] = frozenset(),
                   ) -> None:
        """Show stored *marks* (by field id), except on the fields in *keep* (changed on
        screen since they were read)."""
        for field_id, row in self._rows.items():
            if field_id in keep:
                continue
            stored = marks.get(field_id)
            state = _State()
            if stored is not None:
                state = _State(Verdict.OK if stored.mark == Mark.OK else Verdict.DEFECT,
                               stored.note, stored.code)
            self._states[field_id] = state
            row.apply(state)
        self.changed.emit()

    def show_first_review(self, marks: Mapping[str, FieldMark] | None) -> None:
        """Under each field, the first reviewer's verdict (None: hide them)."""
        procedure = self._procedure
        for field_id, row in self._rows.items():
            if marks is None or procedure is None:
                row.first.setVisible(False)
                continue
            mark = marks.get(field_id)
            row.first.setText(first_review_text(mark, procedure))
            row.first.setEnabled(mark is not None)
            row.first.setVisible(True)

    def _verdict_clicked(self, row: _FieldRow, verdict: Verdict, on: bool) -> None:
        state = self._states.setdefault(row.field.id, _State())
        if on:
            state.verdict = verdict
        elif state.verdict == verdict:
            state.verdict = Verdict.OPEN
        row.apply(state)
        if on and verdict == Verdict.DEFECT:
            row.note.setFocus()  # what is wrong comes next; saved as it is typed
        self.changed.emit()
        # Saved at once, the ✗ too: a note typed afterwards is saved again.
        self.field_marked.emit(row.field.id)

    def _details_changed(self, row: _FieldRow) -> None:
        state = self._states.setdefault(row.field.id, _State())
        state.note = row.note.text()
        state.code = row.code.currentData()
        self.changed.emit()

    def _note_typed(self, row: _FieldRow) -> None:
        self._details_changed(row)
        self._typed.add(row.field.id)
        self._typing.start()

    def _note_left(self, row: _FieldRow) -> None:
        self._typed.discard(row.field.id)
        self.field_marked.emit(row.field.id)

    def _typing_paused(self) -> None:
        typed, self._typed = self._typed, set()
        for field_id in typed:
            if field_id in self._rows:
                self.field_marked.emit(field_id)

    def _code_changed(self, row: _FieldRow) -> None:
        self._details_changed(row)
        self.field_marked.emit(row.field.id)

    def _clear(self) -> None:
        self._typing.stop()
        self._typed = set()
        for box in self.groups:
            self._layout.removeWidget(box)
            box.hide()  # at once: deleteLater waits for the event loop
            box.deleteLater()
        self.groups = []
        self._rows = {}
        while self._layout.count():
            self._layout.takeAt(0)
