"""All SQL the API runs, in one place."""

from sqlmodel import Session, select

from models.access_point import AccessPoint, AccessPointPublic
from models.address import Address, AddressRecord
from models.commune import Commune, CommunePublic
from models.data_version import DataVersion


def data_version(session: Session) -> int:
    """The current data version (0 before any write)."""
    row = session.get(DataVersion, 1)
    return row.version if row else 0


def addresses_version(session: Session) -> int:
    """The version of the address table (0 before any import)."""
    row = session.get(DataVersion, 1)
    return row.addresses_version if row else 0


def all_access_points(session: Session) -> list[AccessPointPublic]:
    """Every stored place, as public models, in id order."""
    # Plain rows validated from dicts: ORM objects cost ten times more for 100,000 places.
    table = AccessPoint.__table__  # type: ignore[attr-defined]
    rows = session.execute(select(table).order_by(table.c.id)).mappings()
    return [AccessPointPublic.model_validate(dict(row)) for row in rows]


def all_communes(session: Session) -> list[CommunePublic]:
    """Every stored commune, by name."""
    rows = session.exec(select(Commune).order_by(Commune.name))
    return [CommunePublic.model_validate(row, from_attributes=True) for row in rows]


def all_addresses(session: Session) -> list[AddressRecord]:
    """Every imported BAN address, as geocoder records."""
    return [row.record() for row in session.exec(select(Address))]
