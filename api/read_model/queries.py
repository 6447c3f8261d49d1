"""All SQL the API runs, in one place."""

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping
from sqlmodel import Session, select

from models.access_point import AccessPoint, AccessPointPublic
from models.address import Address, AddressRecord
from models.commune import Commune, CommunePublic
from models.data_source import DataSource
from models.data_version import DataVersion
from models.steward import StewardLink
from seed.attribution import credit_for
from seed.data_sources import all_data_sources


def data_version(session: Session) -> int:
    """The current data version (0 before any write)."""
    row = session.get(DataVersion, 1)
    return row.version if row else 0


def addresses_version(session: Session) -> int:
    """The version of the address table (0 before any import)."""
    row = session.get(DataVersion, 1)
    return row.addresses_version if row else 0


def all_access_points(
    session: Session, sources: Mapping[str, DataSource] | None = None
) -> list[AccessPointPublic]:
    """Every stored place, as public models, in id order, with what its source says."""
    sources = all_data_sources(session) if sources is None else sources
    # Plain rows validated from dicts: ORM objects cost ten times more for 100,000 places.
    table = AccessPoint.__table__  # type: ignore[attr-defined]
    rows = session.execute(select(table).order_by(table.c.id)).mappings()
    return _public_places(rows, sources)


def access_points_by_ids(
    session: Session, ids: Collection[int], sources: Mapping[str, DataSource]
) -> list[AccessPointPublic]:
    """The stored places among `ids`, as public models, in id order (a deleted one is absent)."""
    table = AccessPoint.__table__  # type: ignore[attr-defined]
    statement = select(table).where(table.c.id.in_(list(ids))).order_by(table.c.id)
    return _public_places(session.execute(statement).mappings(), sources)


def _public_places(
    rows: Iterable[RowMapping], sources: Mapping[str, DataSource]
) -> list[AccessPointPublic]:
    by_source: dict[str, dict[str, Any]] = {}
    places = []
    for row in rows:
        name = row["source"]
        if name not in by_source:
            by_source[name] = source_fields(name, sources.get(name))
        places.append(validate_public(dict(row) | by_source[name]))
    share_fields_set(places)
    return places


def share_fields_set(places: list[AccessPointPublic]) -> None:
    """Let places validated from full rows share one `model_fields_set` (2 kB each otherwise).

    Every read names every field, so the sets are equal; at 100,000 places this is 220 MB.
    Pydantic copies the set when a model is copied, and adding a field already in it is a no-op.
    """
    shared: dict[frozenset[str], set[str]] = {}
    for place in places:
        fields = place.__pydantic_fields_set__
        one = shared.setdefault(frozenset(fields), fields)
        object.__setattr__(place, "__pydantic_fields_set__", one)


# Pydantic's own validator: SQLModel's model_validate sets each field again through its
# __setattr__, which doubled the time of reading 100,000 places.
validate_public = AccessPointPublic.__pydantic_validator__.validate_python


def source_fields(name: str, stored: DataSource | None) -> dict[str, Any]:
    """The credit of a place's source and its publication date, the stand-in for undated rows."""
    published = stored.published_on if stored is not None else None
    fields: dict[str, Any] = {"source_attribution": credit_for(name, stored).attribution}
    if published is not None:
        # AccessPointPublic keeps this only when the row has no date of its own.
        fields |= {"facts_date": published, "facts_date_basis": "publication"}
    return fields


def all_communes(session: Session) -> list[CommunePublic]:
    """Every stored commune, by name."""
    rows = session.exec(select(Commune).order_by(Commune.name))
    return [CommunePublic.model_validate(row, from_attributes=True) for row in rows]


def all_addresses(session: Session) -> list[AddressRecord]:
    """Every imported BAN address, as geocoder records."""
    return [row.record() for row in session.exec(select(Address))]


def places_with_active_steward(session: Session, now: datetime) -> set[int]:
    """Ids of places holding a steward link neither revoked nor expired at `now`."""
    statement = (
        select(StewardLink.access_point_id)
        .where(StewardLink.revoked_at.is_(None))  # type: ignore[union-attr]
        .where(StewardLink.expires_at > now)
        .distinct()
    )
    return set(session.exec(statement))
