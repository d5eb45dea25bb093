"""Pages of an attachment as images: PDF pages through pdfium (as printing does), JPEG,
PNG and (multi-page) TIFF through :class:`QImageReader`.

Opening and rendering run on a worker thread of the task runner (a large scan takes
longer than a frame); they make :class:`QImage` s only, which are safe off the GUI
thread. pdfium is not thread-safe, so every pdfium call here holds one lock.

Zoom 1.0 ("100 %") is a PDF page at its paper size on a 96 dpi screen, or one image
pixel per screen pixel. A render either uses a given zoom or fits a given width.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol

import pypdfium2 as pdfium
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QTransform

#: Screen pixels per PDF point at 100 %.
PDF_PIXELS_PER_POINT = 96.0 / 72.0
MIN_ZOOM = 0.1
MAX_ZOOM = 8.0
#: Longest side of a rendered page in device pixels (guards memory at high zoom).
MAX_RENDER_SIDE = 12_000
ROTATIONS = (0, 90, 180, 270)

_PDFIUM = threading.Lock()


class UnreadableDocument(Exception):
    """The bytes are not a document we can show (corrupt, truncated, unknown format)."""


class ClosedDocument(Exception):
    """The document was closed (another case opened) before a queued render ran."""


@dataclass(frozen=True)
class RenderedPage:
    """One page as rendered: the image (device pixels) and the zoom it was made at."""

    image: QImage
    zoom: float
    device_pixel_ratio: float


class PageSource(Protocol):
    """A document whose pages can be rendered one at a time (thread-safe)."""

    @property
    def page_count(self) -> int: ...
    @property
    def closed(self) -> bool: ...
    def render(self, index: int, *, zoom: float | None, fit_width: int, rotation: int,
               device_pixel_ratio: float) -> RenderedPage: ...
    def close(self) -> None: ...


def _zoom_for(width_at_100: float, height_at_100: float, zoom: float | None,
              fit_width: int, rotation: int, dpr: float) -> float:
    """The zoom to render at: *zoom*, or the one that fits *fit_width* (rotated page),
    within the limits and the render size cap."""
    if rotation in (90, 270):
        width_at_100, height_at_100 = height_at_100, width_at_100
    if zoom is None:
        zoom = max(fit_width, 1) / max(width_at_100, 1.0)
    zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
    longest = max(width_at_100, height_at_100, 1.0) * zoom * dpr
    if longest > MAX_RENDER_SIDE:
        zoom *= MAX_RENDER_SIDE / longest
    return zoom


class PdfPages:
    """A PDF document's pages, rendered by pdfium."""

    def __init__(self, data: bytes) -> None:
        with _PDFIUM:
            try:
                self._doc: pdfium.PdfDocument | None = pdfium.PdfDocument(data)
                count = len(self._doc)
            except pdfium.PdfiumError as error:
                raise UnreadableDocument(str(error)) from error
        if count < 1:
            self.close()
            raise UnreadableDocument("the PDF has no pages")
        self._count = count

    @property
    def page_count(self) -> int:
        return self._count

    @property
    def closed(self) -> bool:
        return self._doc is None

    def render(self, index: int, *, zoom: float | None, fit_width: int, rotation: int,
               device_pixel_ratio: float) -> RenderedPage:
        with _PDFIUM:
            if self._doc is None:
                raise ClosedDocument()
            page = self._doc[index]
            try:
                width, height = page.get_size()
                used = _zoom_for(width * PDF_PIXELS_PER_POINT, height * PDF_PIXELS_PER_POINT,
                                 zoom, fit_width, rotation, device_pixel_ratio)
                bitmap = page.render(scale=used * PDF_PIXELS_PER_POINT * device_pixel_ratio,
                                     rotation=rotation, prefer_bgrx=True, rev_byteorder=True)
                # copy(): the image must own its pixels once pdfium frees the bitmap.
                image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_RGBX8888).copy()
                bitmap.close()
            except pdfium.PdfiumError as error:
                raise UnreadableDocument(str(error)) from error
            finally:
                page.close()
        return RenderedPage(image, used, device_pixel_ratio)

    def close(self) -> None:
        with _PDFIUM:
            if self._doc is not None:
                self._doc.close()
                self._doc = None


class ImagePages:
    """The frames of an image file (one, or many for a multi-page TIFF)."""

    def __init__(self, data: bytes) -> None:
        self._data = QByteArray(data)
        self._lock = threading.Lock()
        self._cached: tuple[int, QImage] | None = None
        reader, buffer = self._reader()
        try:
            if not reader.canRead():
                raise UnreadableDocument(reader.errorString())
            count = reader.imageCount()
        finally:
            buffer.close()
        self._count = max(count, 1)  # 0: "unknown", which single images may report
        self._closed = False

    def _reader(self) -> tuple[QImageReader, QBuffer]:
        buffer = QBuffer()
        buffer.setData(self._data)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
        reader.setAutoTransform(True)  # a photo's EXIF orientation
        return reader, buffer

    @property
    def page_count(self) -> int:
        return self._count

    @property
    def closed(self) -> bool:
        return self._closed

    def _frame(self, index: int) -> QImage:
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        reader, buffer = self._reader()
        try:
            if index and not reader.jumpToImage(index):
                raise UnreadableDocument(f"no page {index + 1}: {reader.errorString()}")
            image = reader.read()
        finally:
            buffer.close()
        if image.isNull():
            raise UnreadableDocument(reader.errorString())
        self._cached = (index, image)
        return image

    def render(self, index: int, *, zoom: float | None, fit_width: int, rotation: int,
               device_pixel_ratio: float) -> RenderedPage:
        with self._lock:
            if self._closed:
                raise ClosedDocument()
            frame = self._frame(index)
        used = _zoom_for(frame.width(), frame.height(), zoom, fit_width, rotation,
                         device_pixel_ratio)
        scale = used * device_pixel_ratio
        target = QSize(max(round(frame.width() * scale), 1),
                       max(round(frame.height() * scale), 1))
        image = frame.scaled(target, Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
        if rotation:
            image = image.transformed(QTransform().rotate(rotation),
                                      Qt.TransformationMode.SmoothTransformation)
        return RenderedPage(image, used, device_pixel_ratio)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._cached = None


def open_pages(data: bytes, media_type: str) -> PageSource:
    """The pages of *data*; :class:`UnreadableDocument` if they cannot be shown."""
    if media_type == "application/pdf" or data.startswith(b"%PDF-"):
        return PdfPages(data)
    return ImagePages(data)
