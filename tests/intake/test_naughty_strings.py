"""Every string of the Big List of Naughty Strings in every text column of an import:
no crash, every row accounted for, and what was imported is stored exactly as received."""

from __future__ import annotations

from pathlib import Path

from desktop.app import Services
from desktop.domain.permissions import SYSTEM
from desktop.services.intake import IntakeService
from tests.intake.helpers import FLU, HEADERS, flu_row, write_csv, write_json
from tests.naughty import naughty_strings

#: Strings that a database or a CSV writer cannot carry, added to the list.
EXTRA = ["\x00", "山田\x00太郎", "\x00\x00\x00", "a\r\nb", "\ufeff山田", "\u202e逆順"]


def _strings() -> list[str]:
    return naughty_strings(EXTRA)


def _text_columns(services: Services) -> dict[str, str]:
    procedure = services.ctx.procedure(FLU)
    return {f.label: f.id for f in procedure.fields if f.type in ("text", "kana", "address")}


def _stored(services: Services) -> dict[str, dict[str, object]]:
    with services.ctx.uow() as uow:
        return {c.receipt_number: c.fields for c in uow.cases.list_queue(FLU, None, 100_000, 0)}


def test_every_naughty_string_in_every_text_column(services: Services, intake: IntakeService,
                                                   inbox: Path) -> None:
    strings = _strings()
    columns = _text_columns(services)
    rows = []
    expected: dict[str, tuple[str, str]] = {}
    for column, field_id in columns.items():
        for s in strings:
            row = flu_row(**{column: s})
            rows.append(row)
            expected[row["受付番号"]] = (field_id, s)
    headers = [*HEADERS, *(c for c in columns if c not in HEADERS)]
    report = intake.import_file(SYSTEM, write_csv(inbox / "blns.csv", rows, headers), FLU)
    b = report.batch
    assert b.received == len(rows)
    assert b.received == b.imported + b.already_present + b.quarantined
    assert b.imported > len(rows) // 2
    quarantined = intake.quarantine(SYSTEM, batch_id=b.id, limit=100_000)
    assert len(quarantined) == b.quarantined
    assert all(q.reasons for q in quarantined)
    nul_rows = [q for q in quarantined
                if any(r["code"] == "nul_character" for r in q.reasons)]
    assert len(nul_rows) == 3 * len(columns)
    stored = _stored(services)
    assert len(stored) == b.imported
    for receipt, fields in stored.items():
        field_id, s = expected[receipt]
        if s.strip():
            assert fields[field_id] == s, (field_id, s)
    # And through the JSON reader: the strings as values of one column, and as keys.
    as_json = [flu_row(住所=s) for s in strings] + [{**flu_row(), s: "x"} for s in strings[:50]]
    report = intake.import_file(SYSTEM, write_json(inbox / "blns.ndjson", as_json, ndjson=True),
                                FLU)
    b = report.batch
    assert b.received == len(as_json)
    assert b.received == b.imported + b.already_present + b.quarantined


def test_every_naughty_string_as_a_receipt_number(services: Services, intake: IntakeService,
                                                  inbox: Path) -> None:
    strings = _strings()
    rows = [flu_row(受付番号=s) for s in strings]
    report = intake.import_file(SYSTEM, write_csv(inbox / "receipts.csv", rows), FLU)
    b = report.batch
    assert b.received == len(rows)
    assert b.received == b.imported + b.already_present + b.quarantined
    with services.ctx.uow() as uow:
        receipts = {c.receipt_number for c in uow.cases.list_queue(FLU, None, 100_000, 0)}
    assert receipts <= {s.strip() for s in strings}
    assert len(receipts) == b.imported
    again = intake.import_file(SYSTEM, inbox / "receipts.csv", FLU)
    assert again.batch.imported == 0
    assert again.batch.already_present + again.batch.quarantined == len(rows)
