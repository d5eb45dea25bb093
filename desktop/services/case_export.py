"""CSV export of a procedure's cases for the city (案件一覧の CSV 出力).

* Encoding: ``utf-8-sig`` (UTF-8 with BOM, what Excel recognises; the default) or
  ``cp932`` (Windows Japanese). With cp932 a character that cp932 cannot hold (𠮷, an
  emoji, a no-break space …) is **not replaced**: the export stops with
  :class:`UnencodableCharacter` naming the case, the column and the character (and how
  many such cells there are, up to :data:`MAX_PROBLEMS`), and no file is written —
  export as UTF-8 instead, or correct the data. Python's cp932 writes the characters
  that have a different Unicode mapping but the same JIS code (〜 − ‖ ¢ £ ¬) as that
  code; Windows reads them back as ～ － ∥ ￠ ￡ ￢.
* Formula injection: a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return gets a leading ``'`` so a spreadsheet shows it as text instead of
  running it (this includes negative numbers, which then read as text).
* The individual number (fields of type ``mynumber``) is left out unless
  ``include_mynumber=True``, which needs the ``case.export.mynumber`` permission.
* Every export is audited before any row is written (who, what, which options) and
  again when it is complete (rows, SHA-256 of the file).
* Rows are read a page at a time in id order; the file is written beside the target
  and renamed into place only when complete, so a failed export leaves no half file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop.domain.audit import user_stream
from desktop.domain.contract_report import ExportRow
from desktop.domain.errors import InvalidInput, ReviewDeskError
from desktop.domain.permissions import Actor, Permission
from desktop.domain.procedures import FieldDef, Procedure
from desktop.domain.workflow import STATUS_LABELS_JA
from desktop.services.context import JST, ServiceContext
from desktop.services.reports import jst_midnight

ENCODINGS = ("utf-8-sig", "cp932")
#: First characters a spreadsheet may take as the start of a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: How many unencodable cells an export collects before it stops looking.
MAX_PROBLEMS = 20

#: The columns every export starts with; the procedure's fields follow, by label.
FIXED_COLUMNS: tuple[str, ...] = (
    "案件番号", "受付番号", "受付元", "状態", "受付日時", "処理期限", "決定日時", "補正期限",
)


class UnencodableCharacter(InvalidInput):
    """A cell holds a character the chosen encoding cannot write. ``params``: ``case``,
    ``column``, ``char``, ``code_point``, ``count`` (cells found, capped), ``problems``."""

    code = "unencodable_character"


@dataclass(frozen=True)
class ExportResult:
    """What was written: where, how many rows, which columns, and the file's checksum."""

    path: Path
    procedure_code: str
    rows: int
    columns: tuple[str, ...]
    encoding: str
    include_mynumber: bool
    neutralised: int
    size: int
    sha256: str


_TRIGGER_SET = frozenset(FORMULA_TRIGGERS)


def neutralise(cell: str) -> str:
    """*cell* made safe from formula injection (see the module docstring)."""
    return "'" + cell if cell[:1] in _TRIGGER_SET else cell


def _neutralised(cells: list[str]) -> int:
    """Neutralise *cells* in place; how many needed it."""
    hits = [i for i, c in enumerate(cells) if c[:1] in _TRIGGER_SET]
    for i in hits:
        cells[i] = "'" + cells[i]
    return len(hits)


def _stamp(at: datetime | None) -> str:
    if at is None:
        return ""
    t = at.astimezone(JST)
    return f"{t.year:04d}-{t.month:02d}-{t.day:02d} {t.hour:02d}:{t.minute:02d}"


def _day(d: date | None) -> str:
    return d.isoformat() if d else ""


def field_text(value: Any) -> str:
    """A form value as CSV text: booleans as はい/いいえ, lists and objects as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def export_fields(procedure: Procedure, include_mynumber: bool) -> tuple[FieldDef, ...]:
    """The procedure's fields in form order, without the individual number unless asked."""
    return tuple(f for f in procedure.fields if include_mynumber or f.type != "mynumber")


def case_row(case: ExportRow, fields: Sequence[FieldDef]) -> list[str]:
    """One case as CSV cells (before neutralising), in :data:`FIXED_COLUMNS` + field order."""
    return [
        case.number, case.receipt_number, case.source, STATUS_LABELS_JA[case.status],
        _stamp(case.received_at), _day(case.due_date), _stamp(case.decided_at),
        _day(case.correction_deadline),
        *(v if type(v) is str else field_text(v)
          for v in map(case.fields.get, [f.id for f in fields])),
    ]


def _describe(ch: str) -> str:
    if unicodedata.category(ch)[0] in "CZ":
        return unicodedata.name(ch, "制御文字").lower()
    return ch


