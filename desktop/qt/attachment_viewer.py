"""The attachment side of the case view: a case's scans and PDFs, page by page, with
zoom, fit-width and rotation, all from the keyboard. Nothing leaves the machine.

:class:`AttachmentViewer` gets the documents through a ``load(case_id)`` callable (the
case-documents service) run on the task runner; pages are opened and rendered on the
runner too (:mod:`desktop.qt.attachment_pages`), so a large scan never freezes the
window. A file that is missing, damaged or unreadable shows a sentence saying so in
place of the page; the other files of the case still show.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.qt.attachment_list import (
    CORRUPT,
    AttachmentEntry,
    AttachmentListModel,
    close_all,
    open_entry,
    problem_text,
)
from desktop.qt.attachment_pages import (
    ClosedDocument,
    PageSource,
    RenderedPage,
    UnreadableDocument,
)
from desktop.qt.messages import error_text
from desktop.qt.tasks import TaskRunner
from desktop.services.case_documents import AttachmentDocument

#: ``load(case_id)``: the case's attachments with their bytes (runs in the background).
LoadAttachments = Callable[[int], list[AttachmentDocument]]

#: Zoom steps for Ctrl++ / Ctrl+- (1.0 = 100 %).
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0,
              4.0, 6.0, 8.0)
MARGIN = 8


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
        self._generation = 0
        self._case_id: int | None = None
        self._doc = -1
        self._page = 0
        self._zoom = 1.0
        self._fit = True
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
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.image)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scroll_area.viewport().installEventFilter(self)
        self.message_icon = QLabel()
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)  # file names are data
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        message_box = QWidget()
        row = QHBoxLayout(message_box)
        row.addWidget(self.message_icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.message_label, 1, Qt.AlignmentFlag.AlignTop)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.scroll_area)
        self.stack.addWidget(message_box)

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
        return self._doc

    @property
    def page_index(self) -> int:
        return self._page

    @property
    def page_count(self) -> int:
        entry = self._entry()
        return entry.page_count if entry else 0

    @property
    def rotation(self) -> int:
        entry = self._entry()
        return entry.rotations.get(self._page, 0) if entry else 0

    @property
    def zoom(self) -> float:
        """The zoom of the page on screen (in fit-width mode, the one that fits)."""
        return self._zoom

    @property
    def fit_width(self) -> bool:
        return self._fit

    @property
    def message(self) -> str | None:
        """The sentence shown instead of a page (loading, no files, a file's problem)."""
        return self._message

    def _entry(self) -> AttachmentEntry | None:
        return self.model.entry(self._doc)

    # ------------------------------------------------------------------ loading
    def show_case(self, case_id: int) -> None:
        """Load and show the attachments of *case_id* (in the background)."""
        self._reset(_tr("添付書類を読み込んでいます…"), icon=False)
        self._case_id = case_id
        generation = self._generation
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
        self._generation += 1
        old = list(self._open)
        self._open.clear()
        self.model.set_entries([])
        self._doc, self._page, self._shown_key = -1, 0, None
        self._fit = True
        self.image.clear()
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
        if generation != self._generation:
            self._close_later([e.pages for e in entries if e.pages is not None])
            return
        self._open.extend(e.pages for e in entries if e.pages is not None)
        self.files.blockSignals(True)
        self.model.set_entries(entries)
        self.files.blockSignals(False)
        if not entries:
            self._show_message(_tr("この案件に添付書類はありません。"), icon=False)
        else:
            self._select(0, 0)
        self.loaded.emit()

    def _load_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._show_message(error_text(error))
            self.loaded.emit()

    # ------------------------------------------------------------------ navigation
    def select_document(self, index: int) -> None:
        """Show the first page of file *index*."""
        if 0 <= index < self.document_count:
            self._select(index, 0)

    def _file_chosen(self, index: int) -> None:
        if index != self._doc and index >= 0:
            self._select(index, 0)

    def _select(self, doc: int, page: int) -> None:
        self._doc, self._page = doc, page
        if self.files.currentIndex() != doc:
            self.files.blockSignals(True)
            self.files.setCurrentIndex(doc)
            self.files.blockSignals(False)
        self._request_render()

    def next_page(self) -> None:
        """The next page; after a file's last page, the next file's first."""
        entry = self._entry()
        if entry is None:
            return
        if self._page + 1 < entry.page_count:
            self._select(self._doc, self._page + 1)
        elif self._doc + 1 < self.document_count:
            self._select(self._doc + 1, 0)

    def previous_page(self) -> None:
        """The previous page; before a file's first page, the previous file's last."""
        if self._entry() is None:
            return
        if self._page > 0:
            self._select(self._doc, self._page - 1)
        elif self._doc > 0:
            before = self.model.entry(self._doc - 1)
            self._select(self._doc - 1, max((before.page_count if before else 1) - 1, 0))

    def zoom_in(self) -> None:
        self._set_zoom(next((z for z in ZOOM_STEPS if z > self._zoom * 1.001), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        smaller = [z for z in ZOOM_STEPS if z < self._zoom * 0.999]
        self._set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def _set_zoom(self, zoom: float) -> None:
        if not self._showing_page():
            return
        self._fit = False
        self._zoom = zoom
        self._request_render()

    def fit_to_width(self) -> None:
        if not self._showing_page():
            return
        self._fit = True
        self._request_render()

    def rotate_right(self) -> None:
        self._rotate(90)

    def rotate_left(self) -> None:
        self._rotate(-90)

    def _rotate(self, degrees: int) -> None:
        entry = self._entry()
        if entry is None or not self._showing_page():
            return
        entry.rotations[self._page] = (entry.rotations.get(self._page, 0) + degrees) % 360
        self._request_render()

    def _showing_page(self) -> bool:
        entry = self._entry()
        return entry is not None and entry.page_count > 0

    # ------------------------------------------------------------------ rendering
    def _fit_pixels(self) -> int:
        # As if the vertical scroll bar were there: fitting must not make it come and go.
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width: int = self.scroll_area.contentsRect().width()
        return max(width - bar - 2 * MARGIN, 50)

    def _render_key(self) -> tuple[Any, ...]:
        return (self._generation, self._doc, self._page, None if self._fit else self._zoom,
                self._fit_pixels() if self._fit else 0, self.rotation, self.devicePixelRatioF())

    def _request_render(self) -> None:
        self._update_controls()
        entry = self._entry()
        if entry is None:
            return
        if entry.problem or entry.pages is None:
            self._show_message(problem_text(entry.problem or CORRUPT, entry.document.file_name))
            return
        if self._rendering:
            return  # when it comes back, _rendered sees the state moved on
        key = self._render_key()
        if key == self._shown_key and self.stack.currentIndex() == 0:
            return
        pages, page, rotation = entry.pages, self._page, self.rotation
        zoom, fit = (None if self._fit else self._zoom), self._fit_pixels()
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
        pixmap = QPixmap.fromImage(result.image)
        pixmap.setDevicePixelRatio(result.device_pixel_ratio)
        self.image.setPixmap(pixmap)
        self._zoom = result.zoom
        self._shown_key = key
        self._message = None
        self.stack.setCurrentIndex(0)
        self._update_controls()
        self.page_shown.emit()

    def _render_failed(self, key: tuple[Any, ...], entry: AttachmentEntry, error: BaseException) -> None:
        self._rendering = False
        if isinstance(error, ClosedDocument) or key[0] != self._generation:
            self._request_render()
            return
        if isinstance(error, UnreadableDocument):
            entry.problem = CORRUPT
            self.model.entry_changed(self._doc)
            self._request_render()
            return
        self._show_message(error_text(error))

    # ------------------------------------------------------------------ display
    def _show_message(self, text: str, *, icon: bool = True) -> None:
        self._message = text
        self._shown_key = None
        self.message_label.setText(text)
        if icon:
            size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
            warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.message_icon.setPixmap(warning.pixmap(size, size))
        else:
            self.message_icon.clear()
        self.stack.setCurrentIndex(1)
        self._update_controls()

    def _update_controls(self) -> None:
        entry = self._entry()
        pages = entry.page_count if entry else 0
        showing = pages > 0
        last_doc = self._doc >= self.document_count - 1
        self.previous_action.setEnabled(entry is not None and (self._page > 0 or self._doc > 0))
        self.next_action.setEnabled(entry is not None and (self._page + 1 < pages
                                                           or not last_doc))
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action,
                       self.rotate_left_action, self.rotate_right_action):
            action.setEnabled(showing)
        self.fit_action.setChecked(self._fit)
        self.page_label.setText(_tr("{page} / {count} ページ").format(
            page=self._page + 1, count=pages) if showing else _tr("– / – ページ"))
        percent = f"{round(self._zoom * 100)}%"
        self.zoom_label.setText(
            (_tr("幅（{zoom}）").format(zoom=percent) if self._fit else percent)
            if showing else "")

    # ------------------------------------------------------------------ events
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit and self._showing_page():
            self._refit.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fit and self._showing_page():
            self._refit.start()  # first shown in a tab: the width is known only now

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Ctrl + mouse wheel zooms, as in every viewer.
        if (event.type() == QEvent.Type.Wheel and isinstance(event, QWheelEvent)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            if event.angleDelta().y() > 0:
                self.zoom_in()
            elif event.angleDelta().y() < 0:
                self.zoom_out()
            return True
        return super().eventFilter(watched, event)


__all__ = ["AttachmentViewer", "LoadAttachments"]
