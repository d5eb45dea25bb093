"""Join the intake and notices branches into one line of history.

Revision ID: 0004
Revises: 0002_intake, 0003_notices
Create Date: 2026-11-28
"""

from __future__ import annotations

revision = "0004"
down_revision = ("0002_intake", "0003_notices")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
