"""Monthly report: read correction requests of a month from an index.

Revision ID: 0015_decision_kind_at
Revises: 0014_holder_order
Create Date: 2026-11-29

"Returned per day" counts the ``return`` decisions of one month; without an index on
``decisions (kind, at)`` it read every decision ever made (one or more per case) for each
month of the report's trend. Like 0011, CREATE INDEX locks writes to ``decisions`` while
it builds on PostgreSQL; run the upgrade outside working hours.
"""

from __future__ import annotations

from alembic import op

revision = "0015_decision_kind_at"
down_revision = "0014_holder_order"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_decisions_kind_at", "decisions", ["kind", "at"])


def downgrade() -> None:
    op.drop_index("ix_decisions_kind_at", "decisions")
