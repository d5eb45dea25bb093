"""Small helpers shared by the integration tests: form data, creating and deciding
cases through the services, reading the audit log."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from desktop.app import Services
from desktop.domain.audit import AuditRecord
from desktop.domain.cases import CaseRecord
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.permissions import Actor
from desktop.domain.workflow import Stage
from desktop.persistence.engine import make_engine

FLU = "flu-free-certificate"
COMMUTER = "commuter-pass-subsidy"  # double check on every case
MOVE_IN = "move-in-reservation"  # no double check

_receipts = itertools.count(1)


def flu_fields(name: str = "山田 太郎", address: str = "神戸市中央区加納町6丁目5-1",
               ) -> dict[str, Any]:
    return {
        "applicant_name": name, "applicant_kana": "ヤマダ タロウ",
        "applicant_birth_date": "昭和30年4月1日", "postal_code": "650-0001",
        "address": address, "phone": "078-331-8181", "application_route": "郵送",
        "eligibility_basis": "介護保険料 第1段階", "resident_on_jan1": True, "is_proxy": False,
    }


def commuter_fields(name: str = "佐藤 花子", address: str = "神戸市北区鈴蘭台北町1丁目9-1",
                    ) -> dict[str, Any]:
    return {
        "applicant_name": name, "applicant_kana": "サトウ ハナコ",
        "applicant_birth_date": "S55/7/7", "postal_code": "651-1114", "address": address,
        "phone": "078-593-1111", "eligibility_basis": "児童扶養手当受給",
        "student_name": "佐藤 蓮", "student_kana": "サトウ レン",
        "student_birth_date": "2010-05-05", "school_name": "兵庫県立神戸高等学校",
        "distance_km": "6.2", "leg1_mode": "鉄道", "pass_months": "6か月", "pass_price": 48_000,
    }


def move_in_fields(name: str = "鈴木 一郎", address: str = "神戸市東灘区住吉東町5丁目2-1",
                   ) -> dict[str, Any]:
    return {
        "applicant_name": name, "applicant_kana": "スズキ イチロウ",
        "applicant_birth_date": "1990-01-02", "postal_code": "658-0051", "address": address,
        "phone": "090-1234-5678", "previous_address": "大阪府大阪市北区梅田1-1-1",
        "move_in_date": "令和8年12月1日", "household_members": 2,
        "moving_out_type": "転出証明書", "procedure_1": "住民異動届（転入届）",
        "preferred_visit_date": "令和8年12月3日",
    }


FIELDS = {FLU: flu_fields, COMMUTER: commuter_fields, MOVE_IN: move_in_fields}


def create(services: Services, actor: Actor, procedure: str = MOVE_IN, *,
           received_at: datetime | None = None, priority: int = 0, **fields: Any,
           ) -> CaseRecord:
    """A new case with realistic form data (keyword arguments override fields)."""
    data = FIELDS[procedure]() | fields
    return services.cases.create(actor, procedure, data, source="web",
                                 receipt_number=f"T-{next(_receipts):06d}",
                                 received_at=received_at, priority=priority)


def tick_required(services: Services, actor: Actor, case: CaseRecord,
                  stage: Stage = Stage.FIRST_REVIEW) -> CaseRecord:
    for item in sorted(services.ctx.procedure(case.procedure_code).required_items(stage)):
        case = services.review.set_checked(actor, case.id, item)
    return case


def approve_first_review(services: Services, actor: Actor, procedure: str) -> CaseRecord:
    """Claim the next case of *procedure*, tick its checklist and approve it."""
    case = services.queue.claim_next(actor, procedure)
    case = tick_required(services, actor, case)
    return services.review.decide(actor, case.id, DecisionRequest(DecisionKind.APPROVE))


def audit_entries(services: Services, *, stream: str | None = None,
                  case_id: int | None = None) -> list[AuditRecord]:
    with services.ctx.uow() as uow:
        records = list(uow.audit.iter_all())
    if stream is not None:
        records = [r for r in records if r.stream == stream]
    if case_id is not None:
        records = [r for r in records if r.case_id == case_id]
    return sorted(records, key=lambda r: r.id)


def actions(services: Services, case_id: int) -> Counter[str]:
    return Counter(r.action for r in audit_entries(services, case_id=case_id))


def current(services: Services, case_id: int) -> CaseRecord:
    """The case as stored now (read-only; no audited view)."""
    with services.ctx.uow() as uow:
        case = uow.cases.get(case_id)
    assert case is not None
    return case


@contextmanager
def raw_connection(db_url: str) -> Iterator[Connection]:
    """A direct database connection for tampering tests (committed on exit)."""
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            yield conn
    finally:
        engine.dispose()
