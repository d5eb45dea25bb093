"""Work queues: claim next, lease renewal, release, supervisor assignment, lease sweep."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.domain.audit import SYSTEM_STREAM, case_stream
from desktop.domain.cases import CaseRecord
from desktop.domain.errors import LeaseLost, NotFound, PermissionDenied, QueueEmpty, RuleViolation
from desktop.domain.permissions import ROLE_PERMISSIONS, SYSTEM, Actor, Permission
from desktop.domain.workflow import QUEUED, WORKING, Action, Stage, next_status, queue_stage
from desktop.services.context import ServiceContext
from desktop.services.held_case import held_by, last_holder_name, load_for_update
from desktop.services.ports import UnitOfWork

#: How many double-check cases an empty claim looks at to explain itself (four eyes).
_FOUR_EYES_SCAN = 500

_CLAIM_PERMISSION = {
    Stage.FIRST_REVIEW: Permission.CLAIM_FIRST_REVIEW,
    Stage.DOUBLE_CHECK: Permission.CLAIM_DOUBLE_CHECK,
}


@dataclass(frozen=True)
class QueueCount:
    """How many cases wait in, and are being worked in, one procedure × stage queue."""

    procedure_code: str
    stage: Stage
    waiting: int
    in_progress: int


@dataclass
class QueueService:
    """Who works on which case, and for how long (claims are leases)."""

    ctx: ServiceContext

    def claim_next(self, actor: Actor, procedure_code: str,
                   stage: Stage = Stage.FIRST_REVIEW) -> CaseRecord:
        """Take the next case of procedure × stage: priority, then due date, then receipt.

        Raises :class:`QueueEmpty` when nothing is waiting. In the double-check queue a
        case is never handed to the person who did its first review.
        """
        self.ctx.require(actor, _CLAIM_PERMISSION[stage])
        self.ctx.procedure(procedure_code)
        assert actor.id is not None
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            claimed = uow.cases.claim_next(
                procedure_code, stage, actor.id, actor.name, now, now + self.ctx.lease,
                exclude_first_reviewer=stage == Stage.DOUBLE_CHECK,
            )
            if claimed is None:
                own = (_own_first_reviews(uow, procedure_code, actor)
                       if stage == Stage.DOUBLE_CHECK else 0)
                raise _queue_empty(procedure_code, stage, actor, own)
            details = {"from": claimed.previous_status.value, "to": claimed.case.status.value,
                       "lease_until": claimed.case.lease_expires_at.isoformat()
                       if claimed.case.lease_expires_at else None}
            if claimed.previous_status == WORKING[stage]:
                details["lease_expired_for"] = claimed.previous_holder
            else:
                next_status(claimed.previous_status, Action.CLAIM)  # guards the SQL's choice
            uow.audit.append(case_stream(claimed.case.id), actor.name, "claim", claimed.case.id,
                             details, now)
            uow.commit()
        return claimed.case

    def queue_counts(self, actor: Actor) -> list[QueueCount]:
        """Every queue of every procedure with its waiting / in-progress counts."""
        self.ctx.require(actor, Permission.QUEUE_VIEW)
        with self.ctx.uow() as uow:
            counts = uow.cases.counts()
        by_key: dict[tuple[str, Stage], list[int]] = {
            (code, stage): [0, 0] for code in sorted(self.ctx.procedures) for stage in Stage
        }
        for c in counts:
            stage = queue_stage(c.status)
            if stage is None or (c.procedure_code, stage) not in by_key:
                continue
            by_key[(c.procedure_code, stage)][0 if c.status in QUEUED[stage] else 1] += c.count
        return [QueueCount(code, stage, waiting, working)
                for (code, stage), (waiting, working) in by_key.items()]

    def list_cases(self, actor: Actor, procedure_code: str, stage: Stage | None,
                   limit: int = 200, offset: int = 0) -> list[CaseRecord]:
        """One page of a queue in claim order (priority, due date, receipt)."""
        self.ctx.require(actor, Permission.QUEUE_VIEW)
        with self.ctx.uow() as uow:
            return uow.cases.list_queue(procedure_code, stage, limit, offset)

    def renew_lease(self, actor: Actor, case_id: int) -> CaseRecord:
        """Extend the caller's lease while the case stays open on screen."""
        now = self.ctx.now()
        assert actor.id is not None
        with self.ctx.uow(write=True) as uow:
            case = held_by(self.ctx, uow, actor, case_id, None)
            uow.cases.extend_lease(case.id, actor.id, now + self.ctx.lease)
            renewed = uow.cases.get(case.id)
            uow.commit()
        assert renewed is not None
        return renewed

    def release(self, actor: Actor, case_id: int) -> CaseRecord:
        """Give a claimed case back to its queue (holder, or a supervisor for anyone's).

        Anyone else trying to release a case another person holds is refused with
        :class:`PermissionDenied`, and the refusal is audited on the case.
        """
        now = self.ctx.now()
        if actor.can(Permission.QUEUE_RELEASE_ANY):
            with self.ctx.uow(write=True) as uow:
                case = load_for_update(uow, case_id)
                result = self._return_to_queue(uow, actor, case, "release", now)
                uow.commit()
            return result
        with self.ctx.uow(write=True) as uow:
            case = load_for_update(uow, case_id)
            if case.holder_id is None or case.holder_id == actor.id:
                case = held_by(self.ctx, uow, actor, case_id, None)
                result = self._return_to_queue(uow, actor, case, "release", now)
                uow.commit()
                return result
        raise self._refuse_release(actor, case, now)

    def reclaim(self, actor: Actor, case_id: int) -> CaseRecord:
        """Take back a case whose lease *actor* lost, unless someone else took it since.

        For the operator whose lease ran out while the case was open: the case is theirs
        again (what they typed is still on their screen) if they are still its holder or
        were its last holder and it waits in its queue. Never a way to pick any case.
        """
        now = self.ctx.now()
        assert actor.id is not None
        with self.ctx.uow(write=True) as uow:
            case = load_for_update(uow, case_id)
            stage = _review_stage(case)
            needed = _CLAIM_PERMISSION[stage]
            if actor.can(needed):
                _check_reclaim(uow, actor, case, stage, now)
                to_status = case.status if case.status == WORKING[stage] else next_status(
                    case.status, Action.CLAIM)
                until = now + self.ctx.lease
                updated = uow.cases.update(
                    case.id, case.version,
                    {"status": to_status, "holder_id": actor.id, "lease_expires_at": until},
                    actor.name, now)
                uow.audit.append(case_stream(case.id), actor.name, "claim", case.id,
                                 {"from": case.status.value, "to": to_status.value,
                                  "lease_until": until.isoformat(), "reclaimed": True}, now)
                uow.commit()
                return updated
        self.ctx.require(actor, needed)  # audits the refusal in its own transaction
        raise AssertionError("unreachable: the permission was missing")

    def assign(self, actor: Actor, case_id: int, to_user: str) -> CaseRecord:
        """Supervisor hands a case to a named person (four eyes still holds)."""
        self.ctx.require(actor, Permission.QUEUE_ASSIGN)
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            target = uow.users.by_name(to_user)
            if target is None or not target.active:
                raise NotFound(f"利用者「{to_user}」はいません", f"no active user '{to_user}'",
                               user=to_user)
            case = load_for_update(uow, case_id)
            stage = queue_stage(case.status) or Stage.FIRST_REVIEW
            needed = _CLAIM_PERMISSION[stage]
            if needed not in ROLE_PERMISSIONS[target.role]:
                raise RuleViolation(
                    f"{target.name} の役割では {stage.value} の案件を担当できません",
                    f"{target.name}'s role cannot work {stage.value} cases",
                    user=target.name, stage=stage.value,
                )
            if stage == Stage.DOUBLE_CHECK and case.first_reviewer_id == target.id:
                raise four_eyes_violation(case.number, target.name)
            to_status = WORKING[stage]
            if case.status != to_status:
                to_status = next_status(case.status, Action.CLAIM)
            updated = uow.cases.update(
                case.id, case.version,
                {"status": to_status, "holder_id": target.id,
                 "lease_expires_at": now + self.ctx.lease},
                actor.name, now,
            )
            uow.audit.append(case_stream(case.id), actor.name, "assign", case.id,
                             {"from": case.status.value, "to": to_status.value,
                              "to_user": target.name, "previous_holder": case.holder_name},
                             now)
            uow.commit()
        return updated

    def sweep_expired_leases(self, limit: int = 500) -> int:
        """Return cases whose lease ran out to their queue (run periodically)."""
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            cases = uow.cases.expired_leases(now, limit)
            for case in cases:
                self._return_to_queue(uow, SYSTEM, case, "lease_expired", now)
            if cases:
                uow.audit.append(SYSTEM_STREAM, SYSTEM.name, "lease_sweep", None,
                                 {"cases": [c.id for c in cases]}, now)
            uow.commit()
        return len(cases)

    def _return_to_queue(self, u: UnitOfWork, actor: Actor, case: CaseRecord, action: str,
                         now: datetime) -> CaseRecord:
        if case.holder_id is None:
            raise RuleViolation(f"案件 {case.number} は誰も担当していません",
                                f"case {case.number} is not held by anyone", case=case.number)
        to_status = case.status
        if case.status in WORKING.values():
            to_status = next_status(case.status, Action.RELEASE)
        updated = u.cases.update(case.id, case.version,
                                 {"status": to_status, "holder_id": None,
                                  "lease_expires_at": None}, actor.name, now)
        u.audit.append(case_stream(case.id), actor.name, action, case.id,
                       {"from": case.status.value, "to": to_status.value,
                        "previous_holder": case.holder_name}, now)
        return updated


    def _refuse_release(self, actor: Actor, case: CaseRecord, now: datetime,
                        ) -> PermissionDenied:
        """Audit (in its own transaction) and return the refusal to release *case*."""
        with self.ctx.uow(write=True) as uow:
            uow.audit.append(case_stream(case.id), actor.name, "permission_denied", case.id,
                             {"permission": Permission.QUEUE_RELEASE_ANY.value,
                              "action": "release", "holder": case.holder_name}, now)
            uow.commit()
        return PermissionDenied(
            f"案件 {case.number} は現在 {case.holder_name} が担当しています。"
            "他の人が担当している案件は解放できません（SV のみ可能）",
            f"case {case.number} is held by {case.holder_name}; only a supervisor may "
            "release someone else's case",
            case=case.number, holder=case.holder_name,
            permission=Permission.QUEUE_RELEASE_ANY.value,
        )


