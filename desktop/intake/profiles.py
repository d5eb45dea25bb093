"""Import profiles (``resources/intake/*.toml``): which column of an export is which
field of a procedure, which column is the source system's receipt number, which columns
name attachment files, and how values are converted.

Every procedure has a ``standard`` profile whose headers are the fields' Japanese labels
(``review-desk intake template`` writes an empty CSV with them). A file in
``resources/intake/`` may define it explicitly or add others, e.g. one per city system::

    procedure = "flu-free-certificate"
    name = "kobe-e-shinsei"
    source = "kobe-e-shinsei"        # the source system: (source, receipt) is unique
    receipt_column = "申込番号"
    received_at_column = "申込日時"    # optional
    attachment_columns = ["添付1", "添付2"]
    individual_number_column = "個人番号"   # optional; stored only if the procedure allows

    [columns]
    "申請者氏名" = "applicant_name"

    [values.application_route]       # value conversions for one field
    "1" = "ウェブ"

    [booleans]                        # optional: extra words for true / false
    true = ["要"]
    false = ["不要"]

Column headers are compared after NFKC and without whitespace, so ``" 氏　名 "`` in a file
matches ``"氏名"`` in a profile.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.domain.errors import InvalidInput, NotFound, ReviewDeskError
from desktop.domain.procedures import Procedure
from desktop.intake.readers import column_key

STANDARD = "standard"
STANDARD_SOURCE = "e-application"
RECEIPT_LABEL = "受付番号"
RECEIVED_AT_LABEL = "受付日時"
ATTACHMENT_LABELS = ("添付ファイル1", "添付ファイル2", "添付ファイル3")

TRUE_WORDS = frozenset({"はい", "有", "有り", "あり", "1", "true", "yes", "y", "t", "○", "〇", "◯",
                        "✓", "✔", "済", "該当", "する", "on"})
FALSE_WORDS = frozenset({"いいえ", "無", "無し", "なし", "0", "false", "no", "n", "f", "×", "✕",
                         "未", "非該当", "しない", "off", "-", "ー"})


class ProfileError(ReviewDeskError):
    code = "profile_invalid"


@dataclass(frozen=True)
class ImportProfile:
    """How the columns of one kind of export map onto one procedure."""

    procedure: str
    name: str
    source: str
    receipt_column: str
    columns: Mapping[str, str]  # header text → field id
    attachment_columns: tuple[str, ...] = ()
    received_at_column: str | None = None
    individual_number_column: str | None = None
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    true_words: frozenset[str] = TRUE_WORDS
    false_words: frozenset[str] = FALSE_WORDS
    origin: str = "built-in"

    def headers(self) -> list[str]:
        """The column headers in template order."""
        out = [self.receipt_column]
        if self.received_at_column:
            out.append(self.received_at_column)
        out += list(self.columns)
        if self.individual_number_column:
            out.append(self.individual_number_column)
        return out + list(self.attachment_columns)

    def template_csv(self) -> bytes:
        """An empty CSV with the headers, UTF-8 with BOM (Excel opens it correctly)."""
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerow(self.headers())
        return buf.getvalue().encode("utf-8-sig")


def standard_profile(procedure: Procedure) -> ImportProfile:
    """The profile whose headers are the fields' Japanese labels."""
    return ImportProfile(
        procedure=procedure.code,
        name=STANDARD,
        source=STANDARD_SOURCE,
        receipt_column=RECEIPT_LABEL,
        received_at_column=RECEIVED_AT_LABEL,
        columns={f.label: f.id for f in procedure.fields},
        attachment_columns=ATTACHMENT_LABELS,
    )


def _fail(path: Path, key: str, ja: str, en: str) -> ProfileError:
    at = f" {key}" if key else ""
    return ProfileError(f"取込プロファイル {path}{at}: {ja}", f"import profile {path}{at}: {en}",
                        file=str(path), key=key)


def _str(data: dict[str, Any], key: str, path: Path, *, optional: bool = False) -> str | None:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, key, "空でない文字列が必要です", "must be a non-empty string")
    return value


