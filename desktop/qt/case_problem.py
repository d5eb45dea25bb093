"""What is wrong with the case this workstation holds, in words for the operator: a
:class:`Problem` of a :class:`ProblemKind` that tells the view which way back to offer
(reclaim, reload, retry, or read and act).

:class:`~desktop.qt.case_session.CaseSession` raises them; the case view's banner and
the main window show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QCoreApplication

from desktop.domain.cases import CaseRecord
from desktop.domain.errors import ReviewDeskError
from desktop.domain.workflow import queue_stage
from desktop.qt.labels import status_label
from desktop.qt.messages import error_text, is_unavailable


class ProblemKind(Enum):
    """Why the held case cannot be worked on right now."""

    LEASE_LOST = "lease_lost"      # reclaim it (or it is someone else's now)
    CONFLICT = "conflict"          # someone else changed it: reload
    UNAVAILABLE = "unavailable"    # the database is unreachable: retry
    ERROR = "error"                # a refusal (rule, permission): read and act


@dataclass(frozen=True)
class Problem:
    """What went wrong, in words for the operator; *error* when a call failed."""

    kind: ProblemKind
    text: str
    error: BaseException | None = None


def problem_of(error: BaseException) -> Problem:
    """The :class:`Problem` an error from a service call means for the held case."""
    code = error.code if isinstance(error, ReviewDeskError) else ""
    if code == "lease_lost":
        kind = ProblemKind.LEASE_LOST
    elif code == "conflict":
        kind = ProblemKind.CONFLICT
    elif is_unavailable(error):
        kind = ProblemKind.UNAVAILABLE
    else:
        kind = ProblemKind.ERROR
    return Problem(kind, error_text(error), error)


def lost_case_problem(case: CaseRecord) -> Problem:
    """*case*, read again, is not ours to work on any more: who decided it, or who holds
    it now. (The strings keep the ``CaseSession`` translation context they were made in.)"""
    if queue_stage(case.status) is None:
        text = QCoreApplication.translate(
            "CaseSession", "案件 {number} は {who} により「{status}」になりました。"
            "入力内容は画面に残っています").format(
            number=case.number, who=case.updated_by_name or "?",
            status=status_label(case.status))
    else:
        text = QCoreApplication.translate(
            "CaseSession", "案件 {number} は現在 {holder} が担当しています。"
            "入力内容は画面に残っています").format(
            number=case.number, holder=case.holder_name or QCoreApplication.translate(
                "CaseSession", "（担当なし・キューで待機中）"))
    return Problem(ProblemKind.LEASE_LOST, text)


__all__ = ["Problem", "ProblemKind", "lost_case_problem", "problem_of"]
