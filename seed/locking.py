"""Write transactions that hold what they read: a read-compare-write of a place is atomic.

PostgreSQL: the writer reads the rows it will change with `SELECT ... FOR UPDATE`; a second
writer waits on that row lock, then reads the committed result (READ COMMITTED re-reads it).

SQLite has no row locks: the writer takes the database's write lock before it reads, with
`BEGIN IMMEDIATE`. WAL readers carry on (they read the last commit); other writers wait
(pysqlite's busy timeout). The engine keeps pysqlite's own transaction handling, which runs
reads outside any transaction and opens one only before a write, so read-only sessions never
take a lock and nothing but the explicit writers below changes behaviour.
"""

from sqlalchemy import text
from sqlmodel import Session


def begin_write(session: Session) -> bool:
    """Make the session's transaction a writer now, before it reads what it will change.

    True when the transaction now holds the whole database (SQLite): what it reads stays
    current until it ends. False (PostgreSQL): lock the rows you read with FOR UPDATE.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return False
    dbapi = connection.connection.dbapi_connection
    # Already writing (a flush earlier in this transaction): the lock is held.
    if not getattr(dbapi, "in_transaction", False):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    return True


def hold_writers(session: Session, key: int) -> None:
    """Keep other holders of `key` (and, on SQLite, every writer) waiting until commit.

    SQLite: the database's write lock. PostgreSQL: a transaction-level advisory lock on `key`,
    for work that must not run twice at once but changes no row it could lock first.
    """
    if not begin_write(session):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