def load_profile(path: Path, procedures: Mapping[str, Procedure]) -> ImportProfile:
    """Read and check one profile file against its procedure."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _fail(path, "", f"読み込めません（{exc}）", f"cannot be read ({exc})") from exc
    known = {"procedure", "name", "source", "receipt_column", "received_at_column",
             "attachment_columns", "individual_number_column", "columns", "values", "booleans",
             "description"}
    for key in data:
        if key not in known:
            raise _fail(path, key, f"未知のキーです（使えるキー: {', '.join(sorted(known))}）",
                        f"unknown key (allowed: {', '.join(sorted(known))})")
    code = _str(data, "procedure", path)
    assert code is not None
    procedure = procedures.get(code)
    if procedure is None:
        raise _fail(path, "procedure", f"手続「{code}」はありません", f"no procedure '{code}'")
    name = _str(data, "name", path) or STANDARD
    source = _str(data, "source", path) or STANDARD_SOURCE
    if len(source) > 64:
        raise _fail(path, "source", "64文字以内にしてください", "must be at most 64 characters")
    receipt = _str(data, "receipt_column", path)
    assert receipt is not None
    received_at = _str(data, "received_at_column", path, optional=True)
    number_column = _str(data, "individual_number_column", path, optional=True)
    attachments = data.get("attachment_columns", [])
    if not isinstance(attachments, list) or not all(isinstance(a, str) for a in attachments):
        raise _fail(path, "attachment_columns", "文字列の配列が必要です", "must be an array of strings")
    columns = data.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise _fail(path, "columns", "見出し = 項目ID の表が必要です",
                    "must be a table of header = field id")
    field_ids = {f.id for f in procedure.fields}
    for header, field_id in columns.items():
        if field_id not in field_ids:
            raise _fail(path, f"columns.{header}", f"項目「{field_id}」は手続 {code} にありません",
                        f"field '{field_id}' is not in procedure {code}")
    seen: dict[str, str] = {}
    for header in [receipt, received_at, number_column, *attachments, *columns]:
        if header is None:
            continue
        key = column_key(header)
        if key in seen:
            raise _fail(path, "columns", f"見出し「{header}」が「{seen[key]}」と重複しています",
                        f"header '{header}' duplicates '{seen[key]}'")
        seen[key] = header
    values: dict[str, dict[str, str]] = {}
    for field_id, mapping in (data.get("values") or {}).items():
        if field_id not in field_ids or not isinstance(mapping, dict):
            raise _fail(path, f"values.{field_id}", "手続の項目IDと「元の値 = 変換後」の表が必要です",
                        "must name a field of the procedure and map raw value = converted")
        values[field_id] = {str(k): str(v) for k, v in mapping.items()}
    booleans = data.get("booleans") or {}
    true_words = TRUE_WORDS | frozenset(str(w).lower() for w in booleans.get("true", []))
    false_words = FALSE_WORDS | frozenset(str(w).lower() for w in booleans.get("false", []))
    return ImportProfile(
        procedure=code, name=name, source=source, receipt_column=receipt, columns=dict(columns),
        attachment_columns=tuple(attachments), received_at_column=received_at,
        individual_number_column=number_column, values=values, true_words=true_words,
        false_words=false_words, origin=str(path),
    )


class ProfileSet:
    """Every profile: the built-in standard ones, plus those in a folder."""

    def __init__(self, procedures: Mapping[str, Procedure], directory: Path | None = None) -> None:
        self._profiles: dict[tuple[str, str], ImportProfile] = {
            (code, STANDARD): standard_profile(p) for code, p in procedures.items()
        }
        if directory is not None and directory.is_dir():
            for path in sorted(directory.glob("*.toml")):
                profile = load_profile(path, procedures)
                self._profiles[(profile.procedure, profile.name)] = profile

    def get(self, procedure: str, name: str | None = None) -> ImportProfile:
        name = name or STANDARD
        profile = self._profiles.get((procedure, name))
        if profile is None:
            known = ", ".join(sorted(n for p, n in self._profiles if p == procedure)) or "-"
            raise NotFound(
                f"手続「{procedure}」の取込プロファイル「{name}」はありません（あるもの: {known}）",
                f"no import profile '{name}' for procedure '{procedure}' (known: {known})",
                procedure=procedure, profile=name,
            )
        return profile

    def names(self, procedure: str) -> list[str]:
        return sorted(n for p, n in self._profiles if p == procedure)

    def add(self, profile: ImportProfile) -> None:
        self._profiles[(profile.procedure, profile.name)] = profile


def default_profiles_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "resources" / "intake"


__all__ = ["STANDARD", "ImportProfile", "InvalidInput", "ProfileError", "ProfileSet",
           "load_profile", "standard_profile"]
