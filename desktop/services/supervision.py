"""What a supervisor does from the dashboard: release a held case, reassign cases to a
person, change a case's priority.

Every action checks its permission here (not only in the UI), refuses if the case
changed since the supervisor saw it (optimistic locking, with who and when), and is
audited on the case in the same transaction. A reassignment of many cases commits case
by case: one case that cannot go to that person (four eyes, role, status) is reported
and does not stop the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.domain.audit import case_stream
from desktop.domain.cases import CaseRecord
from desktop.domain.errors import InvalidInput, NotFound, ReviewDeskError, RuleViolation
from desktop.domain.permissions import ROLE_PERMISSIONS, Actor, Permission, Role
from desktop.domain.workflow import WORKING, Action, Stage, Status, next_status, queue_stage
from desktop.services.context import ServiceContext
from desktop.services.held_case import check_version, load_for_update
from desktop.services.ports import UnitOfWork, UserRecord
from desktop.services.queue import four_eyes_violation

MIN_PRIORITY, MAX_PRIORITY = 0, 9
#: Open work: not decided, not withdrawn (in a queue, awaiting correction or on hold).
OPEN_WORK: tuple[Status, ...] = (
    Status.RECEIVED, Status.IN_FIRST_REVIEW, Status.RESUBMITTED,
    Status.AWAITING_DOUBLE_CHECK, Status.IN_DOUBLE_CHECK,
    Status.AWAITING_CORRECTION, Status.ON_HOLD,
)

_CLAIM = {Stage.FIRST_REVIEW: Permission.CLAIM_FIRST_REVIEW,
          Stage.DOUBLE_CHECK: Permission.CLAIM_DOUBLE_CHECK}


@dataclass(frozen=True)
class CaseRef:
    """A case as the supervisor saw it: its id and the version on screen (None: any)."""

    case_id: int
    version: int | None = None


@dataclass(frozen=True)
class Refusal:
    case_id: int
    number: str
    error: ReviewDeskError


@dataclass(frozen=True)
class ReassignReport:
    """Cases moved to the person, and those that could not be (each with its reason)."""

    to_user: str
    moved: list[CaseRecord] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


@dataclass(frozen=True)
class Assignee:
    """Someone cases can be given to, and the stages their role works."""

    name: str
    display_name: str
    role: Role
    stages: tuple[Stage, ...]


@dataclass
class SupervisionService:
    ctx: ServiceContext

    def assignees(self, actor: Actor) -> list[Assignee]:
        """Active people whose role can work a review stage (for the reassign dialog)."""
        self.ctx.require(actor, Permission.QUEUE_ASSIGN)
        with self.ctx.uow() as uow:
            users = uow.users.all()
        out = []
        for u in users:
            stages = tuple(s for s in Stage if _CLAIM[s] in ROLE_PERMISSIONS[u.role])
            if u.active and stages:
                out.append(Assignee(u.name, u.display_name, u.role, stages))
        return sorted(out, key=lambda a: a.name)

    def release(self, actor: Actor, ref: CaseRef) -> CaseRecord:
        """Take a held case from its holder and put it back in its queue."""
        self.ctx.require(actor, Permission.QUEUE_RELEASE_ANY)
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            case = load_for_update(uow, ref.case_id)
            check_version(case, ref.version)
            if case.holder_id is None:
                raise RuleViolation(f"案件 {case.number} は誰も担当していません",
                                    f"case {case.number} is not held by anyone",
                                    case=case.number)
            to = case.status
            if case.status in WORKING.values():
                to = next_status(case.status, Action.RELEASE)
            updated = uow.cases.update(case.id, case.version,
                                       {"status": to, "holder_id": None,
                                        "lease_expires_at": None}, actor.name, now)
            uow.audit.append(case_stream(case.id), actor.name, "release", case.id,
                             {"from": case.status.value, "to": to.value,
                              "previous_holder": case.holder_name, "by_supervisor": True},
                             now)
            uow.commit()
        return updated

    def reassign(self, actor: Actor, refs: Sequence[CaseRef], to_user: str) -> ReassignReport:
        """Give each case to *to_user* (held by them from now, with a fresh lease)."""
        self.ctx.require(actor, Permission.QUEUE_ASSIGN)
        with self.ctx.uow() as uow:
            target = uow.users.by_name(to_user)
        if target is None or not target.active:
            raise NotFound(f"利用者「{to_user}」はいません", f"no active user '{to_user}'",
                           user=to_user)
        report = ReassignReport(target.name)
        for ref in refs:
            try:
                with self.ctx.uow(write=True) as uow:
                    moved = self._assign_one(uow, actor, ref, target, len(refs))
                    uow.commit()
                report.moved.append(moved)
            except ReviewDeskError as error:
                if error.code == "database_unavailable":
                    raise
                report.refused.append(Refusal(ref.case_id, str(error.params.get("case", "")),
                                              error))
        return report

    def set_priority(self, actor: Actor, ref: CaseRef, priority: int) -> CaseRecord:
        """Change where an open case stands in its queue (higher first)."""
        self.ctx.require(actor, Permission.CASE_PRIORITY)
        if not MIN_PRIORITY <= priority <= MAX_PRIORITY:
            raise InvalidInput(
                f"優先度は {MIN_PRIORITY}〜{MAX_PRIORITY} で指定してください（{priority}）",
                f"priority must be {MIN_PRIORITY}–{MAX_PRIORITY}, not {priority}",
                priority=priority)
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            case = load_for_update(uow, ref.case_id)
            check_version(case, ref.version)
            if case.status not in OPEN_WORK:
                raise RuleViolation(
                    f"案件 {case.number} は審査が終わっているため優先度を変えられません",
                    f"case {case.number} is no longer open; its priority cannot change",
                    case=case.number, status=case.status.value)
            updated = uow.cases.update(case.id, case.version, {"priority": priority},
                                       actor.name, now)
            uow.audit.append(case_stream(case.id), actor.name, "priority", case.id,
                             {"from": case.priority, "to": priority}, now)
            uow.commit()
        return updated

    def _assign_one(self, uow: UnitOfWork, actor: Actor, ref: CaseRef, target: UserRecord,
                    batch: int) -> CaseRecord:
        now = self.ctx.now()
        case = load_for_update(uow, ref.case_id)
        try:
            check_version(case, ref.version)
            stage = _stage_for_assignment(case)
            if _CLAIM[stage] not in ROLE_PERMISSIONS[target.role]:
                raise RuleViolation(
                    f"{target.name} の役割では {stage.value} の案件を担当できません",
                    f"{target.name}'s role cannot work {stage.value} cases",
                    user=target.name, stage=stage.value)
            if stage == Stage.DOUBLE_CHECK and case.first_reviewer_id == target.id:
                raise four_eyes_violation(case.number, target.name)
            to = case.status if case.status == WORKING[stage] else next_status(
                case.status, Action.CLAIM)
        except ReviewDeskError as error:
            error.params.setdefault("case", case.number)
            raise
        updated = uow.cases.update(case.id, case.version,
                                   {"status": to, "holder_id": target.id,
                                    "lease_expires_at": now + self.ctx.lease},
                                   actor.name, now)
        # "assign", like QueueService.assign: handling time starts here for the new holder.
        uow.audit.append(case_stream(case.id), actor.name, "assign", case.id,
                         {"from": case.status.value, "to": to.value, "to_user": target.name,
                          "previous_holder": case.holder_name, "batch": batch}, now)
        return updated


def _stage_for_assignment(case: CaseRecord) -> Stage:
    stage = queue_stage(case.status)
    if stage is not None:
        return stage
    if case.status == Status.AWAITING_CORRECTION:
        return Stage.FIRST_REVIEW  # the holder reviews the correction when it comes
    raise RuleViolation(
        f"案件 {case.number} は審査待ちではないため割り当てできません（状態: {case.status.value}）",
        f"case {case.number} is not waiting for review (status {case.status.value})",
        case=case.number, status=case.status.value)
