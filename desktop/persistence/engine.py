"""Engines for the two supported databases.

SQLite (local mode): WAL, foreign keys, a busy timeout, and ``BEGIN IMMEDIATE`` for
units of work that write, so two writers queue on the lock instead of failing halfway.
PostgreSQL (shared mode): psycopg 3 with ``pool_pre_ping`` so a restarted server is
noticed before a statement fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

#: Execution option set by write units of work (see :mod:`desktop.persistence.uow`).
WRITE_OPTION = "review_desk_write"

SQLITE_BUSY_TIMEOUT_MS = 30_000


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
    return create_engine(
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
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
