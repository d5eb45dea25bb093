"""What every service needs: storage, the procedures, a clock, and the permission gate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from desktop.domain.audit import user_stream
from desktop.domain.errors import NotFound
from desktop.domain.permissions import Actor, Permission, refusal
from desktop.domain.procedures import Procedure
from desktop.services.attachments import FileAttachmentStore
from desktop.services.ports import UnitOfWorkFactory

JST = ZoneInfo("Asia/Tokyo")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class ServiceContext:
    """The composition root builds one of these and hands it to every service."""

    uow: UnitOfWorkFactory
    procedures: Mapping[str, Procedure]
    clock: Clock = field(default_factory=SystemClock)
    lease: timedelta = timedelta(minutes=15)
    attachments: FileAttachmentStore | None = None

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        """Today in Japan: business days and deadlines are counted in JST."""
        return self.now().astimezone(JST).date()

    def procedure(self, code: str) -> Procedure:
        try:
            return self.procedures[code]
        except KeyError:
            known = "、".join(sorted(self.procedures))
            raise NotFound(
                f"手続「{code}」はありません（あるもの: {known}）",
                f"no procedure '{code}' (known: {', '.join(sorted(self.procedures))})",
                procedure=code,
            ) from None

    def require(self, actor: Actor, permission: Permission) -> None:
        """Refuse (audited in its own transaction, then raised) unless *actor* may."""
        if actor.can(permission):
            return
        error = refusal(actor, permission)
        with self.uow(write=True) as uow:
            uow.audit.append(
                user_stream(actor.name), actor.name, "permission_denied", None,
                {"permission": permission.value}, self.now(),
            )
            uow.commit()
        raise error
