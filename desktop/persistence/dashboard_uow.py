"""Units of work for the dashboard: the ordinary unit of work plus ``dashboard``.

The factory may be given its own engine — a read replica, later — since the dashboard
only reads; by default it shares the application's engine and pool.
"""

from __future__ import annotations

from sqlalchemy import Engine

from desktop.persistence.dashboard_repository import SqlDashboardQueries
from desktop.persistence.uow import SqlUnitOfWork, SqlUnitOfWorkFactory


class SqlDashboardUnitOfWork(SqlUnitOfWork):
    """:class:`SqlUnitOfWork` with the dashboard's queries on the same transaction."""

    dashboard: SqlDashboardQueries

    def __enter__(self) -> SqlDashboardUnitOfWork:
        super().__enter__()
        assert self._tx is not None
        self.dashboard = SqlDashboardQueries(self._tx)
        return self


class SqlDashboardUnitOfWorkFactory(SqlUnitOfWorkFactory):
    """Makes :class:`SqlDashboardUnitOfWork` s on one engine."""

    def __init__(self, engine: Engine, label: str = "") -> None:
        super().__init__(engine, label)

    def __call__(self, *, write: bool = False) -> SqlDashboardUnitOfWork:
        return SqlDashboardUnitOfWork(self.engine, write, self.label)


def dashboard_uow_factory(uow: object) -> SqlDashboardUnitOfWorkFactory:
    """The dashboard's unit-of-work factory beside the application's (same engine)."""
    if not isinstance(uow, SqlUnitOfWorkFactory):
        raise TypeError(f"the dashboard needs the SQL unit of work, got {type(uow).__name__}")
    return SqlDashboardUnitOfWorkFactory(uow.engine, uow.label)
