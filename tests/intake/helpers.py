"""Building export files the way e-application systems write them."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

FLU = "flu-free-certificate"
MOVE_IN = "move-in-reservation"

_receipts = itertools.count(1)

#: One good flu-certificate application, by the standard profile's headers.
FLU_ROW: dict[str, str] = {
    "受付番号": "",
    "受付日時": "2026-11-20 10:15",
    "氏名": "山田　太郎",
    "フリガナ": "ヤマダ　タロウ",
    "生年月日": "昭和30年4月1日",
    "郵便番号": "650-0001",
    "住所": "兵庫県神戸市中央区加納町6丁目5-1",
    "電話番号（日中の連絡先）": "078-331-8181",
    "申請方法": "ウェブ",
    "対象となる理由": "介護保険料 第1段階",
    "1月1日時点で市内に住所があった": "はい",
    "代理人による申請": "いいえ",
}

HEADERS = [*FLU_ROW, "添付ファイル1"]


def receipt() -> str:
    return f"W-{next(_receipts):07d}"


def flu_row(**overrides: str) -> dict[str, str]:
    """A good row with a fresh receipt number; keyword args override by header."""
    row = {**FLU_ROW, "受付番号": receipt()}
    row.update(overrides)
    return row


def csv_text(rows: Iterable[Mapping[str, Any]], headers: list[str] | None = None,
             *, newline: str = "\r\n") -> str:
    buf = io.StringIO()
    headers = headers or HEADERS
    # Without CR in the line terminator the writer would leave a CR inside a value
    # unquoted, and any CSV reader ends the row there: quote every value then.
    writer = csv.writer(buf, lineterminator=newline,
                        quoting=csv.QUOTE_MINIMAL if "\r" in newline else csv.QUOTE_ALL)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return buf.getvalue()


def write_csv(path: Path, rows: Iterable[Mapping[str, Any]], headers: list[str] | None = None,
              *, encoding: str = "utf-8-sig", newline: str = "\r\n") -> Path:
    path.write_bytes(csv_text(rows, headers, newline=newline).encode(encoding))
    return path


def write_json(path: Path, rows: Iterable[Mapping[str, Any]], *, ndjson: bool = False) -> Path:
    if ndjson:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                        encoding="utf-8")
    else:
        path.write_text(json.dumps(list(rows), ensure_ascii=False, indent=1), encoding="utf-8")
    return path
