"""Database-wide settings (JSON values by key)."""

from __future__ import annotations

from typing import Any

from desktop.persistence.models import Setting
from desktop.persistence.transaction import TransactionBound


class SqlSettingsStore(TransactionBound):
    def get(self, key: str) -> dict[str, Any] | None:
        row = self._s.get(Setting, key)
        return dict(row.value) if row else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        row = self._s.get(Setting, key)
        if row is None:
            self._s.add(Setting(key=key, value=value))
        else:
            row.value = value
        self._s.flush()
