"""The SQLAlchemy unit of work: one connection, one transaction, rollback unless committed
(the ORM Session joins it when a repository needs one; see :mod:`.transaction`)."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy import Engine, exc

from desktop.domain.errors import InvalidInput
from desktop.persistence.audit_repository import SqlAuditLog
from desktop.persistence.case_repository import SqlCaseRepository
from desktop.persistence.case_search_repository import SqlCaseSearchRepository
from desktop.persistence.engine import WRITE_OPTION
from desktop.persistence.errors import is_unavailable, translate_errors
from desktop.persistence.field_mark_repository import SqlFieldMarkRepository
from desktop.persistence.report_repository import SqlReportRepository
from desktop.persistence.scan_repository import SqlScanRepository
from desktop.persistence.settings_store import SqlSettingsStore
from desktop.persistence.transaction import Transaction
from desktop.persistence.user_repository import SqlUserRepository

#: Called whenever a unit of work starts; the Qt layer installs a check here that
#: fails loudly if that happens on the GUI thread.
before_unit_of_work: list[Callable[[], None]] = []


class SqlUnitOfWork:
    """One user action against the database (see :class:`desktop.services.ports.UnitOfWork`)."""

    users: SqlUserRepository
    cases: SqlCaseRepository
    audit: SqlAuditLog
    settings: SqlSettingsStore
    case_search: SqlCaseSearchRepository
    reports: SqlReportRepository
    scans: SqlScanRepository
    field_marks: SqlFieldMarkRepository

    def __init__(self, engine: Engine, write: bool, label: str) -> None:
        self._engine = engine
        self._label = label
        self._write = write
        self._tx: Transaction | None = None
        self._committed = False

    def __enter__(self) -> SqlUnitOfWork:
        for hook in before_unit_of_work:
            hook()
        with translate_errors(self._label):
            connection = self._engine.connect()
            try:
                # The option the SQLite BEGIN hook reads (BEGIN IMMEDIATE for a write).
                connection.execution_options(**{WRITE_OPTION: self._write})
                connection.begin()
            except BaseException:
                connection.close()
                raise
        tx = self._tx = Transaction(connection)
        self.users = SqlUserRepository(tx)
        self.cases = SqlCaseRepository(tx)
        self.audit = SqlAuditLog(tx)
        self.settings = SqlSettingsStore(tx)
        self.case_search = SqlCaseSearchRepository(tx)
        self.reports = SqlReportRepository(tx)
        self.scans = SqlScanRepository(tx)
        self.field_marks = SqlFieldMarkRepository(tx)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc_value: BaseException | None,
                 tb: TracebackType | None) -> None:
        assert self._tx is not None
        tx, self._tx = self._tx, None
        try:
            if not self._committed:
                tx.rollback()
        except (exc.OperationalError, exc.InterfaceError):
            pass  # the connection is gone; the server rolls the transaction back itself
        finally:
            tx.close()
        if isinstance(exc_value, exc.DataError):
            raise InvalidInput(
                "データベースが値を受け付けませんでした（文字・桁数を確認してください）。保存されていません",
                "the database refused a value (check characters and length); nothing was saved",
                detail=str(exc_value.orig or exc_value).splitlines()[0][:200],
            ) from exc_value
        if exc_value is not None and is_unavailable(exc_value):
            with translate_errors(self._label):
                raise exc_value

    def commit(self) -> None:
        assert self._tx is not None, "commit outside 'with'"
        if not self._write:
            raise RuntimeError("read-only unit of work cannot commit")
        with translate_errors(self._label):
            self._tx.commit()
        self._committed = True

    def rollback(self) -> None:
        assert self._tx is not None
        self._tx.rollback()


class SqlUnitOfWorkFactory:
    """Makes units of work on one engine; ``write=True`` for actions that change data."""

    def __init__(self, engine: Engine, label: str = "") -> None:
        self.engine = engine
        self.label = label or engine.url.render_as_string(hide_password=True)

    def __call__(self, *, write: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, write, self.label)
