"""Shared fixtures: a real database (SQLite file and PostgreSQL) per test, a settable
clock, and users of every role.

PostgreSQL comes from ``REVIEW_DESK_TEST_PG`` (a URL whose database the tests may
create others next to). Without it the PostgreSQL variants skip with a reason, except
under ``CI=true``, where a missing server fails the run.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.app import Services, load_default_procedures, services_for
from desktop.domain.permissions import Actor, Role
from desktop.services.passwords import hash_password

PG_ENV = "REVIEW_DESK_TEST_PG"
PASSWORD = "correct-horse-42"


@dataclass
class FakeClock:
    """A clock the test moves by hand (UTC)."""

    current: datetime = field(default_factory=lambda: datetime(2026, 11, 25, 1, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, **kwargs: float) -> None:
        self.current += timedelta(**kwargs)


def pg_base_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail(f"{PG_ENV} is not set: CI must test on a real PostgreSQL server")
    return None


@pytest.fixture
def gui_thread_gc(qapp: object) -> Iterator[None]:
    """Python's garbage collection on the GUI thread only, as the application does it
    (``desktop.qt.main_thread_gc``), and once more at the end of the test. Without it
    a collection on a worker thread can destroy a QObject there and crash Qt later."""
    from desktop.qt.main_thread_gc import MainThreadGarbageCollector

    collector = MainThreadGarbageCollector()
    yield
    collector.stop()
    collector.deleteLater()


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture(scope="session")
def procedures() -> dict:  # type: ignore[type-arg]
    return load_default_procedures()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop.persistence.database import upgrade_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade_database(str(path))
    return path


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A throw-away PostgreSQL database for this test session, migrated once."""
    base = pg_base_url()
    if base is None:
        pytest.skip(f"PostgreSQL not configured ({PG_ENV} unset)")
    import psycopg
    from sqlalchemy.engine import make_url

    from desktop.persistence.database import upgrade_database
    from desktop.persistence.engine import normalise_url

    name = f"rd_test_{uuid.uuid4().hex[:10]}"
    admin = make_url(normalise_url(base))
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin.set(database=name).render_as_string(hide_password=False)
    upgrade_database(url)
    yield url
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _truncate_pg(url: str) -> None:
    from sqlalchemy import text

    from desktop.persistence.engine import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(
            "TRUNCATE audit_log, audit_streams, attachments, decisions, cases, users, settings "
            "RESTART IDENTITY CASCADE"
        ))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """A migrated, empty database: a fresh SQLite file, or the session's PostgreSQL
    database emptied."""
    if request.param == "sqlite":
        path = tmp_path / "review-desk.sqlite3"
        shutil.copy(sqlite_template, path)
        return str(path)
    url: str = request.getfixturevalue("pg_database")
    _truncate_pg(url)
    return url


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def services(db_url: str, clock: FakeClock, procedures: dict) -> Iterator[Services]:  # type: ignore[type-arg]
    from desktop.persistence.database import open_database

    database = open_database(db_url)
    svc = services_for(database, procedures, clock, database.label)
    yield svc
    svc.close()


class Users:
    """Creates users of a role on demand: ``users.operator``, ``users.make(Role.CHECKER)``."""

    def __init__(self, services: Services, password_hash: str) -> None:
        self._services = services
        self._hash = password_hash
        self._n = 0

    def make(self, role: Role, name: str | None = None) -> Actor:
        self._n += 1
        name = name or f"{role.value}{self._n}"
        with self._services.ctx.uow(write=True) as uow:
            user = uow.users.add(name, name, role, self._hash, self._services.ctx.now())
            uow.commit()
        return Actor(user.id, user.name, user.display_name, user.role)

    def __getattr__(self, role: str) -> Actor:
        return self.make(Role(role))


@pytest.fixture
def users(services: Services, password_hash: str) -> Users:
    return Users(services, password_hash)
