"""Claim function: the PostgreSQL claim as a PL/pgSQL function, so its plan is cached.

Revision ID: 0009_claim_function
Revises: 0004
Create Date: 2026-11-29

Without server-side prepared statements (PgBouncer in transaction mode, DESIGN §6a)
every claim was parsed and planned again — half of the server's CPU per claim. A
PL/pgSQL function keeps its plan in each server process for the process's life, which
a transaction pooler does not break. The statement is the one in
:mod:`desktop.persistence.case_repository` (see ``CLAIM_FUNCTION``); SQLite has no
functions and runs it inline.
"""

from __future__ import annotations

from alembic import op

from desktop.persistence.case_repository import CLAIM_FUNCTION, claim_function_ddl

revision = "0009_claim_function"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(claim_function_ddl())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {CLAIM_FUNCTION}")
