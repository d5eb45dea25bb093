"""Case search: indexes for the case table's sorts (open work) and the search box.

Revision ID: 0005_case_search
Revises: 0004
Create Date: 2026-11-29

On a large existing PostgreSQL database each CREATE INDEX locks writes to ``cases``
while it builds (about a second per index per million cases); run the upgrade outside
working hours, or create the indexes beforehand with ``CREATE INDEX CONCURRENTLY``
under the same names and definitions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_case_search"
down_revision = "0004"
branch_labels = None
depends_on = None

OPEN_WHERE = "stage IS NOT NULL"
SORTED = ("received_at", "due_date", "number", "status")


def upgrade() -> None:
    for column in SORTED:
        op.create_index(f"ix_cases_open_{column}", "cases",
                        ["procedure_code", "stage", column, "id"],
                        sqlite_where=sa.text(OPEN_WHERE), postgresql_where=sa.text(OPEN_WHERE))
    # Applicant order: kana, then claim order (a kana search in a queue, in claim order,
    # is read from this index alone). Compared by definition in the tests, not by Alembic.
    op.create_index("ix_cases_open_kana_key", "cases",
                    ["procedure_code", "stage", "kana_key", sa.text("priority DESC"),
                     "due_date", "received_at", "id"],
                    sqlite_where=sa.text(OPEN_WHERE), postgresql_where=sa.text(OPEN_WHERE))
    # Open cases flagged as possible duplicates, in claim order (partial).
    flagged = {"sqlite": "json_extract(flags, '$.possible_duplicate') IS NOT NULL",
               "postgresql": "(flags ->> 'possible_duplicate') IS NOT NULL"}
    op.create_index("ix_cases_open_duplicates", "cases",
                    ["procedure_code", "stage", sa.text("priority DESC"), "due_date",
                     "received_at", "id"],
                    sqlite_where=sa.text(f"{OPEN_WHERE} AND {flagged['sqlite']}"),
                    postgresql_where=sa.text(f"{OPEN_WHERE} AND {flagged['postgresql']}"))
    op.create_index("ix_cases_name_key", "cases",
                    ["name_key", "procedure_code", "stage", "priority", "due_date",
                     "received_at"], postgresql_ops={"name_key": "text_pattern_ops"})
    op.create_index("ix_cases_phone_key", "cases", ["phone_key", "procedure_code", "stage"],
                    postgresql_ops={"phone_key": "text_pattern_ops"})
    op.create_index("ix_cases_birth_date", "cases", ["birth_date", "procedure_code", "stage"])
    op.create_index("ix_cases_receipt_number", "cases", ["receipt_number"])
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_cases_kana_pattern", "cases", ["kana_key"],
                        postgresql_ops={"kana_key": "text_pattern_ops"})


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_cases_kana_pattern", "cases")
    for name in ("ix_cases_receipt_number", "ix_cases_birth_date", "ix_cases_phone_key",
                 "ix_cases_name_key", "ix_cases_open_duplicates", "ix_cases_open_kana_key",
                 *(f"ix_cases_open_{c}" for c in reversed(SORTED))):
        op.drop_index(name, "cases")
