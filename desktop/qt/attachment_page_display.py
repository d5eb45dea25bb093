"""Where the attachment viewer shows a page: the rendered image in a scroll area, or in
its place a sentence saying why there is none (loading, no files, a file that cannot
be shown). Ctrl + mouse wheel over the page asks for a zoom step.

Only showing lives here; what to render, and when, is
:class:`~desktop.qt.attachment_viewer.AttachmentViewer`'s.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QWidget,
)

from desktop.qt.attachment_pages import RenderedPage

#: Space beside a page fitted to the width (pixels).
MARGIN = 8
_PAGE, _MESSAGE = 0, 1


class PageDisplay(QStackedWidget):
    """The page image (scrollable), or a sentence with an optional warning icon.

    ``zoom_wheel(step)``: Ctrl + wheel over the page, +1 to zoom in, -1 to zoom out.
    """

    zoom_wheel = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.addWidget(self.scroll_area)
        self.addWidget(message_box)

    @property
    def showing_page(self) -> bool:
        """The page image is on screen (not a sentence)."""
        return self.currentIndex() == _PAGE

    def fit_pixels(self) -> int:
        """The width a page fitted to the width is rendered at (device-independent)."""
        # As if the vertical scroll bar were there: fitting must not make it come and go.
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width: int = self.scroll_area.contentsRect().width()
        return max(width - bar - 2 * MARGIN, 50)

    def show_page(self, page: RenderedPage) -> None:
        pixmap = QPixmap.fromImage(page.image)
        pixmap.setDevicePixelRatio(page.device_pixel_ratio)
        self.image.setPixmap(pixmap)
        self.setCurrentIndex(_PAGE)

    def clear_page(self) -> None:
        self.image.clear()

    def show_message(self, text: str, *, icon: bool) -> None:
        """*text* in place of the page, with a warning icon when *icon*."""
        self.message_label.setText(text)
        if icon:
            size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
            warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.message_icon.setPixmap(warning.pixmap(size, size))
        else:
            self.message_icon.clear()
        self.setCurrentIndex(_MESSAGE)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Ctrl + mouse wheel zooms, as in every viewer.
        if (event.type() == QEvent.Type.Wheel and isinstance(event, QWheelEvent)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            if event.angleDelta().y() > 0:
                self.zoom_wheel.emit(1)
            elif event.angleDelta().y() < 0:
                self.zoom_wheel.emit(-1)
            return True
        return super().eventFilter(watched, event)


__all__ = ["MARGIN", "PageDisplay"]
