"""Turning a resident's form data into a :class:`NewCase` (search keys, due date).

The raw values are kept exactly as written; the keys beside them are for matching
only (DESIGN §5). Intake (files) and manual entry both come through here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from desktop.domain.audit import case_stream
from desktop.domain.business_days import add_business_days
from desktop.domain.cases import CaseRecord, NewCase
from desktop.domain.japanese_text import digits_key, kana_key, name_key
from desktop.domain.permissions import Actor, Permission
from desktop.domain.procedures import Procedure
from desktop.domain.storable_text import require_storable
from desktop.intake.field_checks import cached_date
from desktop.services.context import JST, ServiceContext
from desktop.services.ports import UnitOfWork


def case_number_prefix(procedure_code: str) -> str:
    """``flu-free-certificate`` → ``FFC``: the initials of the code's words."""
    return "".join(part[0] for part in procedure_code.split("-") if part).upper()


#: Match keys are search columns: cut to what their columns and indexes hold (NFKC can
#: lengthen a value: ㍿ → 株式会社). They are for matching only; the raw values stay whole.
KEY_LENGTH = 200
POSTAL_KEY_LENGTH = 16
PHONE_KEY_LENGTH = 32

# The same names, kana, birth dates and receipt days recur across a large import.
_kana_key = lru_cache(maxsize=100_000)(kana_key)
_name_key = lru_cache(maxsize=100_000)(name_key)


def _date_or_none(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return cached_date(str(value))[0]  # the cache validation filled for the same text


def build_new_case(procedure: Procedure, fields: dict[str, Any], *, source: str,
                   receipt_number: str, received_at: datetime, priority: int = 0,
                   validated: bool = False) -> NewCase:
    """A new case for *procedure*; due date = receipt day + the SLA in business days.

    *validated*: the fields passed intake's checks (which refuse text a database cannot
    store), so they are not checked for it again — the import's hot path."""
    a = procedure.applicant
    get = fields.get

    def raw(field_id: str | None) -> str:
        value = get(field_id) if field_id else None
        return "" if value is None else str(value)

    if not validated:
        for key, value in fields.items():
            require_storable(value, key)
        require_storable(receipt_number, "receipt_number")
    name = raw(a.name)
    return NewCase(
        procedure_code=procedure.code,
        source=source,
        receipt_number=receipt_number,
        received_at=received_at,
        due_date=_due_date(received_at, procedure.sla_business_days),
        fields=dict(fields),
        applicant_name=name,
        kana_key=_kana_key(raw(a.kana))[:KEY_LENGTH],
        name_key=_name_key(name)[:KEY_LENGTH],
        birth_date=_date_or_none(get(a.birth_date) if a.birth_date else None),
        postal_code=_postal_key(raw(a.postal_code)),
        address=raw(a.address),
        phone_key=_digits(raw(a.phone))[:PHONE_KEY_LENGTH],
        priority=priority,
    )


@lru_cache(maxsize=4096)
def _due_date(received_at: datetime, sla_business_days: int) -> date:
    """The receipt day in Japan + the SLA (receipt times recur in an export)."""
    return add_business_days(received_at.astimezone(JST).date(), sla_business_days)


_NOT_DIGITS = re.compile("[^0-9]")


def _digits(text: str) -> str:
    """:func:`digits_key`; NFKC leaves ASCII as it is, so plain ASCII skips it."""
    return _NOT_DIGITS.sub("", text) if text.isascii() else digits_key(text)


@lru_cache(maxsize=16_384)
def _postal_key(text: str) -> str:
    return _digits(text)[:POSTAL_KEY_LENGTH]


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
