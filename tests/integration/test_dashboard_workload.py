"""A random workload against the summary tables: operators, checkers and a supervisor
claim, decide, return, hold, release, send back, reassign, reprioritise, resume and
withdraw at the same time — threads, and on PostgreSQL two more processes — while the
clock moves (leases expire, days pass). Afterwards the summaries equal a full recount
from the cases and decisions, and the dashboard's queue figures equal counts taken from
the cases table directly.

The generator is seeded (``WORKLOAD_SEED``); the interleaving is the machine's.
"""

from __future__ import annotations

import multiprocessing
import random
import threading
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from desktop.app import Services, services_for
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.errors import ReviewDeskError
from desktop.domain.permissions import Actor, Role
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import Stage, Status
from desktop.persistence.bulk import bulk_insert_cases
from desktop.persistence.database import open_database
from desktop.persistence.engine import make_engine
from desktop.services.dashboard import DrillDown, DrillKind
from desktop.services.new_case import build_new_case
from desktop.services.supervision import CaseRef
from tests.conftest import FakeClock, Users
from tests.integration.dashboard_helpers import assert_summaries_match
from tests.integration.helpers import COMMUTER, FIELDS, FLU, MOVE_IN

pytestmark = pytest.mark.slow

WORKLOAD_SEED = 20261129
PROCEDURES = (MOVE_IN, COMMUTER, FLU)
SEED_CASES = 1200
OPERATOR_STEPS = 200
CHECKER_STEPS = 150
SUPERVISOR_STEPS = 220
PROCESS_STEPS = 100


@dataclass
class Crew:
    supervisor: Actor
    operators: list[Actor]
    checkers: list[Actor]

    @property
    def reviewers(self) -> list[Actor]:
        return self.operators + self.checkers


def _seed(services: Services, rng: random.Random) -> None:
    base = datetime(2026, 10, 26, tzinfo=UTC)
    new = []
    for i in range(SEED_CASES):
        code = PROCEDURES[i % 3]
        new.append(build_new_case(
            services.ctx.procedure(code), FIELDS[code](), source="seed",
            receipt_number=f"S-{i:05d}",
            received_at=base + timedelta(minutes=rng.randrange(30 * 24 * 60)),
            priority=rng.randrange(3)))
    bulk_insert_cases(services.ctx.uow, new, actor="seed",  # type: ignore[arg-type]
                      now=datetime(2026, 11, 25, tzinfo=UTC), chunk=400)


def tick_all(s: Services, actor: Actor, case_id: int, stage: Stage) -> None:
    """Every required item of *stage* ticked in one write (ticking does not touch the
    summaries; one item per unit of work, as the screen does it, only slows the test)."""
    with s.ctx.uow(write=True) as uow:
        case = uow.cases.get(case_id, for_update=True)
        assert case is not None
        items = sorted(s.ctx.procedure(case.procedure_code).required_items(stage))
        uow.cases.update(case.id, case.version,
                         {"checked": dict(case.checked) | {stage.value: tuple(items)}},
                         actor.name, s.ctx.now())
        uow.commit()


def _defect(p: Procedure) -> tuple[str, ...]:
    return (p.defect_codes[0].code,)


def operator_step(s: Services, actor: Actor, rng: random.Random, tally: Counter[str]) -> None:
    code = rng.choice(PROCEDURES)
    case = s.queue.claim_next(actor, code)
    tally["claim"] += 1
    r = rng.random()
    procedure = s.ctx.procedure(code)
    if r < 0.15:
        s.queue.release(actor, case.id)
        tally["release"] += 1
        return
    if r < 0.25:
        request = DecisionRequest(DecisionKind.HOLD, note="確認中")
    elif r < 0.55:
        request = DecisionRequest(DecisionKind.RETURN, _defect(procedure))
    elif r < 0.7 and procedure.refusal_reasons:
        request = DecisionRequest(DecisionKind.REJECT, (procedure.refusal_reasons[0].code,),
                                  note="要件を満たさない")
    else:
        tick_all(s, actor, case.id, Stage.FIRST_REVIEW)
        request = DecisionRequest(DecisionKind.APPROVE)
    s.review.decide(actor, case.id, request)
    tally[f"decide_{request.kind.value}"] += 1


