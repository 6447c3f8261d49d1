"""The `data_source` rows: a source's credit, licence and publication date, as it declares them."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from models.data_source import DataSource
from seed.attribution import credit_for
from seed.locking import begin_write


@dataclass(frozen=True)
class SourceDeclaration:
    """What a seed file or a mapping says of its source; None means "not said"."""

    name: str
    attribution: str | None = None
    licence: str | None = None
    published_on: date | None = None


def upsert_data_source(session: Session, declared: SourceDeclaration) -> bool:
    """Create or update a source's row with what is declared; True when it changed. No commit.

    A new row takes the known credit for what is not declared; an existing row keeps it.
    """
    begin_write(session)
    created = _insert_if_missing(session, declared.name)
    row = session.get(DataSource, declared.name, with_for_update=True, populate_existing=True)
    assert row is not None  # inserted above, and rows are never deleted
    changed = created
    for field in ("attribution", "licence", "published_on"):
        value = getattr(declared, field)
        if value is not None and getattr(row, field) != value:
            setattr(row, field, value)
            changed = True
    if changed:
        session.add(row)
        session.flush()
    return changed


def _insert_if_missing(session: Session, name: str) -> bool:
    """Insert a row with the known credit unless one exists; True when inserted.

    ON CONFLICT DO NOTHING: two first imports of a source at once both succeed.
    """
    credit = credit_for(name)
    values = {"name": name, "attribution": credit.attribution, "licence": credit.licence}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(DataSource).values(**values).on_conflict_do_nothing(index_elements=["name"])
    # On the connection, as Core: an ORM-level execute does not report the row count.
    return session.connection().execute(statement).rowcount > 0


def all_data_sources(session: Session) -> dict[str, DataSource]:
    """Every stored source, by name."""
    return {row.name: row for row in session.exec(select(DataSource))}
