"""Alembic's environment, run by api.migrations.upgrade (which passes a locked connection) or by the
`alembic` command of a developer (which connects to PANDA_DATABASE_URL)."""

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

from api.database import make_engine  # also registers every table model
from api.settings import Settings

config = context.config
target_metadata = SQLModel.metadata


def run_migrations(connection: Connection) -> None:
    """Configure the context on this connection and run the requested command."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most of a table: batch mode copies it into a new one.
        render_as_batch=connection.dialect.name == "sqlite",
        transaction_per_migration=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_from_command_line() -> None:
    """A developer's `alembic ...` command: connect to the configured database."""
    engine = make_engine(Settings().database_url)
    try:
        with engine.connect() as connection:
            run_migrations(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) mode is not supported: run `panda db upgrade`")
connection = config.attributes.get("connection")
if connection is None:
    run_from_command_line()
else:
    run_migrations(connection)
