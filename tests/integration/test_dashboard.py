"""Every dashboard figure on a seeded database with known answers (SQLite and PostgreSQL).

The story: today is Wednesday 25 November 2026, 10:00 in Japan. Monday 23 November
(勤労感謝の日) and 3 November (文化の日) are holidays inside the ageing window, so a case
received on Tuesday 17 November is 5 business days old (bucket 4–5), not 6. One case
arrived at 07:00 Japan time (the previous day in UTC), so its receipt day must be taken
in Japan time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop.app import Services
from desktop.domain.business_days import DEFAULT_CALENDAR
from desktop.domain.cases import CaseRecord
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.errors import PermissionDenied
from desktop.domain.permissions import SYSTEM, Actor
from desktop.domain.workflow import Stage, Status
from desktop.persistence.notice_uow import notice_uow_factory
from desktop.services.dashboard import DrillDown, DrillKind
from desktop.services.dashboard_figures import (
    AGE_BUCKETS,
    DashboardSnapshot,
    OperatorLoad,
    bucket_days,
)
from tests.conftest import FakeClock, Users
from tests.integration.dashboard_helpers import assert_summaries_match
from tests.integration.helpers import COMMUTER, FLU, MOVE_IN, create, tick_required

JST = ZoneInfo("Asia/Tokyo")
TODAY = date(2026, 11, 25)


def jst(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=JST)


def at(clock: FakeClock, moment: datetime) -> None:
    clock.current = moment.astimezone(UTC)


@dataclass
class World:
    services: Services
    sv: Actor
    op_a: Actor
    op_b: Actor
    checker: Actor
    cases: dict[str, CaseRecord]
    snapshot: DashboardSnapshot

    def person(self, actor: Actor) -> OperatorLoad:
        return next(o for o in self.snapshot.operators if o.name == actor.name)


def work(services: Services, clock: FakeClock, actor: Actor, case_id: int,
         minutes: int) -> None:
    """*minutes* on the case, its lease renewed as the open case screen does."""
    while minutes > 0:
        step = min(minutes, 10)
        clock.advance(minutes=step)
        minutes -= step
        services.queue.renew_lease(actor, case_id)


def _approve(services: Services, actor: Actor, case_id: int) -> CaseRecord:
    case = services.review.show(actor, case_id).case
    tick_required(services, actor, case)
    return services.review.decide(actor, case_id, DecisionRequest(DecisionKind.APPROVE))


def _print_notice(services: Services, case: CaseRecord, moment: datetime) -> None:
    factory = notice_uow_factory(services.ctx.uow)
    with factory(write=True) as uow:
        batch = uow.notices.add_batch(kind="batch", procedure_code=case.procedure_code,
                                      operator_id=None, operator="print1", printer=None,
                                      directory="/tmp", selection={}, reason=None, now=moment)
        seq = uow.notices.allocate(case.procedure_code, 2026, 1)
        notice = uow.notices.add(case_id=case.id, decision_id=None,
                                 procedure_code=case.procedure_code, kind="decision",
                                 fiscal_year=2026, seq=seq, document_number=f"N-{seq}",
                                 issued_on=moment.date(), sheets=1, batch_id=batch,
                                 lease_until=moment, now=moment)
        uow.notices.update(notice.id, {"status": "printed", "printed_at": moment})
        uow.commit()


@pytest.fixture
def world(services: Services, users: Users, clock: FakeClock) -> World:
    sv, op_a, op_b, checker = (users.supervisor, users.operator, users.operator,
                               users.checker)
    s = services
    cases: dict[str, CaseRecord] = {}
    # Friday 20 Nov: a decision last week (outside "this week").
    at(clock, jst(11, 20, 10))
    cases["e0"] = create(s, sv, MOVE_IN, received_at=jst(11, 20, 9), priority=9)
    s.queue.claim_next(op_a, MOVE_IN)
    clock.advance(minutes=5)
    _approve(s, op_a, cases["e0"].id)
    # Tuesday 24 Nov: a decision this week, 30 minutes of handling.
    at(clock, jst(11, 24, 10))
    cases["e1"] = create(s, sv, MOVE_IN, received_at=jst(11, 24, 9), priority=9)
    s.queue.claim_next(op_a, MOVE_IN)
    work(s, clock, op_a, cases["e1"].id, 30)
    _approve(s, op_a, cases["e1"].id)
    # Today.
    at(clock, jst(11, 25, 10))
    for name, received in (("m1", jst(11, 25, 9)), ("m2", jst(11, 24, 15)),
                           ("m3", jst(11, 19, 7)), ("m4", jst(11, 17, 12)),
                           ("m5", jst(11, 2, 11)), ("m6", jst(11, 20, 8, 30))):
        cases[name] = create(s, sv, MOVE_IN, received_at=received)
    for name in ("d1", "d2", "d3"):
        cases[name] = create(s, sv, MOVE_IN, received_at=jst(11, 25, 9, 30), priority=5)
    cases["c1"] = create(s, sv, COMMUTER, received_at=jst(11, 25, 8))

    assert s.queue.claim_next(op_a, MOVE_IN).id == cases["d1"].id    # 10:00
    clock.advance(minutes=10)
    _approve(s, op_a, cases["d1"].id)                                 # 10:10, 600 s
    assert s.queue.claim_next(op_a, MOVE_IN).id == cases["d2"].id    # 10:10
    work(s, clock, op_a, cases["d2"].id, 20)
    s.review.decide(op_a, cases["d2"].id, DecisionRequest(
        DecisionKind.RETURN, ("contact_missing",)))                  # 10:30, 1200 s
    assert s.queue.claim_next(op_b, MOVE_IN).id == cases["d3"].id    # 10:30
    clock.advance(minutes=5)
    s.review.decide(op_b, cases["d3"].id, DecisionRequest(DecisionKind.HOLD, note="確認中"))
    s.queue.claim_next(op_b, COMMUTER)                                # 10:35
    work(s, clock, op_b, cases["c1"].id, 15)
    _approve(s, op_b, cases["c1"].id)                                 # 10:50, 900 s
    s.queue.claim_next(checker, COMMUTER, Stage.DOUBLE_CHECK)         # 10:50
    clock.advance(minutes=6)
    s.review.decide(checker, cases["c1"].id, DecisionRequest(
        DecisionKind.SEND_BACK, note="金額の確認"))                     # 10:56, 360 s
    s.queue.claim_next(op_b, COMMUTER)                                # 10:56
    clock.advance(minutes=4)
    s.review.decide(op_b, cases["c1"].id, DecisionRequest(DecisionKind.APPROVE))  # 11:00
    s.queue.claim_next(checker, COMMUTER, Stage.DOUBLE_CHECK)         # 11:00
    clock.advance(minutes=10)
    c1 = s.review.show(checker, cases["c1"].id).case
    tick_required(s, checker, c1, Stage.DOUBLE_CHECK)
    s.review.decide(checker, cases["c1"].id, DecisionRequest(DecisionKind.CONFIRM))  # 11:10
    _print_notice(s, cases["c1"], jst(11, 25, 11, 15).astimezone(UTC))
    _print_notice(s, cases["e1"], jst(11, 24, 16).astimezone(UTC))   # yesterday
    at(clock, jst(11, 25, 11, 20))
    assert s.queue.claim_next(op_a, MOVE_IN).id == cases["m5"].id    # 11:20, oldest due
    at(clock, jst(11, 25, 11, 30))
    return World(s, sv, op_a, op_b, checker, cases, s.dashboard.snapshot(sv))


def test_procedure_by_stage(world: World) -> None:
    loads = {p.procedure_code: p for p in world.snapshot.procedures}
    assert set(loads) == {FLU, COMMUTER, MOVE_IN}
    move_in = loads[MOVE_IN]
    assert (move_in.first_review.waiting, move_in.first_review.in_progress,
            move_in.first_review.decided_today) == (5, 1, 2)   # m1-m6 less m5; d1, d2
    assert (move_in.double_check.waiting, move_in.double_check.in_progress) == (0, 0)
    assert (move_in.awaiting_correction, move_in.on_hold) == (1, 1)  # d2, d3
    assert move_in.printed_today == 0
    commuter = loads[COMMUTER]
    assert commuter.first_review.decided_today == 2   # approved twice (once sent back)
    assert commuter.double_check.decided_today == 2   # sent back, then confirmed
    assert commuter.first_review.waiting == commuter.double_check.waiting == 0
    assert commuter.printed_today == 1                # yesterday's notice does not count
    assert loads[FLU].first_review.waiting == 0


def test_ageing_counts_business_days_with_the_holidays(world: World) -> None:
    rows = {a.procedure_code: a for a in world.snapshot.ageing}
    move_in = rows[MOVE_IN]
    # 0–1: m1, m2, d2, d3 · 2–3: m3 (19 Nov 07:00 JST), m6 · 4–5: m4 · >10: m5
    assert move_in.buckets == (4, 2, 1, 0, 1)
    assert move_in.open == 8
    assert (move_in.due_today, move_in.overdue) == (1, 3)    # m6 · m3, m4, m5
    assert rows[COMMUTER].open == 0


def test_drill_down_lists_the_cases_behind_each_figure(world: World) -> None:
    dashboard, sv, c = world.services.dashboard, world.sv, world.cases

    def numbers(kind: DrillKind, bucket: int | None = None) -> list[str]:
        return [x.number for x in dashboard.cases(sv, DrillDown(kind, MOVE_IN, bucket))]

    assert numbers(DrillKind.DUE_TODAY) == [c["m6"].number]
    assert numbers(DrillKind.OVERDUE) == [c[k].number for k in ("m5", "m4", "m3")]
    assert sorted(numbers(DrillKind.AGE, 1)) == sorted([c["m3"].number, c["m6"].number])
    assert numbers(DrillKind.AGE, 2) == [c["m4"].number]
    assert numbers(DrillKind.AGE, 3) == []
    assert numbers(DrillKind.AGE, 4) == [c["m5"].number]
    assert sorted(numbers(DrillKind.AGE, 0)) == sorted(c[k].number for k in ("m1", "m2", "d2",
                                                                             "d3"))
    held = dashboard.cases(sv, DrillDown(DrillKind.OVERDUE, MOVE_IN))[0]
    assert held.holder_name == world.op_a.name and held.status == Status.IN_FIRST_REVIEW


def test_bucket_days_skip_weekends_and_holidays() -> None:
    assert bucket_days(0, TODAY, DEFAULT_CALENDAR) == (date(2026, 11, 24), None)
    assert bucket_days(1, TODAY, DEFAULT_CALENDAR) == (date(2026, 11, 19), date(2026, 11, 23))
    assert bucket_days(2, TODAY, DEFAULT_CALENDAR) == (date(2026, 11, 17), date(2026, 11, 18))
    assert bucket_days(len(AGE_BUCKETS) - 1, TODAY, DEFAULT_CALENDAR)[0] is None


def test_operators_today_and_this_week(world: World) -> None:
    a, b, checker = world.person(world.op_a), world.person(world.op_b), \
        world.person(world.checker)
    # op_a: approve d1 (600 s), return d2 (1,200 s) today; approve e1 (1,800 s) on Tuesday.
    assert (a.today.decided, a.today.median_handling_seconds) == (2, 900)
    assert (a.today.first_review_decisions, a.today.returned, a.today.return_rate) == (2, 1, 0.5)
    assert (a.week.decided, a.week.median_handling_seconds) == (3, 1200)
    assert a.week.return_rate == pytest.approx(1 / 3)
    assert a.holding == 1 and a.today.defect_rate is None
    # op_b: the hold is not a decision; c1 approved twice (900 s, 240 s), sent back once.
    assert (b.today.decided, b.today.median_handling_seconds) == (2, 570)
    assert (b.today.return_rate, b.today.checked, b.today.sent_back) == (0.0, 2, 1)
    assert b.today.defect_rate == 0.5 and b.week == b.today
    # The checker: send back (360 s) and confirm (600 s).
    assert (checker.today.decided, checker.today.median_handling_seconds) == (2, 480)
    assert checker.today.return_rate is None


def test_who_holds_what_since_when(world: World) -> None:
    held = world.snapshot.held
    assert [(h.number, h.holder_name, h.since) for h in held] == [
        (world.cases["m5"].number, world.op_a.name, jst(11, 25, 11, 20).astimezone(UTC))]
    assert held[0].lease_expires_at == jst(11, 25, 11, 35).astimezone(UTC)


def test_backlog_over_thirty_days(world: World) -> None:
    series = {s.procedure_code: dict(s.points) for s in world.snapshot.backlog}
    move_in = series[MOVE_IN]
    assert len(move_in) == 30 and min(move_in) == TODAY - timedelta(days=29)
    assert move_in[TODAY] == 8
    assert move_in[date(2026, 11, 24)] == 5   # m2, m3, m4, m5, m6 (e1 decided that day)
    assert move_in[date(2026, 11, 20)] == 4   # m3–m6 (e0 came in and was decided)
    assert move_in[date(2026, 11, 19)] == 3
    assert move_in[date(2026, 11, 2)] == 1    # m5
    assert move_in[date(2026, 11, 1)] == 0
    assert series[COMMUTER][TODAY] == 0 and series[COMMUTER][date(2026, 11, 24)] == 0


def test_decisions_per_hour_today(world: World) -> None:
    hours = world.snapshot.decisions_per_hour
    assert len(hours) == 24
    assert (hours[10], hours[11]) == (4, 2)   # the hold at 10:35 is not a decision
    assert sum(hours) == 6


def test_snapshot_dates(world: World) -> None:
    assert world.snapshot.today == TODAY
    assert world.snapshot.week_start == date(2026, 11, 23)


def test_summaries_equal_a_recount(world: World, db_url: str) -> None:
    assert_summaries_match(db_url)


def test_operators_cannot_see_the_dashboard(services: Services, users: Users) -> None:
    operator = users.operator
    with pytest.raises(PermissionDenied):
        services.dashboard.snapshot(operator)
    with pytest.raises(PermissionDenied):
        services.dashboard.cases(operator, DrillDown(DrillKind.OVERDUE))
    assert services.dashboard.snapshot(SYSTEM).today == services.ctx.today()


def test_earlier_days_of_the_week_are_read_once_a_while(world: World, db_url: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Tuesday's decisions are kept between refreshes (they no longer change); a late
    one shows once the kept copy is read again."""
    from sqlalchemy import text

    from desktop.services import dashboard as dashboard_module
    from tests.integration.helpers import raw_connection

    tuesday = jst(11, 24, 15).astimezone(UTC)
    with raw_connection(db_url) as conn:
        conn.execute(text("INSERT INTO decisions (case_id, stage, kind, reasons, note, user_id, at) "
                          "VALUES (:c, 'first_review', 'return', '[]', '', :u, :at)"),
                     {"c": world.cases["m1"].id, "u": world.op_b.id, "at": tuesday})
    dashboard = world.services.dashboard
    assert world.person(world.op_b).week.decided == 2
    again = next(o for o in dashboard.snapshot(world.sv).operators if o.name == world.op_b.name)
    assert again.week.decided == 2                                  # the kept copy
    monkeypatch.setattr(dashboard_module, "PAST_DAYS_KEPT_SECONDS", 0.0)
    fresh = next(o for o in dashboard.snapshot(world.sv).operators if o.name == world.op_b.name)
    assert (fresh.week.decided, fresh.week.returned, fresh.today.decided) == (3, 1, 2)
