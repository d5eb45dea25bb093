"""Filling a procedure's form with plausible values for a synthetic resident.

Generic by field type (the procedure file drives it), with a few realistic touches
by field id so that demo cases read like real applications.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

from desktop.demo.residents import GIVEN, SURNAMES, Resident, era_text
from desktop.domain.procedures import FieldDef, Procedure

_SCHOOLS = ("兵庫県立神戸高等学校", "神戸市立葺合高等学校", "兵庫県立長田高等学校",
            "神戸市立六甲アイランド高等学校", "兵庫県立御影高等学校")
_STATIONS = ("三宮", "元町", "神戸", "新長田", "垂水", "西神中央", "名谷", "六甲道", "住吉")
_OPERATORS = {"鉄道": "JR西日本", "地下鉄": "神戸市交通局", "バス": "神戸市バス", "その他": "神戸新交通"}
_BANKS = (("三井住友銀行", "0009"), ("みなと銀行", "0562"), ("ゆうちょ銀行", "9900"))


def _pattern_value(pattern: str, rng: random.Random) -> str | None:
    digits = re.fullmatch(r"\^\[0-9\]\{(\d+)\}\$", pattern)
    if digits:
        return "".join(str(rng.randint(0, 9)) for _ in range(int(digits.group(1))))
    if pattern.startswith("^[0-9]{1,3}(\\.[0-9]{1,2})?$"):
        return f"{rng.uniform(2.1, 18):.1f}"
    return None


def _value(f: FieldDef, resident: Resident, rng: random.Random, today: date) -> Any:
    if f.type == "choice":
        return rng.choice(f.choices)
    if f.type == "boolean":
        return rng.random() < 0.5
    if f.type == "date":
        if "birth" in f.id:
            return era_text(today - timedelta(days=rng.randint(15 * 365, 18 * 365)))
        return era_text(today + timedelta(days=rng.randint(-40, 40)))
    if f.type in ("integer", "money"):
        low, high = f.min or 1, f.max or 100
        if f.type == "money":
            return rng.randrange(max(low, 4_000), min(high, 90_000), 10)
        return rng.randint(low, min(high, 4))
    if f.type == "kana":
        return f"{rng.choice(SURNAMES)[1]}　{rng.choice(GIVEN)[1]}"
    if f.type == "phone":
        return resident.phone
    if f.type == "postal_code":
        return resident.postal_code
    if f.type == "address":
        return resident.address
    if f.type == "email":
        return f"user{rng.randint(100, 999)}@example.jp"
    if f.pattern:
        value = _pattern_value(f.pattern, rng)
        if value is not None:
            return value
    if "school" in f.id:
        return rng.choice(_SCHOOLS)
    if f.id.endswith(("_from", "_to")):
        return rng.choice(_STATIONS)
    if "bank" in f.id:
        return rng.choice(_BANKS)[0]
    if "branch" in f.id:
        return f"{rng.choice(_STATIONS)}支店"
    if f.id.endswith("_name"):
        return f"{rng.choice(SURNAMES)[0]}　{rng.choice(GIVEN)[0]}"
    return ""


def demo_fields(procedure: Procedure, resident: Resident, rng: random.Random,
                today: date) -> dict[str, Any]:
    """Form data for *procedure*: every required field, some optional ones."""
    a = procedure.applicant
    fixed = {a.name: resident.name, a.kana: resident.kana,
             a.birth_date: era_text(resident.birth_date), a.postal_code: resident.postal_code,
             a.address: resident.address}
    if a.phone:
        fixed[a.phone] = resident.phone
    out: dict[str, Any] = {}
    for f in procedure.fields:
        if f.id in fixed:
            out[f.id] = fixed[f.id]
        elif f.required or rng.random() < 0.3:
            out[f.id] = _value(f, resident, rng, today)
    for key, value in list(out.items()):
        if key.endswith("_operator"):
            mode = out.get(key.replace("_operator", "_mode"))
            out[key] = _OPERATORS.get(str(mode), "神戸市交通局")
        if key == "bank_code":
            out[key] = dict((n, c) for n, c in _BANKS).get(str(out.get("bank_name")), value)
    return {k: v for k, v in out.items() if v != ""}
