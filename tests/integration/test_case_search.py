"""Case search on SQLite and PostgreSQL: filters, the search box, every sort order
walked page by page with keyset cursors, jumps, counts and saved views — each against
a known answer computed in Python from the same cases."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from desktop.app import Services
from desktop.domain.case_filter import (
    NOBODY,
    SORT_COLUMNS,
    CaseFilter,
    CaseFlag,
    DueWindow,
    SearchTerms,
    SortKey,
    parse_search,
)
from desktop.domain.errors import InvalidInput, NotFound
from desktop.domain.japanese_text import digits_key, name_key
from desktop.domain.permissions import Role
from desktop.domain.workflow import Stage, Status
from desktop.persistence import case_search_repository
from desktop.services.case_search import MAX_VIEWS, CaseSearchService
from tests.conftest import FakeClock, Users
from tests.integration.helpers import FLU, MOVE_IN, audit_entries, create, current, raw_connection
from tests.naughty import naughty_strings

JST_OFFSET = timedelta(hours=9)


def jst(*args: int) -> datetime:
    """A moment given in Japan time, as UTC."""
    return datetime(*args, tzinfo=UTC) - JST_OFFSET


@dataclass(frozen=True)
class Known:
    """What the test knows about one case (for the Python answer)."""

    id: int
    label: str
    procedure_code: str
    stage: Stage | None
    status: Status
    number: str
    receipt_number: str
    priority: int
    received_at: datetime
    due_date: date
    kana_key: str
    name_key: str
    phone_key: str
    birth_date: date | None
    flags: frozenset[CaseFlag]
    holder_name: str | None
    holder_id: int | None
    holder_order: int  # the holder order: held first, by holder id, nobody last (NOBODY)


@dataclass
class World:
    services: Services
    search: CaseSearchService
    cases: dict[str, Known]
    actor: Any

    @property
    def cases_by_id(self) -> dict[int, Known]:
        return {c.id: c for c in self.cases.values()}

    def ids(self, *labels: str) -> set[int]:
        return {self.cases[label].id for label in labels}

    def found(self, case_filter: CaseFilter) -> set[int]:
        page = self.search.page(self.actor, case_filter, limit=1000)
        assert page.next is None
        return {row.id for row in page.rows}


def _set(services: Services, case_id: int, **changes: Any) -> None:
    with services.ctx.uow(write=True) as uow:
        case = uow.cases.get(case_id)
        assert case is not None
        uow.cases.update(case_id, case.version, changes, "test", services.ctx.now())
        uow.commit()


@pytest.fixture
def world(services: Services, users: Users, clock: FakeClock) -> World:
    """20 cases of the flu procedure in first review (clock: Wed 2026-11-25 10:00 JST),
    one decided flu case and one move-in case. Eight are held, by three people (ties on
    the holder); 田中 has status 補正再提出, and 山本 was resubmitted through the service
    and has been claimed since (in first review)."""
    op = users.operator
    people = {
        "yamada_taro": ("山田 太郎", "ヤマダ タロウ", "S55.1.2", "078-331-8181",
                        jst(2026, 11, 10, 23, 30), date(2026, 11, 24), 0),
        "yamada_hanako": ("山田 花子", "やまだ はなこ", "1990-05-05", "090-1111-2222",
                          jst(2026, 11, 11, 0, 10), date(2026, 11, 25), 0),
        "tanaka": ("田中 一郎", "ﾀﾅｶ ｲﾁﾛｳ", "昭和55年1月2日", "06-1234-5678",
                   jst(2026, 11, 12, 9, 0), date(2026, 11, 27), 0),
        "sato": ("佐藤 次郎", "サトウ ジロウ", "2000-12-31", "078-999-0000",
                 jst(2026, 11, 12, 9, 0), date(2026, 12, 1), 2),
        "yamamoto": ("山本 一", "ヤマモト ハジメ", "1955-03-03", "03-5555-0000",
                     jst(2026, 11, 13, 9, 0), date(2026, 11, 25), 0),
    }
    for i in range(15):  # ties on every sort column, so the id has to break them
        people[f"yoshida{i}"] = (f"吉田 {'一二三'[i % 3]}", f"ヨシダ {'イチニサン'[i % 3]}",
                                 "1960-01-01", f"078-100-{i:04d}",
                                 jst(2026, 11, 14, 9, i % 2), date(2026, 11, 25 + i % 3),
                                 (0, 0, 1)[i % 3])
    made = {}
    for label, (name, kana, birth, phone, received, due, priority) in people.items():
        case = create(services, op, FLU, received_at=received, priority=priority,
                      applicant_name=name, applicant_kana=kana, applicant_birth_date=birth,
                      phone=phone)
        _set(services, case.id, due_date=due)
        made[label] = case.id
    made["other_procedure"] = create(services, op, MOVE_IN, applicant_name="山田 三郎",
                                     applicant_kana="ヤマダ サブロウ").id
    made["decided"] = create(services, op, FLU, applicant_name="山田 四郎",
                             applicant_kana="ヤマダ シロウ").id
    _set(services, made["decided"], status=Status.APPROVED)
    _set(services, made["tanaka"], status=Status.RESUBMITTED)
    _set(services, made["yamada_hanako"], flags={"possible_duplicate": [made["yamada_taro"]]})
    _set(services, made["yoshida1"], flags={"possible_duplicate": False})  # cleared flag
    services.queue.claim_next(op, FLU)  # the first in claim order: 佐藤 (priority 2)
    _set(services, made["yamamoto"], status=Status.AWAITING_CORRECTION)
    services.resubmission.resubmit(op, made["yamamoto"], {"phone": "03-5555-0001"},
                                   channel="phone")
    aoki, zeni = users.make(Role.OPERATOR, "aoki"), users.make(Role.OPERATOR, "zeni")
    lease = clock.current + timedelta(hours=1)
    for label, holder in (("yamamoto", zeni), ("yoshida0", aoki), ("yoshida4", zeni),
                          ("yoshida7", aoki), ("yoshida9", aoki), ("yoshida12", zeni),
                          ("yoshida13", aoki)):
        changes: dict[str, Any] = {"holder_id": holder.id, "lease_expires_at": lease}
        if label == "yamamoto":
            changes["status"] = Status.IN_FIRST_REVIEW
        _set(services, made[label], **changes)
    known = {}
    for label, case_id in made.items():
        case = current(services, case_id)
        flags = {f for f in CaseFlag if f.value in case.flags}
        if case.status == Status.RESUBMITTED:
            flags.add(CaseFlag.RESUBMITTED)
        known[label] = Known(
            case.id, label, case.procedure_code,
            Stage.FIRST_REVIEW if case.status in (Status.RECEIVED, Status.RESUBMITTED,
                                                  Status.IN_FIRST_REVIEW) else None,
            case.status, case.number, case.receipt_number, case.priority, case.received_at,
            case.due_date, case.kana_key, name_key(case.fields["applicant_name"]),
            digits_key(case.fields["phone"]), case.birth_date, frozenset(flags),
            case.holder_name, case.holder_id,
            NOBODY if case.holder_id is None else case.holder_id)
    return World(services, CaseSearchService(services.ctx), known, users.supervisor)


QUEUE = CaseFilter(FLU, Stage.FIRST_REVIEW)


@pytest.fixture(params=["collect", "walk"])
def plan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both plans of the repository: few matches are collected and sorted; with the
    threshold at zero every filter counts as dense and the sort index is walked."""
    if request.param == "walk":
        monkeypatch.setattr(case_search_repository, "DENSE_MATCHES", 0)
    return str(request.param)


