"""The application's look and Qt's own texts: a Japanese font, qtbase translations."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

#: Japanese UI fonts in order of preference (Windows, macOS, Linux).
JAPANESE_FONTS = ("Yu Gothic UI", "Meiryo UI", "Hiragino Sans", "Noto Sans CJK JP",
                  "Noto Sans JP", "IPAexGothic", "IPAGothic", "TakaoPGothic")
POINT_SIZE = 10


def japanese_font_family() -> str | None:
    """The first installed family of :data:`JAPANESE_FONTS`, or None."""
    installed = set(QFontDatabase.families())
    return next((family for family in JAPANESE_FONTS if family in installed), None)


def apply_look(app: QApplication) -> None:
    """Use a Japanese font family when one is installed (else Qt's default)."""
    font = QFont(app.font())
    family = japanese_font_family()
    if family is not None:
        font.setFamilies([family])
    font.setPointSize(max(font.pointSize(), POINT_SIZE))
    app.setFont(font)


def install_qt_translations(app: QCoreApplication, language: str) -> QTranslator | None:
    """Qt's own texts (OK/Cancel buttons, context menus) in *language* when Qt ships them.

    The returned translator must stay referenced while the application runs.
    """
    if language == "en":
        return None  # Qt's source texts are English
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{language}", folder):
        return None
    app.installTranslator(translator)
    return translator