def checker_step(s: Services, actor: Actor, rng: random.Random, tally: Counter[str]) -> None:
    if rng.random() < 0.3:
        operator_step(s, actor, rng, tally)
        return
    case = s.queue.claim_next(actor, rng.choice((COMMUTER, FLU)), Stage.DOUBLE_CHECK)
    tally["claim_check"] += 1
    if rng.random() < 0.4:
        s.review.decide(actor, case.id, DecisionRequest(DecisionKind.SEND_BACK, note="差戻し"))
        tally["send_back"] += 1
        return
    tick_all(s, actor, case.id, Stage.DOUBLE_CHECK)
    s.review.decide(actor, case.id, DecisionRequest(DecisionKind.CONFIRM))
    tally["confirm"] += 1


def supervisor_step(s: Services, crew: Crew, rng: random.Random, clock: FakeClock,
                    tally: Counter[str]) -> None:
    sv, supervision = crew.supervisor, s.dashboard.supervision
    r = rng.random()
    if r < 0.15:
        code = rng.choice(PROCEDURES)
        s.cases.create(sv, code, FIELDS[code](), source="phone",
                       receipt_number=f"P-{rng.randrange(10**9)}",
                       received_at=clock.now() - timedelta(hours=rng.randrange(200)))
        tally["create"] += 1
        return
    if r < 0.8:
        drill = DrillDown(rng.choice(list(DrillKind)), rng.choice((*PROCEDURES, None)),
                          rng.randrange(5))
        cases = s.dashboard.cases(sv, drill, limit=40)
        if not cases:
            return
        picked = rng.sample(cases, min(len(cases), rng.randint(1, 3)))
        if r < 0.4:
            report = supervision.reassign(sv, [CaseRef(c.id, c.version) for c in picked],
                                          rng.choice(crew.reviewers).name)
            tally["reassign"] += len(report.moved)
        elif r < 0.5:
            supervision.set_priority(sv, CaseRef(picked[0].id, picked[0].version),
                                     rng.randrange(4))
            tally["priority"] += 1
        elif r < 0.6:
            held = s.dashboard.snapshot(sv).held   # the dashboard read under the load
            if held:
                case = rng.choice(held)
                supervision.release(sv, CaseRef(case.id, case.version))
                tally["sv_release"] += 1
        elif r < 0.72:
            on_hold = [c for c in cases if c.status == Status.ON_HOLD]
            if on_hold:
                s.review.resume(sv, on_hold[0].id, on_hold[0].version)
                tally["resume"] += 1
        else:
            s.review.withdraw(sv, picked[0].id, "申請者から取下げの連絡")
            tally["withdraw"] += 1
        return
    if r < 0.97:
        clock.advance(minutes=rng.randint(1, 12))   # leases run out now and then
    else:
        clock.advance(hours=rng.randint(14, 30))    # into another day
    if rng.random() < 0.3:
        tally["swept"] += s.queue.sweep_expired_leases()


def _loop(step: Callable[[random.Random, Counter[str]], None], steps: int, seed: int,
          tally: Counter[str], failures: list[str]) -> None:
    rng = random.Random(seed)
    for _ in range(steps):
        try:
            step(rng, tally)
        except ReviewDeskError as error:   # races and rules: the expected refusals
            tally[f"refused_{error.code}"] += 1
        except BaseException:
            failures.append(traceback.format_exc())
            return


def _child(url: str, actor: Actor, procedures: dict[str, Procedure], seed: int,
           results: Any) -> None:
    """A workstation in its own process, with its own engine and clock."""
    try:
        database = open_database(url, pool_size=1)
        s = services_for(database, procedures, FakeClock(datetime(2026, 11, 25, 2, tzinfo=UTC)),
                         database.label)
        tally: Counter[str] = Counter()
        failures: list[str] = []
        _loop(lambda rng, t: operator_step(s, actor, rng, t), PROCESS_STEPS, seed, tally,
              failures)
        s.close()
        results.put((dict(tally), failures))
    except BaseException:
        results.put(({}, [traceback.format_exc()]))


