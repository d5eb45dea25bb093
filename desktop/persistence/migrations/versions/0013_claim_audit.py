"""Claim with its audit entry: the PostgreSQL claim function also appends the entry.

Revision ID: 0013_claim_audit
Revises: 0012_field_marks
Create Date: 2026-11-29

``review_desk_claim_next_v2`` claims as ``_v1`` (0009) did and appends the ``claim``
entry to the case stream's hash chain in the same call, which takes a statement, its
round trip and its parse and plan off every claim (see
:func:`desktop.persistence.claim_sql.claim_audit_function_ddl`). SQLite is unchanged.
"""

from __future__ import annotations

from alembic import op

from desktop.persistence.claim_sql import (
    CLAIM_AUDIT_FUNCTION,
    CLAIM_FUNCTION,
    claim_audit_function_ddl,
    claim_function_ddl,
)

revision = "0013_claim_audit"
down_revision = "0012_field_marks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(claim_audit_function_ddl())
        op.execute(f"DROP FUNCTION IF EXISTS {CLAIM_FUNCTION}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(claim_function_ddl())
        op.execute(f"DROP FUNCTION IF EXISTS {CLAIM_AUDIT_FUNCTION}")
