"""Where things live: the database URL, resource folders, the user's data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "review-desk"
DB_ENV = "REVIEW_DESK_DB"
LANG_ENV = "REVIEW_DESK_LANG"


def data_dir() -> Path:
    """Per-user data folder (e.g. ~/.local/share/review-desk)."""
    return user_data_path(APP_NAME, appauthor=False)


def default_database_path() -> Path:
    return data_dir() / "review-desk.sqlite3"


def database_url(option: str | None = None) -> str:
    """The ``--db`` option, else ``REVIEW_DESK_DB``, else the local file in the data folder."""
    return option or os.environ.get(DB_ENV) or str(default_database_path())


def resources_dir() -> Path:
    """``resources/`` beside the package, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def procedures_dir() -> Path:
    return resources_dir() / "procedures"


def language() -> str:
    """"ja" unless REVIEW_DESK_LANG (or the locale) asks for English."""
    value = os.environ.get(LANG_ENV) or ""
    return "en" if value.lower().startswith("en") else "ja"


ATTACHMENTS_ENV = "REVIEW_DESK_ATTACHMENTS"


def attachments_dir(sqlite_path: str | None) -> Path:
    """Where attachment files live: ``REVIEW_DESK_ATTACHMENTS`` (a shared folder in shared
    mode), else beside the SQLite file, else in the user data folder."""
    configured = os.environ.get(ATTACHMENTS_ENV)
    if configured:
        return Path(configured)
    if sqlite_path:
        return Path(sqlite_path).with_suffix(".attachments")
    return data_dir() / "attachments"
