"""Add review periods and the stewards' reminders.

Revision ID: 0013
Revises: 0012
Created: 2026-12-07

`access_point.review_period_months`: months between checks of a place's facts (1, 3, 6 or 12;
null is never), 6 for every place already stored. `steward_link.email`: where reminders go;
`mail_token_prefix`/`mail_token_hash`: the token a reminder carries (the link's own token is
never kept, so a reminder brings a second way in to the same link); `last_reminded_at`: at
most one reminder every 25 days.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("access_point") as table:
        table.add_column(
            sa.Column("review_period_months", sa.Integer(), nullable=True, server_default="6")
        )
    with op.batch_alter_table("steward_link") as table:
        table.add_column(sa.Column("email", sa.String(254), nullable=True))
        table.add_column(sa.Column("mail_token_prefix", sa.String(16), nullable=True))
        table.add_column(sa.Column("mail_token_hash", sa.String(64), nullable=True))
        table.add_column(sa.Column("last_reminded_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_steward_link_mail_token_prefix", "steward_link", ["mail_token_prefix"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ix_steward_link_mail_token_prefix", table_name="steward_link")
    with op.batch_alter_table("steward_link") as table:
        for name in ("last_reminded_at", "mail_token_hash", "mail_token_prefix", "email"):
            table.drop_column(name)
    with op.batch_alter_table("access_point") as table:
        table.drop_column("review_period_months")
