"""Users (accounts get their full treatment later: see ROADMAP)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from desktop.domain.permissions import Role
from desktop.persistence.mapping import utc
from desktop.persistence.models import User
from desktop.persistence.transaction import TransactionBound
from desktop.services.ports import UserRecord


def _record(u: User) -> UserRecord:
    return UserRecord(
        id=u.id, name=u.name, display_name=u.display_name, role=Role(u.role),
        password_hash=u.password_hash, active=u.active,
    )


class SqlUserRepository(TransactionBound):

    def add(self, name: str, display_name: str, role: Role, password_hash: str,
            now: datetime) -> UserRecord:
        user_id = self._s.execute(
            insert(User)
            .values(name=name, display_name=display_name, role=role.value,
                    password_hash=password_hash, active=True, created_at=utc(now))
            .returning(User.id)
        ).scalar_one()
        record = self.get(user_id)
        assert record is not None
        return record

    def by_name(self, name: str) -> UserRecord | None:
        user = self._s.execute(select(User).where(User.name == name)).scalar_one_or_none()
        return _record(user) if user else None

    def get(self, user_id: int) -> UserRecord | None:
        user = self._s.get(User, user_id)
        return _record(user) if user else None

    def all(self) -> list[UserRecord]:
        return [_record(u) for u in self._s.execute(select(User).order_by(User.name)).scalars()]

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self._s.execute(update(User).where(User.id == user_id).values(password_hash=password_hash))
