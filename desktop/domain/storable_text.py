"""Text that a database can keep exactly: no NUL (PostgreSQL text cannot hold it) and
no lone surrogates (not encodable as UTF-8). Anything else is kept byte for byte."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from desktop.domain.errors import InvalidInput

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_character(text: str) -> str | None:
    """The first character that cannot be stored, or None."""
    found = _UNSTORABLE.search(text)
    return found.group() if found else None


def require_storable(value: Any, field: str) -> None:
    """Raise :class:`InvalidInput` naming *field* if any text inside *value* cannot be stored."""
    if isinstance(value, str):
        bad = unstorable_character(value)
        if bad is not None:
            code = f"U+{ord(bad):04X}"
            raise InvalidInput(
                f"項目「{field}」に保存できない文字（{code}）が含まれています。入力を確認してください",
                f"field '{field}' contains a character that cannot be stored ({code})",
                field=field,
                code_point=code,
            )
    elif isinstance(value, Mapping):
        for key, item in value.items():
            require_storable(str(key), field)
            require_storable(item, f"{field}.{key}" if field else str(key))
    elif isinstance(value, list | tuple):
        for item in value:
            require_storable(item, field)
