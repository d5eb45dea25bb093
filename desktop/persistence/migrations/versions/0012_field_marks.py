"""Field marks: the reviewer's ✓ / ✗ and defect note per form field, per review stage.

Revision ID: 0012_field_marks
Revises: 0011_report_indexes
Create Date: 2026-11-30

A new table only; the unique constraint (case, stage, field) also serves the lookup of
one case's marks, so no other index is needed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_field_marks"
down_revision = "0011_report_indexes"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "field_marks",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.BigInteger(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("field_id", sa.String(64), nullable=False),
        sa.Column("mark", sa.String(8), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("code", sa.String(64)),
        sa.Column("marked_by", sa.String(64), nullable=False),
        sa.Column("marked_at", TS, nullable=False),
        sa.UniqueConstraint("case_id", "stage", "field_id", name="uq_field_marks_field"),
    )


def downgrade() -> None:
    op.drop_table("field_marks")
