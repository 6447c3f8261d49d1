"""The schema of release 0.1.0, as its `SQLModel.metadata.create_all` made it.

Revision ID: 0001
Revises:
Created: 2026-12-02

The tables are frozen here, on their own MetaData without a naming convention: primary keys
stay unnamed (PostgreSQL calls them `<table>_pkey`), as in a 0.1.0 database. A 0.1.0
database has these tables but no `alembic_version`; api.migrations.upgrade stamps it at this
revision instead of running it.
"""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _json(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.JSON(), nullable=nullable)


def _text(name: str, nullable: bool = False, length: int | None = None) -> sa.Column[str]:
    return sa.Column(name, sa.String(length), nullable=nullable)


def _utc(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _access_point(metadata: sa.MetaData) -> sa.Table:
    lists = ["services", "audiences", "specific_support", "fees", "national_programmes"]
    lists += ["training_labels", "other_training_labels", "access_modes", "support_modes"]
    return sa.Table(
        "access_point",
        metadata,
        _text("name"),
        _text("pivot", True),
        _text("address"),
        _text("address_complement", True),
        _text("postcode"),
        _text("commune"),
        _text("insee_code", True),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        _text("location_precision", length=20),
        _json("typology"),
        _text("phone", True),
        _json("emails"),
        _json("websites"),
        _text("opening_hours", True, 1000),
        _text("summary", True),
        _text("description", True),
        _json("mobility"),
        _text("parent_organisation", True),
        sa.Column("source_updated_on", sa.Date(), nullable=True),
        *(_json(name) for name in lists),
        _text("accessibility_sheet_url", True),
        _text("appointment_url", True),
        _json("networks"),
        _json("equipment", True),
        sa.Column(
            "wheelchair_accessible",
            sa.Enum("YES", "NO", "UNKNOWN", name="accessibility"),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum("OPEN", "TEMPORARILY_CLOSED", "CLOSED", name="placestatus"),
            nullable=False,
        ),
        sa.Column("closed_from", sa.Date(), nullable=True),
        sa.Column("closed_until", sa.Date(), nullable=True),
        _text("closure_reason", True),
        _text("source"),
        _text("source_id"),
        sa.Column("id", sa.Integer(), primary_key=True),
        _utc("updated_at"),
        sa.UniqueConstraint("source", "source_id", name="uq_access_point_source"),
        sa.Index("ix_access_point_name", "name"),
        sa.Index("ix_access_point_insee_code", "insee_code"),
    )


def _address_key_and_audit_tables(metadata: sa.MetaData) -> None:
    sa.Table(
        "address",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("housenumber", length=20),
        _text("rep", length=20),
        _text("street", length=200),
        _text("postcode", length=5),
        _text("insee_code", length=5),
        _text("commune", length=100),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Index("ix_address_insee_code", "insee_code"),
    )
    sa.Table(
        "api_key",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("name", length=100),
        _text("prefix", length=16),
        _text("key_hash", length=64),
        _json("scopes"),
        _utc("created_at"),
        _utc("expires_at", True),
        _utc("revoked_at", True),
        sa.Index("ix_api_key_name", "name"),
        sa.Index("ix_api_key_prefix", "prefix", unique=True),
    )
    sa.Table(
        "audit_entry",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("access_point_id", sa.Integer(), nullable=False),
        _text("actor", length=100),
        _text("action", length=20),
        _utc("at"),
        _json("changes"),
        sa.Index("ix_audit_entry_access_point_id", "access_point_id"),
    )


def _commune_version_and_cache_tables(metadata: sa.MetaData) -> None:
    sa.Table(
        "commune",
        metadata,
        _text("insee_code"),
        _text("name", length=100),
        _text("postcode"),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        _json("former_names"),
        sa.PrimaryKeyConstraint("insee_code"),
    )
    sa.Table(
        "data_version",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("addresses_version", sa.Integer(), nullable=False),
    )
    sa.Table(
        "geocode_cache",
        metadata,
        _text("key", length=300),
        sa.Column("payload", sa.JSON(), nullable=False),
        _utc("created_at"),
        sa.PrimaryKeyConstraint("key"),
    )


def schema_of_0_1_0() -> sa.MetaData:
    """The seven tables of 0.1.0, on a MetaData of their own (SQLAlchemy's default names)."""
    metadata = sa.MetaData()
    _access_point(metadata)
    _address_key_and_audit_tables(metadata)
    _commune_version_and_cache_tables(metadata)
    return metadata


def upgrade() -> None:
    schema_of_0_1_0().create_all(op.get_bind())


def downgrade() -> None:
    schema_of_0_1_0().drop_all(op.get_bind())
