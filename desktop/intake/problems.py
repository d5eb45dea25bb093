"""Why a row was quarantined (or warned about): a stable code, the facts, and a sentence
in Japanese and in English that a person can act on."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One reason (or warning) about one row; ``column`` is the file's header text."""

    code: str
    message_ja: str
    message_en: str
    field: str | None = None
    column: str | None = None
    params: dict[str, Any] = dc_field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "field": self.field, "column": self.column,
                "message_ja": self.message_ja, "message_en": self.message_en,
                "params": dict(self.params)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Problem:
        return cls(code=str(data["code"]), message_ja=str(data["message_ja"]),
                   message_en=str(data["message_en"]), field=data.get("field"),
                   column=data.get("column"), params=dict(data.get("params") or {}))

    def message(self, lang: str = "ja") -> str:
        return self.message_en if lang == "en" else self.message_ja


def where(row: int, column: str | None) -> tuple[str, str]:
    """'5 行目「住所」列' / 'row 5, column "住所"' for messages."""
    if column is None:
        return f"{row} 行目", f"row {row}"
    return f"{row} 行目「{column}」列", f"row {row}, column \"{column}\""
