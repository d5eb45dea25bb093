"""Translatable labels for the domain's codes (statuses, stages, roles).

The domain returns codes; the words a person reads are written here as literal
strings so that ``pyside6-lupdate`` finds them (context ``Labels``). A unit test keeps
the Japanese source strings equal to the domain's own label tables.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

from desktop.domain.permissions import Role
from desktop.domain.workflow import Stage, Status

_CONTEXT = "Labels"


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # the name lupdate looks for
    """Marks *source* for translation in *context* without translating it yet."""
    return source

JST = ZoneInfo("Asia/Tokyo")

STATUS_SOURCE: dict[Status, str] = {
    Status.RECEIVED: QT_TRANSLATE_NOOP("Labels", "受付"),
    Status.IN_FIRST_REVIEW: QT_TRANSLATE_NOOP("Labels", "一次審査中"),
    Status.AWAITING_DOUBLE_CHECK: QT_TRANSLATE_NOOP("Labels", "二次審査待ち"),
    Status.IN_DOUBLE_CHECK: QT_TRANSLATE_NOOP("Labels", "二次審査中"),
    Status.APPROVED: QT_TRANSLATE_NOOP("Labels", "決定（承認）"),
    Status.REJECTED: QT_TRANSLATE_NOOP("Labels", "決定（却下）"),
    Status.AWAITING_CORRECTION: QT_TRANSLATE_NOOP("Labels", "補正待ち"),
    Status.RESUBMITTED: QT_TRANSLATE_NOOP("Labels", "補正再提出"),
    Status.ON_HOLD: QT_TRANSLATE_NOOP("Labels", "保留"),
    Status.WITHDRAWN: QT_TRANSLATE_NOOP("Labels", "取下げ"),
    Status.NOTICE_PRINTED: QT_TRANSLATE_NOOP("Labels", "通知印刷済"),
    Status.ENCLOSURE_CHECKED: QT_TRANSLATE_NOOP("Labels", "封入確認済"),
    Status.DISPATCHED: QT_TRANSLATE_NOOP("Labels", "発送済"),
    Status.CLOSED: QT_TRANSLATE_NOOP("Labels", "完了"),
}

ROLE_SOURCE: dict[Role, str] = {
    Role.OPERATOR: QT_TRANSLATE_NOOP("Labels", "審査担当"),
    Role.CHECKER: QT_TRANSLATE_NOOP("Labels", "二次審査担当"),
    Role.PRINT_STAFF: QT_TRANSLATE_NOOP("Labels", "印刷・発送担当"),
    Role.SUPERVISOR: QT_TRANSLATE_NOOP("Labels", "SV（監督者）"),
    Role.ADMIN: QT_TRANSLATE_NOOP("Labels", "管理者"),
}

STAGE_SOURCE: dict[Stage, str] = {
    Stage.FIRST_REVIEW: QT_TRANSLATE_NOOP("Labels", "一次審査"),
    Stage.DOUBLE_CHECK: QT_TRANSLATE_NOOP("Labels", "二次審査"),
}


def status_label(status: Status) -> str:
    return QCoreApplication.translate(_CONTEXT, STATUS_SOURCE[status])


def role_label(role: Role) -> str:
    return QCoreApplication.translate(_CONTEXT, ROLE_SOURCE[role])


def stage_label(stage: Stage) -> str:
    return QCoreApplication.translate(_CONTEXT, STAGE_SOURCE[stage])


def role_label_for_code(code: str) -> str:
    """The label of a role code as stored (e.g. in the demo accounts), or the code."""
    try:
        return role_label(Role(code))
    except ValueError:
        return code


def format_date(value: date | None) -> str:
    """A calendar date as Japanese offices write it on screen: ``2026/11/28``."""
    return value.strftime("%Y/%m/%d") if value else ""


def format_local_datetime(value: datetime | None, *, with_time: bool = False) -> str:
    """A stored (UTC) moment as Japan time, date only unless *with_time*."""
    if value is None:
        return ""
    local = value.astimezone(JST)
    return local.strftime("%Y/%m/%d %H:%M" if with_time else "%Y/%m/%d")


# --- case history: audit actions and resubmission channels (appended for the history view)

AUDIT_ACTION_SOURCE: dict[str, str] = {
    "create": QT_TRANSLATE_NOOP("Labels", "受付（案件登録）"),
    "view": QT_TRANSLATE_NOOP("Labels", "閲覧"),
    "attachment_view": QT_TRANSLATE_NOOP("Labels", "添付書類の閲覧"),
    "resubmission_view": QT_TRANSLATE_NOOP("Labels", "補正内容の閲覧"),
    "check": QT_TRANSLATE_NOOP("Labels", "確認項目"),
    "claim": QT_TRANSLATE_NOOP("Labels", "取得（担当開始）"),
    "release": QT_TRANSLATE_NOOP("Labels", "担当解除"),
    "lease_expired": QT_TRANSLATE_NOOP("Labels", "担当期限切れ"),
    "assign": QT_TRANSLATE_NOOP("Labels", "担当割当て"),
    "decide_approve": QT_TRANSLATE_NOOP("Labels", "承認"),
    "decide_reject": QT_TRANSLATE_NOOP("Labels", "却下"),
    "decide_return": QT_TRANSLATE_NOOP("Labels", "補正依頼（返戻）"),
    "decide_hold": QT_TRANSLATE_NOOP("Labels", "保留"),
    "decide_confirm": QT_TRANSLATE_NOOP("Labels", "二次審査で確認"),
    "decide_send_back": QT_TRANSLATE_NOOP("Labels", "差戻し"),
    "resume": QT_TRANSLATE_NOOP("Labels", "保留解除"),
    "withdraw": QT_TRANSLATE_NOOP("Labels", "取下げ"),
    "resubmit": QT_TRANSLATE_NOOP("Labels", "補正再提出"),
    "notice_print": QT_TRANSLATE_NOOP("Labels", "通知書印刷"),
    "notice_reprint": QT_TRANSLATE_NOOP("Labels", "通知書再印刷"),
    "notice_skipped": QT_TRANSLATE_NOOP("Labels", "通知書印刷見送り"),
    "enclosure_checked": QT_TRANSLATE_NOOP("Labels", "封入確認"),
    "enclosure_mismatch": QT_TRANSLATE_NOOP("Labels", "封入不一致"),
}

CHANNEL_SOURCE: dict[str, str] = {
    "phone": QT_TRANSLATE_NOOP("Labels", "電話"),
    "paper": QT_TRANSLATE_NOOP("Labels", "書面（郵送）"),
    "online": QT_TRANSLATE_NOOP("Labels", "オンライン"),
    "counter": QT_TRANSLATE_NOOP("Labels", "窓口"),
}


def audit_action_label(action: str) -> str:
    """The words for an audit action code of a case's history (unknown codes as is)."""
    source = AUDIT_ACTION_SOURCE.get(action)
    return QCoreApplication.translate(_CONTEXT, source) if source else action


def resubmit_channel_label(channel: str) -> str:
    """How a correction came in (phone, paper, …), or the code if unknown."""
    source = CHANNEL_SOURCE.get(channel)
    return QCoreApplication.translate(_CONTEXT, source) if source else channel
