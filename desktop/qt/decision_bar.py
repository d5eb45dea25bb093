"""The decision bar: the decisions of the case's stage as actions with shortcuts.

Each action is disabled while something stops it, and its tooltip then says exactly
what (the domain's blockers, plus what the screen knows: a lost lease, a field
marked ✗). The primary decision's first blocker is also written under the buttons,
so the operator need not hover to learn why approving is not possible yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from desktop.domain.decisions import STAGE_DECISIONS, DecisionKind
from desktop.domain.workflow import Stage
from desktop.qt.labels import QT_TRANSLATE_NOOP

_CONTEXT = "DecisionBar"

KIND_SOURCE: dict[DecisionKind, str] = {
    DecisionKind.APPROVE: QT_TRANSLATE_NOOP("DecisionBar", "承認"),
    DecisionKind.RETURN: QT_TRANSLATE_NOOP("DecisionBar", "補正依頼"),
    DecisionKind.REJECT: QT_TRANSLATE_NOOP("DecisionBar", "却下"),
    DecisionKind.HOLD: QT_TRANSLATE_NOOP("DecisionBar", "保留"),
    DecisionKind.CONFIRM: QT_TRANSLATE_NOOP("DecisionBar", "確認（同意）"),
    DecisionKind.SEND_BACK: QT_TRANSLATE_NOOP("DecisionBar", "差戻し"),
}

_DESCRIPTION_SOURCE: dict[DecisionKind, str] = {
    DecisionKind.APPROVE: QT_TRANSLATE_NOOP(
        "DecisionBar", "必須の確認項目がそろった案件を承認します"),
    DecisionKind.RETURN: QT_TRANSLATE_NOOP(
        "DecisionBar", "不備項目・内容・期限を示して補正を依頼します"),
    DecisionKind.REJECT: QT_TRANSLATE_NOOP(
        "DecisionBar", "理由コードと理由となる事実を記載して却下します"),
    DecisionKind.HOLD: QT_TRANSLATE_NOOP("DecisionBar", "理由を記載して保留にします"),
    DecisionKind.CONFIRM: QT_TRANSLATE_NOOP(
        "DecisionBar", "一次審査の判定に同意して確定します"),
    DecisionKind.SEND_BACK: QT_TRANSLATE_NOOP(
        "DecisionBar", "理由を記載して一次審査に差し戻します"),
}

#: Keys of each decision; the first is shown. Return and send-back share F7 (they are
#: never offered at the same stage), approve and confirm share Ctrl+Enter.
SHORTCUTS: dict[DecisionKind, tuple[str, ...]] = {
    DecisionKind.APPROVE: ("Ctrl+Enter", "Ctrl+Return"),
    DecisionKind.CONFIRM: ("Ctrl+Enter", "Ctrl+Return"),
    DecisionKind.RETURN: ("F7",),
    DecisionKind.SEND_BACK: ("F7",),
    DecisionKind.REJECT: ("F8",),
    DecisionKind.HOLD: ("F9",),
}
#: Decisions that ask for reasons in a dialog first.
WITH_DIALOG = frozenset({DecisionKind.RETURN, DecisionKind.REJECT, DecisionKind.HOLD,
                         DecisionKind.SEND_BACK})
PRIMARY = frozenset({DecisionKind.APPROVE, DecisionKind.CONFIRM})
#: Left-to-right order of the buttons.
ORDER = (DecisionKind.APPROVE, DecisionKind.CONFIRM, DecisionKind.RETURN,
         DecisionKind.SEND_BACK, DecisionKind.REJECT, DecisionKind.HOLD)


def kind_label(kind: DecisionKind | str) -> str:
    """The decision's name as people read it (a stored kind string works too)."""
    try:
        return QCoreApplication.translate(_CONTEXT, KIND_SOURCE[DecisionKind(kind)])
    except ValueError:
        return str(kind)


def shortcut_text(kind: DecisionKind) -> str:
    return QKeySequence(SHORTCUTS[kind][0]).toString(QKeySequence.SequenceFormat.NativeText)


def describe(kind: DecisionKind) -> str:
    """What the decision does, with its shortcut: ``…承認します (Ctrl+Enter)``."""
    text = QCoreApplication.translate(_CONTEXT, _DESCRIPTION_SOURCE[kind])
    return f"{text} ({shortcut_text(kind)})"


class DecisionBar(QWidget):
    """Buttons for the stage's decisions; ``requested(kind)`` when one is chosen."""

    requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.decision_actions: dict[DecisionKind, QAction] = {}
        self.buttons: dict[DecisionKind, QToolButton] = {}
        self._blocked: dict[DecisionKind, list[str]] = {}
        row = QHBoxLayout()
        row.setSpacing(6)
        for kind in ORDER:
            dots = "…" if kind in WITH_DIALOG else ""
            action = QAction(kind_label(kind) + dots, self)
            action.setObjectName(f"action_{kind.value}")
            action.setShortcuts([QKeySequence(k) for k in SHORTCUTS[kind]])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setIconText(f"{kind_label(kind)}{dots}  {shortcut_text(kind)}")
            action.setToolTip(describe(kind))
            action.setEnabled(False)
            action.triggered.connect(lambda _checked=False, k=kind: self._trigger(k))
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumHeight(32)
            if kind in PRIMARY:
                font = button.font()
                font.setBold(True)
                button.setFont(font)
            row.addWidget(button)
            self.decision_actions[kind] = action
            self.buttons[kind] = button
        row.addStretch(1)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("decisionHint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        self.set_state(None, {})

    def set_state(self, stage: Stage | None, blocked: Mapping[DecisionKind, Sequence[str]],
                  *, hint: str = "") -> None:
        """Offer *stage*'s decisions; each in *blocked* is disabled with those reasons.

        The line under the buttons shows *hint*, else the primary decision's first reason.
        """
        offered = STAGE_DECISIONS[stage] if stage is not None else ()
        self._blocked = {k: list(v) for k, v in blocked.items()}
        for kind, action in self.decision_actions.items():
            visible = kind in offered or (stage is None and kind in STAGE_DECISIONS[
                Stage.FIRST_REVIEW])
            reasons = self._blocked.get(kind, [])
            action.setVisible(visible)
            self.buttons[kind].setVisible(visible)
            action.setEnabled(visible and stage is not None and not reasons)
            action.setToolTip(self.tooltip(kind))
        primary = next((k for k in offered if k in PRIMARY), None)
        reasons = self._blocked.get(primary, []) if primary is not None else []
        if hint:
            self.hint.setText(hint)
        elif primary is not None and reasons:
            more = len(reasons) - 1
            text = QCoreApplication.translate(_CONTEXT, "{kind}できない理由: {reason}").format(
                kind=kind_label(primary), reason=reasons[0])
            if more:
                text += QCoreApplication.translate(_CONTEXT, "（ほか {n} 件）").format(n=more)
            self.hint.setText(text)
        else:
            self.hint.setText("")

    def tooltip(self, kind: DecisionKind) -> str:
        """The action's tooltip: what it does and its keys, then what stops it."""
        reasons = self._blocked.get(kind, [])
        if not reasons:
            return describe(kind)
        lines = "\n".join(f"・{r}" for r in reasons)
        return describe(kind) + "\n" + QCoreApplication.translate(
            _CONTEXT, "できない理由:") + "\n" + lines

    def reasons(self, kind: DecisionKind) -> list[str]:
        """What currently stops *kind* (empty when it is allowed)."""
        return list(self._blocked.get(kind, []))

    def _trigger(self, kind: DecisionKind) -> None:
        if self.decision_actions[kind].isEnabled():
            self.requested.emit(kind)
