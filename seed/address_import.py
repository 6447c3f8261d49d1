"""Filling the address table from a BAN file: all of it, or nothing changed."""

from collections.abc import Callable, Iterable
from dataclasses import asdict

from sqlalchemy import delete, insert
from sqlmodel import Session

from models.address import Address, AddressRecord
from seed.upsert import bump_data_version

BATCH = 5_000


def replace_addresses(
    session: Session,
    records: Iterable[AddressRecord],
    insee_codes: set[str] | None,
    progress: Callable[[int], None] | None = None,
    department: str | None = None,
) -> int:
    """Replace the addresses of `insee_codes` (else of `department`, else all) in one transaction.

    `records` may raise while being read (a malformed line): the transaction then rolls
    back and the previous table stays as it was.
    """
    table = Address.__table__  # type: ignore[attr-defined]
    try:
        statement = delete(table)
        if insee_codes is not None:
            statement = statement.where(table.c.insee_code.in_(sorted(insee_codes)))
        elif department is not None:
            # INSEE codes start with their department: "21231", "2A004", "97411".
            statement = statement.where(table.c.insee_code.startswith(department, autoescape=True))
        session.exec(statement)
        count = 0
        batch: list[dict[str, object]] = []
        for record in records:
            batch.append(asdict(record))
            if len(batch) >= BATCH:
                count += _flush(session, table, batch, progress)
        count += _flush(session, table, batch, progress)
        bump_data_version(session, addresses=True)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return count


def _flush(
    session: Session,
    table: object,
    batch: list[dict[str, object]],
    progress: Callable[[int], None] | None,
) -> int:
    if not batch:
        return 0
    # executemany: one multi-VALUES statement would pass SQLite's bound-parameter limit.
    session.connection().execute(insert(table), batch)  # type: ignore[arg-type]
    size = len(batch)
    batch.clear()
    if progress:
        progress(size)
    return size
