"""Never give a hard-deleted place's id to another place (SQLite).

Revision ID: 0007
Revises: 0006
Created: 2026-12-02

SQLite reuses the largest rowid once its row is deleted, so a place created after a hard
delete took the deleted place's id, and with it its audit history and the links that name it.
The table is rebuilt with AUTOINCREMENT, which never reuses an id; the ids stored stay as they
are. PostgreSQL sequences never go back: nothing to do there.
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "access_point", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ):
        pass


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "access_point", recreate="always", table_kwargs={"sqlite_autoincrement": False}
    ):
        pass
