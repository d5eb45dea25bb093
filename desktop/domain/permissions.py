"""Roles as named sets of permissions; every service call checks one of these."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.errors import PermissionDenied


class Role(StrEnum):
    OPERATOR = "operator"
    CHECKER = "checker"
    PRINT_STAFF = "print_staff"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


ROLE_LABELS_JA: dict[Role, str] = {
    Role.OPERATOR: "審査担当",
    Role.CHECKER: "二次審査担当",
    Role.PRINT_STAFF: "印刷・発送担当",
    Role.SUPERVISOR: "SV（監督者）",
    Role.ADMIN: "管理者",
}


class Permission(StrEnum):
    CASE_VIEW = "case.view"
    CASE_CREATE = "case.create"
    CLAIM_FIRST_REVIEW = "queue.claim.first_review"
    CLAIM_DOUBLE_CHECK = "queue.claim.double_check"
    CASE_CHECK = "case.check"
    DECIDE_FIRST_REVIEW = "case.decide.first_review"
    DECIDE_DOUBLE_CHECK = "case.decide.double_check"
    CASE_HOLD = "case.hold"
    CASE_RESUME = "case.resume"
    CASE_WITHDRAW = "case.withdraw"
    QUEUE_VIEW = "queue.view"
    QUEUE_ASSIGN = "queue.assign"
    QUEUE_RELEASE_ANY = "queue.release_any"
    STATS_VIEW = "stats.view"
    NOTICE_PRINT = "notice.print"
    USER_MANAGE = "user.manage"
    AUDIT_VERIFY = "audit.verify"
    REPORT_VIEW = "report.view"
    CASE_EXPORT = "case.export"
    CASE_EXPORT_MYNUMBER = "case.export.mynumber"
    DASHBOARD_VIEW = "dashboard.view"
    CASE_PRIORITY = "case.priority"


_P = Permission
_OPERATOR = frozenset(
    {
        _P.CASE_VIEW,
        _P.CASE_CREATE,
        _P.CLAIM_FIRST_REVIEW,
        _P.CASE_CHECK,
        _P.DECIDE_FIRST_REVIEW,
        _P.CASE_HOLD,
        _P.QUEUE_VIEW,
    }
)
_CHECKER = _OPERATOR | {_P.CLAIM_DOUBLE_CHECK, _P.DECIDE_DOUBLE_CHECK}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OPERATOR: _OPERATOR,
    Role.CHECKER: frozenset(_CHECKER),
    Role.PRINT_STAFF: frozenset({_P.CASE_VIEW, _P.QUEUE_VIEW, _P.NOTICE_PRINT}),
    Role.SUPERVISOR: frozenset(
        _CHECKER
        | {
            _P.CASE_RESUME,
            _P.CASE_WITHDRAW,
            _P.QUEUE_ASSIGN,
            _P.QUEUE_RELEASE_ANY,
            _P.STATS_VIEW,
            _P.NOTICE_PRINT,
            _P.REPORT_VIEW,
            _P.CASE_EXPORT,
            _P.DASHBOARD_VIEW,
            _P.CASE_PRIORITY,
        }
    ),
    Role.ADMIN: frozenset({_P.USER_MANAGE, _P.AUDIT_VERIFY, _P.STATS_VIEW, _P.QUEUE_VIEW,
                           _P.REPORT_VIEW, _P.CASE_EXPORT, _P.CASE_EXPORT_MYNUMBER,
                           _P.DASHBOARD_VIEW}),
}


@dataclass(frozen=True)
class Actor:
    """The person on whose behalf a service call runs. ``id`` is None for the system."""

    id: int | None
    name: str
    display_name: str
    role: Role

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]


#: Administration commands run by whoever can open the database directly.
SYSTEM = Actor(id=None, name="system", display_name="システム", role=Role.ADMIN)


def refusal(actor: Actor, permission: Permission) -> PermissionDenied:
    """The error for *actor* lacking *permission* (the service audits and raises it)."""
    return PermissionDenied(
        f"{actor.name}（{ROLE_LABELS_JA[actor.role]}）には権限「{permission.value}」がありません",
        f"{actor.name} ({actor.role.value}) lacks the permission {permission.value}",
        user=actor.name,
        permission=permission.value,
    )
