"""Name the primary keys after the naming convention (`pk_<table>`).

Revision ID: 0002
Revises: 0001
Created: 2026-12-02

0.1.0 left them unnamed (`<table>_pkey` on PostgreSQL, no name on SQLite). PostgreSQL renames
them in place; SQLite cannot, so batch mode copies each table into one with a named key (rows,
indexes and the unique constraint are copied too). A table whose key already has its name is
left alone. Index and unique-constraint names of 0.1.0 already follow the convention.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = {
    "access_point": ["id"],
    "address": ["id"],
    "api_key": ["id"],
    "audit_entry": ["id"],
    "commune": ["insee_code"],
    "data_version": ["id"],
    "geocode_cache": ["key"],
}


def _rename_primary_keys(name_of: dict[str, str]) -> None:
    inspector = sa.inspect(op.get_bind())
    for table, columns in TABLES.items():
        current = inspector.get_pk_constraint(table).get("name")
        wanted = name_of[table]
        if current == wanted:
            continue
        if op.get_bind().dialect.name == "postgresql":
            op.execute(f'ALTER TABLE "{table}" RENAME CONSTRAINT "{current}" TO "{wanted}"')
            continue
        with op.batch_alter_table(table, recreate="always") as batch:
            batch.create_primary_key(wanted, columns)


def upgrade() -> None:
    _rename_primary_keys({table: f"pk_{table}" for table in TABLES})


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _rename_primary_keys({table: f"{table}_pkey" for table in TABLES})
    # SQLite: a named key behaves as the unnamed one did; nothing to undo.
