"""Domain errors.

Every error carries a stable ``code`` (for the CLI's JSON and for the Qt layer, which
translates) and ``params`` with the facts, plus a Japanese and an English sentence for
places that have no translation layer (CLI, logs).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any


class ReviewDeskError(Exception):
    """Base of every error the application reports to a person."""

    code = "error"

    def __init__(self, message_ja: str, message_en: str | None = None, **params: Any) -> None:
        super().__init__(message_ja)
        self.message_ja = message_ja
        self.message_en = message_en or message_ja
        self.params = params

    def message(self, lang: str = "ja") -> str:
        return self.message_en if lang == "en" else self.message_ja


class IllegalTransition(ReviewDeskError):
    """A status change that the case lifecycle does not allow."""

    code = "illegal_transition"


class RuleViolation(ReviewDeskError):
    """A decision or action that breaks a review rule (checklist, reasons, four eyes…)."""

    code = "rule_violation"


class PermissionDenied(ReviewDeskError):
    """The acting user's role lacks the permission the action needs."""

    code = "permission_denied"


class AuthenticationFailed(ReviewDeskError):
    """Unknown user or wrong password (deliberately not saying which)."""

    code = "authentication_failed"


class NotFound(ReviewDeskError):
    code = "not_found"


class ConcurrentChange(ReviewDeskError):
    """Optimistic lock: the case changed since the caller read it."""

    code = "conflict"


class LeaseLost(ReviewDeskError):
    """The caller no longer holds the case (lease expired, released or reassigned)."""

    code = "lease_lost"


class QueueEmpty(ReviewDeskError):
    code = "queue_empty"


class InvalidInput(ReviewDeskError):
    """A value from outside (CLI argument, form field, file) that cannot be used."""

    code = "invalid_input"


def concurrent_change(
    changed_by: str | None, changed_at: datetime | None, expected: int, current: int
) -> ConcurrentChange:
    """The optimistic-lock refusal, naming who changed the case and when."""
    stamp = changed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S") if changed_at else "?"
    return ConcurrentChange(
        f"この案件は {changed_by} が {stamp} に変更しました。最新の内容を読み込み直してください",
        f"this case was changed by {changed_by} at {stamp}; reload it",
        changed_by=changed_by,
        changed_at=changed_at.isoformat() if changed_at else None,
        expected_version=expected,
        current_version=current,
    )
