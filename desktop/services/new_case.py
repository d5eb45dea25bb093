"""Turning a resident's form data into a :class:`NewCase` (search keys, due date).

The raw values are kept exactly as written; the keys beside them are for matching
only (DESIGN §5). Intake (files) and manual entry both come through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desktop.domain.audit import case_stream
from desktop.domain.business_days import add_business_days
from desktop.domain.cases import CaseRecord, NewCase
from desktop.domain.era import parse_date
from desktop.domain.errors import InvalidInput
from desktop.domain.japanese_text import digits_key, kana_key, name_key
from desktop.domain.permissions import Actor, Permission
from desktop.domain.procedures import Procedure
from desktop.domain.storable_text import require_storable
from desktop.services.context import JST, ServiceContext
from desktop.services.ports import UnitOfWork


def case_number_prefix(procedure_code: str) -> str:
    """``flu-free-certificate`` → ``FFC``: the initials of the code's words."""
    return "".join(part[0] for part in procedure_code.split("-") if part).upper()


def _date_or_none(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return parse_date(str(value))
    except InvalidInput:
        return None


def build_new_case(procedure: Procedure, fields: dict[str, Any], *, source: str,
                   receipt_number: str, received_at: datetime, priority: int = 0) -> NewCase:
    """A new case for *procedure*; due date = receipt day + the SLA in business days."""
    a = procedure.applicant

    def raw(field_id: str | None) -> str:
        value = fields.get(field_id) if field_id else None
        return "" if value is None else str(value)

    for key, value in fields.items():
        require_storable(value, key)
    require_storable(receipt_number, "receipt_number")
    received_day = received_at.astimezone(JST).date()
    return NewCase(
        procedure_code=procedure.code,
        source=source,
        receipt_number=receipt_number,
        received_at=received_at,
        due_date=add_business_days(received_day, procedure.sla_business_days),
        fields=dict(fields),
        applicant_name=raw(a.name),
        kana_key=kana_key(raw(a.kana)),
        name_key=name_key(raw(a.name)),
        birth_date=_date_or_none(fields.get(a.birth_date)),
        postal_code=digits_key(raw(a.postal_code)),
        address=raw(a.address),
        phone_key=digits_key(raw(a.phone)),
        priority=priority,
    )


@dataclass
class CaseCreationService:
    """Creates cases (manual entry, intake, demo data), audited, one per receipt number."""

    ctx: ServiceContext

    def create(self, actor: Actor, procedure_code: str, fields: dict[str, Any], *,
               source: str, receipt_number: str, received_at: datetime | None = None,
               priority: int = 0) -> CaseRecord:
        """A new case in the first-review queue of *procedure_code*."""
        self.ctx.require(actor, Permission.CASE_CREATE)
        procedure = self.ctx.procedure(procedure_code)
        now = self.ctx.now()
        new = build_new_case(procedure, fields, source=source, receipt_number=receipt_number,
                             received_at=received_at or now, priority=priority)
        with self.ctx.uow(write=True) as uow:
            case = self.add(uow, actor, new, now)
            uow.commit()
        return case

    def add(self, uow: UnitOfWork, actor: Actor, new: NewCase, now: datetime) -> CaseRecord:
        """Insert and audit inside the caller's unit of work (bulk intake, seeding)."""
        case = uow.cases.add(new, case_number_prefix(new.procedure_code), actor.name, now)
        uow.audit.append(case_stream(case.id), actor.name, "create", case.id,
                         {"source": new.source, "receipt_number": new.receipt_number,
                          "status": case.status.value}, now)
        return case
