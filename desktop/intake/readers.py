"""Readers for exported applications: CSV (UTF-8 with or without BOM, else cp932), JSON
arrays and NDJSON, all streamed, so memory stays flat however large the file is.

Encoding (DESIGN §5): the whole file is first checked as UTF-8, strictly. If that fails
it is read as cp932 — never Python's ``shift_jis``, which fails on ①, 髙 and 﨑. Bytes
that cp932 cannot decode either are not replaced: they are carried through as
``surrogateescape`` characters so that the row they are in is quarantined with its row
and column, and every other row still imports. A header that cannot be decoded means
the file as a whole cannot be read.

Records are numbered as a spreadsheet shows them: in a CSV the header is row 1 and
the first application row 2 (a quoted newline does not start a new row; ``line`` gives
the physical line where the record starts). In JSON the first element is row 1.
Blank rows keep their number but are not records.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from desktop.domain.errors import InvalidInput
from desktop.intake.problems import Problem, where

FileFormat = Literal["csv", "json", "ndjson"]
Encoding = Literal["utf-8", "utf-8-sig", "cp932"]

_CHUNK = 1 << 20
_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: Bytes that ``surrogateescape`` could not decode come back as U+DC80..U+DCFF.
_ESCAPED = re.compile("[\udc80-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class FileFacts:
    """What one pass over the bytes found: identity, size, and how to decode it."""

    sha256: str
    size: int
    encoding: Encoding
    utf8_error_at: int | None = None  # byte offset of the first non-UTF-8 byte


@dataclass(frozen=True)
class RawRecord:
    """One application as read: values by the file's own column (key) names."""

    row: int
    line: int
    values: dict[str, Any]
    extra: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    unreadable: str | None = None  # the text of a part of the file that could not be split


def column_key(name: str) -> str:
    """How column headers are compared: NFKC, no whitespace at all (``" 氏　名 "`` and
    ``"氏名"`` are the same column; so are ``（`` and ``(``)."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", name)).replace("\ufeff", "")


def visible(text: str) -> str:
    """*text* with undecodable bytes shown as ``\\x81`` and lone surrogates as ``\\ud800``:
    safe to store and print, and never mistaken for a real character."""
    def repl(m: re.Match[str]) -> str:
        code = ord(m.group())
        return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"

    return _SURROGATE.sub(repl, text)


def undecodable(value: str) -> list[int]:
    """The raw bytes of *value* that the file's encoding could not decode."""
    return [ord(c) - 0xDC00 for c in _ESCAPED.findall(value)]


