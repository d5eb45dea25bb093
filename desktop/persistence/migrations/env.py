"""Alembic environment: runs on the connection handed over by :mod:`desktop.persistence.schema`."""

from __future__ import annotations

from alembic import context

from desktop.persistence.models import Base, include_in_autogenerate

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode recreates tables
    compare_type=True,
    include_object=include_in_autogenerate,
)
with context.begin_transaction():
    context.run_migrations()
