"""Add the public-transport feed: `transit_feed`, `transit_stop`, `transit_line`,
`transit_stop_line`.

Revision ID: 0010
Revises: 0009
Created: 2026-12-07

`panda transit import FEED.zip` validates a GTFS feed, then replaces these four tables' rows in
one transaction (docs/transit.md); the read model answers each place's nearest stops from them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "transit_feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("stop_times", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_transit_feed"),
    )
    op.create_table(
        "transit_stop",
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("stop_id", sa.String(300), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("position", name="pk_transit_stop"),
    )
    op.create_table(
        "transit_line",
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("route_id", sa.String(300), nullable=False),
        sa.Column("short_name", sa.String(300), nullable=False),
        sa.Column("long_name", sa.String(500), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("color", sa.String(7), nullable=True),
        sa.Column("text_color", sa.String(7), nullable=True),
        sa.Column("geometry", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("position", name="pk_transit_line"),
    )
    op.create_table(
        "transit_stop_line",
        sa.Column("stop", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("stop", "line", name="pk_transit_stop_line"),
    )


def downgrade() -> None:
    for table in ("transit_stop_line", "transit_line", "transit_stop", "transit_feed"):
        op.drop_table(table)