def _review_stage(case: CaseRecord) -> Stage:
    stage = queue_stage(case.status)
    if stage is None:
        raise RuleViolation(
            f"案件 {case.number} は {case.updated_by_name} により審査段階から外れたため"
            "取り直せません",
            f"case {case.number} left review (changed by {case.updated_by_name}); it "
            "cannot be taken back",
            case=case.number, status=case.status.value,
        )
    return stage


def _check_reclaim(uow: UnitOfWork, actor: Actor, case: CaseRecord, stage: Stage,
                   now: datetime) -> None:
    """Refuse taking *case* back unless *actor* holds it or was its last holder."""
    live = case.lease_expires_at is not None and case.lease_expires_at > now
    if case.holder_id is not None and case.holder_id != actor.id and live:
        raise LeaseLost(
            f"案件 {case.number} は現在 {case.holder_name} が担当しているため取り直せません",
            f"case {case.number} is now held by {case.holder_name}; it cannot be taken back",
            case=case.number, holder=case.holder_name,
        )
    mine = case.holder_id == actor.id or (
        case.holder_id is None and last_holder_name(uow, case.id) == actor.name)
    if not mine:
        raise LeaseLost(
            f"案件 {case.number} は他の担当者が取得したため取り直せません。"
            "キューから次の案件を取得してください",
            f"someone else has held case {case.number} since; claim the next case",
            case=case.number, holder=case.holder_name,
        )
    if stage == Stage.DOUBLE_CHECK and case.first_reviewer_id == actor.id:
        raise four_eyes_violation(case.number, actor.name)


