"""Recounting the dashboard's summary tables from the cases and decisions themselves, in
Python (an implementation independent of the triggers' SQL), to compare with what the
triggers kept."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text

from desktop.persistence.engine import make_engine

JST = ZoneInfo("Asia/Tokyo")
CountKey = tuple[str, str, date, date]
FlowKey = tuple[str, date, str]


def _moment(value: Any) -> datetime:
    """A stored time as an aware UTC datetime (SQLite gives text, PostgreSQL datetimes)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _day(value: Any) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def jst_day(value: Any) -> date:
    return _moment(value).astimezone(JST).date()


def group(status: str, stage: str | None) -> str:
    if stage is not None:
        return stage
    return status if status in ("awaiting_correction", "on_hold") else "done"


def recount(db_url: str) -> tuple[Counter[CountKey], Counter[FlowKey]]:
    """``case_counts`` and ``case_flow`` as they should be, from the cases table."""
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT procedure_code, status, stage, received_at, due_date, decided_at, "
                "updated_at FROM cases")).all()
    finally:
        engine.dispose()
    counts: Counter[CountKey] = Counter()
    flow: Counter[FlowKey] = Counter()
    for p, status, stage, received, due, decided, updated in rows:
        g = group(status, stage)
        counts[(p, g, jst_day(received), _day(due))] += 1
        flow[(p, jst_day(received), "received")] += 1
        if g == "done":
            flow[(p, jst_day(decided or updated or received), "resolved")] += 1
    return counts, flow


def stored(db_url: str) -> tuple[Counter[CountKey], Counter[FlowKey]]:
    """What the triggers kept (rows with n = 0 left out)."""
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            counts = Counter({(p, g, _day(r), _day(d)): int(n) for p, g, r, d, n in conn.execute(
                text("SELECT procedure_code, grp, received_on, due_date, n FROM case_counts "
                     "WHERE n <> 0"))})
            flow = Counter({(p, _day(d), k): int(n) for p, d, k, n in conn.execute(
                text("SELECT procedure_code, day, kind, n FROM case_flow WHERE n <> 0"))})
    finally:
        engine.dispose()
    return counts, flow


def fact_mismatches(db_url: str) -> list[str]:
    """Decisions without their fact (or facts without a decision, or that disagree)."""
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            decisions = {int(r[0]): (int(r[1]), int(r[2]), r[3], r[4], jst_day(r[5]), r[6])
                         for r in conn.execute(text(
                             "SELECT d.id, d.case_id, d.user_id, d.stage, d.kind, d.at, "
                             "c.procedure_code FROM decisions d JOIN cases c ON c.id = d.case_id"))}
            facts = {int(r[0]): (int(r[1]), int(r[2]), r[3], r[4], _day(r[5]), r[6])
                     for r in conn.execute(text(
                         "SELECT decision_id, case_id, user_id, stage, kind, day, procedure_code "
                         "FROM decision_facts"))}
            timings = conn.execute(text(
                "SELECT decision_id, at, claimed_at, handling_seconds FROM decision_facts")).all()
    finally:
        engine.dispose()
    problems = [f"decision {i} has no fact" for i in decisions.keys() - facts.keys()]
    problems += [f"fact {i} has no decision" for i in facts.keys() - decisions.keys()]
    problems += [f"decision {i}: {decisions[i]} != fact {facts[i]}"
                 for i in decisions.keys() & facts.keys() if decisions[i] != facts[i]]
    for i, at, claimed, seconds in timings:
        expected = None if claimed is None else (_moment(at) - _moment(claimed)).total_seconds()
        if (expected is None) != (seconds is None) or (
                expected is not None and abs(expected - float(seconds)) > 0.002):
            problems.append(f"fact {i}: handling {seconds} s, expected {expected}")
    return problems


def assert_summaries_match(db_url: str) -> None:
    """The summary tables equal a full recount from the cases and decisions."""
    counts, flow = recount(db_url)
    kept_counts, kept_flow = stored(db_url)
    assert _nonzero(kept_counts) == _nonzero(counts), _difference(kept_counts, counts)
    assert _nonzero(kept_flow) == _nonzero(flow), _difference(kept_flow, flow)
    assert fact_mismatches(db_url) == []


def _nonzero(counter: Counter[Any]) -> dict[Any, int]:
    return {k: v for k, v in counter.items() if v != 0}


def _difference(kept: Counter[Any], expected: Counter[Any]) -> dict[Any, tuple[int, int]]:
    """key -> (kept, expected) where they differ."""
    return {k: (kept[k], expected[k]) for k in kept.keys() | expected.keys()
            if kept[k] != expected[k]}
