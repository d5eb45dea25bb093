"""Sample cases for notice tests: one resident per procedure, and the decisions behind
each notice kind (built directly, without a database)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from desktop.domain.cases import CaseRecord, DecisionRecord
from desktop.domain.workflow import Stage, Status

FLU = "flu-free-certificate"
COMMUTER = "commuter-pass-subsidy"
MOVE_IN = "move-in-reservation"

ISSUED_ON = date(2026, 11, 28)
NAME = "山田　太郎"
ADDRESS = "兵庫県神戸市中央区加納町6丁目5番1号　サンプルハイツ101号室"

FIELDS: dict[str, dict[str, Any]] = {
    FLU: {
        "applicant_name": NAME, "applicant_kana": "ヤマダ　タロウ",
        "applicant_birth_date": "昭和30年4月1日", "postal_code": "650-0001",
        "address": ADDRESS, "phone": "078-111-2222", "application_route": "郵送",
        "eligibility_basis": "介護保険料 第2段階", "resident_on_jan1": True, "is_proxy": False,
    },
    COMMUTER: {
        "applicant_name": NAME, "applicant_kana": "ヤマダ　タロウ",
        "applicant_birth_date": "昭和55年5月5日", "postal_code": "6500001",
        "address": ADDRESS, "phone": "078-111-2222",
        "eligibility_basis": "児童扶養手当受給", "student_name": "山田　花子",
        "student_kana": "ヤマダ　ハナコ", "student_birth_date": "平成21年6月1日",
        "student_relationship": "子", "school_name": "兵庫県立神戸高等学校",
        "school_course": "全日制", "school_grade": 2, "distance_km": "5.2",
        "leg1_mode": "鉄道", "leg1_operator": "JR西日本", "leg1_from": "三宮", "leg1_to": "六甲道",
        "leg1_km": "4.0", "leg2_mode": "バス", "leg2_operator": "神戸市バス",
        "leg2_from": "六甲道", "leg2_to": "神戸高校前", "leg2_km": "1.2",
        "pass_period_start": "令和8年4月1日", "pass_period_end": "令和8年9月30日",
        "pass_months": "6か月", "pass_price": 38_460, "bank_name": "みなと銀行",
        "bank_code": "0562", "branch_name": "三宮支店", "branch_code": "101",
        "account_type": "普通", "account_number": "1234567",
        "account_holder_kana": "ヤマダ　タロウ",
    },
    MOVE_IN: {
        "applicant_name": NAME, "applicant_kana": "ヤマダ　タロウ",
        "applicant_birth_date": "平成2年2月2日", "postal_code": "650-0001",
        "address": ADDRESS, "phone": "090-1234-5678",
        "previous_address": "東京都千代田区丸の内1丁目1番1号", "move_in_date": "令和8年12月10日",
        "household_members": 2, "moving_out_type": "転出証明書",
        "procedure_1": "住民異動届（転入届）", "procedure_2": "国民健康保険",
        "preferred_visit_date": "令和8年12月14日", "preferred_visit_time": "午前（9時〜12時）",
    },
}

REASONS = {
    FLU: ("premium_level_not_eligible",),
    COMMUTER: ("distance_too_short", "not_cheapest_route"),
}
DEFECTS = {
    FLU: ("missing_documents", "missing_authority_letter"),
    COMMUTER: ("missing_receipt",),
    MOVE_IN: ("previous_address_incomplete",),
}
FACTS = {
    FLU: "令和8年度の介護保険料の所得段階が第5段階であることを介護保険台帳で確認しました。",
    COMMUTER: "自宅から学校までの通学距離は、市の経路検索で片道1.6キロメートルでした。"
              "また、申請の経路より安価な経路（バスのみ）があります。",
}

#: (procedure, notice kind, status, decision kind) for every notice kind of every procedure.
KINDS: list[tuple[str, str, Status, str]] = [
    (FLU, "certificate", Status.APPROVED, "approve"),
    (FLU, "refusal", Status.REJECTED, "reject"),
    (FLU, "correction_request", Status.AWAITING_CORRECTION, "return"),
    (COMMUTER, "decision", Status.APPROVED, "approve"),
    (COMMUTER, "refusal", Status.REJECTED, "reject"),
    (COMMUTER, "correction_request", Status.AWAITING_CORRECTION, "return"),
    (MOVE_IN, "reservation_confirmation", Status.APPROVED, "approve"),
    (MOVE_IN, "correction_request", Status.AWAITING_CORRECTION, "return"),
]


def decision(procedure: str, kind: str, case_id: int = 1) -> DecisionRecord:
    reasons: tuple[str, ...] = ()
    note = ""
    deadline = None
    if kind == "reject":
        reasons, note = REASONS[procedure], FACTS[procedure]
    elif kind == "return":
        reasons, deadline = DEFECTS[procedure], date(2026, 12, 14)
        note = "委任状の原本を同封してください。"
    return DecisionRecord(case_id=case_id, stage=Stage.FIRST_REVIEW, kind=kind, reasons=reasons,
                          note=note, deadline=deadline, user_id=1, user_name="operator1",
                          at=datetime(2026, 11, 20, 1, 0, tzinfo=UTC))


def case(procedure: str, status: Status, case_id: int = 1, **overrides: Any) -> CaseRecord:
    fields = dict(FIELDS[procedure]) | overrides
    prefix = "".join(p[0] for p in procedure.split("-")).upper()
    return CaseRecord(
        id=case_id, number=f"{prefix}-{case_id:08d}", procedure_code=procedure, source="web",
        receipt_number=f"W-{case_id}", status=status, priority=0,
        received_at=datetime(2026, 11, 1, 0, 30, tzinfo=UTC), due_date=date(2026, 11, 10),
        fields=fields, checked={}, version=3, applicant_name=str(fields["applicant_name"]),
        correction_deadline=date(2026, 12, 14) if status == Status.AWAITING_CORRECTION else None,
    )