# ---------------------------------------------------------------- the answer in Python

def matches(case: Known, terms: SearchTerms | None) -> bool:
    if terms is None:
        return True
    return (case.number == terms.number or case.receipt_number in terms.receipt_numbers
            or bool(terms.kana_prefix and case.kana_key.startswith(terms.kana_prefix))
            or bool(terms.name_prefix and case.name_key.startswith(terms.name_prefix))
            or bool(terms.phone_prefix and case.phone_key.startswith(terms.phone_prefix))
            or (terms.birth_date is not None and case.birth_date == terms.birth_date))


def in_scope(case: Known, case_filter: CaseFilter) -> bool:
    return ((case_filter.procedure_code is None
             or case.procedure_code == case_filter.procedure_code)
            and (case_filter.stage is None or case.stage == case_filter.stage))


def expected_order(world: World, case_filter: CaseFilter) -> list[int]:
    rows = [c for c in world.cases.values() if in_scope(c, case_filter)]
    columns = SORT_COLUMNS[case_filter.sort]

    def compare(a: Known, b: Known) -> int:
        for name, desc in columns:
            x, y = getattr(a, name), getattr(b, name)
            if x != y:
                return (-1 if x < y else 1) * (-1 if desc != case_filter.descending else 1)
        return (-1 if a.id < b.id else 1) * (-1 if case_filter.descending else 1)

    return [c.id for c in sorted(rows, key=functools.cmp_to_key(compare))]


