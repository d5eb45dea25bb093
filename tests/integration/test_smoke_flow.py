"""First end-to-end flow through the services on both databases."""

from __future__ import annotations

from desktop.app import Services
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.workflow import Status
from tests.conftest import Users

FLU = "flu-free-certificate"


def _flu_fields(i: int = 0) -> dict[str, object]:
    return {
        "applicant_name": "山田 太郎", "applicant_kana": "ヤマダ タロウ",
        "applicant_birth_date": "昭和30年4月1日", "postal_code": "650-0001",
        "address": "神戸市中央区加納町6丁目5-1", "application_route": "郵送",
        "eligibility_basis": "介護保険料 第1段階", "resident_on_jan1": True, "is_proxy": False,
    }


def test_claim_check_approve(services: Services, users: Users) -> None:
    op = users.operator
    created = services.cases.create(users.operator, FLU, _flu_fields(), source="web",
                                    receipt_number="W-1")
    assert created.status == Status.RECEIVED
    case = services.queue.claim_next(op, FLU)
    assert case.id == created.id and case.status == Status.IN_FIRST_REVIEW
    procedure = services.ctx.procedure(FLU)
    for item in procedure.required_items(case.status and __import__(
            "desktop.domain.workflow", fromlist=["Stage"]).Stage.FIRST_REVIEW):
        case = services.review.set_checked(op, case.id, item)
    decided = services.review.decide(op, case.id, DecisionRequest(DecisionKind.APPROVE))
    assert decided.status in (Status.APPROVED, Status.AWAITING_DOUBLE_CHECK)
    report = services.admin.verify_audit(__import__("desktop.domain.permissions",
                                                    fromlist=["SYSTEM"]).SYSTEM)
    assert report.problem is None and report.entries >= 4
