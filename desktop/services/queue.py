"""Work queues: claim next, lease renewal, release, supervisor assignment, lease sweep."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.domain.audit import SYSTEM_STREAM, case_stream
from desktop.domain.cases import CaseRecord
from desktop.domain.errors import NotFound, QueueEmpty, RuleViolation
from desktop.domain.permissions import ROLE_PERMISSIONS, SYSTEM, Actor, Permission
from desktop.domain.workflow import QUEUED, WORKING, Action, Stage, next_status, queue_stage
from desktop.services.context import ServiceContext
from desktop.services.held_case import held_by, load_for_update
from desktop.services.ports import UnitOfWork

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
                raise QueueEmpty(
                    f"キュー「{procedure_code} / {stage.value}」に待ちの案件はありません",
                    f"no case waiting in {procedure_code} / {stage.value}",
                    procedure=procedure_code,
                    stage=stage.value,
                )
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
        """Give a claimed case back to its queue (holder, or a supervisor for anyone's)."""
        now = self.ctx.now()
        if actor.can(Permission.QUEUE_RELEASE_ANY):
            with self.ctx.uow(write=True) as uow:
                case = load_for_update(uow, case_id)
                result = self._return_to_queue(uow, actor, case, "release", now)
                uow.commit()
            return result
        with self.ctx.uow(write=True) as uow:
            case = held_by(self.ctx, uow, actor, case_id, None)
            result = self._return_to_queue(uow, actor, case, "release", now)
            uow.commit()
        return result

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


def four_eyes_violation(number: str, name: str) -> RuleViolation:
    return RuleViolation(
        f"案件 {number} の一次審査は {name} が行ったため、{name} は二次審査できません（ダブルチェック）",
        f"{name} did the first review of case {number} and cannot double-check it",
        case=number,
        user=name,
    )
