"""Units of work for the notice services: the ordinary unit of work plus ``notices``."""

from __future__ import annotations

from sqlalchemy import Engine

from desktop.persistence.notice_repository import SqlNoticeRepository
from desktop.persistence.uow import SqlUnitOfWork, SqlUnitOfWorkFactory


class SqlNoticeUnitOfWork(SqlUnitOfWork):
    """:class:`SqlUnitOfWork` with the notice repository on the same transaction."""

    notices: SqlNoticeRepository

    def __enter__(self) -> SqlNoticeUnitOfWork:
        super().__enter__()
        assert self._tx is not None
        self.notices = SqlNoticeRepository(self._tx)
        return self


class SqlNoticeUnitOfWorkFactory(SqlUnitOfWorkFactory):
    """Makes :class:`SqlNoticeUnitOfWork` s on the engine of the application's database."""

    def __init__(self, engine: Engine, label: str = "") -> None:
        super().__init__(engine, label)

    def __call__(self, *, write: bool = False) -> SqlNoticeUnitOfWork:
        return SqlNoticeUnitOfWork(self.engine, write, self.label)


def notice_uow_factory(uow: object) -> SqlNoticeUnitOfWorkFactory:
    """The notice unit-of-work factory beside the application's (same engine and pool)."""
    if not isinstance(uow, SqlUnitOfWorkFactory):
        raise TypeError(f"notices need the SQL unit of work, got {type(uow).__name__}")
    return SqlNoticeUnitOfWorkFactory(uow.engine, uow.label)
