"""``review-desk seed-demo``: demo users and realistic cases in every status.

Cases are created and then worked through the real services (assign, checklist,
decisions), so their history, audit chain and figures are what real work produces.
Demo passwords are random, stored only in the demo database's settings, and shown
only on its login screen.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from desktop.demo.forms import demo_fields
from desktop.demo.residents import resident
from desktop.demo.scans import scanned_form_png
from desktop.domain.business_days import add_business_days
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.permissions import SYSTEM, Actor, Role
from desktop.domain.workflow import Stage, Status
from desktop.services.admin import AdminService
from desktop.services.context import JST, ServiceContext
from desktop.services.new_case import CaseCreationService, build_new_case
from desktop.services.queue import QueueService
from desktop.services.review import ReviewService

DEMO_USERS: tuple[tuple[str, str, Role], ...] = (
    ("operator1", "審査 一郎", Role.OPERATOR),
    ("operator2", "審査 花子", Role.OPERATOR),
    ("checker1", "点検 次郎", Role.CHECKER),
    ("print1", "印刷 三郎", Role.PRINT_STAFF),
    ("sv1", "監督 四郎", Role.SUPERVISOR),
    ("admin1", "管理 五郎", Role.ADMIN),
)
DEMO_SETTING = "demo_accounts"

#: Target share of each outcome among seeded cases (the rest stay waiting).
_TARGETS: tuple[tuple[str, float], ...] = (
    ("in_review", 0.08), ("double_check", 0.08), ("approved", 0.17), ("rejected", 0.05),
    ("returned", 0.09), ("held", 0.03), ("withdrawn", 0.02),
)
_SCAN_POOL = 6


class Services(Protocol):
    """The part of the application's service bundle that seeding uses."""

    ctx: ServiceContext
    admin: AdminService
    queue: QueueService
    review: ReviewService
    cases: CaseCreationService


@dataclass(frozen=True)
class SeedReport:
    users: int
    cases: int


def _ensure_users(services: Services) -> dict[str, Actor]:
    admin = services.admin
    stored = {a["name"]: a for a in admin.demo_accounts()}
    actors: dict[str, Actor] = {}
    created = []
    for name, display, role in DEMO_USERS:
        with services.ctx.uow() as uow:
            existing = uow.users.by_name(name)
        if existing is None:
            password = f"{name}-{secrets.randbelow(10_000):04d}"
            existing = admin.add_user(SYSTEM, name, role, password, display)
            stored[name] = {"name": name, "password": password, "role": role.value,
                            "display_name": display}
            created.append(name)
        actors[name] = Actor(existing.id, existing.name, existing.display_name, existing.role)
    if created:
        with services.ctx.uow(write=True) as uow:
            uow.settings.put(DEMO_SETTING, {"accounts": list(stored.values())})
            uow.commit()
    return actors


def seed_demo(services: Services, *, cases: int = 300, seed: int = 20261128,
              progress: Callable[[int, int], None] | None = None) -> SeedReport:
    """Add demo users (once) and *cases* cases spread over procedures and statuses."""
    rng = random.Random(seed)
    actors = _ensure_users(services)
    ctx = services.ctx
    now = ctx.now()
    today = now.astimezone(JST).date()
    codes = sorted(ctx.procedures)
    scans = [scanned_form_png(f"DEMO SCAN {i + 1}", rng) for i in range(_SCAN_POOL)]
    digests = [ctx.attachments.put(data) for data in scans] if ctx.attachments else []
    run = secrets.token_hex(3)
    created_ids: list[int] = []
    for start in range(0, cases, 100):
        with ctx.uow(write=True) as uow:
            for i in range(start, min(cases, start + 100)):
                procedure = ctx.procedure(rng.choice(codes))
                person = resident(rng, min_age=66 if procedure.code.startswith("flu") else 25,
                                  today=today)
                days_back = rng.randint(0, 12)
                received = now - timedelta(days=days_back, hours=rng.randint(0, 8))
                new = build_new_case(
                    procedure, demo_fields(procedure, person, rng, today),
                    source=rng.choice(["web", "line", "post", "phone"]),
                    receipt_number=f"DEMO-{run}-{i + 1:06d}", received_at=received,
                    priority=1 if rng.random() < 0.05 else 0,
                )
                case = services.cases.add(uow, SYSTEM, new, now)
                for page in range(rng.randint(1, 2)):
                    if digests:
                        digest = digests[rng.randrange(len(digests))]
                        uow.cases.add_attachment(case.id, f"scan-{page + 1}.png", "image/png",
                                                 digest, len(scans[digests.index(digest)]), now)
                created_ids.append(case.id)
            uow.commit()
        if progress:
            progress(len(created_ids), cases)
    _work_some(services, actors, created_ids, rng)
    return SeedReport(users=len(actors), cases=len(created_ids))


def _pick_target(rng: random.Random) -> str | None:
    roll = rng.random()
    for target, share in _TARGETS:
        if roll < share:
            return target
        roll -= share
    return None


def _work_some(services: Services, actors: dict[str, Actor], case_ids: list[int],
               rng: random.Random) -> None:
    sv, checker = actors["sv1"], actors["checker1"]
    operators = [actors["operator1"], actors["operator2"]]
    review, queue = services.review, services.queue
    for case_id in case_ids:
        target = _pick_target(rng)
        if target is None:
            continue
        if target == "withdrawn":
            review.withdraw(sv, case_id, "申請者から電話で取下げの申出あり")
            continue
        op = rng.choice(operators)
        case = queue.assign(sv, case_id, op.name)
        if target == "in_review":
            continue
        procedure = services.ctx.procedure(case.procedure_code)
        if target == "held":
            review.decide(op, case_id, DecisionRequest(DecisionKind.HOLD,
                                                       note="本人確認のため電話連絡中"))
            continue
        if target == "returned":
            defect = procedure.defect_codes[0].code
            deadline = add_business_days(services.ctx.today(), procedure.correction_business_days)
            review.decide(op, case_id, DecisionRequest(
                DecisionKind.RETURN, (defect,), "添付書類の写しが不鮮明です", deadline))
            continue
        for item in sorted(procedure.required_items(Stage.FIRST_REVIEW)):
            review.set_checked(op, case_id, item)
        if target == "rejected" and procedure.refusal_reasons:
            decided = review.decide(op, case_id, DecisionRequest(
                DecisionKind.REJECT, (procedure.refusal_reasons[0].code,),
                "提出された証明書では要件を満たすことが確認できませんでした"))
        else:
            decided = review.decide(op, case_id, DecisionRequest(DecisionKind.APPROVE))
        if decided.status == Status.AWAITING_DOUBLE_CHECK and target != "double_check":
            queue.assign(sv, case_id, checker.name)
            for item in sorted(procedure.required_items(Stage.DOUBLE_CHECK)):
                review.set_checked(checker, case_id, item)
            review.decide(checker, case_id, DecisionRequest(DecisionKind.CONFIRM))
