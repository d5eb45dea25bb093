"""The SQLAlchemy unit of work: one Session, one transaction, rollback unless committed."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy import Engine, exc
from sqlalchemy.orm import Session, sessionmaker

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

    def __init__(self, session_factory: sessionmaker[Session], write: bool, label: str) -> None:
        self._factory = session_factory
        self._label = label
        self._write = write
        self._session: Session | None = None
        self._committed = False

    def __enter__(self) -> SqlUnitOfWork:
        for hook in before_unit_of_work:
            hook()
        session = self._factory()
        try:
            with translate_errors(self._label):
                # Procures the connection now, with the option the SQLite BEGIN hook reads.
                session.connection(execution_options={WRITE_OPTION: self._write})
        except BaseException:
            session.close()
            raise
        self._session = session
        self.users = SqlUserRepository(session)
        self.cases = SqlCaseRepository(session)
        self.audit = SqlAuditLog(session)
        self.settings = SqlSettingsStore(session)
        self.case_search = SqlCaseSearchRepository(session)
        self.reports = SqlReportRepository(session)
        self.scans = SqlScanRepository(session)
        self.field_marks = SqlFieldMarkRepository(session)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc_value: BaseException | None,
                 tb: TracebackType | None) -> None:
        assert self._session is not None
        session, self._session = self._session, None
        try:
            if not self._committed:
                session.rollback()
        except (exc.OperationalError, exc.InterfaceError):
            pass  # the connection is gone; the server rolls the transaction back itself
        finally:
            session.close()
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
        assert self._session is not None, "commit outside 'with'"
        if not self._write:
            raise RuntimeError("read-only unit of work cannot commit")
        with translate_errors(self._label):
            self._session.commit()
        self._committed = True

    def rollback(self) -> None:
        assert self._session is not None
        self._session.rollback()


class SqlUnitOfWorkFactory:
    """Makes units of work on one engine; ``write=True`` for actions that change data."""

    def __init__(self, engine: Engine, label: str = "") -> None:
        self.engine = engine
        self.label = label or engine.url.render_as_string(hide_password=True)
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def __call__(self, *, write: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessions, write, self.label)
