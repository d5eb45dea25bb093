"""Settings every workstation follows, kept in the database by the administrator.

For now one: how long a workstation may stay untouched before its screen locks
(``idle_lock_minutes``; 0 turns the lock off). Reading needs no permission — every
signed-in workstation must know it; changing it needs the administrator's permission
and is audited in the same unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.domain.audit import SYSTEM_STREAM, user_stream
from desktop.domain.errors import InvalidInput
from desktop.domain.permissions import SYSTEM, Actor, Permission
from desktop.services.context import ServiceContext

IDLE_LOCK_KEY = "idle_lock"
#: Until an administrator says otherwise: a common municipal security policy.
DEFAULT_IDLE_LOCK_MINUTES = 10
#: One working day; a longer "idle" period is no lock at all (use 0 for that).
MAX_IDLE_LOCK_MINUTES = 24 * 60


@dataclass
class WorkstationSettingsService:
    """Reads and changes the workstation settings in the database's settings store."""

    ctx: ServiceContext

    def idle_lock_minutes(self) -> int:
        """Minutes without input before the screen locks (0: never)."""
        with self.ctx.uow() as uow:
            stored = uow.settings.get(IDLE_LOCK_KEY)
        return _minutes_of(stored)

    def set_idle_lock_minutes(self, actor: Actor, minutes: int) -> int:
        """Store *minutes* (0 … 1440; 0 turns the lock off); returns the stored value."""
        self.ctx.require(actor, Permission.USER_MANAGE)
        if isinstance(minutes, bool) or not isinstance(minutes, int) \
                or not 0 <= minutes <= MAX_IDLE_LOCK_MINUTES:
            raise InvalidInput(
                f"自動ロックまでの時間は 0〜{MAX_IDLE_LOCK_MINUTES} 分の整数で指定してください"
                f"（0 はロックしない）: {minutes!r}",
                f"the idle lock needs whole minutes from 0 to {MAX_IDLE_LOCK_MINUTES}"
                f" (0 turns it off): {minutes!r}",
                minutes=repr(minutes),
            )
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            before = _minutes_of(uow.settings.get(IDLE_LOCK_KEY))
            uow.settings.put(IDLE_LOCK_KEY, {"minutes": minutes})
            uow.audit.append(SYSTEM_STREAM if actor is SYSTEM else user_stream(actor.name),
                             actor.name, "setting_change", None,
                             {"key": IDLE_LOCK_KEY, "before": before, "value": minutes}, now)
            uow.commit()
        return minutes


def _minutes_of(stored: dict[str, Any] | None) -> int:
    """The stored minutes, or the default when unset or unusable (never raises: a
    damaged setting must not keep anyone from working)."""
    if not stored:
        return DEFAULT_IDLE_LOCK_MINUTES
    value = stored.get("minutes")
    if isinstance(value, bool) or not isinstance(value, int) \
            or not 0 <= value <= MAX_IDLE_LOCK_MINUTES:
        return DEFAULT_IDLE_LOCK_MINUTES
    return value
