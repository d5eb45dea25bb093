"""Property: for any generated export file, every row is accounted for
(received = imported + already present + quarantined) and importing it again adds
nothing."""

from __future__ import annotations

import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.app import Services
from desktop.domain.permissions import SYSTEM
from desktop.services.intake import IntakeService
from tests.intake.helpers import FLU, HEADERS, csv_text, flu_row, write_json

GOOD = flu_row()
BAD_VALUES = {
    "生年月日": st.sampled_from(["不明", "令和99年1月1日", "2023-02-30", "R5.4.1", "S45/1/1"]),
    "郵便番号": st.sampled_from(["650-0001", "999-9999", "12", "６５０－０００１"]),
    "フリガナ": st.sampled_from(["ヤマダ", "やまだ", "ﾔﾏﾀﾞ", "Yamada", ""]),
    "申請方法": st.sampled_from(["ウェブ", "FAX", "電話", " 郵送 "]),
    "氏名": st.text(max_size=70),
    "住所": st.text(max_size=30),
    "代理人による申請": st.sampled_from(["はい", "いいえ", "多分", ""]),
}

rows_strategy = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(0, 12).map(lambda n: f"R{n}"),
                  st.sampled_from(["", " ", "R\x00"])),
        st.fixed_dictionaries({}, optional=BAD_VALUES),
    ),
    max_size=25,
)


def _rows(prefix: str, spec: list[tuple[str | None, dict[str, str]]]) -> list[dict[str, str]]:
    rows = []
    for i, (receipt, overrides) in enumerate(spec):
        row = {**GOOD, **overrides}
        row["受付番号"] = f"{prefix}-{i}" if receipt is None else (
            f"{prefix}-{receipt}" if receipt.startswith("R") else receipt)
        rows.append(row)
    return rows


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=rows_strategy, encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp932"]),
       kind=st.sampled_from(["csv", "ndjson", "json"]),
       newline=st.sampled_from(["\r\n", "\n"]), chunk=st.sampled_from([1, 3, 500]))
def test_every_row_is_accounted_for_and_a_reimport_adds_nothing(
        services: Services, intake: IntakeService, tmp_path: Path,
        spec: list[tuple[str | None, dict[str, str]]], encoding: str, kind: str, newline: str,
        chunk: int) -> None:
    prefix = uuid.uuid4().hex[:8]
    rows = _rows(prefix, spec)
    folder = tmp_path / prefix
    folder.mkdir()
    if kind == "csv":
        text = csv_text(rows, HEADERS, newline=newline)
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode("utf-8")
        path = folder / "export.csv"
        path.write_bytes(data)
    else:
        path = write_json(folder / f"export.{kind}", rows, ndjson=kind == "ndjson")
    intake.chunk_size = chunk
    first = intake.import_file(SYSTEM, path, FLU).batch
    assert first.received == len(rows)
    assert first.received == first.imported + first.already_present + first.quarantined
    assert first.imported == len({r["受付番号"] for r in rows} & _imported(services, prefix))
    second = intake.import_file(SYSTEM, path, FLU).batch
    assert (second.received, second.imported, second.quarantined) == (len(rows), 0, 0)
    assert second.already_present == len(rows)


def _imported(services: Services, prefix: str) -> set[str]:
    with services.ctx.uow() as uow:
        return {c.receipt_number for c in uow.cases.list_queue(FLU, None, 100_000, 0)
                if c.receipt_number.startswith(prefix)}
