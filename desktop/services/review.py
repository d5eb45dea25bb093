"""Reviewing a claimed case: view, tick the checklist, decide; hold, resume, withdraw."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from desktop.domain import decisions as rules
from desktop.domain.audit import AuditRecord, case_stream
from desktop.domain.business_days import add_business_days
from desktop.domain.cases import CaseRecord, DecisionRecord, PendingDecision
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.errors import InvalidInput, NotFound, RuleViolation
from desktop.domain.permissions import Actor, Permission
from desktop.domain.procedures import Procedure
from desktop.domain.storable_text import require_storable
from desktop.domain.workflow import Action, Stage, next_status, queue_stage
from desktop.services.context import ServiceContext
from desktop.services.held_case import check_version, held_by, load_for_update
from desktop.services.queue import four_eyes_violation

#: Decisions only the double check takes; the rest need the first-review permission
#: (a checker's role has both, and only checkers can hold double-check cases).
_STAGE_OF_KIND = {DecisionKind.CONFIRM: Stage.DOUBLE_CHECK, DecisionKind.SEND_BACK: Stage.DOUBLE_CHECK}

_DECIDE_PERMISSION = {
    Stage.FIRST_REVIEW: Permission.DECIDE_FIRST_REVIEW,
    Stage.DOUBLE_CHECK: Permission.DECIDE_DOUBLE_CHECK,
}


@dataclass(frozen=True)
class CaseDetail:
    """Everything a reviewer sees of one case."""

    case: CaseRecord
    procedure: Procedure
    decisions: list[DecisionRecord]
    history: list[AuditRecord] = field(default_factory=list)


@dataclass
class ReviewService:
    """The operator's and checker's actions on one case."""

    ctx: ServiceContext

    def show(self, actor: Actor, case_id: int) -> CaseDetail:
        """The case with its decisions and history; the view itself is audited."""
        self.ctx.require(actor, Permission.CASE_VIEW)
        with self.ctx.uow(write=True) as uow:
            case = load_for_update(uow, case_id, lock=False)
            uow.audit.append(case_stream(case.id), actor.name, "view", case.id, {},
                             self.ctx.now())
            detail = CaseDetail(case, self.ctx.procedure(case.procedure_code),
                                uow.cases.decisions(case.id), uow.audit.for_case(case.id))
            uow.commit()
        return detail

    def set_checked(self, actor: Actor, case_id: int, item: str, checked: bool = True,
                    expected_version: int | None = None) -> CaseRecord:
        """Tick (or untick) a checklist item of the stage the case is in."""
        self.ctx.require(actor, Permission.CASE_CHECK)
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            case = held_by(self.ctx, uow, actor, case_id, expected_version)
            stage = review_stage_of(case)
            procedure = self.ctx.procedure(case.procedure_code)
            keys = [i.key for i in procedure.checklist(stage)]
            if item not in keys:
                raise InvalidInput(
                    f"確認項目「{item}」はこの段階にありません（{', '.join(keys)}）",
                    f"no checklist item '{item}' in this stage ({', '.join(keys)})",
                    item=item,
                )
            current = set(case.checked_in(stage))
            current = current | {item} if checked else current - {item}
            all_checked = dict(case.checked) | {stage.value: tuple(sorted(current))}
            updated = uow.cases.update(case.id, case.version, {"checked": all_checked},
                                       actor.name, now)
            uow.audit.append(case_stream(case.id), actor.name, "check", case.id,
                             {"stage": stage.value, "item": item, "checked": checked}, now)
            uow.commit()
        return updated

    def blockers(self, case: CaseRecord, request: DecisionRequest) -> list[rules.Blocker]:
        """What stops *request* on *case* now (for a disabled button's tooltip)."""
        stage = review_stage_of(case)
        return rules.blockers(self.ctx.procedure(case.procedure_code), stage,
                              case.checked_in(stage), request, today=self.ctx.today())

    def default_correction_deadline(self, procedure_code: str) -> date:
        """Today plus the procedure's correction period in business days."""
        procedure = self.ctx.procedure(procedure_code)
        return add_business_days(self.ctx.today(), procedure.correction_business_days)

    def resolve(self, ref: str) -> int:
        """A case id from an id ("42") or a case number ("FFC-00000042")."""
        ref = ref.strip()
        if ref.isdigit():
            return int(ref)
        with self.ctx.uow() as uow:
            case_id = uow.cases.id_for_number(ref)
        if case_id is None:
            raise NotFound(f"案件番号 {ref} はありません", f"no case numbered {ref}", case=ref)
        return case_id

    def decide(self, actor: Actor, case_id: int, request: DecisionRequest,
               expected_version: int | None = None) -> CaseRecord:
        """Save a decision at the case's stage, enforcing checklist, reasons and four eyes."""
        self.ctx.require(actor, _DECIDE_PERMISSION[_STAGE_OF_KIND.get(request.kind,
                                                                     Stage.FIRST_REVIEW)])
        require_storable(request.note, "note")
        require_storable(list(request.reasons), "reasons")
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            case = held_by(self.ctx, uow, actor, case_id, expected_version)
            stage = review_stage_of(case)
            procedure = self.ctx.procedure(case.procedure_code)
            if stage == Stage.DOUBLE_CHECK and case.first_reviewer_id == actor.id:
                raise four_eyes_violation(case.number, actor.name)
            if request.kind == DecisionKind.RETURN and request.deadline is None:
                request = replace(request, deadline=add_business_days(
                    self.ctx.today(), procedure.correction_business_days))
            rules.validate(procedure, stage, case.checked_in(stage), request,
                           today=self.ctx.today())
            changes = self._outcome(actor, case, stage, procedure, request, now)
            updated = uow.cases.update(case.id, case.version, changes, actor.name, now)
            assert actor.id is not None
            uow.cases.add_decision(DecisionRecord(
                case_id=case.id, stage=stage, kind=request.kind.value,
                reasons=request.reasons, note=request.note, deadline=request.deadline,
                user_id=actor.id, user_name=actor.name, at=now,
            ))
            uow.audit.append(case_stream(case.id), actor.name, f"decide_{request.kind.value}",
                             case.id,
                             {"stage": stage.value, "from": case.status.value,
                              "to": updated.status.value, "reasons": list(request.reasons),
                              "note": request.note,
                              "deadline": request.deadline.isoformat()
                              if request.deadline else None},
                             now)
            uow.commit()
        return updated

    def _outcome(self, actor: Actor, case: CaseRecord, stage: Stage, procedure: Procedure,
                 request: DecisionRequest, now: datetime) -> dict[str, object]:
        kind = request.kind
        released: dict[str, object] = {"holder_id": None, "lease_expires_at": None}
        if kind == DecisionKind.HOLD:
            return released | {"status": next_status(case.status, Action.HOLD),
                               "held_from": case.status, "hold_reason": request.note}
        if stage == Stage.DOUBLE_CHECK:
            if kind == DecisionKind.SEND_BACK:
                # The next check starts afresh: the first reviewer will decide again.
                checked = {k: v for k, v in case.checked.items() if k != Stage.DOUBLE_CHECK}
                return released | {"status": next_status(case.status, Action.SEND_BACK),
                                   "pending_decision": None, "checked": checked,
                                   "flags": {"sent_back": True}}
            assert case.pending is not None, "awaiting double check without a decision"
            final = Action.APPROVE if case.pending.kind == DecisionKind.APPROVE else Action.REJECT
            return released | {"status": next_status(case.status, final),
                               "decided_at": now, "pending_decision": None}
        assert actor.id is not None
        base = released | {"first_reviewer_id": actor.id}
        if kind == DecisionKind.RETURN:
            return base | {"status": next_status(case.status, Action.RETURN),
                           "correction_deadline": request.deadline}
        if procedure.double_check.requires_check(case.number):
            pending = PendingDecision(kind.value, request.reasons, request.note,
                                      request.deadline, actor.id, actor.name, now)
            return base | {"status": next_status(case.status, Action.SUBMIT_FOR_CHECK),
                           "pending_decision": pending}
        action = rules.ACTION_OF[kind]
        return base | {"status": next_status(case.status, action), "decided_at": now}

    def resume(self, actor: Actor, case_id: int, expected_version: int | None = None,
               ) -> CaseRecord:
        """Take a case off hold, back to the queue it was held from (supervisor)."""
        self.ctx.require(actor, Permission.CASE_RESUME)
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            case = load_for_update(uow, case_id)
            check_version(case, expected_version)
            to = next_status(case.status, Action.RESUME, held_from=case.held_from)
            updated = uow.cases.update(case.id, case.version,
                                       {"status": to, "held_from": None, "hold_reason": None},
                                       actor.name, now)
            uow.audit.append(case_stream(case.id), actor.name, "resume", case.id,
                             {"from": case.status.value, "to": to.value}, now)
            uow.commit()
        return updated

    def withdraw(self, actor: Actor, case_id: int, reason: str) -> CaseRecord:
        """The applicant withdrew (取下げ): the case leaves every queue, with the reason."""
        self.ctx.require(actor, Permission.CASE_WITHDRAW)
        if not reason.strip():
            raise RuleViolation("取下げの理由を入力してください", "a withdrawal needs a reason")
        require_storable(reason, "reason")
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            case = load_for_update(uow, case_id)
            to = next_status(case.status, Action.WITHDRAW)
            updated = uow.cases.update(case.id, case.version,
                                       {"status": to, "holder_id": None, "lease_expires_at": None},
                                       actor.name, now)
            uow.audit.append(case_stream(case.id), actor.name, "withdraw", case.id,
                             {"from": case.status.value, "to": to.value, "reason": reason}, now)
            uow.commit()
        return updated


def review_stage_of(case: CaseRecord) -> Stage:
    """The review stage *case* is in; a :class:`RuleViolation` when it is in none."""
    stage = queue_stage(case.status)
    if stage is None:
        raise RuleViolation(
            f"案件 {case.number} は審査段階にありません（状態: {case.status.value}）",
            f"case {case.number} is not in a review stage (status {case.status.value})",
            status=case.status.value,
        )
    return stage

