"""The attachment side of the case view: a case's scans and PDFs, page by page, with
zoom, fit-width and rotation, all from the keyboard. Nothing leaves the machine.

:class:`AttachmentViewer` gets the documents through a ``load(case_id)`` callable (the
case-documents service) run on the task runner; pages are opened and rendered on the
runner too (:mod:`desktop.qt.attachment_pages`), so a large scan never freezes the
window. A file that is missing, damaged or unreadable shows a sentence saying so in
place of the page; the other files of the case still show.

Where the viewer is (file, page, zoom, rotation) and the moves between places are
:mod:`desktop.qt.attachment_view_state`; the page image or the sentence in its place is
:mod:`desktop.qt.attachment_page_display`. This widget loads, renders and wires the two.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QToolBar, QVBoxLayout, QWidget

from desktop.qt.attachment_list import (
    CORRUPT,
    AttachmentEntry,
    AttachmentListModel,
    close_all,
    open_entry,
    problem_text,
)
from desktop.qt.attachment_page_display import PageDisplay
from desktop.qt.attachment_pages import (
    ClosedDocument,
    PageSource,
    RenderedPage,
    UnreadableDocument,
)
from desktop.qt.attachment_view_state import PageView, Place
from desktop.qt.messages import error_text
from desktop.qt.tasks import TaskRunner
from desktop.services.case_documents import AttachmentDocument

#: ``load(case_id)``: the case's attachments with their bytes (runs in the background).
LoadAttachments = Callable[[int], list[AttachmentDocument]]


def _tr(text: str) -> str:
    return QCoreApplication.translate("AttachmentViewer", text)


class AttachmentViewer(QWidget):
    """A case's attachments: pick a file, page through, zoom, fit width, rotate.

    ``show_case(case_id)`` loads in the background; ``clear()`` empties the viewer.
    Shortcuts (PgUp/PgDown, Ctrl++ / Ctrl+-, Ctrl+0 fit width, Ctrl+R right / Ctrl+L left)
    work while the focus is inside the viewer, or window-wide with
    ``shortcut_context=Qt.ShortcutContext.WindowShortcut``.
    """

    #: A page image is on screen (after any change of file, page, zoom or rotation).
    page_shown = Signal()
    #: The case's files are loaded (or the load failed: see :attr:`message`).
    loaded = Signal()

    def __init__(self, runner: TaskRunner, load: LoadAttachments,
                 parent: QWidget | None = None, *,
                 shortcut_context: Qt.ShortcutContext =
                 Qt.ShortcutContext.WidgetWithChildrenShortcut,
                 render_runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        # Pages may render on a runner of their own, so a big scan never waits behind
        # (or delays) database work; by default they share the one runner.
        self._render_runner = render_runner or runner
        self._load = load
        #: File, page, zoom and rotation (:mod:`desktop.qt.attachment_view_state`).
        self._view = PageView()
        self._case_id: int | None = None
        self._rendering = False
        self._shown_key: tuple[Any, ...] | None = None
        self._message: str | None = None
        #: Documents open now; closed on clear, on the next case, or with the widget.
        self._open: list[PageSource] = []
        self.destroyed.connect(functools.partial(close_all, self._open))

        self.model = AttachmentListModel(self)
        self.files = QComboBox()
        self.files.setModel(self.model)
        self.files.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.files.setMinimumContentsLength(12)
        self.files.setToolTip(_tr("表示する添付書類"))
        self.files.currentIndexChanged.connect(self._file_chosen)
        self.page_label = QLabel()
        self.zoom_label = QLabel()
        self.stack = PageDisplay()
        self.stack.zoom_wheel.connect(self._wheel_zoom)
        # The display's parts, kept reachable under the names the viewer always had.
        self.image = self.stack.image
        self.scroll_area = self.stack.scroll_area
        self.message_label = self.stack.message_label

        a = self._action
        self.previous_action = a(_tr("前のページ"), ["PgUp"], self.previous_page, shortcut_context)
        self.next_action = a(_tr("次のページ"), ["PgDown"], self.next_page, shortcut_context)
        self.zoom_out_action = a(_tr("縮小"), ["Ctrl+-"], self.zoom_out, shortcut_context)
        self.zoom_in_action = a(_tr("拡大"), ["Ctrl++", "Ctrl+="], self.zoom_in,
                                shortcut_context)
        self.fit_action = a(_tr("幅に合わせる"), ["Ctrl+0"], self.fit_to_width, shortcut_context)
        self.fit_action.setCheckable(True)
        self.rotate_left_action = a(_tr("左に回転"), ["Ctrl+L"], self.rotate_left,
                                    shortcut_context)
        self.rotate_right_action = a(_tr("右に回転"), ["Ctrl+R"], self.rotate_right,
                                     shortcut_context)
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addAction(self.previous_action)
        bar.addWidget(self.page_label)
        bar.addAction(self.next_action)
        bar.addSeparator()
        bar.addAction(self.zoom_out_action)
        bar.addWidget(self.zoom_label)
        bar.addAction(self.zoom_in_action)
        bar.addAction(self.fit_action)
        bar.addSeparator()
        bar.addAction(self.rotate_left_action)
        bar.addAction(self.rotate_right_action)
        self.toolbar = bar
        self.files.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.files)
        layout.addWidget(bar)
        layout.addWidget(self.stack, 1)
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(80)
        self._refit.timeout.connect(self._request_render)
        self.clear()

    def _action(self, text: str, keys: list[str], slot: Callable[[], None],
                context: Qt.ShortcutContext) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(context)
        shown = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(_tr("{action}（{key}）").format(action=text, key=shown))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # ------------------------------------------------------------------ state
    @property
    def case_id(self) -> int | None:
        return self._case_id

    @property
    def document_count(self) -> int:
        return self.model.rowCount()

    @property
    def document_index(self) -> int:
        return self._view.doc

    @property
    def page_index(self) -> int:
        return self._view.page

    @property
    def page_count(self) -> int:
        return self._view.page_count

    @property
    def rotation(self) -> int:
        return self._view.rotation

    @property
    def zoom(self) -> float:
        """The zoom of the page on screen (in fit-width mode, the one that fits)."""
        return self._view.zoom

    @property
    def fit_width(self) -> bool:
        return self._view.fit

    @property
    def message(self) -> str | None:
        """The sentence shown instead of a page (loading, no files, a file's problem)."""
        return self._message

    # ------------------------------------------------------------------ loading
    def show_case(self, case_id: int) -> None:
        """Load and show the attachments of *case_id* (in the background)."""
        self._reset(_tr("添付書類を読み込んでいます…"), icon=False)
        self._case_id = case_id
        generation = self._view.generation
        load = self._load

        def work() -> list[AttachmentEntry]:
            return [open_entry(d) for d in load(case_id)]

        if not self._runner.run_in_background(
                work, lambda entries: self._loaded(generation, entries),
                lambda error: self._load_failed(generation, error), owner=self,
                label="attachments"):
            self._show_message(_tr("添付書類を読み込めません（終了処理中です）。"))

    def clear(self, message: str | None = None) -> None:
        """Show no case (with *message*, or the default hint)."""
        self._reset(message or _tr("案件を開くと、ここに添付書類が表示されます。"), icon=False)
        self._case_id = None

    def _reset(self, message: str, *, icon: bool) -> None:
        self._view.reset()
        old = list(self._open)
        self._open.clear()
        self.model.set_entries([])
        self._shown_key = None
        self.stack.clear_page()
        self._show_message(message, icon=icon)
        self._close_later(old)

    def _close_later(self, pages: list[PageSource]) -> None:
        """Close documents after any render still queued for them (on the runner)."""
        if not pages:
            return

        close = functools.partial(close_all, pages)
        if not self._render_runner.run_in_background(close, lambda _: None, owner=None,
                                                     label="close attachments"):
            close()

    def _loaded(self, generation: int, entries: list[AttachmentEntry]) -> None:
        if generation != self._view.generation:
            self._close_later([e.pages for e in entries if e.pages is not None])
            return
        self._open.extend(e.pages for e in entries if e.pages is not None)
        self._view.entries = list(entries)
        self.files.blockSignals(True)
        self.model.set_entries(entries)
        self.files.blockSignals(False)
        if not entries:
            self._show_message(_tr("この案件に添付書類はありません。"), icon=False)
        else:
            self._select(0, 0)
        self.loaded.emit()

    def _load_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._view.generation:
            self._show_message(error_text(error))
            self.loaded.emit()

    # ------------------------------------------------------------------ navigation
    def select_document(self, index: int) -> None:
        """Show the first page of file *index*."""
        if 0 <= index < self.document_count:
            self._select(index, 0)

    def _file_chosen(self, index: int) -> None:
        if index != self._view.doc and index >= 0:
            self._select(index, 0)

    def _select(self, doc: int, page: int) -> None:
        self._view.doc, self._view.page = doc, page
        if self.files.currentIndex() != doc:
            self.files.blockSignals(True)
            self.files.setCurrentIndex(doc)
            self.files.blockSignals(False)
        self._request_render()

    def next_page(self) -> None:
        """The next page; after a file's last page, the next file's first."""
        self._go(self._view.next_place())

    def previous_page(self) -> None:
        """The previous page; before a file's first page, the previous file's last."""
        self._go(self._view.previous_place())

    def _go(self, place: Place | None) -> None:
        if place is not None:
            self._select(*place)

    def zoom_in(self) -> None:
        if self._view.zoom_in():
            self._request_render()

    def zoom_out(self) -> None:
        if self._view.zoom_out():
            self._request_render()

    def fit_to_width(self) -> None:
        if self._view.fit_to_width():
            self._request_render()

    def rotate_right(self) -> None:
        if self._view.rotate(90):
            self._request_render()

    def rotate_left(self) -> None:
        if self._view.rotate(-90):
            self._request_render()

    # ------------------------------------------------------------------ rendering
    def _fit_pixels(self) -> int:
        return self.stack.fit_pixels()

    def _render_key(self) -> tuple[Any, ...]:
        return self._view.render_key(self._fit_pixels(), self.devicePixelRatioF())

    def _request_render(self) -> None:
        self._update_controls()
        entry = self._view.entry()
        if entry is None:
            return
        if entry.problem or entry.pages is None:
            self._show_message(problem_text(entry.problem or CORRUPT, entry.document.file_name))
            return
        if self._rendering:
            return  # when it comes back, _rendered sees the state moved on
        key = self._render_key()
        if key == self._shown_key and self.stack.showing_page:
            return
        view = self._view
        pages, page, rotation = entry.pages, view.page, view.rotation
        zoom, fit = (None if view.fit else view.zoom), self._fit_pixels()
        dpr = self.devicePixelRatioF()
        self._rendering = True
        started = self._render_runner.run_in_background(
            lambda: pages.render(page, zoom=zoom, fit_width=fit, rotation=rotation,
                                 device_pixel_ratio=dpr),
            lambda result: self._rendered(key, result),
            lambda error: self._render_failed(key, entry, error),
            owner=self, label="attachment page")
        if not started:
            self._rendering = False

    def _rendered(self, key: tuple[Any, ...], result: RenderedPage) -> None:
        self._rendering = False
        if key != self._render_key():
            self._request_render()  # the operator moved on meanwhile
            return
        self.stack.show_page(result)
        self._view.zoom = result.zoom
        self._shown_key = key
        self._message = None
        self._update_controls()
        self.page_shown.emit()

    def _render_failed(self, key: tuple[Any, ...], entry: AttachmentEntry, error: BaseException) -> None:
        self._rendering = False
        if isinstance(error, ClosedDocument) or key[0] != self._view.generation:
            self._request_render()
            return
        if isinstance(error, UnreadableDocument):
            entry.problem = CORRUPT
            self.model.entry_changed(self._view.doc)
            self._request_render()
            return
        self._show_message(error_text(error))

    # ------------------------------------------------------------------ display
    def _show_message(self, text: str, *, icon: bool = True) -> None:
        self._message = text
        self._shown_key = None
        self.stack.show_message(text, icon=icon)
        self._update_controls()

    def _update_controls(self) -> None:
        view = self._view
        showing = view.showing_page
        self.previous_action.setEnabled(view.previous_place() is not None)
        self.next_action.setEnabled(view.next_place() is not None)
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action,
                       self.rotate_left_action, self.rotate_right_action):
            action.setEnabled(showing)
        self.fit_action.setChecked(view.fit)
        self.page_label.setText(_tr("{page} / {count} ページ").format(
            page=view.page + 1, count=view.page_count) if showing else _tr("– / – ページ"))
        percent = f"{round(view.zoom * 100)}%"
        self.zoom_label.setText(
            (_tr("幅（{zoom}）").format(zoom=percent) if view.fit else percent)
            if showing else "")

    # ------------------------------------------------------------------ events
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._view.fit and self._view.showing_page:
            self._refit.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._view.fit and self._view.showing_page:
            self._refit.start()  # first shown in a tab: the width is known only now

    def _wheel_zoom(self, step: int) -> None:
        if step > 0:
            self.zoom_in()
        else:
            self.zoom_out()


__all__ = ["AttachmentViewer", "LoadAttachments"]
