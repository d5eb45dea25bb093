"""The monthly contract report: every figure on a seeded database with answers worked
out by hand (November 2026 has two weekday holidays, 3 Nov 文化の日 and 23 Nov 勤労感謝の日;
December ends with the year-end closure), on SQLite and PostgreSQL; the XLSX as the
city opens it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.app import Services
from desktop.domain.business_days import BusinessCalendar
from desktop.domain.contract_report import (
    DayCount,
    DecidedGroup,
    Month,
    Outcome,
    month_figures,
    nearest_rank,
)
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.errors import InvalidInput, PermissionDenied
from desktop.domain.permissions import Actor, Role
from desktop.domain.workflow import Stage, Status
from desktop.services.context import JST
from desktop.services.report_xlsx import (
    METHOD_SHEET,
    SUMMARY_SHEET,
    TREND_SHEET,
    write_monthly_xlsx,
)
from desktop.services.reports import ReportService, parse_month
from tests.conftest import FakeClock, Users
from tests.integration.helpers import FLU, MOVE_IN, audit_entries, create, current, tick_required


def jst(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=JST)


@dataclass
class Seeder:
    """Drives cases through the real services at chosen times (the clock moves)."""

    services: Services
    clock: FakeClock
    op: Actor
    checker: Actor
    sv: Actor

    def receive(self, at: datetime, procedure: str = FLU) -> int:
        self.clock.current = at
        return create(self.services, self.op, procedure, received_at=at).id

    def _take(self, case_id: int, who: Actor) -> None:
        self.services.queue.assign(self.sv, case_id, who.name)

    def decide(self, case_id: int, kind: DecisionKind, at: datetime) -> None:
        """Decide in first review at *at*; a sampled double check confirms at once."""
        self.clock.current = at
        self._take(case_id, self.op)
        if kind == DecisionKind.APPROVE:
            tick_required(self.services, self.op, current(self.services, case_id))
        request = {
            DecisionKind.APPROVE: DecisionRequest(DecisionKind.APPROVE),
            DecisionKind.REJECT: DecisionRequest(DecisionKind.REJECT, ("not_resident",),
                                                 note="1月1日に市内に住所がない"),
            DecisionKind.RETURN: DecisionRequest(DecisionKind.RETURN, ("missing_documents",)),
        }[kind]
        case = self.services.review.decide(self.op, case_id, request)
        if case.status == Status.AWAITING_DOUBLE_CHECK:
            self._take(case_id, self.checker)
            tick_required(self.services, self.checker, current(self.services, case_id),
                          Stage.DOUBLE_CHECK)
            case = self.services.review.decide(self.checker, case_id,
                                               DecisionRequest(DecisionKind.CONFIRM))
        if kind != DecisionKind.RETURN:
            assert case.decided_at == at

    def withdraw(self, case_id: int, at: datetime) -> None:
        self.clock.current = at
        self.services.review.withdraw(self.sv, case_id, "申請者から取下書の提出")

    def set_status(self, case_id: int, status: Status) -> None:
        """What the notice run does later to a decided case (not under test here)."""
        with self.services.ctx.uow(write=True) as uow:
            case = uow.cases.get(case_id)
            assert case is not None
            uow.cases.update(case_id, case.version, {"status": status}, "test",
                             self.clock.current)
            uow.commit()


def seed(services: Services, users: Users, clock: FakeClock) -> Seeder:
    """The cases behind the known answers (receipt → decision, business days, due date):

    ===  ==================  ======================  =======  ====  ========  =========
    id   received (JST)      decided (JST)           outcome  days  due       in time
    ===  ==================  ======================  =======  ====  ========  =========
    J    10-01 Thu           10-02 Fri               approve  1     10-08     yes
    A    10-30 Fri           11-02 Mon               approve  1     11-09     yes
    E    10-31 16:00 UTC     11-02 Mon               approve  1     11-09     yes
         = 11-01 Sun JST
    B    11-02 Mon           11-04 Wed (3rd holiday) approve  1     11-10     yes
    C    11-02 Mon           11-13 Fri, later        reject   8     11-10     no
                             notice printed
    H    11-06 Fri           returned 11-09, 11-12,  approve  6     11-13     no
                             approved 11-16
    B2   11-18 Wed           11-18 Wed               reject   0     11-25     yes
    D    11-20 Fri           11-24 Tue (23rd hol.)   approve  1     11-30     yes
    F    11-30 Mon           11-30 15:10 UTC         approve  (December)
                             = 12-01 JST
    G    11-05 Thu           withdrawn 11-10
    I    11-10 Tue           open
    K    11-30 15:30 UTC = 12-01 JST (December)
    X    move-in 11-10, approved 11-11 (another procedure: never counted)
    ===  ==================  ======================  =======  ====  ========  =========
    """
    s = Seeder(services, clock, users.operator, users.checker, users.supervisor)
    a, r = DecisionKind.APPROVE, DecisionKind.REJECT
    j = s.receive(jst(10, 1))
    s.decide(j, a, jst(10, 2))
    case_a = s.receive(jst(10, 30))
    e = s.receive(datetime(2026, 10, 31, 16, 0, tzinfo=UTC))
    b = s.receive(jst(11, 2, 9))
    c = s.receive(jst(11, 2, 9, 30))
    s.decide(case_a, a, jst(11, 2, 10))
    s.decide(e, a, jst(11, 2, 14))
    s.decide(b, a, jst(11, 4, 11))
    g = s.receive(jst(11, 5))
    h = s.receive(jst(11, 6))
    s.decide(h, DecisionKind.RETURN, jst(11, 9))
    s.withdraw(g, jst(11, 10))
    s.receive(jst(11, 10))  # I: stays open
    x = s.receive(jst(11, 10, 11), MOVE_IN)
    s.decide(x, a, jst(11, 11))
    s.decide(h, DecisionKind.RETURN, jst(11, 12))
    s.decide(c, r, jst(11, 13, 15))
    s.set_status(c, Status.NOTICE_PRINTED)
    s.decide(h, a, jst(11, 16))
    b2 = s.receive(jst(11, 18, 9))
    s.decide(b2, r, jst(11, 18, 16))
    d = s.receive(jst(11, 20))
    s.decide(d, a, jst(11, 24))
    f = s.receive(jst(11, 30, 9))
    s.decide(f, a, datetime(2026, 11, 30, 15, 10, tzinfo=UTC))
    s.receive(datetime(2026, 11, 30, 15, 30, tzinfo=UTC))  # K
    clock.current = jst(12, 2)
    return s


def test_november_figures_with_holidays_and_day_boundaries(
        services: Services, users: Users, clock: FakeClock) -> None:
    s = seed(services, users, clock)
    report = services.reports.monthly(s.sv, FLU, 2026, 11)
    f = report.figures
    assert f.month == Month(2026, 11)
    assert (f.received, f.decided, f.approved, f.rejected) == (9, 7, 5, 2)
    assert (f.withdrawn, f.returned) == (1, 2)
    assert f.average_days == pytest.approx(18 / 7)  # 1+1+1+8+6+0+1
    assert (f.p90_days, f.max_days) == (8, 8)  # rank ceil(0.9 × 7) = 7th of 0,1,1,1,1,6,8
    assert f.within_sla == 5 and f.sla_attainment == pytest.approx(5 / 7)
    assert report.business_days == 19
    assert [(d.day, d.name) for d in report.closed_weekdays] == [
        (date(2026, 11, 3), "文化の日"), (date(2026, 11, 23), "勤労感謝の日")]
    assert report.procedure_name == services.ctx.procedure(FLU).name
    assert report.sla_business_days == 5 and report.generated_by == s.sv.display_name

    assert [t.month for t in report.trend] == [Month(2025, 12).shift(k) for k in range(12)]
    assert report.trend[-1] == f
    october = report.trend[-2]
    assert (october.received, october.decided, october.approved, october.within_sla) == (
        2, 1, 1, 1)
    assert (october.average_days, october.p90_days, october.returned) == (1.0, 1, 0)
    for quiet in report.trend[:-2]:
        assert (quiet.received, quiet.decided, quiet.withdrawn, quiet.returned) == (0, 0, 0, 0)
        assert quiet.average_days is None and quiet.p90_days is None
        assert quiet.sla_attainment is None

    december = services.reports.monthly(s.sv, FLU, 2026, 12).figures
    assert (december.received, december.decided, december.approved) == (1, 1, 1)  # K; F
    assert december.average_days == 1.0  # F: received 30 Nov, decided 1 Dec (JST)
    move_in = services.reports.monthly(s.sv, MOVE_IN, 2026, 11).figures
    assert (move_in.received, move_in.decided, move_in.withdrawn) == (1, 1, 0)


def test_report_is_for_supervisors_and_admins_and_audited(
        services: Services, users: Users, clock: FakeClock) -> None:
    sv, admin, op = users.supervisor, users.admin, users.operator
    clock.current = jst(11, 25)
    assert services.reports.monthly(admin, FLU, 2026, 11).figures.received == 0
    services.reports.monthly(sv, FLU, 2026, 11)
    with pytest.raises(PermissionDenied):
        services.reports.monthly(op, FLU, 2026, 11)
    with pytest.raises(PermissionDenied):
        services.reports.monthly(users.make(Role.PRINT_STAFF), FLU, 2026, 11)
    shown = [(e.actor, e.details) for e in audit_entries(services)
             if e.action == "report_monthly"]
    assert shown == [(who.name, {"procedure": FLU, "month": "2026-11", "received": 0,
                                 "decided": 0}) for who in (admin, sv)]
    denied = audit_entries(services, stream=f"user:{op.name}")
    assert [(e.action, e.details) for e in denied] == [
        ("permission_denied", {"permission": "report.view"})]


def test_months_that_cannot_be_reported(services: Services, users: Users,
                                        clock: FakeClock) -> None:
    sv = users.supervisor
    clock.current = jst(11, 25)
    with pytest.raises(InvalidInput, match="まだ始まっていません"):
        services.reports.monthly(sv, FLU, 2026, 12)
    with pytest.raises(InvalidInput):
        services.reports.monthly(sv, FLU, 2026, 13)
    with pytest.raises(Exception, match="no-such"):
        services.reports.monthly(sv, "no-such", 2026, 11)
    current_month = services.reports.monthly(sv, FLU, 2026, 11)  # so far
    assert current_month.business_days == 19


def test_xlsx_has_real_cells_japanese_sheets_and_formats(
        services: Services, users: Users, clock: FakeClock, tmp_path: Path) -> None:
    s = seed(services, users, clock)
    report = services.reports.monthly(s.sv, FLU, 2026, 11)
    path = write_monthly_xlsx(report, tmp_path / "report.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [SUMMARY_SHEET, TREND_SHEET, METHOD_SHEET] == [
        "概要", "月別推移", "算定方法"]
    summary = wb[SUMMARY_SHEET]
    assert summary["A1"].value == "月次業務報告書（令和8年11月分）"
    assert summary["B2"].value == report.procedure_name
    assert summary["B4"].value == datetime(2026, 11, 1) and summary["B4"].is_date
    values = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2)
              for r in range(8, 21)}
    assert values["受付件数"].value == 9 and values["受付件数"].data_type == "n"
    assert values["決定件数"].value == 7
    assert values["　うち承認"].value == 5 and values["　うち却下"].value == 2
    assert values["取下げ件数"].value == 1 and values["補正依頼件数"].value == 2
    assert values["平均処理日数"].value == pytest.approx(18 / 7)
    assert values["平均処理日数"].number_format == "0.0"
    assert values["90%処理日数"].value == 8
    assert values["期限内処理率"].value == pytest.approx(5 / 7)
    assert values["期限内処理率"].number_format == "0.0%"
    assert values["当月の開庁日数"].value == 19
    labels = [summary.cell(row=r, column=1).value for r in range(1, 30)]
    closed_row = labels.index("当月の閉庁日（平日）") + 1
    assert summary.cell(row=closed_row, column=2).value == "11月3日 文化の日、11月23日 勤労感謝の日"
    stamp = summary.cell(row=closed_row + 1, column=2)
    assert stamp.is_date and stamp.value == datetime(2026, 12, 2, 10, 0)  # JST, naive
    assert summary.column_dimensions["B"].width == 36

    trend = wb[TREND_SHEET]
    assert [c.value for c in trend[1]][:4] == ["対象月", "和暦", "受付件数", "決定件数"]
    assert trend.max_row == 13 and trend.freeze_panes == "C2"
    first, last = trend[2], trend[13]
    assert first[0].value == datetime(2025, 12, 1) and first[0].is_date
    assert first[0].number_format == 'yyyy"年"m"月"' and first[1].value == "令和7年12月"
    assert first[8].value is None  # no decision: no average, not zero
    assert [c.value for c in last][:8] == [datetime(2026, 11, 1), "令和8年11月", 9, 7, 5, 2, 1,
                                           2]
    assert last[8].value == pytest.approx(18 / 7) and last[9].value == 8
    assert last[12].value == pytest.approx(5 / 7) and last[12].number_format == "0.0%"
    assert [c.value for c in trend[12]][2:4] == [2, 1]  # October
    method = wb[METHOD_SHEET]
    assert "開庁日数" in str(method["B7"].value)


# ------------------------------------------------------------- the pure rules


def test_nearest_rank_percentile() -> None:
    assert nearest_rank([], 0.9) is None
    assert nearest_rank([(3, 1)], 0.9) == 3
    assert nearest_rank([(v, 1) for v in range(1, 11)], 0.9) == 9  # 9th of 10
    assert nearest_rank([(v, 1) for v in range(1, 12)], 0.9) == 10  # ceil(9.9) = 10th
    assert nearest_rank([(0, 9), (20, 1)], 0.9) == 0
    assert nearest_rank([(0, 8), (20, 2)], 0.9) == 20


def test_year_end_closure_and_city_closures_are_not_business_days() -> None:
    january = Month(2027, 1)
    groups = [DecidedGroup(date(2026, 12, 25), date(2027, 1, 5), date(2027, 1, 5),
                           Outcome.APPROVED, 3)]
    [f] = month_figures([january], received=[DayCount(date(2027, 1, 4), 2)], withdrawn=[],
                        returned=[], decided=groups)
    # 28 Dec, then 4 and 5 Jan: 29 Dec – 3 Jan is the closure
    assert (f.average_days, f.p90_days, f.within_sla, f.received) == (3.0, 3, 3, 2)
    closed = BusinessCalendar(extra_closed=frozenset({date(2026, 12, 28)}))
    [g] = month_figures([january], received=[], withdrawn=[], returned=[], decided=groups,
                        calendar=closed)
    assert g.average_days == 2.0


def test_december_lists_the_year_end_closure(services: Services, users: Users,
                                             clock: FakeClock) -> None:
    clock.current = jst(12, 28)
    report = ReportService(services.ctx).monthly(users.supervisor, FLU, 2026, 12)
    assert [(d.day.day, d.name) for d in report.closed_weekdays] == [
        (29, "年末年始"), (30, "年末年始"), (31, "年末年始")]
    assert report.business_days == 20


@pytest.mark.parametrize(("text", "month"), [
    ("2026-11", Month(2026, 11)), ("2026/1", Month(2026, 1)), ("2026年11月", Month(2026, 11)),
    ("令和8年11月", Month(2026, 11)), ("R8.11", Month(2026, 11)), ("令和元年5月", Month(2019, 5)),
])
def test_month_arguments(text: str, month: Month) -> None:
    assert parse_month(text) == month
    assert month.era_label().startswith("令和")


@pytest.mark.parametrize("text", ["2026-13", "November", "", "令和8年"])
def test_month_arguments_that_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_month(text)