def _own_first_reviews(uow: UnitOfWork, procedure_code: str, actor: Actor) -> int:
    """Waiting double-check cases whose first review *actor* did (why the queue looks empty)."""
    waiting = uow.cases.list_queue(procedure_code, Stage.DOUBLE_CHECK, _FOUR_EYES_SCAN, 0)
    return sum(1 for c in waiting if c.holder_id is None and c.first_reviewer_id == actor.id)


def _queue_empty(procedure_code: str, stage: Stage, actor: Actor, own: int) -> QueueEmpty:
    if own:
        return QueueEmpty(
            f"キュー「{procedure_code} / {stage.value}」に残っているのは {actor.name} が"
            f"一次審査した案件（{own}件）だけです。ダブルチェックは別の担当者が行います",
            f"the only cases left in {procedure_code} / {stage.value} are {own} whose first "
            f"review {actor.name} did; someone else must double-check them",
            procedure=procedure_code, stage=stage.value, own_first_review=own,
        )
    return QueueEmpty(
        f"キュー「{procedure_code} / {stage.value}」に待ちの案件はありません",
        f"no case waiting in {procedure_code} / {stage.value}",
        procedure=procedure_code,
        stage=stage.value,
    )


def four_eyes_violation(number: str, name: str) -> RuleViolation:
    return RuleViolation(
        f"案件 {number} の一次審査は {name} が行ったため、{name} は二次審査できません（ダブルチェック）",
        f"{name} did the first review of case {number} and cannot double-check it",
        case=number,
        user=name,
    )
