"""Where the attachment viewer is in a case's files and how it shows the page: the
file and page, the zoom or fit width, each page's rotation, and the moves between them
(PgUp/PgDown across files, zoom steps, quarter turns).

Plain state without widgets, so the moves can be reasoned about and tested alone;
:class:`~desktop.qt.attachment_viewer.AttachmentViewer` renders and shows what it says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.qt.attachment_list import AttachmentEntry

#: Zoom steps for Ctrl++ / Ctrl+- (1.0 = 100 %).
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0,
              4.0, 6.0, 8.0)

#: A place in the case's files: (file's row, page).
Place = tuple[int, int]


@dataclass
class PageView:
    """The file and page on screen and how it is shown.

    *entries* are the case's files in the chooser's order (the very objects its model
    lists, so a file found corrupt while drawn is corrupt for both); ``doc`` is -1
    while no file is chosen. ``zoom`` is the zoom of the page on screen: in fit-width
    mode the one the last render fitted. ``generation`` counts the resets, so that
    work which comes back for an earlier case is recognised. The moves return whether
    anything changed: the viewer renders again only then.
    """

    entries: list[AttachmentEntry] = field(default_factory=list)
    doc: int = -1
    page: int = 0
    zoom: float = 1.0
    fit: bool = True
    generation: int = 0

    def reset(self) -> None:
        """No files (another case, or none): the next page shown fits the width."""
        self.generation += 1
        self.entries = []
        self.doc, self.page = -1, 0
        self.fit = True

    # ------------------------------------------------------------------ reading
    def entry(self) -> AttachmentEntry | None:
        """The chosen file, if any."""
        return self.entries[self.doc] if 0 <= self.doc < len(self.entries) else None

    @property
    def page_count(self) -> int:
        entry = self.entry()
        return entry.page_count if entry else 0

    @property
    def rotation(self) -> int:
        """The chosen page's rotation in degrees (kept per page of each file)."""
        entry = self.entry()
        return entry.rotations.get(self.page, 0) if entry else 0

    @property
    def showing_page(self) -> bool:
        """A file with pages is chosen (not one that cannot be shown)."""
        return self.page_count > 0

    def render_key(self, fit_pixels: int, device_pixel_ratio: float) -> tuple[Any, ...]:
        """Everything the page image depends on: equal keys, the same image."""
        return (self.generation, self.doc, self.page, None if self.fit else self.zoom,
                fit_pixels if self.fit else 0, self.rotation, device_pixel_ratio)

    # ------------------------------------------------------------------ moving
    def next_place(self) -> Place | None:
        """The next page; after a file's last page, the next file's first (None: at
        the end, or no file chosen)."""
        entry = self.entry()
        if entry is None:
            return None
        if self.page + 1 < entry.page_count:
            return self.doc, self.page + 1
        if self.doc + 1 < len(self.entries):
            return self.doc + 1, 0
        return None

    def previous_place(self) -> Place | None:
        """The previous page; before a file's first page, the previous file's last."""
        if self.entry() is None:
            return None
        if self.page > 0:
            return self.doc, self.page - 1
        if self.doc > 0:
            return self.doc - 1, max(self.entries[self.doc - 1].page_count - 1, 0)
        return None

    def zoom_in(self) -> bool:
        """The next zoom step up (leaving fit-width mode)."""
        return self._set_zoom(next((z for z in ZOOM_STEPS if z > self.zoom * 1.001),
                                   ZOOM_STEPS[-1]))

    def zoom_out(self) -> bool:
        """The next zoom step down (leaving fit-width mode)."""
        smaller = [z for z in ZOOM_STEPS if z < self.zoom * 0.999]
        return self._set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def _set_zoom(self, zoom: float) -> bool:
        if not self.showing_page:
            return False
        self.fit = False
        self.zoom = zoom
        return True

    def fit_to_width(self) -> bool:
        if not self.showing_page:
            return False
        self.fit = True
        return True

    def rotate(self, degrees: int) -> bool:
        """Turn the chosen page by *degrees* (±90); the other pages keep theirs."""
        entry = self.entry()
        if entry is None or not self.showing_page:
            return False
        entry.rotations[self.page] = (entry.rotations.get(self.page, 0) + degrees) % 360
        return True


__all__ = ["ZOOM_STEPS", "PageView", "Place"]
