"""Dashboard: summary tables kept by triggers, decision facts, printed-at index.

Revision ID: 0007_dashboard
Revises: 0004
Create Date: 2026-11-29

The triggers and the backfill are in :mod:`desktop.persistence.summary_triggers`
(why triggers: see there). On a large PostgreSQL database the backfill reads every case
once (about 2 s per million cases here) while the upgrade holds its locks; run it
outside working hours.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.persistence import summary_triggers

revision = "0007_dashboard"
down_revision = "0004"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "case_counts",
        sa.Column("procedure_code", sa.String(64), primary_key=True),
        sa.Column("grp", sa.String(32), primary_key=True),
        sa.Column("received_on", sa.Date(), primary_key=True),
        sa.Column("due_date", sa.Date(), primary_key=True),
        sa.Column("n", sa.Integer(), nullable=False),
    )
    op.create_table(
        "case_flow",
        sa.Column("procedure_code", sa.String(64), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("n", sa.Integer(), nullable=False),
    )
    op.create_table(
        "decision_facts",
        sa.Column("decision_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("case_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("procedure_code", sa.String(64), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("claimed_at", TS),
        sa.Column("handling_seconds", sa.Float()),
        sa.Column("first_reviewer_id", sa.Integer()),
    )
    op.create_index("ix_case_counts_group", "case_counts", ["grp"])
    op.create_index("ix_case_flow_day", "case_flow", ["day"])
    op.create_index("ix_decision_facts_day", "decision_facts", ["day", "user_id"])
    op.create_index("ix_notices_printed_at", "notices", ["printed_at"])
    dialect = op.get_bind().dialect.name
    summary_triggers.rebuild(op.execute, dialect)
    summary_triggers.install(op.execute, dialect)


def downgrade() -> None:
    summary_triggers.drop(op.execute, op.get_bind().dialect.name)
    op.drop_index("ix_notices_printed_at", table_name="notices")
    op.drop_index("ix_decision_facts_day", table_name="decision_facts")
    op.drop_index("ix_case_flow_day", table_name="case_flow")
    op.drop_index("ix_case_counts_group", table_name="case_counts")
    op.drop_table("decision_facts")
    op.drop_table("case_flow")
    op.drop_table("case_counts")
