"""Case table: an index for the holder order.

Revision ID: 0014_holder_order
Revises: 0013_claim_audit
Create Date: 2026-11-29

The case table sorts a queue by ``coalesce(holder_id, NOBODY)`` (held cases grouped by
holder, nobody's last). Without an index every header click sorted the whole queue:
4–7 s on SQLite and 0.5–1.1 s on PostgreSQL for a million cases. The expression and its
constant must stay exactly as ``desktop.persistence.models.HOLDER_ORDER`` writes them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_holder_order"
down_revision = "0013_claim_audit"
branch_labels = None
depends_on = None

NOBODY = 2**63 - 1  # desktop.domain.case_filter.NOBODY, frozen here as migrations are
OPEN_WHERE = "stage IS NOT NULL"


def upgrade() -> None:
    op.create_index("ix_cases_open_holder", "cases",
                    ["procedure_code", "stage", sa.text(f"coalesce(holder_id, {NOBODY})"), "id"],
                    sqlite_where=sa.text(OPEN_WHERE), postgresql_where=sa.text(OPEN_WHERE))


def downgrade() -> None:
    op.drop_index("ix_cases_open_holder", "cases")