def scan_file(path: Path, sink: IO[bytes] | None = None,
              progress: Callable[[int], None] | None = None) -> FileFacts:
    """One streaming pass: SHA-256, size, and whether the bytes are UTF-8 (strictly).

    *sink*, if given, receives a copy of every byte (the archive copy)."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    size = 0
    utf8_error: int | None = None
    head = b""
    try:
        with path.open("rb") as f:
            while chunk := f.read(_CHUNK):
                if not head:
                    head = chunk[:4]
                digest.update(chunk)
                if sink is not None:
                    sink.write(chunk)
                if utf8_error is None:
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError as exc:
                        utf8_error = size + exc.start
                size += len(chunk)
                if progress is not None:
                    progress(size)
            if utf8_error is None:
                try:
                    decoder.decode(b"", final=True)
                except UnicodeDecodeError:
                    utf8_error = size
    except OSError as exc:
        raise InvalidInput(
            f"ファイル {path} を読めません（{exc.strerror or exc}）",
            f"cannot read the file {path} ({exc.strerror or exc})",
            file=str(path),
        ) from exc
    if head.startswith(_UTF16_BOMS):
        raise InvalidInput(
            f"ファイル {path.name} は UTF-16 です。UTF-8 または cp932（Shift_JIS）で保存し直してください",
            f"the file {path.name} is UTF-16; save it as UTF-8 or cp932 (Shift_JIS)",
            file=str(path), encoding="utf-16",
        )
    encoding: Encoding
    if utf8_error is None:
        encoding = "utf-8-sig" if head.startswith(_UTF8_BOM) else "utf-8"
    else:
        encoding = "cp932"
    return FileFacts(digest.hexdigest(), size, encoding, utf8_error)


def detect_format(path: Path, encoding: Encoding) -> FileFormat:
    """By extension; a ``.json`` that starts with ``{`` is NDJSON."""
    suffix = path.suffix.lower()
    if suffix in (".ndjson", ".jsonl"):
        return "ndjson"
    if suffix == ".json":
        with path.open("r", encoding=encoding, errors="surrogateescape") as f:
            start = f.read(4096).lstrip("\ufeff \t\r\n")
        return "ndjson" if start.startswith("{") else "json"
    return "csv"


class RecordReader:
    """Iterate the records of one file; ``columns`` are known once iteration started
    (CSV: the header row; JSON: every key seen so far)."""

    def __init__(self, path: Path, encoding: Encoding, file_format: FileFormat) -> None:
        self.path = path
        self.encoding = encoding
        self.format = file_format
        self.columns: list[str] = []
        self._binary: IO[bytes] | None = None

    @property
    def bytes_read(self) -> int:
        if self._binary is None or self._binary.closed:
            return 0
        return self._binary.tell()

    def __iter__(self) -> Iterator[RawRecord]:
        with self.path.open("rb") as binary:
            self._binary = binary
            text = io.TextIOWrapper(binary, encoding=self.encoding, errors="surrogateescape",
                                    newline="")
            try:
                if self.format == "csv":
                    yield from self._csv(text)
                elif self.format == "ndjson":
                    yield from self._ndjson(text)
                else:
                    yield from self._json_array(text)
            finally:
                text.detach()

    # ------------------------------------------------------------------------- CSV

    def _csv(self, text: io.TextIOWrapper) -> Iterator[RawRecord]:
        first = text.readline()
        delimiter = "\t" if "\t" in first and "," not in first else ","
        text.seek(0)
        reader = csv.reader(text, delimiter=delimiter)
        check_bytes = self.encoding == "cp932"  # a UTF-8 file was checked whole
        row = 0
        header: list[str] | None = None
        while True:
            start_line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                row += 1
                if header is None:
                    raise self._unreadable_header(str(exc)) from exc
                yield self._broken_tail(text, row, start_line, str(exc))
                break
            row += 1
            if header is None:
                if not any(c.strip() for c in cells):
                    continue  # blank lines before the header
                header = self._header(cells, row)
                self.columns = header
                continue
            joined = "".join(cells)
            if not joined.strip():
                continue  # every cell blank
            values = dict(zip(header, cells, strict=False))
            extra = tuple(cells[len(header):])
            problems = self._decode_problems(values, row) if check_bytes and _ESCAPED.search(
                joined) else ()
            yield RawRecord(row, start_line, values, extra, problems)
        if header is None:
            raise InvalidInput(
                f"ファイル {self.path.name} には見出し行がありません（空のファイル）",
                f"the file {self.path.name} has no header row (it is empty)",
                file=str(self.path),
            )

    def _header(self, cells: list[str], row: int) -> list[str]:
        while cells and not cells[-1].strip():
            cells = cells[:-1]  # trailing empty columns
        for i, cell in enumerate(cells, start=1):
            bad = undecodable(cell)
            if bad:
                raise self._undecodable_header(row, i, bad)
        return [cell if cell.strip() else f"（見出しなし{i}）" for i, cell in enumerate(cells, 1)]

    def _undecodable_header(self, row: int, column: int, bad: list[int]) -> InvalidInput:
        shown = " ".join(f"0x{b:02X}" for b in bad[:4])
        return InvalidInput(
            f"ファイル {self.path.name} は UTF-8 でも cp932（Shift_JIS）でもありません:"
            f" {row} 行目 {column} 列目の見出しに解読できないバイト（{shown}）があります",
            f"the file {self.path.name} is neither UTF-8 nor cp932 (Shift_JIS): the header"
            f" at row {row}, column {column} has bytes that cannot be decoded ({shown})",
            file=str(self.path), row=row, column=column,
        )

    def _unreadable_header(self, detail: str) -> InvalidInput:
        return InvalidInput(
            f"ファイル {self.path.name} の見出し行を CSV として読めません（{detail}）",
            f"the header row of {self.path.name} cannot be read as CSV ({detail})",
            file=str(self.path),
        )

    def _decode_problems(self, values: dict[str, Any], row: int) -> tuple[Problem, ...]:
        if self.encoding != "cp932":
            return ()  # the whole file was checked as UTF-8: nothing is undecodable
        problems = []
        for column, value in values.items():
            if not isinstance(value, str):
                continue
            bad = undecodable(value)
            if bad:
                shown = " ".join(f"0x{b:02X}" for b in bad[:4])
                ja, en = where(row, column)
                problems.append(Problem(
                    "undecodable",
                    f"{ja}に {self.encoding} で解読できないバイト（{shown}）があります。"
                    "元のシステムで文字を確認してください",
                    f"{en} has bytes that cannot be decoded as {self.encoding} ({shown});"
                    " check the characters in the source system",
                    column=column, params={"row": row, "bytes": shown},
                ))
        return tuple(problems)

    def _broken_tail(self, text: io.TextIOWrapper, row: int, line: int,
                     detail: str) -> RawRecord:
        rest = text.read(20_000)
        ja, en = where(row, None)
        problem = Problem(
            "unreadable",
            f"{ja}（{line} 行目）以降を行に分けられません（{detail}）。引用符（\"）の対応を確認してください",
            f"{en} (line {line}) onwards cannot be split into rows ({detail});"
            " check the quotes (\")",
            params={"row": row, "line": line},
        )
        return RawRecord(row, line, {}, (), (problem,), unreadable=visible(rest))

    # ------------------------------------------------------------------------ JSON

    def _object_record(self, row: int, line: int, obj: Any) -> RawRecord:
        if not isinstance(obj, dict):
            ja, en = where(row, None)
            problem = Problem("not_an_object", f"{ja}はオブジェクト（{{…}}）ではありません",
                              f"{en} is not an object ({{…}})", params={"row": row})
            return RawRecord(row, line, {}, (), (problem,),
                             unreadable=visible(json.dumps(obj, ensure_ascii=False)))
        for key in obj:
            if key not in self.columns:
                self.columns.append(key)
        return RawRecord(row, line, obj, (), self._decode_problems(obj, row))

    def _ndjson(self, text: io.TextIOWrapper) -> Iterator[RawRecord]:
        decoder = json.JSONDecoder(strict=False)
        for line_no, line in enumerate(text, start=1):
            stripped = line.strip().lstrip("\ufeff")
            if not stripped:
                continue
            try:
                obj, end = decoder.raw_decode(stripped)
                if stripped[end:].strip():
                    raise json.JSONDecodeError("extra data", stripped, end)
            except json.JSONDecodeError as exc:
                ja, en = where(line_no, None)
                problem = Problem(
                    "invalid_json", f"{ja}は JSON として読めません（{exc.msg}、{exc.pos + 1} 文字目）",
                    f"{en} is not valid JSON ({exc.msg} at character {exc.pos + 1})",
                    params={"row": line_no})
                yield RawRecord(line_no, line_no, {}, (), (problem,),
                                unreadable=visible(stripped[:20_000]))
                continue
            yield self._object_record(line_no, line_no, obj)

    def _json_array(self, text: io.TextIOWrapper) -> Iterator[RawRecord]:
        decoder = json.JSONDecoder(strict=False)
        buf = ""
        pos = 0
        line = 1
        eof = False

        def fill() -> bool:
            nonlocal buf, pos, eof
            if eof:
                return False
            chunk = text.read(1 << 16)
            if not chunk:
                eof = True
                return False
            buf = buf[pos:] + chunk
            pos = 0
            return True

        def skip_ws() -> str | None:
            nonlocal pos, line
            while True:
                while pos < len(buf) and buf[pos] in " \t\r\n\ufeff":
                    if buf[pos] == "\n":
                        line += 1
                    pos += 1
                if pos < len(buf):
                    return buf[pos]
                if not fill():
                    return None

        if skip_ws() != "[":
            raise InvalidInput(
                f"ファイル {self.path.name} は JSON 配列（[ … ]）ではありません",
                f"the file {self.path.name} is not a JSON array ([ … ])", file=str(self.path))
        pos += 1
        row = 0
        expect_element = True
        while True:
            ch = skip_ws()
            if ch is None:
                raise InvalidInput(
                    f"ファイル {self.path.name} の JSON 配列が途中で終わっています（{row} 件目の後）",
                    f"the JSON array in {self.path.name} ends early (after element {row})",
                    file=str(self.path), row=row)
            if ch == "]":
                return
            if ch == "," and not expect_element:
                pos += 1
                expect_element = True
                continue
            row += 1
            start_line = line
            while True:
                try:
                    obj, end = decoder.raw_decode(buf, pos)
                    if end < len(buf) or eof:
                        break
                except json.JSONDecodeError as exc:
                    error = exc
                    if fill():
                        continue
                    ja, en = where(row, None)
                    problem = Problem(
                        "invalid_json",
                        f"{ja}（{start_line} 行目）以降を JSON として読めません（{error.msg}）",
                        f"{en} (line {start_line}) onwards is not valid JSON ({error.msg})",
                        params={"row": row, "line": start_line})
                    yield RawRecord(row, start_line, {}, (), (problem,),
                                    unreadable=visible(buf[pos:pos + 20_000]))
                    return
                if not fill():
                    break
            line += buf.count("\n", pos, end)
            pos = end
            expect_element = False
            yield self._object_record(row, start_line, obj)


def open_records(path: Path, facts: FileFacts,
                 file_format: FileFormat | None = None) -> RecordReader:
    return RecordReader(path, facts.encoding, file_format or detect_format(path, facts.encoding))


__all__ = [
    "FileFacts",
    "FileFormat",
    "RawRecord",
    "RecordReader",
    "column_key",
    "detect_format",
    "open_records",
    "scan_file",
    "undecodable",
    "visible",
]