# --------------------------------------------------------------------------- search

@pytest.mark.parametrize("typed", ["ﾔﾏﾀﾞ", "やまだ", "ヤマダ", "山田", " 山田 "])
def test_any_spelling_of_yamada_finds_both_yamadas(world: World, typed: str) -> None:
    assert world.found(replace(QUEUE, search=typed)) == world.ids("yamada_taro", "yamada_hanako")


def test_search_by_full_name_kana_prefix_phone_birth_date_and_numbers(
        world: World, plan: str) -> None:
    def found(text: str) -> set[int]:
        return world.found(replace(QUEUE, search=text))

    assert found("山田 太郎") == found("山田　太郎") == world.ids("yamada_taro")
    assert found("ヤマ") == world.ids("yamada_taro", "yamada_hanako", "yamamoto")
    assert found("ﾀﾅｶ ｲﾁ") == found("たなか") == world.ids("tanaka")
    assert found("078-331-8181") == found("0783318181") == found("０７８－３３１") \
        == world.ids("yamada_taro")
    for form in ("1980-01-02", "1980/1/2", "S55.1.2", "昭和55年1月2日"):
        assert found(form) == world.ids("yamada_taro", "tanaka"), form
    sato = world.cases["sato"]
    assert found(sato.receipt_number) == {sato.id}
    assert found(sato.number.lower()) == {sato.id}
    assert found("存在しない人") == set()


def test_search_reaches_other_procedures_and_decided_cases_only_when_asked(
        world: World) -> None:
    everywhere = world.found(CaseFilter(search="ヤマダ"))
    assert everywhere == world.ids("yamada_taro", "yamada_hanako", "other_procedure",
                                   "decided")
    assert world.found(CaseFilter(FLU, search="ヤマダ")) == world.ids(
        "yamada_taro", "yamada_hanako", "decided")


def _strings() -> list[str]:
    return naughty_strings(["\x00", "山田\x00", "%", "_", "/", "ヤ%", "ヤ_ダ", "'); DROP TABLE cases;--"])


@pytest.mark.slow
def test_hostile_search_texts_find_exactly_what_python_finds(world: World) -> None:
    everything = list(world.cases.values())
    for hostile in _strings():
        case_filter = CaseFilter(search=hostile)
        terms = parse_search(hostile)
        expected = {c.id for c in everything if matches(c, terms)}
        assert world.found(case_filter) == expected, repr(hostile)
        assert world.search.count(world.actor, case_filter) == len(expected), repr(hostile)
    assert world.search.count(world.actor, CaseFilter()) == len(everything)


# -------------------------------------------------------------------------- filters

def test_status_due_date_range_and_flag_filters(world: World, clock: FakeClock,
                                                plan: str) -> None:
    def found(**criteria: Any) -> set[int]:
        return world.found(replace(QUEUE, **criteria))

    held = [c for c in world.cases.values() if c.status == Status.IN_FIRST_REVIEW]
    assert [c.label for c in held] == ["sato", "yamamoto"]
    assert found(statuses=frozenset({Status.IN_FIRST_REVIEW})) == world.ids("sato", "yamamoto")
    assert found(statuses=frozenset({Status.RESUBMITTED})) == world.ids("tanaka")
    assert found(statuses=frozenset({Status.APPROVED})) == set()
    # Wednesday 2026-11-25 in Japan.
    assert found(due=DueWindow.OVERDUE) == world.ids("yamada_taro")
    due_today = {c.id for c in world.cases.values()
                 if in_scope(c, QUEUE) and c.due_date == date(2026, 11, 25)}
    assert found(due=DueWindow.TODAY) == due_today
    assert world.ids("yamada_hanako", "yamamoto", "yoshida0") <= due_today
    this_week = {c.id for c in world.cases.values() if in_scope(c, QUEUE)
                 and date(2026, 11, 25) <= c.due_date <= date(2026, 11, 27)}
    assert found(due=DueWindow.THIS_WEEK) == this_week and world.ids("tanaka") <= this_week
    clock.current = jst(2026, 11, 28, 10, 0)  # Saturday: "today" reaches Monday 11-30
    assert found(due=DueWindow.THIS_WEEK) == world.ids("sato")  # due Tuesday 12-01
    clock.current = jst(2026, 11, 25, 10, 0)
    # 23:30 on the 10th (Japan) is the 10th; ten past midnight is the 11th.
    assert found(received_from=date(2026, 11, 10), received_to=date(2026, 11, 10)) \
        == world.ids("yamada_taro")
    assert found(received_from=date(2026, 11, 11), received_to=date(2026, 11, 12)) \
        == world.ids("yamada_hanako", "tanaka", "sato")
    assert found(flags=frozenset({CaseFlag.POSSIBLE_DUPLICATE})) == world.ids("yamada_hanako")
    assert found(flags=frozenset(CaseFlag)) == set()
    combined = replace(QUEUE, search="ヤマダ", due=DueWindow.TODAY,
                       flags=frozenset({CaseFlag.POSSIBLE_DUPLICATE}))
    assert world.found(combined) == world.ids("yamada_hanako")
    assert world.found(replace(combined, flags=frozenset())) == world.ids("yamada_hanako")
    assert world.search.count(world.actor, combined) == 1


