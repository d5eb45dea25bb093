"""Engines for the two supported databases.

SQLite (local mode): WAL, foreign keys, a busy timeout, and ``BEGIN IMMEDIATE`` for
units of work that write, so two writers queue on the lock instead of failing halfway.
PostgreSQL (shared mode): psycopg 3 with ``pool_pre_ping`` so a restarted server is
noticed before a statement fails.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

#: Execution option set by write units of work (see :mod:`desktop.persistence.uow`).
WRITE_OPTION = "review_desk_write"

SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_CACHE_KIB = 32 * 1024


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and plain file paths; always use psycopg 3 for PostgreSQL."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername != "postgresql+psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(normalise_url(url)).get_backend_name() == "sqlite"


def make_engine(url: str, *, pool_size: int = 5, **kwargs: Any) -> Engine:
    """An engine for *url* set up as Review Desk needs it (see module docstring)."""
    url = normalise_url(url)
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            **kwargs,
        )
        _configure_sqlite(engine)
        return engine
    engine = create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=pool_size,
        # prepare_threshold=None: no server-side prepared statements, which would
        # outlive the transaction and break PgBouncer in transaction mode (DESIGN §6a).
        connect_args={"connect_timeout": 10, "application_name": "review-desk",
                      "prepare_threshold": None},
        **kwargs,
    )
    if engine.dialect.driver == "psycopg":
        engine.dialect.do_ping = _psycopg_ping()  # type: ignore[method-assign,assignment]
    return engine


def _psycopg_ping() -> Callable[[Any], bool]:
    """The pre-ping of every unit of work: an empty query straight through libpq.

    The same round trip as SQLAlchemy's own ping (``;``), without switching the
    connection to autocommit and back around a cursor, which cost more client CPU than
    a claim's own statements. A lost connection raises the driver's
    ``OperationalError``, so the pool reconnects as with the standard ping.
    """
    import psycopg
    from psycopg import pq

    fine = (pq.ExecStatus.EMPTY_QUERY, pq.ExecStatus.COMMAND_OK)

    def ping(dbapi_connection: Any) -> bool:
        pgconn = dbapi_connection.pgconn
        result = pgconn.exec_(b"")
        if pgconn.status != pq.ConnStatus.OK or result.status not in fine:
            message = (pgconn.error_message or b"").decode(errors="replace").strip()
            raise psycopg.OperationalError(message or "the connection is lost")
        return True

    return ping


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling would BEGIN (deferred) behind our back;
        # turning it off lets the "begin" hook below choose the kind of BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # A page cache of up to 32 MiB instead of SQLite's 2 MiB: ``cases`` has some twenty
        # indexes, and with their pages cached an import's inserts cost a third less CPU
        # (100,000 rows: 16 → 10 s). Pages are only held once read.
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        # On the driver: every unit of work begins here, and SQLAlchemy's execution
        # path costs several times the BEGIN itself.
        driver_execute(connection, "BEGIN IMMEDIATE" if write else "BEGIN")


def driver_execute(connection: Connection, statement: str, params: Any = None) -> Any:
    """Run *statement* on the DB-API connection under *connection*, inside its
    transaction, and return the DB-API cursor.

    For the few statements that run on every claim and every audit entry, where
    SQLAlchemy's execution path (execution context, result metadata for every column)
    costs more client CPU than the statement. The SQL is the driver's own dialect
    (``%(name)s`` for psycopg, ``:name`` for sqlite3), and values must already be what
    the driver and the column types expect. Driver errors come out as SQLAlchemy's
    exceptions, as from :meth:`Connection.execute`, and a lost connection is
    invalidated, so the unit of work reports it the same way.
    """
    dbapi_connection = connection.connection.driver_connection
    assert dbapi_connection is not None
    try:
        if params is None:
            return dbapi_connection.execute(statement)
        return dbapi_connection.execute(statement, params)
    except Exception as error:
        dialect = connection.dialect
        base = dialect.loaded_dbapi.Error
        if not isinstance(error, base):
            raise
        lost = dialect.is_disconnect(error, dbapi_connection, None)
        if lost:
            connection.invalidate(error)
        raise exc.DBAPIError.instance(statement, params, error, base,
                                      connection_invalidated=lost, dialect=dialect) from error


def sqlite_time(value: datetime) -> str:
    """How SQLAlchemy's DateTime stores a time in SQLite (as UTC, for statements that
    bypass it; see :func:`driver_execute`)."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
