"""Add `place_report` (« Signaler une erreur ») and `access_point.reported_closed_on`.

Revision ID: 0011
Revises: 0010
Created: 2026-12-07

Anyone may report an error on a place: what is wrong, an optional text and an optional
contact (the only personal data, read by the city team alone). The city team answers and
closes each report. While a « fermé définitivement » report is open, the place carries the day
it was sent in `reported_closed_on`, so every reader says « Signalé fermé le … — à vérifier ».
"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _utc(name: str, nullable: bool) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("access_point") as table:
        table.add_column(sa.Column("reported_closed_on", sa.Date(), nullable=True))
    op.create_table(
        "place_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("access_point_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("text", sa.String(1000), nullable=True),
        sa.Column("contact", sa.String(200), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        _utc("created_at", False),
        sa.Column("answer", sa.String(2000), nullable=True),
        _utc("answered_at", True),
        sa.Column("outcome", sa.String(20), nullable=True),
        _utc("closed_at", True),
        sa.Column("closed_by", sa.String(100), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_place_report"),
    )
    op.create_index("ix_place_report_access_point_id", "place_report", ["access_point_id"])
    op.create_index("ix_place_report_status", "place_report", ["status"])


def downgrade() -> None:
    op.drop_index("ix_place_report_status", table_name="place_report")
    op.drop_index("ix_place_report_access_point_id", table_name="place_report")
    op.drop_table("place_report")
    with op.batch_alter_table("access_point") as table:
        table.drop_column("reported_closed_on")