def _queue_figures_from_cases(db_url: str) -> dict[tuple[str, str], tuple[int, int]]:
    """(procedure, stage) -> (waiting, in progress), counted on the cases table."""
    engine = make_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT procedure_code, stage, holder_id IS NOT NULL, count(*) FROM cases "
            "WHERE stage IS NOT NULL GROUP BY procedure_code, stage, holder_id IS NOT NULL"
        )).all()
    engine.dispose()
    out: dict[tuple[str, str], list[int]] = {}
    for code, stage, held, n in rows:
        out.setdefault((code, stage), [0, 0])[1 if held else 0] += int(n)
    return {k: (v[0], v[1]) for k, v in out.items()}


def test_random_workload_keeps_the_summaries_exact(services: Services, users: Users,
                                                   clock: FakeClock, db_url: str,
                                                   procedures: dict[str, Procedure]) -> None:
    rng = random.Random(WORKLOAD_SEED)
    clock.current = datetime(2026, 11, 25, 1, tzinfo=UTC)
    crew = Crew(users.supervisor, [users.make(Role.OPERATOR) for _ in range(3)],
                [users.make(Role.CHECKER) for _ in range(2)])
    process_actors = [users.make(Role.OPERATOR) for _ in range(2)]
    _seed(services, rng)
    assert_summaries_match(db_url)

    pg = db_url.startswith("postgresql")
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    children = []
    if pg:
        services.ctx.uow.engine.dispose()  # type: ignore[attr-defined]  # nothing shared
        children = [ctx.Process(target=_child, args=(db_url, a, procedures,
                                                     WORKLOAD_SEED + 100 + i, results))
                    for i, a in enumerate(process_actors)]
        for child in children:
            child.start()

    tally: Counter[str] = Counter()
    failures: list[str] = []
    s = services
    jobs: list[tuple[Callable[[random.Random, Counter[str]], None], int]] = [
        *((lambda r, t, a=a: operator_step(s, a, r, t), OPERATOR_STEPS) for a in crew.operators),
        *((lambda r, t, a=a: checker_step(s, a, r, t), CHECKER_STEPS) for a in crew.checkers),
        (lambda r, t: supervisor_step(s, crew, r, clock, t), SUPERVISOR_STEPS),
    ]
    threads = [threading.Thread(target=_loop, args=(fn, steps, WORKLOAD_SEED + i, tally,
                                                    failures))
               for i, (fn, steps) in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    for _ in children:
        child_tally, child_failures = results.get(timeout=300)
        tally.update(child_tally)
        failures += child_failures
    for child in children:
        child.join(60)
    assert failures == [], failures[0]
    # Enough of everything happened for the comparison to mean something.
    assert tally["claim"] + tally["claim_check"] >= 700, tally
    decided = sum(n for k, n in tally.items() if k.startswith("decide_"))
    assert decided >= 400 and tally["decide_return"] >= 100, tally
    # Send-backs need a case in the double-check queue when a checker's turn comes;
    # how many there are depends on the threads' interleaving (12 to 60 seen).
    assert tally["reassign"] >= 30 and tally["send_back"] >= 5, tally
    assert tally["withdraw"] and tally["resume"] and tally["priority"], tally

    assert_summaries_match(db_url)
    snapshot = services.dashboard.snapshot(crew.supervisor)
    direct = _queue_figures_from_cases(db_url)
    for load in snapshot.procedures:
        for stage, figures in (("first_review", load.first_review),
                               ("double_check", load.double_check)):
            assert (figures.waiting, figures.in_progress) == direct.get(
                (load.procedure_code, stage), (0, 0)), (load.procedure_code, stage)
