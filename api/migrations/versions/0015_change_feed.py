"""Name each logged place by its source, so the change feed can tell a deletion.

Revision ID: 0015
Revises: 0014
Created: 2026-12-08

`place_change` gains `source` and `source_id`, written with each change (a deleted place's
tombstone needs them once its row is gone). Rows logged before cannot be completed for
places already deleted, so they are dropped: the feed starts at this upgrade (a cursor from
before it is answered 410) and each read model reloads once.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM place_change")
    with op.batch_alter_table("place_change") as table:
        table.add_column(sa.Column("source", sa.String(100), nullable=True))
        table.add_column(sa.Column("source_id", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("place_change") as table:
        table.drop_column("source_id")
        table.drop_column("source")
