"""Add `registration.email`: an optional address for a booked person's notices.

Revision ID: 0014
Revises: 0013
Created: 2026-12-08

A session cancelled, moved or relocated, or a seat freed from the waiting list, is told by SMS
and, where the person gave one, by e-mail (api/workshops/notices.py). Deleted with the
registration by the purge, like the phone.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registration") as batch:
        batch.add_column(sa.Column("email", sa.String(254), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registration") as batch:
        batch.drop_column("email")