def test_resubmitted_means_came_back_after_a_correction_whatever_the_status_now(
        world: World, plan: str) -> None:
    resubmitted = frozenset({CaseFlag.RESUBMITTED})
    # 山本: resubmitted through the service, claimed since; 田中: status 補正再提出.
    assert world.found(replace(QUEUE, flags=resubmitted)) == world.ids("tanaka", "yamamoto")
    assert world.search.count(world.actor, replace(QUEUE, flags=resubmitted)) == 2
    assert world.found(replace(QUEUE, flags=resubmitted,
                               statuses=frozenset({Status.IN_FIRST_REVIEW}))) \
        == world.ids("yamamoto")
    assert world.found(replace(QUEUE, flags=resubmitted, search="ヤマ")) == world.ids("yamamoto")
    # Decided since: still "came back after a correction request" (every stage shown).
    _set(world.services, world.cases["decided"].id, flags={"resubmitted": True})
    _set(world.services, world.cases["yoshida2"].id, flags={"resubmitted": False})
    assert world.found(CaseFilter(FLU, flags=resubmitted)) == world.ids("tanaka", "yamamoto",
                                                                       "decided")
    rows = {r.id: r for r in world.search.page(world.actor, CaseFilter(FLU), limit=100).rows}
    assert {i for i, r in rows.items() if CaseFlag.RESUBMITTED in r.flags} \
        == world.ids("tanaka", "yamamoto", "decided")
    walked = [r.id for r in world.search.page(
        world.actor, replace(QUEUE, flags=resubmitted).sorted_by(SortKey.HOLDER),
        limit=1).rows]
    assert walked == [world.cases["yamamoto"].id]  # held (by zeni) before unheld


def test_rows_carry_what_the_table_shows(world: World) -> None:
    rows = {r.id: r for r in world.search.page(world.actor, QUEUE, limit=100).rows}
    hanako, sato = world.cases["yamada_hanako"], world.cases["sato"]
    assert rows[hanako.id].flags == {CaseFlag.POSSIBLE_DUPLICATE}
    assert rows[hanako.id].applicant_name == "山田 花子"
    assert rows[world.cases["tanaka"].id].flags == {CaseFlag.RESUBMITTED}
    assert rows[world.cases["yamamoto"].id].flags == {CaseFlag.RESUBMITTED}
    assert rows[world.cases["yamamoto"].id].holder_name == "zeni"
    assert rows[world.cases["yoshida1"].id].flags == frozenset()
    assert rows[sato.id].holder_name is not None and rows[sato.id].lease_expires_at is not None
    assert rows[sato.id].received_at == sato.received_at


# --------------------------------------------------------------- order and paging

@pytest.mark.parametrize("sort", list(SortKey))
@pytest.mark.parametrize("descending", [False, True])
def test_keyset_pages_walk_every_order_without_gaps_or_repeats(
        world: World, sort: SortKey, descending: bool) -> None:
    case_filter = QUEUE.sorted_by(sort, descending)
    expected = expected_order(world, case_filter)
    _walk(world, case_filter, expected)


@pytest.mark.parametrize("sort", [SortKey.QUEUE, SortKey.APPLICANT])
def test_keyset_pages_of_a_filtered_list(world: World, sort: SortKey, plan: str) -> None:
    case_filter = replace(QUEUE.sorted_by(sort, True), search="ヨシダ",
                          statuses=frozenset({Status.RECEIVED}), due=DueWindow.THIS_WEEK)
    expected = [i for i in expected_order(world, case_filter)
                if world.cases_by_id[i].label.startswith("yoshida")]
    assert len(expected) == 15
    _walk(world, case_filter, expected)
    offset = 7
    cursor = world.search.cursor_at(world.actor, case_filter, offset)
    rows = world.search.page(world.actor, case_filter, cursor, limit=3).rows
    assert [r.id for r in rows] == expected[offset:offset + 3]


