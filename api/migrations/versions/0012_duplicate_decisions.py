"""Add `duplicate_decision` and `duplicate_decision_audit`: people's decisions on pairs.

Revision ID: 0012
Revises: 0011
Created: 2026-12-07

A city team (or a place's steward) says two records are the same place (confirm) or not
(split). The decision is keyed on both records' (source, source_id), so it survives
re-imports, one row per pair (unique); every decision taken is also kept in the audit table.
"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _utc(name: str) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _pair() -> list[sa.Column[str]]:
    return [
        sa.Column("a_source", sa.String(100), nullable=False),
        sa.Column("a_source_id", sa.String(200), nullable=False),
        sa.Column("b_source", sa.String(100), nullable=False),
        sa.Column("b_source_id", sa.String(200), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "duplicate_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        *_pair(),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("decided_by", sa.String(100), nullable=False),
        _utc("decided_at"),
        sa.PrimaryKeyConstraint("id", name="pk_duplicate_decision"),
        sa.UniqueConstraint(
            "a_source",
            "a_source_id",
            "b_source",
            "b_source_id",
            name="uq_duplicate_decision_a_source",
        ),
    )
    op.create_table(
        "duplicate_decision_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        *_pair(),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        _utc("at"),
        sa.PrimaryKeyConstraint("id", name="pk_duplicate_decision_audit"),
    )


def downgrade() -> None:
    op.drop_table("duplicate_decision_audit")
    op.drop_table("duplicate_decision")
