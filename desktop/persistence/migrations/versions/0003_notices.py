"""Notices: batches, notices with document numbers, number sequences, print log,
enclosure events.

Revision ID: 0003_notices
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_notices"
down_revision = "0001"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)
UNENCLOSED_WHERE = "status = 'printed' AND enclosed_at IS NULL"


def upgrade() -> None:
    op.create_table(
        "notice_batches",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("procedure_code", sa.String(64)),
        sa.Column("operator_id", sa.Integer(), sa.ForeignKey("users.id")),
        sa.Column("operator", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("finished_at", TS),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("printer", sa.String(255)),
        sa.Column("directory", sa.Text()),
        sa.Column("cases", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("sheets", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.Column("selection", sa.JSON(), nullable=False),
        sa.Column("skipped", sa.JSON(), nullable=False),
    )
    op.create_index("ix_notice_batches_created", "notice_batches", ["created_at"])
    op.create_table(
        "notices",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.BigInteger(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("decision_id", sa.BigInteger(), sa.ForeignKey("decisions.id")),
        sa.Column("procedure_code", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("document_number", sa.String(64), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("sheets", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.BigInteger(), sa.ForeignKey("notice_batches.id")),
        sa.Column("lease_until", TS),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("printed_at", TS),
        sa.Column("enclosed_at", TS),
        sa.Column("enclosed_by", sa.String(64)),
        sa.Column("enclosed_generation", sa.Integer()),
        sa.UniqueConstraint("procedure_code", "fiscal_year", "seq", name="uq_notices_number"),
        sa.UniqueConstraint("case_id", "decision_id", "kind", name="uq_notices_decision"),
    )
    op.create_index("ix_notices_case", "notices", ["case_id"])
    op.create_index("ix_notices_batch", "notices", ["batch_id"])
    op.create_index("ix_notices_unenclosed", "notices", ["batch_id"],
                    sqlite_where=sa.text(UNENCLOSED_WHERE),
                    postgresql_where=sa.text(UNENCLOSED_WHERE))
    op.create_table(
        "notice_sequences",
        sa.Column("procedure_code", sa.String(64), primary_key=True),
        sa.Column("fiscal_year", sa.Integer(), primary_key=True),
        sa.Column("last_value", sa.Integer(), nullable=False),
    )
    op.create_table(
        "print_log",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.BigInteger(), sa.ForeignKey("notice_batches.id"),
                  nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("operator", sa.String(64), nullable=False),
        sa.Column("printer", sa.String(255), nullable=False),
        sa.Column("job_id", sa.String(128)),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("cases", sa.JSON(), nullable=False),
        sa.Column("sheets", sa.Integer(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text()),
    )
    op.create_index("ix_print_log_batch", "print_log", ["batch_id"])
    op.create_table(
        "enclosure_events",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.BigInteger(), sa.ForeignKey("cases.id")),
        sa.Column("notice_id", sa.BigInteger(), sa.ForeignKey("notices.id")),
        sa.Column("at", TS, nullable=False),
        sa.Column("user", sa.String(64), nullable=False),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
    )
    op.create_index("ix_enclosure_events_case", "enclosure_events", ["case_id"])


def downgrade() -> None:
    op.drop_table("enclosure_events")
    op.drop_table("print_log")
    op.drop_table("notice_sequences")
    op.drop_index("ix_notices_unenclosed", table_name="notices")
    op.drop_table("notices")
    op.drop_table("notice_batches")
