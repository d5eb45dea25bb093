"""Deciding cases through the real services, so the notice tests print what review
really produces (decisions, double checks, correction deadlines)."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from desktop.app import Services
from desktop.domain.cases import CaseRecord
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.permissions import Actor
from desktop.domain.workflow import Stage, Status
from tests.notices import samples

_receipts = itertools.count(1)


def decided(services: Services, operator: Actor, checker: Actor, procedure: str,
            decision: str, **fields: Any) -> CaseRecord:
    """A new case of *procedure* taken through review to *decision* (approve, reject,
    return), double-checked where the procedure says so."""
    data = dict(samples.FIELDS[procedure]) | fields
    created = services.cases.create(operator, procedure, data, source="web",
                                    receipt_number=f"N-{next(_receipts):06d}")
    case = services.queue.claim_next(operator, procedure)
    assert case.id == created.id, "another case was waiting in the queue"
    proc = services.ctx.procedure(procedure)
    if decision == "approve":
        for item in sorted(proc.required_items(Stage.FIRST_REVIEW)):
            services.review.set_checked(operator, case.id, item)
        request = DecisionRequest(DecisionKind.APPROVE)
    elif decision == "reject":
        request = DecisionRequest(DecisionKind.REJECT, samples.REASONS[procedure],
                                  samples.FACTS[procedure])
    else:
        request = DecisionRequest(DecisionKind.RETURN, samples.DEFECTS[procedure],
                                  "委任状の原本を同封してください。", date(2026, 12, 14))
    case = services.review.decide(operator, case.id, request)
    if case.status == Status.AWAITING_DOUBLE_CHECK:
        case = services.queue.claim_next(checker, procedure, Stage.DOUBLE_CHECK)
        for item in sorted(proc.required_items(Stage.DOUBLE_CHECK)):
            services.review.set_checked(checker, case.id, item)
        case = services.review.decide(checker, case.id, DecisionRequest(DecisionKind.CONFIRM))
    return case
