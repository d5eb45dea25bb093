"""A large first-review queue for benchmarks/queue_view.py (seeded with bulk inserts).

Cases look like a real centre's backlog: ~420 surnames with a Zipf-like spread (山田
is ~0.6 % of applicants, as in Japan), 16 given names, birth dates over 70 years, phone
numbers, receipt times over a year, priorities (90 % normal), 5 % resubmitted and 2 %
flagged as possible duplicates. They are written with
``desktop.persistence.bulk.bulk_insert_cases`` (numbered and audited like real cases).
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import text

from desktop.app import load_default_procedures
from desktop.demo.residents import GIVEN, SURNAMES
from desktop.domain.business_days import add_business_days
from desktop.domain.cases import NewCase
from desktop.domain.japanese_text import digits_key, kana_key, name_key
from desktop.domain.workflow import Status
from desktop.persistence.bulk import bulk_insert_cases
from desktop.persistence.database import open_database, upgrade_database
from desktop.services.context import JST

PROCEDURE = "flu-free-certificate"
SEED_ACTOR = "bench-seed"
SEEDED_AT = datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
FIRST_RECEIPT = datetime(2025, 11, 1, 0, 0, tzinfo=UTC)
RECEIPT_SPAN_S = 365 * 86_400
#: One case in this many is flagged as a possible duplicate.
DUPLICATE_EVERY = 50

_FIRST = (("山", "ヤマ"), ("田", "タ"), ("中", "ナカ"), ("川", "カワ"), ("木", "キ"),
          ("石", "イシ"), ("小", "コ"), ("大", "オオ"), ("高", "タカ"), ("藤", "フジ"),
          ("岡", "オカ"), ("西", "ニシ"), ("北", "キタ"), ("竹", "タケ"), ("松", "マツ"),
          ("福", "フク"), ("長", "ナガ"), ("宮", "ミヤ"), ("今", "イマ"), ("平", "ヒラ"))
_SECOND = (("野", "ノ"), ("原", "ハラ"), ("口", "グチ"), ("崎", "サキ"), ("島", "シマ"),
           ("沢", "サワ"), ("井", "イ"), ("谷", "タニ"), ("内", "ウチ"), ("尾", "オ"),
           ("村", "ムラ"), ("部", "ベ"), ("瀬", "セ"), ("浦", "ウラ"), ("江", "エ"),
           ("坂", "サカ"), ("塚", "ツカ"), ("森", "モリ"), ("橋", "ハシ"), ("城", "シロ"))


def surnames() -> list[tuple[str, str]]:
    """The 24 common surnames of the demo first, then 400 composed ones."""
    composed = [(a + b, ak + bk) for a, ak in _FIRST for b, bk in _SECOND]
    seen = {name for name, _ in SURNAMES}
    return [*SURNAMES, *(pair for pair in composed if pair[0] not in seen)]


def _zipf_weights(n: int, s: float = 0.6) -> list[float]:
    return [1.0 / (rank + 1) ** s for rank in range(n)]


@lru_cache(maxsize=4096)
def _due(day: date, sla: int) -> date:
    return add_business_days(day, sla)


def new_cases(n: int, seed: int = 20261129) -> Iterator[NewCase]:
    """*n* varied first-review cases of the flu procedure (deterministic for a seed)."""
    procedure = load_default_procedures()[PROCEDURE]
    rng = random.Random(seed)
    names = surnames()
    weights = _zipf_weights(len(names))
    # 山田 (index 11 of the demo list) gets the share it has in Japan (~0.6 %).
    weights[11] = sum(weights) * 0.006
    picks = rng.choices(range(len(names)), weights=weights, k=min(n, 200_000))
    for i in range(n):
        surname, surname_kana = names[picks[i % len(picks)]]
        given, given_kana = GIVEN[rng.randrange(len(GIVEN))]
        received = FIRST_RECEIPT + timedelta(seconds=rng.randrange(RECEIPT_SPAN_S))
        birth = date(1935, 1, 1) + timedelta(days=rng.randrange(70 * 365))
        phone = f"078-{rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"
        name, kana = f"{surname}　{given}", f"{surname_kana}　{given_kana}"
        roll = rng.random()
        priority = 2 if roll < 0.02 else 1 if roll < 0.10 else 0
        status = Status.RESUBMITTED if rng.random() < 0.05 else Status.RECEIVED
        yield NewCase(
            procedure_code=PROCEDURE, source="bench", receipt_number=f"Q-{i:08d}",
            received_at=received,
            due_date=_due(received.astimezone(JST).date(), procedure.sla_business_days),
            fields={"applicant_name": name, "applicant_kana": kana, "phone": phone,
                    "applicant_birth_date": birth.isoformat()},
            applicant_name=name, kana_key=kana_key(kana), name_key=name_key(name),
            birth_date=birth, postal_code="6500001", address="神戸市中央区加納町6丁目5-1",
            phone_key=digits_key(phone), priority=priority, status=status,
        )


def seed(url: str, n: int, *, progress: bool = True) -> float:
    """Migrate *url*, insert *n* cases, flag duplicates, ANALYZE; returns seconds taken."""
    started = time.perf_counter()
    upgrade_database(url)
    database = open_database(url)
    try:
        bulk_insert_cases(database, _progress(new_cases(n), n, progress),
                          actor=SEED_ACTOR, now=SEEDED_AT, chunk=10_000)
        with database.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text(
                    "UPDATE cases SET flags = CAST(:flags AS json) WHERE id % :every = 0"),
                    {"flags": '{"possible_duplicate": [1]}', "every": DUPLICATE_EVERY})
            else:
                conn.execute(text("UPDATE cases SET flags = :flags WHERE id % :every = 0"),
                             {"flags": '{"possible_duplicate": [1]}', "every": DUPLICATE_EVERY})
        analyse(url, database.sqlite_path)
    finally:
        database.dispose()
    return time.perf_counter() - started


def analyse(url: str, sqlite_path: str | None) -> None:
    """Planner statistics, as a maintained database has them (ANALYZE / VACUUM ANALYZE)."""
    if sqlite_path is not None:
        conn = sqlite3.connect(sqlite_path, isolation_level=None)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("ANALYZE")
        finally:
            conn.close()
        return
    import psycopg
    from sqlalchemy.engine import make_url

    from desktop.persistence.engine import normalise_url

    info = make_url(normalise_url(url)).set(drivername="postgresql").render_as_string(
        hide_password=False)
    with psycopg.connect(info, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) cases")


def _progress(cases: Iterator[NewCase], n: int, show: bool) -> Iterator[NewCase]:
    started = time.perf_counter()
    for i, case in enumerate(cases, 1):
        yield case
        if show and i % 100_000 == 0:
            print(f"  seeded {i:,}/{n:,} ({time.perf_counter() - started:.0f} s)", flush=True)