@dataclass
class CaseExportService:
    """Writes case lists as CSV files (``case.export``)."""

    ctx: ServiceContext
    page_size: int = 2000

    def export_cases(self, actor: Actor, procedure_code: str, target: Path, *,
                     encoding: str = "utf-8-sig", include_mynumber: bool = False,
                     received_from: date | None = None, received_to: date | None = None,
                     ) -> ExportResult:
        """Write the cases of *procedure_code* (received in [from, to], JST days, when
        given) to *target*; see the module docstring for encodings and safety."""
        self.ctx.require(actor, Permission.CASE_EXPORT)
        if include_mynumber:
            self.ctx.require(actor, Permission.CASE_EXPORT_MYNUMBER)
        if encoding not in ENCODINGS:
            raise InvalidInput(
                f"文字コード「{encoding}」は選べません（{' / '.join(ENCODINGS)}）",
                f"encoding '{encoding}' is not offered ({' / '.join(ENCODINGS)})",
                encoding=encoding,
            )
        procedure = self.ctx.procedure(procedure_code)
        if received_from and received_to and received_to < received_from:
            raise InvalidInput("期間の終わりが始まりより前です",
                               "the end of the period is before its start")
        fields = export_fields(procedure, include_mynumber)
        columns = (*FIXED_COLUMNS, *(f.label for f in fields))
        details: dict[str, Any] = {
            "procedure": procedure.code, "file": target.name, "encoding": encoding,
            "include_mynumber": include_mynumber,
            "mynumber_fields": [f.id for f in fields if f.type == "mynumber"],
            "received_from": _day(received_from), "received_to": _day(received_to),
        }
        self._audit(actor, "export_cases", details)
        start = jst_midnight(received_from) if received_from else None
        end = jst_midnight(received_to + timedelta(days=1)) if received_to else None
        rows = self._rows(procedure.code, fields, start, end)
        try:
            result = _write(target, columns, rows, encoding, procedure.code, include_mynumber)
        except ReviewDeskError as error:
            self._audit(actor, "export_cases_failed", {**details, "error": error.code})
            raise
        self._audit(actor, "export_cases_done",
                    {**details, "rows": result.rows, "sha256": result.sha256})
        return result

    def _audit(self, actor: Actor, action: str, details: dict[str, Any]) -> None:
        with self.ctx.uow(write=True) as uow:
            uow.audit.append(user_stream(actor.name), actor.name, action, None, details,
                             self.ctx.now())
            uow.commit()

    def _rows(self, procedure_code: str, fields: Sequence[FieldDef], start: datetime | None,
              end: datetime | None) -> Iterator[tuple[str, list[str]]]:
        """(case number, cells) per case, one short read transaction per page."""
        after = 0
        while True:
            with self.ctx.uow() as uow:
                page = uow.reports.export_page(procedure_code, after, self.page_size,
                                               received_from=start, received_before=end)
            for case in page:
                yield case.number, case_row(case, fields)
            if len(page) < self.page_size:
                return
            after = page[-1].id


def _write(target: Path, columns: tuple[str, ...], rows: Iterator[tuple[str, list[str]]],
           encoding: str, procedure_code: str, include_mynumber: bool) -> ExportResult:
    part = target.with_name(f".{target.name}.part")
    digest = hashlib.sha256()
    problems: list[dict[str, str]] = []
    count = neutralised = size = 0
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    # Rows are encoded one by one: "utf-8-sig" would put a BOM before every row.
    codec, bom = ("utf-8", "\ufeff".encode()) if encoding == "utf-8-sig" else (encoding, b"")

    def encoded(number: str, cells: list[str]) -> bytes | None:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        text = buffer.getvalue()
        try:
            return text.encode(codec)
        except UnicodeEncodeError:
            for column, cell in zip(columns, cells, strict=True):
                for ch in cell:
                    try:
                        ch.encode(codec)
                    except UnicodeEncodeError:
                        problems.append({"case": number, "column": column, "char": ch,
                                         "code_point": f"U+{ord(ch):04X}"})
                        break
            return None

    try:
        out = part.open("wb")
    except OSError as error:
        raise InvalidInput(
            f"ファイル {target} に書き込めません（{error.strerror or error}）",
            f"cannot write {target} ({error.strerror or error})", file=str(target),
        ) from None
    try:
        with out:
            header = encoded("", [neutralise(c) for c in columns])
            if header is not None:
                header = bom + header
                out.write(header)
                digest.update(header)
                size += len(header)
            for number, cells in rows:
                neutralised += _neutralised(cells)
                data = encoded(number, cells)
                count += 1
                if problems:
                    if len(problems) >= MAX_PROBLEMS:
                        break
                    continue
                assert data is not None
                out.write(data)
                digest.update(data)
                size += len(data)
        if problems:
            raise _unencodable(problems, encoding)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return ExportResult(target, procedure_code, count, columns, encoding, include_mynumber,
                        neutralised, size, digest.hexdigest())


def _unencodable(problems: list[dict[str, str]], encoding: str) -> UnencodableCharacter:
    first = problems[0]
    shown = _describe(first["char"])
    more = len(problems) - 1
    capped = "以上" if len(problems) >= MAX_PROBLEMS else ""
    where_ja = f"案件 {first['case']} の" if first["case"] else "見出しの"
    where_en = f"case {first['case']}" if first["case"] else "the header"
    return UnencodableCharacter(
        f"{where_ja}「{first['column']}」に {encoding} で表せない文字「{shown}」"
        f"（{first['code_point']}）があります"
        + (f"（ほかに {more} 件{capped}）" if more else "")
        + "。ファイルは作成していません。UTF-8（utf-8-sig）で出力するか、データを確認してください",
        f"{where_en}, column '{first['column']}': the character '{shown}' "
        f"({first['code_point']}) cannot be written in {encoding}"
        + (f" ({more}{'+' if capped else ''} more)" if more else "")
        + "; no file was written. Export as utf-8-sig or correct the data",
        case=first["case"], column=first["column"], char=first["char"],
        code_point=first["code_point"], count=len(problems), problems=problems,
    )
