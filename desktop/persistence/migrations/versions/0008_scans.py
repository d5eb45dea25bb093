"""Scans: scanned paper applications waiting to be keyed in.

Revision ID: 0008_scans
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_scans"
down_revision = "0004"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "scan_items",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("procedure_code", sa.String(64), nullable=False),
        sa.Column("folder", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("dedupe_key", sa.String(80), nullable=False),
        sa.Column("sha256", sa.String(64)),
        sa.Column("media_type", sa.String(64)),
        sa.Column("size", sa.BigInteger()),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("holder", sa.String(64)),
        sa.Column("lease_expires_at", TS),
        sa.Column("case_id", sa.BigInteger(), sa.ForeignKey("cases.id")),
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.Column("registered_by", sa.String(64), nullable=False),
        sa.Column("registered_at", TS, nullable=False),
        sa.Column("resolved_by", sa.String(64)),
        sa.Column("resolved_at", TS),
        sa.Column("resolution_note", sa.Text()),
        sa.UniqueConstraint("dedupe_key", name="uq_scan_items_key"),
    )
    op.create_index("ix_scan_items_status", "scan_items", ["status", "procedure_code", "id"])
    op.create_index("ix_scan_items_case", "scan_items", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_scan_items_case", "scan_items")
    op.drop_index("ix_scan_items_status", "scan_items")
    op.drop_table("scan_items")