def _walk(world: World, case_filter: CaseFilter, expected: list[int]) -> None:
    walked: list[int] = []
    after = None
    while True:
        page = world.search.page(world.actor, case_filter, after, limit=3)
        walked += [r.id for r in page.rows]
        if page.next is None:
            break
        after = page.next
    assert walked == expected
    assert world.search.count(world.actor, case_filter) == len(expected)


def test_holder_order_puts_unheld_cases_last_and_breaks_ties_by_id(
        world: World, plan: str) -> None:
    def holder(i: int) -> str | None:
        return world.cases_by_id[i].holder_name

    ascending = expected_order(world, QUEUE.sorted_by(SortKey.HOLDER))
    names = [holder(i) for i in ascending]
    ids = {c.holder_name: c.holder_id for c in world.cases.values() if c.holder_id}
    groups = sorted(("aoki", "operator1", "zeni"), key=ids.__getitem__)
    counts = {"aoki": 4, "operator1": 1, "zeni": 3}
    assert names[:8] == [n for n in groups for _ in range(counts[n])]
    assert set(names[8:]) == {None}
    _walk(world, QUEUE.sorted_by(SortKey.HOLDER), ascending)
    descending = expected_order(world, QUEUE.sorted_by(SortKey.HOLDER, True))
    assert descending == ascending[::-1]
    _walk(world, QUEUE.sorted_by(SortKey.HOLDER, True), descending)
    # Filtered (both plans), and jumps from either end.
    case_filter = replace(QUEUE.sorted_by(SortKey.HOLDER), search="ヨシダ")
    expected = [i for i in ascending if world.cases_by_id[i].label.startswith("yoshida")]
    _walk(world, case_filter, expected)
    for offset in range(len(expected)):
        for page in (world.search.page_at(world.actor, case_filter, offset, 2),
                     world.search.page_at(world.actor, case_filter, offset, 2,
                                          total=len(expected))):
            assert [r.id for r in page.rows] == expected[offset:offset + 2], offset


@pytest.mark.parametrize("sort", [SortKey.QUEUE, SortKey.RECEIVED, SortKey.APPLICANT,
                                  SortKey.HOLDER])
def test_jumps_land_on_the_right_row(world: World, sort: SortKey) -> None:
    case_filter = QUEUE.sorted_by(sort, True)
    expected = expected_order(world, case_filter)
    total = len(expected)
    search, actor = world.search, world.actor
    anchor = search.cursor_at(actor, case_filter, 4)
    for offset in range(1, total):
        for cursor in (search.cursor_at(actor, case_filter, offset),
                       search.cursor_from_end(actor, case_filter, offset, total),
                       search.cursor_at(actor, case_filter, offset, anchor=anchor,
                                        anchor_offset=4) if offset >= 4 else None):
            if cursor is None:
                continue
            rows = search.page(actor, case_filter, cursor, limit=2).rows
            assert [r.id for r in rows] == expected[offset:offset + 2], offset
    for offset in range(total + 1):
        want = expected[offset:offset + 3]
        for page in (search.page_at(actor, case_filter, offset, 3),
                     search.page_at(actor, case_filter, offset, 3, total=total),
                     search.page_at(actor, case_filter, offset, 3, anchor=anchor,
                                    anchor_offset=4) if offset >= 4 else None):
            if page is None:
                continue
            assert [r.id for r in page.rows] == want, offset
            # The cursors on either side continue the list exactly.
            before = search.page(actor, case_filter, page.start, limit=1).rows
            assert [r.id for r in before] == expected[offset:offset + 1], offset
            rest = search.page(actor, case_filter, page.next, limit=100).rows \
                if page.next else ()
            assert [r.id for r in rest] == expected[offset + 3:], offset
            assert (page.next is None) == (offset + 3 >= total), offset
    for start, after in ((0, None), (4, anchor)):
        boundaries = search.boundaries(actor, case_filter, after, every=3, count=12)
        assert len(boundaries) == min(12, total - start) // 3
        for i, cursor in enumerate(boundaries, 1):
            rows = search.page(actor, case_filter, cursor, limit=1).rows
            assert [r.id for r in rows] == expected[start + 3 * i:start + 3 * i + 1]
    assert search.cursor_at(actor, case_filter, 0) is None
    assert search.cursor_at(actor, case_filter, total + 1) is None
    with pytest.raises(ValueError, match="sort"):
        search.page(actor, case_filter.sorted_by(SortKey.DUE), anchor)


