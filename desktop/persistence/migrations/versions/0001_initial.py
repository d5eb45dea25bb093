"""Initial schema: users, cases, decisions, attachments, audit log, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(128), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.text("true")),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("number", sa.String(32), unique=True),
        sa.Column("procedure_code", sa.String(64), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("receipt_number", sa.String(128), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("stage", sa.String(32)),
        sa.Column("held_from", sa.String(32)),
        sa.Column("hold_reason", sa.Text()),
        sa.Column("priority", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("correction_deadline", sa.Date()),
        sa.Column("holder_id", sa.Integer(), sa.ForeignKey("users.id")),
        sa.Column("lease_expires_at", TS),
        sa.Column("first_reviewer_id", sa.Integer(), sa.ForeignKey("users.id")),
        sa.Column("pending_decision", sa.JSON()),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("checked", sa.JSON(), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("applicant_name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("kana_key", sa.Text(), nullable=False),
        sa.Column("birth_date", sa.Date()),
        sa.Column("postal_code", sa.String(16), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("phone_key", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.Column("updated_by", sa.String(64)),
        sa.Column("updated_at", TS),
        sa.Column("decided_at", TS),
        sa.UniqueConstraint("source", "receipt_number", name="uq_cases_source_receipt"),
    )
    # The work queue: only cases in a queue (stage set) are indexed, so the claim
    # query's cost does not grow with years of closed cases.
    op.create_index(
        "ix_cases_queue",
        "cases",
        ["procedure_code", "stage", sa.text("priority DESC"), "due_date", "received_at", "id"],
        sqlite_where=sa.text("stage IS NOT NULL"),
        postgresql_where=sa.text("stage IS NOT NULL"),
    )
    # The claim reads free cases and expired leases from two narrower indexes, so held
    # cases never lie in the path of the search for a free one.
    op.create_index(
        "ix_cases_waiting",
        "cases",
        ["procedure_code", "stage", sa.text("priority DESC"), "due_date", "received_at", "id"],
        sqlite_where=sa.text("stage IS NOT NULL AND holder_id IS NULL"),
        postgresql_where=sa.text("stage IS NOT NULL AND holder_id IS NULL"),
    )
    op.create_index(
        "ix_cases_leased",
        "cases",
        ["procedure_code", "stage", "lease_expires_at"],
        sqlite_where=sa.text("stage IS NOT NULL AND holder_id IS NOT NULL"),
        postgresql_where=sa.text("stage IS NOT NULL AND holder_id IS NOT NULL"),
    )
    op.create_index("ix_cases_procedure_status", "cases", ["procedure_code", "status"])
    op.create_index("ix_cases_kana_key", "cases", ["kana_key"])
    op.create_index("ix_cases_holder", "cases", ["holder_id"])
    op.create_table(
        "decisions",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.BigInteger(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date()),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("at", TS, nullable=False),
    )
    op.create_index("ix_decisions_case", "decisions", ["case_id"])
    op.create_table(
        "attachments",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.BigInteger(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(64), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("added_at", TS, nullable=False),
    )
    op.create_index("ix_attachments_case", "attachments", ["case_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("stream", sa.String(96), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("case_id", sa.BigInteger()),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("stream", "seq", name="uq_audit_stream_seq"),
    )
    op.create_index("ix_audit_case", "audit_log", ["case_id"])
    op.create_table(
        "audit_streams",
        sa.Column("stream", sa.String(96), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    for table in ("settings", "audit_streams", "audit_log", "attachments", "decisions"):
        op.drop_table(table)
    op.drop_index("ix_cases_queue", "cases")
    op.drop_table("cases")
    op.drop_table("users")
