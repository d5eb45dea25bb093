"""Intake: import batches (with their progress record), quarantine, case links.

Revision ID: 0002_intake
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_intake"
down_revision = "0001"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def _count(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=False, server_default=sa.text("0"))


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("procedure_code", sa.String(64), nullable=False),
        sa.Column("profile", sa.String(64), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("file_size", sa.BigInteger(), nullable=False),
        sa.Column("file_format", sa.String(16), nullable=False),
        sa.Column("encoding", sa.String(16), nullable=False),
        sa.Column("archive_path", sa.Text()),
        sa.Column("status", sa.String(16), nullable=False),
        _count("received"),
        _count("imported"),
        _count("already_present"),
        _count("quarantined"),
        _count("warnings"),
        _count("duplicates"),
        _count("last_row"),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("users.id")),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("finished_at", TS),
        sa.Column("message", sa.Text()),
    )
    op.create_index("ix_import_batches_file", "import_batches",
                    ["file_sha256", "procedure_code", "profile"])
    op.create_table(
        "quarantine_items",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.BigInteger(), sa.ForeignKey("import_batches.id"),
                  nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("line_number", sa.Integer(), nullable=False),
        sa.Column("receipt_number", sa.String(128)),
        sa.Column("dedupe_key", sa.String(255), nullable=False),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("case_id", sa.BigInteger(), sa.ForeignKey("cases.id")),
        sa.Column("resolved_by", sa.String(64)),
        sa.Column("resolved_at", TS),
        sa.Column("resolution_note", sa.Text()),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_quarantine_batch", "quarantine_items", ["batch_id", "row_number"])
    op.create_index("ix_quarantine_key", "quarantine_items", ["dedupe_key"])
    op.create_index("ix_quarantine_status", "quarantine_items", ["status"])
    op.create_table(
        "case_links",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.BigInteger(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("other_case_id", sa.BigInteger(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("case_id", "other_case_id", "kind", name="uq_case_links"),
    )
    op.create_index("ix_case_links_other", "case_links", ["other_case_id"])
    op.create_index("ix_cases_kana_birth", "cases", ["kana_key", "birth_date"])


def downgrade() -> None:
    op.drop_index("ix_cases_kana_birth", "cases")
    op.drop_table("case_links")
    op.drop_table("quarantine_items")
    op.drop_table("import_batches")
