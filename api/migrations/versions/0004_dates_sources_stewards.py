"""Add the dates a place's facts were stated, the data sources, and the stewards' links.

Revision ID: 0004
Revises: 0003
Created: 2026-12-02

`access_point.confirmed_on`: the day a steward last confirmed or changed the place's facts,
kept apart from `updated_at` (when our database changed). `data_source`: each source's credit,
licence and publication date, which stands in for the date of rows that carry none.
`steward_link`: one revocable, expiring link per steward and place; only a hash of its token.
"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _utc(name: str, nullable: bool) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("access_point") as table:
        table.add_column(sa.Column("confirmed_on", sa.Date(), nullable=True))
    op.create_table(
        "data_source",
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("attribution", sa.String(300), nullable=False),
        sa.Column("licence", sa.String(300), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_data_source"),
    )
    op.create_table(
        "steward_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("access_point_id", sa.Integer(), nullable=False),
        sa.Column("steward_name", sa.String(100), nullable=False),
        sa.Column("token_prefix", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        _utc("created_at", False),
        _utc("expires_at", False),
        _utc("revoked_at", True),
        _utc("last_used_at", True),
        sa.PrimaryKeyConstraint("id", name="pk_steward_link"),
    )
    op.create_index("ix_steward_link_access_point_id", "steward_link", ["access_point_id"])
    op.create_index("ix_steward_link_token_prefix", "steward_link", ["token_prefix"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_steward_link_token_prefix", table_name="steward_link")
    op.drop_index("ix_steward_link_access_point_id", table_name="steward_link")
    op.drop_table("steward_link")
    op.drop_table("data_source")
    with op.batch_alter_table("access_point") as table:
        table.drop_column("confirmed_on")
