"""Add `rate_limit_counter`: the rate limits' fixed windows, shared by the processes of one
PostgreSQL database when no Redis is configured.

Revision ID: 0003
Revises: 0002
Created: 2026-12-03

UNLOGGED on PostgreSQL: counters are a cache, not worth a write-ahead log (a crash empties the
table, which only forgets who was close to a limit). SQLite has no such tables and never
stores counters (one process counts in memory); the table exists there so that the models and
the revisions agree on both databases.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    unlogged = ["UNLOGGED"] if op.get_bind().dialect.name == "postgresql" else []
    op.create_table(
        "rate_limit_counter",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_rate_limit_counter"),
        prefixes=unlogged,
    )


def downgrade() -> None:
    op.drop_table("rate_limit_counter")
