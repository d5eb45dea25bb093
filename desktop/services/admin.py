"""Administration: users, figures, audit verification; and signing in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.domain.audit import SYSTEM_STREAM, AuditProblem, user_stream
from desktop.domain.errors import AuthenticationFailed, InvalidInput
from desktop.domain.permissions import SYSTEM, Actor, Permission, Role
from desktop.domain.storable_text import require_storable
from desktop.services.context import ServiceContext
from desktop.services.passwords import hash_password, needs_rehash, verify_password
from desktop.services.ports import CaseCount, UserRecord

_USER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class Stats:
    """Case counts per procedure × status, and the total."""

    counts: list[CaseCount]

    @property
    def total(self) -> int:
        return sum(c.count for c in self.counts)

    def by_procedure(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for c in self.counts:
            out.setdefault(c.procedure_code, {})[c.status.value] = c.count
        return out


@dataclass(frozen=True)
class AuditReport:
    entries: int
    problem: AuditProblem | None


@dataclass
class AdminService:
    """Users, statistics and the audit check. ``SYSTEM`` acts for the CLI's admin commands."""

    ctx: ServiceContext

    def add_user(self, actor: Actor, name: str, role: Role, password: str,
                 display_name: str | None = None) -> UserRecord:
        """Create an account; names are ASCII log-in ids, display names may be Japanese."""
        self.ctx.require(actor, Permission.USER_MANAGE)
        if not _USER_NAME.match(name):
            raise InvalidInput(
                f"利用者名「{name}」は使えません（半角英数字と . _ - で64文字まで）",
                f"user name '{name}' is not allowed (ASCII letters, digits, . _ -; max 64)",
                user=name,
            )
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidInput(
                f"パスワードは{MIN_PASSWORD_LENGTH}文字以上にしてください",
                f"the password needs at least {MIN_PASSWORD_LENGTH} characters",
            )
        require_storable(display_name or "", "display_name")
        digest = hash_password(password)
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            if uow.users.by_name(name) is not None:
                raise InvalidInput(f"利用者「{name}」は既にいます", f"user '{name}' already exists",
                                   user=name)
            user = uow.users.add(name, display_name or name, role, digest, now)
            uow.audit.append(SYSTEM_STREAM if actor is SYSTEM else user_stream(actor.name),
                             actor.name, "user_add", None, {"user": name, "role": role.value},
                             now)
            uow.commit()
        return user

    def authenticate(self, name: str, password: str) -> Actor:
        """The actor for *name* if *password* is right; failures are audited and vague."""
        with self.ctx.uow() as uow:
            user = uow.users.by_name(name)
        ok = user is not None and user.active and verify_password(user.password_hash, password)
        now = self.ctx.now()
        with self.ctx.uow(write=True) as uow:
            uow.audit.append(user_stream(name), name, "login" if ok else "login_failed", None,
                             {}, now)
            if ok and user is not None and needs_rehash(user.password_hash):
                uow.users.set_password_hash(user.id, hash_password(password))
            uow.commit()
        if not ok or user is None:
            raise AuthenticationFailed(
                "利用者名またはパスワードが正しくありません",
                "wrong user name or password",
            )
        return Actor(user.id, user.name, user.display_name, user.role)

    def stats(self, actor: Actor) -> Stats:
        self.ctx.require(actor, Permission.STATS_VIEW)
        with self.ctx.uow() as uow:
            return Stats(uow.cases.counts())

    def verify_audit(self, actor: Actor) -> AuditReport:
        """Recompute every hash chain; name the first entry where it breaks."""
        self.ctx.require(actor, Permission.AUDIT_VERIFY)
        with self.ctx.uow() as uow:
            entries, problem = uow.audit.verify()
        return AuditReport(entries, problem)

    def demo_accounts(self) -> list[dict[str, str]]:
        """Demo users and passwords, stored only in a demo database, for its login screen."""
        with self.ctx.uow() as uow:
            value = uow.settings.get("demo_accounts")
        return list(value.get("accounts", [])) if value else []



