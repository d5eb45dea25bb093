"""Loading a case for a write by its holder: version and lease checks in one place."""

from __future__ import annotations

from desktop.domain.cases import CaseRecord
from desktop.domain.errors import LeaseLost, NotFound, concurrent_change
from desktop.domain.permissions import Actor
from desktop.domain.workflow import STATUS_LABELS_JA, queue_stage
from desktop.services.context import ServiceContext
from desktop.services.ports import UnitOfWork


def load_for_update(uow: UnitOfWork, case_id: int, *, lock: bool = True) -> CaseRecord:
    """The case (locked for this transaction unless *lock* is false), or NotFound."""
    case = uow.cases.get(case_id, for_update=lock)
    if case is None:
        raise NotFound(f"案件 {case_id} はありません", f"no case {case_id}", case_id=case_id)
    return case


def check_version(case: CaseRecord, expected_version: int | None) -> None:
    """Optimistic lock: the caller saw *expected_version*; refuse if it moved on."""
    if expected_version is None or expected_version == case.version:
        return
    raise concurrent_change(case.updated_by_name, case.updated_at, expected_version,
                            case.version)


def held_by(ctx: ServiceContext, uow: UnitOfWork, actor: Actor, case_id: int,
            expected_version: int | None) -> CaseRecord:
    """The case, locked, if *actor* holds a live lease on it; else a clear refusal."""
    case = load_for_update(uow, case_id)
    check_version(case, expected_version)
    now = ctx.now()
    if case.holder_id == actor.id and case.lease_expires_at and case.lease_expires_at > now:
        return case
    if case.holder_id is None and queue_stage(case.status) is None:
        stamp = case.updated_at.astimezone().strftime("%Y-%m-%d %H:%M") if case.updated_at else "?"
        label = STATUS_LABELS_JA[case.status]
        raise LeaseLost(
            f"案件 {case.number} は {case.updated_by_name} により「{label}」になりました"
            f"（{stamp}）。入力内容は保持されています",
            f"case {case.number} was set to {case.status.value} by {case.updated_by_name} "
            f"at {stamp}; your input is kept",
            case=case.number,
            holder=None,
            status=case.status.value,
        )
    if case.holder_id is not None and case.holder_id != actor.id:
        raise LeaseLost(
            f"案件 {case.number} は現在 {case.holder_name} が担当しています"
            "（担当期限切れまたは割当て変更）。入力内容は保持されています",
            f"case {case.number} is now held by {case.holder_name} "
            "(your lease expired or it was reassigned); your input is kept",
            case=case.number,
            holder=case.holder_name,
        )
    raise LeaseLost(
        f"案件 {case.number} の担当期限が切れたか、担当が解除されたため、案件はキューに戻りました。"
        "もう一度取得してください。入力内容は保持されています",
        f"your lease on case {case.number} expired or was released and the case went back "
        "to its queue; claim it again (your input is kept)",
        case=case.number,
        holder=None,
    )


def last_holder_name(uow: UnitOfWork, case_id: int) -> str | None:
    """Who held *case_id* last, from its audit history (claims and assignments)."""
    for entry in reversed(uow.audit.for_case(case_id)):
        if entry.action == "claim":
            return entry.actor
        if entry.action == "assign":
            to_user = entry.details.get("to_user")
            return to_user if isinstance(to_user, str) else None
    return None
