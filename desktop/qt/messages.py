"""Turning exceptions into sentences for people: never a traceback on screen."""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QCoreApplication

from desktop.domain.errors import ReviewDeskError
from desktop.qt.i18n import current_language

log = logging.getLogger(__name__)

#: Error codes that mean "the database cannot be reached" (raised by persistence).
UNAVAILABLE_CODES = frozenset({"database_unavailable"})


def error_text(error: BaseException, lang: str | None = None) -> str:
    """The message for *error*: the domain's own sentence (in *lang*, by default the
    interface language), or a generic one.

    An error that is not a :class:`ReviewDeskError` is a bug or an environment problem;
    its traceback goes to the log, and the person sees its type and first line only.
    """
    if isinstance(error, ReviewDeskError):
        return error.message(lang or current_language())
    log.error("unexpected error", exc_info=error)
    first_line = (str(error).strip().splitlines() or [""])[0][:200]
    return QCoreApplication.translate(
        "Messages", "予期しないエラーが発生しました（{kind}: {detail}）。"
        "詳細はログに記録されました。"
    ).format(kind=type(error).__name__, detail=first_line)


class Bilingual(Protocol):
    """Anything the services describe in both languages (a blocker, a skipped case…)."""

    @property
    def message_ja(self) -> str: ...

    @property
    def message_en(self) -> str: ...


def in_language(item: Bilingual, lang: str | None = None) -> str:
    """*item*'s text in *lang*, by default the interface language."""
    return item.message_en if (lang or current_language()) == "en" else item.message_ja


def is_unavailable(error: BaseException) -> bool:
    """Whether *error* says the database is unreachable (the connection state goes red)."""
    return isinstance(error, ReviewDeskError) and error.code in UNAVAILABLE_CODES
