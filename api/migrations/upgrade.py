"""Schema migrations: bring a database to the code's head revision, or refuse and say why.

An upgrade runs in one transaction under a lock, so two processes starting at once never both
migrate and a failed revision leaves the database as it was: PostgreSQL takes a
transaction-level advisory lock (DDL is transactional there); SQLite takes its write lock
with `BEGIN IMMEDIATE`, pysqlite's own transaction handling set aside meanwhile, so the DDL,
batch mode's table copies and the revision record commit together.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, event, inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import SQLModel

import api.database  # noqa: F401  (registers every table model on SQLModel.metadata)

MIGRATIONS = Path(__file__).resolve().parent
BASELINE = "0001"
TABLES_OF_0_1_0 = frozenset(
    [
        "access_point",
        "address",
        "api_key",
        "audit_entry",
        "commune",
        "data_version",
        "geocode_cache",
    ]
)
LOCK_KEY = 0x50414E4441  # "PANDA": the advisory lock every migrating process asks for
SchemaState = Literal["head", "behind", "ahead", "missing"]


class MigrationError(Exception):
    """The database was not upgraded; the message says why and what to do, in French."""


class UnknownRevision(MigrationError):
    """The database is at a revision this code does not know (made by a newer version)."""

    def __init__(self, database: str, head: str) -> None:
        super().__init__(
            f"la base de données est à la révision {database}, inconnue de ce code "
            f"(sa dernière révision est {head}) : installez la version de PANDA finder qui "
            "l'a mise à jour ; rien n'a été modifié"
        )
        self.database, self.head = database, head


class MigrationLocked(MigrationError):
    """Another process held the database for longer than the lock timeout."""

    def __init__(self, timeout_s: float) -> None:
        super().__init__(
            f"la base de données est verrouillée par un autre processus depuis {timeout_s:g} s "
            "(PANDA_MIGRATION_LOCK_TIMEOUT_S) : rien n'a été modifié, réessayez plus tard"
        )


class UnrecognisedSchema(MigrationError):
    """Some of 0.1.0's tables exist, not all, and no revision is recorded."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            "la base de données contient une partie seulement des tables de PANDA finder "
            f"(il manque {', '.join(missing)}) et aucune révision : rien n'a été modifié"
        )


@dataclass(frozen=True)
class Upgrade:
    """The revision a database was at before the upgrade, and the one it is at now."""

    before: str | None
    after: str


@lru_cache(maxsize=1)
def _script() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS))


def head_revision() -> str:
    """The newest revision this code knows."""
    head = _script().get_current_head()
    assert head is not None, "api/migrations/versions holds no revision"
    return head


@lru_cache(maxsize=1)
def _known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in _script().walk_revisions())


def schema_state(revision: str | None) -> SchemaState:
    """Where a database at this revision stands against the code."""
    if revision is None:
        return "missing"
    if revision == head_revision():
        return "head"
    return "behind" if revision in _known_revisions() else "ahead"


def current_revision(engine: Engine) -> str | None:
    """The database's revision: the recorded one, the baseline for a database made by 0.1.0
    (its tables but no record), None when it holds no schema of ours."""
    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        if revision is None and _tables_of_0_1_0(connection) == TABLES_OF_0_1_0:
            return BASELINE
        return revision


def probe_revision(engine: Engine) -> str | None:
    """current_revision in one query when the version table exists: cheap enough for /health."""
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:
            connection.rollback()
    return current_revision(engine)


def upgrade_to_head(engine: Engine, lock_timeout_s: float = 30.0) -> Upgrade:
    """Upgrade to the head revision; a 0.1.0 database is first stamped at the baseline."""
    return upgrade_to(engine, head_revision(), lock_timeout_s)


def upgrade_to(engine: Engine, revision: str, lock_timeout_s: float = 30.0) -> Upgrade:
    """Upgrade to this known revision, in one transaction; never downgrades."""
    with engine.connect() as connection, _locked(connection, lock_timeout_s):
        before = _recorded_revision(connection)
        if before is not None and before not in _known_revisions():
            raise UnknownRevision(before, head_revision())
        if before != revision:
            command.upgrade(_config(connection), revision)
    return Upgrade(before, revision)


def _recorded_revision(connection: Connection) -> str | None:
    context = MigrationContext.configure(connection)
    revision = context.get_current_revision()
    if revision is not None:
        return revision
    present = _tables_of_0_1_0(connection)
    if not present:
        return None
    if present != TABLES_OF_0_1_0:
        raise UnrecognisedSchema(sorted(TABLES_OF_0_1_0 - present))
    # Made by 0.1.0's create_all, before migrations: its tables are revision 1's.
    context.stamp(_script(), BASELINE)
    return BASELINE


def _tables_of_0_1_0(connection: Connection) -> frozenset[str]:
    return TABLES_OF_0_1_0 & frozenset(inspect(connection).get_table_names())


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@contextmanager
def _locked(connection: Connection, timeout_s: float) -> Iterator[None]:
    if connection.dialect.name == "sqlite":
        with _sqlite_write_lock(connection, timeout_s):
            yield
        return
    with connection.begin():
        if connection.dialect.name == "postgresql":
            _postgres_lock(connection, timeout_s)
        yield


def _postgres_lock(connection: Connection, timeout_s: float) -> None:
    # lock_timeout bounds the wait for the advisory lock and for every table lock after it.
    connection.execute(text(f"SET LOCAL lock_timeout = {int(timeout_s * 1000)}"))
    try:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) == "55P03":  # lock_not_available
            raise MigrationLocked(timeout_s) from exc
        raise


@contextmanager
def _sqlite_write_lock(connection: Connection, timeout_s: float) -> Iterator[None]:
    dbapi: Any = connection.connection.dbapi_connection
    cursor = dbapi.cursor()
    busy_timeout_ms = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
    isolation_level = dbapi.isolation_level
    cursor.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
    dbapi.isolation_level = None  # we open the transaction; pysqlite must not commit it
    try:
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
            raise MigrationLocked(timeout_s) from exc
        with connection.begin():  # commits or rolls back the transaction opened above
            yield
    finally:
        dbapi.isolation_level = isolation_level
        cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        cursor.close()


@event.listens_for(SQLModel.metadata, "after_drop")
def _forget_revision(_metadata: Any, connection: Connection, **_kw: Any) -> None:
    """Dropping every table makes the database empty again: its revision record goes too."""
    connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
