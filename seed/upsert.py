"""Idempotent upserts keyed by (source, source_id), and the data-version bump."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlmodel import Session, select

from models.access_point import AccessPoint, AccessPointCreate
from models.commune import Commune, CommuneBase
from models.data_version import DataVersion


@dataclass
class UpsertReport:
    """How many records a load created, updated or found unchanged."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list[int] = field(default_factory=list)


def upsert_access_points(session: Session, places: list[AccessPointCreate]) -> UpsertReport:
    """Create or update each place by (source, source_id); nothing is deleted. No commit."""
    report = UpsertReport()
    existing = _existing_by_key(session, {p.source for p in places})
    for place in places:
        stored = existing.get((place.source, place.source_id))
        if stored is None:
            stored = AccessPoint.model_validate(place)
            session.add(stored)
            report.created += 1
        elif _differs(stored, place):
            stored.sqlmodel_update(place.model_dump())
            stored.updated_at = datetime.now(UTC)
            session.add(stored)
            report.updated += 1
        else:
            report.unchanged += 1
    session.flush()
    return report


def _existing_by_key(session: Session, sources: set[str]) -> dict[tuple[str, str], AccessPoint]:
    rows = session.exec(select(AccessPoint).where(AccessPoint.source.in_(sources)))  # type: ignore[attr-defined]
    return {(row.source, row.source_id): row for row in rows}


def _differs(stored: AccessPoint, incoming: AccessPointCreate) -> bool:
    # Table models skip validation, so stored lists hold plain strings: revalidate to compare.
    fields = {name: getattr(stored, name) for name in AccessPointCreate.model_fields}
    current = AccessPointCreate.model_validate(fields)
    return current.model_dump(mode="json") != incoming.model_dump(mode="json")


def upsert_communes(session: Session, communes: list[CommuneBase]) -> UpsertReport:
    """Create or update communes by INSEE code. No commit."""
    report = UpsertReport()
    for commune in communes:
        stored = session.get(Commune, commune.insee_code)
        if stored is None:
            session.add(Commune.model_validate(commune))
            report.created += 1
        elif stored.model_dump() != commune.model_dump():
            stored.sqlmodel_update(commune.model_dump())
            session.add(stored)
            report.updated += 1
        else:
            report.unchanged += 1
    session.flush()
    return report


def bump_data_version(session: Session) -> int:
    """Increase the data version in the current transaction; readers will reload."""
    row = session.get(DataVersion, 1)
    if row is None:
        row = DataVersion(id=1, version=0)
    row.version += 1
    session.add(row)
    session.flush()
    return row.version
