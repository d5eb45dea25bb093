"""Per-user preferences kept with QSettings: the interface language and the font size.

Font sizes are in points, never pixels: Qt turns points into pixels for each screen's
DPI, so the same setting reads the same on a laptop and on a 4K monitor.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSettings

LANGUAGE_KEY = "ui/language"
#: Interface languages: code and the name shown in its own language.
LANGUAGES: tuple[tuple[str, str], ...] = (("ja", "日本語"), ("en", "English"))
DEFAULT_LANGUAGE = "ja"

FONT_SIZE_KEY = "ui/font_point_size"
DEFAULT_FONT_POINTS = 10.0
MIN_FONT_POINTS = 8.0
MAX_FONT_POINTS = 24.0


def stored_language(settings: QSettings) -> str:
    """The language chosen last time ("ja" when none or unknown)."""
    value = settings.value(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    codes = {code for code, _ in LANGUAGES}
    return value if isinstance(value, str) and value in codes else DEFAULT_LANGUAGE


def store_language(settings: QSettings, code: str) -> None:
    """Remember *code* ("ja" or "en") as the interface language."""
    if code not in {c for c, _ in LANGUAGES}:
        raise ValueError(f"unknown interface language {code!r}")
    settings.setValue(LANGUAGE_KEY, code)
    settings.sync()


def clamp_font_size(points: float) -> float:
    """*points* within the sizes offered (8–24 pt), to half a point."""
    if not math.isfinite(points):
        return DEFAULT_FONT_POINTS
    return min(MAX_FONT_POINTS, max(MIN_FONT_POINTS, round(points * 2) / 2))


def stored_font_size(settings: QSettings) -> float:
    """The font size chosen last time, in points (the default when none or unusable)."""
    value = settings.value(FONT_SIZE_KEY, None)
    try:
        # INI files give the number back as a string.
        points = float(value) if isinstance(value, str | int | float) else DEFAULT_FONT_POINTS
    except ValueError:
        return DEFAULT_FONT_POINTS
    if not math.isfinite(points):
        return DEFAULT_FONT_POINTS
    return clamp_font_size(points)


def store_font_size(settings: QSettings, points: float) -> float:
    """Remember *points* (clamped to what is offered); returns what was stored."""
    points = clamp_font_size(points)
    settings.setValue(FONT_SIZE_KEY, points)
    settings.sync()
    return points
