"""Describe every commune of France, and log which places each data version changed.

Revision ID: 0006
Revises: 0005
Created: 2026-12-02

`commune` gains its postcodes, department, region, EPCI and time zone, so the table can hold
all communes (overseas ones in their own time zone). `place_change` lists the places each data
version touched (none named: everything), so a process applies just those to its read model.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("commune") as table:
        table.add_column(sa.Column("postcodes", sa.JSON(), nullable=False, server_default="[]"))
        table.add_column(sa.Column("department", sa.String(3), nullable=True))
        table.add_column(sa.Column("region", sa.String(2), nullable=True))
        table.add_column(sa.Column("epci", sa.String(9), nullable=True))
        table.add_column(
            sa.Column("time_zone", sa.String(40), nullable=False, server_default="Europe/Paris")
        )
    op.create_index("ix_commune_department", "commune", ["department"])
    op.create_index("ix_commune_epci", "commune", ["epci"])
    op.create_table(
        "place_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_place_change"),
    )
    op.create_index("ix_place_change_version", "place_change", ["version"])


def downgrade() -> None:
    op.drop_index("ix_place_change_version", table_name="place_change")
    op.drop_table("place_change")
    op.drop_index("ix_commune_epci", table_name="commune")
    op.drop_index("ix_commune_department", table_name="commune")
    with op.batch_alter_table("commune") as table:
        for name in ("time_zone", "epci", "region", "department", "postcodes"):
            table.drop_column(name)
