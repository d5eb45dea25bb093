"""The application's look: the UI font and its size (Qt's own texts: desktop.qt.i18n).

The UI font is BIZ UD Gothic, bundled in ``resources/fonts`` (a universal-design face
made for public-sector forms: 0/O, 1/l/I and voiced kana are easy to tell apart).
Registering it with :class:`QFontDatabase` only records the file — Qt reads glyphs on
first use — so :func:`install_ui_font` costs a few milliseconds and can run before the
login dialog (``benchmarks/ui_font.py`` measures it). Without the files, an installed
Japanese system font is used, else Qt's default.

Sizes are points (see :mod:`desktop.qt.preferences`): Qt scales them per screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QFont, QFontDatabase, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from desktop.qt.preferences import (
    DEFAULT_FONT_POINTS,
    MAX_FONT_POINTS,
    MIN_FONT_POINTS,
    clamp_font_size,
    store_font_size,
    stored_font_size,
)

#: Japanese UI fonts in order of preference (Windows, macOS, Linux), when the bundled
#: font is missing.
JAPANESE_FONTS = ("Yu Gothic UI", "Meiryo UI", "Hiragino Sans", "Noto Sans CJK JP",
                  "Noto Sans JP", "IPAexGothic", "IPAGothic", "TakaoPGothic")
POINT_SIZE = int(DEFAULT_FONT_POINTS)
#: The bundled UI font: its family name and files (regular first).
UI_FONT_FAMILY = "BIZ UDGothic"
UI_FONT_FILES = ("BIZUDGothic-Regular.ttf", "BIZUDGothic-Bold.ttf")
#: One font-size step of the View menu, in points.
FONT_STEP = 1.0

_registered: dict[Path, str | None] = {}


def fonts_dir() -> Path:
    """``resources/fonts`` (beside the package, or inside the installed bundle)."""
    from desktop.settings import resources_dir

    return resources_dir() / "fonts"


def register_bundled_fonts(folder: Path | None = None) -> str | None:
    """Register the bundled UI font files with Qt, once per process and folder; returns
    the family they provide, or None when no file could be registered."""
    folder = folder or fonts_dir()
    if folder in _registered:
        return _registered[folder]
    family: str | None = None
    for name in UI_FONT_FILES:
        path = folder / name
        if not path.is_file():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families and family is None:
            family = families[0]
    _registered[folder] = family
    return family


def japanese_font_family() -> str | None:
    """The first installed family of :data:`JAPANESE_FONTS`, or None."""
    installed = set(QFontDatabase.families())
    return next((family for family in JAPANESE_FONTS if family in installed), None)


def install_ui_font(app: QApplication, folder: Path | None = None) -> str | None:
    """Register the bundled fonts and make BIZ UD Gothic the application font (keeping
    the current size); else an installed Japanese font. Returns the family used, or
    None when Qt's default stays. Safe to call again."""
    family = register_bundled_fonts(folder) or japanese_font_family()
    if family is not None:
        font = QFont(app.font())
        font.setFamilies([family])
        app.setFont(font)
    return family


def apply_font_size(app: QApplication, points: float) -> float:
    """Set the application font to *points* (clamped); every widget that has not set
    its own font follows at once. Returns the size applied."""
    points = clamp_font_size(points)
    font = QFont(app.font())
    font.setPointSizeF(points)
    app.setFont(font)
    return points


def apply_look(app: QApplication, point_size: float | None = None) -> None:
    """The UI font (:func:`install_ui_font`) at *point_size* points (default 10)."""
    install_ui_font(app)
    apply_font_size(app, POINT_SIZE if point_size is None else point_size)


class FontSizeActions(QObject):
    """The View menu's text-size actions: larger (Ctrl+Alt+=, Ctrl+Alt++), smaller
    (Ctrl+Alt+-) and the default size (Ctrl+Alt+0) — with Alt, because Ctrl+plus/minus/0
    zoom the document viewer beside the case. Each change applies app-wide and is stored in *settings*.

    The actions are added to *window*, so their shortcuts work even before they are put
    in a menu; :meth:`add_to` puts them in one. ``changed`` gives the new size (pt).
    """

    changed = Signal(float)

    def __init__(self, window: QWidget, settings: QSettings,
                 app: QApplication | None = None) -> None:
        super().__init__(window)
        instance = app or QApplication.instance()
        if not isinstance(instance, QApplication):
            raise RuntimeError("FontSizeActions needs a QApplication")
        self._app = instance
        self._settings = settings
        self.larger = self._action(
            self.tr("文字を大きく"), self.tr("画面の文字を大きくします"),
            [QKeySequence("Ctrl+Alt+="), QKeySequence("Ctrl+Alt++")], lambda: self.step(+FONT_STEP))
        self.smaller = self._action(
            self.tr("文字を小さく"), self.tr("画面の文字を小さくします"),
            [QKeySequence("Ctrl+Alt+-")], lambda: self.step(-FONT_STEP))
        self.reset = self._action(
            self.tr("文字の大きさを標準に戻す"),
            self.tr("画面の文字を標準の大きさ（{points} pt）に戻します").format(
                points=f"{DEFAULT_FONT_POINTS:g}"),
            [QKeySequence("Ctrl+Alt+0")], lambda: self.set_points(DEFAULT_FONT_POINTS))
        window.addActions(self.actions())
        self._update_enabled()

    def actions(self) -> list[QAction]:
        """Larger, smaller, default: in menu order."""
        return [self.larger, self.smaller, self.reset]

    def add_to(self, menu: QMenu) -> None:
        """Put the three actions at the end of *menu*."""
        menu.addActions(self.actions())

    @property
    def points(self) -> float:
        """The application font's size now, in points."""
        return self._app.font().pointSizeF()

    def apply_stored(self) -> float:
        """Apply the size stored in the settings (at start-up); returns it."""
        return self._apply(stored_font_size(self._settings), store=False)

    def step(self, delta: float) -> float:
        """Make the text *delta* points larger (negative: smaller)."""
        return self.set_points(self.points + delta)

    def set_points(self, points: float) -> float:
        """Apply and store *points* (clamped to 8–24 pt); returns the size applied."""
        return self._apply(points, store=True)

    def _apply(self, points: float, *, store: bool) -> float:
        before = self.points
        applied = apply_font_size(self._app, points)
        if store:
            store_font_size(self._settings, applied)
        self._update_enabled()
        if applied != before:
            self.changed.emit(applied)
        return applied

    def _update_enabled(self) -> None:
        self.larger.setEnabled(self.points < MAX_FONT_POINTS)
        self.smaller.setEnabled(self.points > MIN_FONT_POINTS)

    def _action(self, text: str, tip: str, keys: list[QKeySequence],
                slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(keys)
        shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({shown})")
        action.triggered.connect(slot)
        return action
