"""Join the case-search, dashboard, scans and claim-function branches into one line.

Revision ID: 0010
Revises: 0005_case_search, 0007_dashboard, 0008_scans, 0009_claim_function
Create Date: 2026-11-29
"""

from __future__ import annotations

revision = "0010"
down_revision = ("0005_case_search", "0007_dashboard", "0008_scans", "0009_claim_function")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
