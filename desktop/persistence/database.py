"""Opening a database: engine + unit-of-work factory + schema check, with clear errors."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from desktop.domain.errors import ReviewDeskError
from desktop.persistence.engine import make_engine, normalise_url
from desktop.persistence.errors import translate_errors
from desktop.persistence.schema import current_revision, is_current, upgrade_to_head
from desktop.persistence.uow import SqlUnitOfWorkFactory


class Database(SqlUnitOfWorkFactory):
    """A unit-of-work factory that also owns its engine and knows how to name itself."""

    def __init__(self, engine: Engine, label: str) -> None:
        super().__init__(engine, label)
        database = engine.url.database
        #: The SQLite file, or None for a server database.
        self.sqlite_path: str | None = (
            database if engine.dialect.name == "sqlite" and database != ":memory:" else None
        )

    def dispose(self) -> None:
        self.engine.dispose()


def describe(url: str) -> str:
    """A label for people: the file for SQLite, host/database for PostgreSQL (no password)."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite: {parsed.database}"
    return f"PostgreSQL: {parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database}"


def open_database(url: str, *, pool_size: int = 5, check_schema: bool = True) -> Database:
    engine = make_engine(url, pool_size=pool_size)
    label = describe(url)
    if check_schema:
        with translate_errors(label):
            revision = current_revision(engine)
            current = is_current(engine)
        if not current:
            engine.dispose()
            raise ReviewDeskError(
                f"データベース（{label}）が初期化されていないか古い版です。"
                "`review-desk init` を実行してください",
                f"the database ({label}) is not initialised or is out of date; "
                "run `review-desk init`",
                revision=revision,
            )
    return Database(engine, label)


def upgrade_database(url: str) -> tuple[str | None, str]:
    engine = make_engine(url)
    try:
        with translate_errors(describe(url)):
            return upgrade_to_head(engine)
    finally:
        engine.dispose()
