"""Schema upgrades through Alembic, driven from code (``review-desk init``).

Features may add migrations on parallel branches from a common parent; the schema is
current when the database stands at every head. Merge revisions join them later.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from desktop.domain.errors import ReviewDeskError

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _label(revisions: frozenset[str]) -> str:
    return "+".join(sorted(revisions)) if revisions else ""


def head_revisions() -> frozenset[str]:
    return frozenset(ScriptDirectory.from_config(_config()).get_heads())


def head_revision() -> str:
    """The newest schema revision ("a+b" while two branches are unmerged)."""
    return _label(head_revisions())


def current_revisions(engine: Engine) -> frozenset[str]:
    with engine.connect() as connection:
        return frozenset(MigrationContext.configure(connection).get_current_heads())


def current_revision(engine: Engine) -> str | None:
    return _label(current_revisions(engine)) or None


def is_current(engine: Engine) -> bool:
    return current_revisions(engine) == head_revisions()


def upgrade_to_head(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to the newest revision; returns (before, after)."""
    before = current_revisions(engine)
    known = {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}
    unknown = before - known
    if unknown:
        raise ReviewDeskError(
            f"データベースのスキーマ（{_label(frozenset(unknown))}）はこのバージョンより新しいため"
            "開けません。アプリを更新してください",
            f"the database schema ({_label(frozenset(unknown))}) is newer than this version; "
            "upgrade the app",
            revision=_label(frozenset(unknown)),
        )
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")
    after = head_revision()
    if before and _label(before) != after:
        refresh_planner_statistics(engine)
    return _label(before) or None, after


def refresh_planner_statistics(engine: Engine) -> None:
    """ANALYZE after a migration, where the database keeps statistics.

    A migration's new index has none: SQLite then assumes it is selective and picked
    the new (procedure, received_at) index for a name search on a million cases —
    1.4 s instead of 8 ms — until the next ANALYZE. PostgreSQL's autovacuum would
    come to it eventually; expression indexes need it to estimate at all.
    """
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            analysed = connection.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
            if analysed is not None:  # never analysed: SQLite's defaults stay consistent
                connection.exec_driver_sql("ANALYZE")
        else:
            connection.exec_driver_sql("ANALYZE")