def test_unknown_procedure_and_reversed_range_are_refused(world: World) -> None:
    with pytest.raises(NotFound):
        world.search.page(world.actor, CaseFilter("no-such-procedure"))
    with pytest.raises(InvalidInput):
        replace(QUEUE, received_from=date(2026, 11, 2), received_to=date(2026, 11, 1))
    with pytest.raises(ValueError):
        world.search.page(world.actor, QUEUE, limit=0)


def test_search_indexes_exist(db_url: str) -> None:
    expected = {"ix_cases_open_received_at", "ix_cases_open_due_date", "ix_cases_open_kana_key",
                "ix_cases_open_number", "ix_cases_open_status", "ix_cases_name_key",
                "ix_cases_phone_key", "ix_cases_birth_date", "ix_cases_receipt_number",
                "ix_cases_open_duplicates", "ix_cases_open_holder"}
    with raw_connection(db_url) as conn:
        if conn.dialect.name == "sqlite":
            names = set(conn.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'index'")).scalars())
            partial = conn.execute(text("SELECT sql FROM sqlite_master "
                                        "WHERE name = 'ix_cases_open_due_date'")).scalar()
            kana = conn.execute(text("SELECT sql FROM sqlite_master "
                                     "WHERE name = 'ix_cases_open_kana_key'")).scalar()
        else:
            names = set(conn.execute(text(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'cases'")).scalars())
            partial = conn.execute(text("SELECT indexdef FROM pg_indexes "
                                        "WHERE indexname = 'ix_cases_open_due_date'")).scalar()
            kana = conn.execute(text("SELECT indexdef FROM pg_indexes "
                                     "WHERE indexname = 'ix_cases_open_kana_key'")).scalar()
            pattern = conn.execute(text("SELECT indexdef FROM pg_indexes "
                                        "WHERE indexname = 'ix_cases_kana_pattern'")).scalar()
            assert pattern is not None and "text_pattern_ops" in pattern
            expected.add("ix_cases_kana_pattern")
    assert expected <= names
    assert partial is not None and "stage IS NOT NULL" in partial.replace("(", "").replace(")", "")
    # Applicant order is kana, then claim order (an expression index: checked here).
    assert kana is not None and "kana_key, priority DESC, due_date, received_at, id" in kana


# ------------------------------------------------------------------- saved views

def test_saved_views_are_per_user_replaced_by_name_and_audited(
        services: Services, users: Users) -> None:
    search = CaseSearchService(services.ctx)
    alice, bob = users.operator, users.operator
    mine = CaseFilter(search="山田", due=DueWindow.OVERDUE, sort=SortKey.DUE, descending=True)
    search.save_view(alice, " 期限切れ　山田 ", mine)
    search.save_view(alice, "重複", CaseFilter(flags=frozenset({CaseFlag.POSSIBLE_DUPLICATE})))
    assert next((v.name, v.filter) for v in search.views(alice)) == ("期限切れ 山田", mine)
    assert [v.name for v in search.views(alice)] == ["期限切れ 山田", "重複"]
    assert search.views(bob) == []
    search.save_view(alice, "重複", CaseFilter(statuses=frozenset({Status.RECEIVED})))
    views = {v.name: v.filter for v in search.views(alice)}
    assert views["重複"] == CaseFilter(statuses=frozenset({Status.RECEIVED}))
    search.delete_view(alice, "重複")
    assert [v.name for v in search.views(alice)] == ["期限切れ 山田"]
    with pytest.raises(NotFound):
        search.delete_view(bob, "期限切れ 山田")
    for bad in ("", "   ", "x" * 41, "a\x00b"):
        with pytest.raises(InvalidInput):
            search.save_view(alice, bad, mine)
    actions = [e.action for e in audit_entries(services, stream=f"user:{alice.name}")]
    assert actions.count("save_view") == 3 and actions.count("delete_view") == 1


def test_saved_views_are_capped(services: Services, users: Users) -> None:
    search = CaseSearchService(services.ctx)
    op = users.operator
    for i in range(MAX_VIEWS):
        search.save_view(op, f"v{i}", CaseFilter(search=str(i)))
    search.save_view(op, "v0", CaseFilter())  # replacing one is still allowed
    with pytest.raises(InvalidInput):
        search.save_view(op, "one too many", CaseFilter())
