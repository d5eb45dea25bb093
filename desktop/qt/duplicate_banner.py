"""The possible-duplicate banner of the case view: intake found earlier (or later) cases
of the same applicant; the banner names them with links that open them.

A warning icon and the words 「重複の可能性」 carry the message (colour is never the only
signal); each other case is a link, reachable with Tab and opened with Enter, which
emits :attr:`DuplicateBanner.open_case_requested` with that case's id. The banner hides
itself when there is nothing to say.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QWidget

from desktop.qt.messages import error_text
from desktop.qt.tasks import TaskRunner
from desktop.services.intake_records import LINK_POSSIBLE_DUPLICATE, CaseLinkRecord

#: ``load(case_id)``: the case's duplicate links (runs in the background).
LoadLinks = Callable[[int], list[CaseLinkRecord]]
_SCHEME = "case:"


def _tr(text: str) -> str:
    return QCoreApplication.translate("DuplicateBanner", text)


class DuplicateBanner(QFrame):
    """Names the cases that may be the same application, each a link.

    Fill it with :meth:`set_links` (links already loaded) or :meth:`show_case` (loads
    them with *load* on *runner*).
    """

    #: The operator chose the link to another case (its id).
    open_case_requested = Signal(int)

    def __init__(self, runner: TaskRunner | None = None, load: LoadLinks | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._load = load
        self._generation = 0
        self._cases: list[tuple[int, str]] = []
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_tr("重複の可能性"))
        self.icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.text.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.text.setOpenExternalLinks(False)
        self.text.linkActivated.connect(self._activated)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        self.setVisible(False)

    @property
    def cases(self) -> list[tuple[int, str]]:
        """The other cases named: (id, case number)."""
        return list(self._cases)

    def set_links(self, links: Sequence[CaseLinkRecord]) -> None:
        """Show the possible duplicates among *links* (hidden when there are none)."""
        seen: dict[int, str] = {}
        for link in links:
            if link.kind == LINK_POSSIBLE_DUPLICATE and link.other_case_id not in seen:
                seen[link.other_case_id] = link.other_case_number or f"#{link.other_case_id}"
        self._cases = sorted(seen.items())
        if not self._cases:
            self.clear()
            return
        anchors = "、".join(f'<a href="{_SCHEME}{case_id}">{html.escape(number)}</a>'
                           for case_id, number in self._cases)
        text = _tr("重複の可能性: 同じ申請者の案件があります（{cases}）。内容を確認してください。")
        # The sentence is escaped; only the anchors we built are markup.
        self.text.setText(html.escape(text).replace("{cases}", anchors))
        self.text.setToolTip(_tr("案件番号を選ぶと、その案件を開きます（Tab で選んで Enter）"))
        self.setVisible(True)

    def clear(self) -> None:
        """Hide the banner."""
        self._generation += 1
        self._cases = []
        self.text.clear()
        self.setVisible(False)

    def show_case(self, case_id: int) -> None:
        """Load *case_id*'s links in the background and show them."""
        if self._runner is None or self._load is None:
            raise RuntimeError("DuplicateBanner.show_case needs a runner and a loader")
        self.clear()
        generation = self._generation
        load = self._load
        self._runner.run_in_background(
            lambda: load(case_id),
            lambda links: self._loaded(generation, links),
            lambda error: self._failed(generation, error), owner=self,
            label="duplicate links")

    def _loaded(self, generation: int, links: list[CaseLinkRecord]) -> None:
        if generation == self._generation:
            self.set_links(links)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        # Not knowing is worth saying: the operator must not assume "no duplicates".
        self._cases = []
        self.text.setText(html.escape(_tr("重複の確認ができませんでした: {error}").format(
            error=error_text(error))))
        self.setVisible(True)

    def _activated(self, href: str) -> None:
        if href.startswith(_SCHEME) and href[len(_SCHEME):].isdigit():
            self.open_case_requested.emit(int(href[len(_SCHEME):]))


__all__ = ["DuplicateBanner", "LoadLinks"]
