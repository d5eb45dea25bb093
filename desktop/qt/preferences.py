"""Per-user preferences kept with QSettings (the language of the interface, for now)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

LANGUAGE_KEY = "ui/language"
#: Interface languages: code and the name shown in its own language.
LANGUAGES: tuple[tuple[str, str], ...] = (("ja", "日本語"), ("en", "English"))
DEFAULT_LANGUAGE = "ja"


def stored_language(settings: QSettings) -> str:
    """The language chosen last time ("ja" when none or unknown)."""
    value = settings.value(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    codes = {code for code, _ in LANGUAGES}
    return value if isinstance(value, str) and value in codes else DEFAULT_LANGUAGE


def store_language(settings: QSettings, code: str) -> None:
    if code not in {c for c, _ in LANGUAGES}:
        raise ValueError(f"unknown interface language {code!r}")
    settings.setValue(LANGUAGE_KEY, code)
    settings.sync()
