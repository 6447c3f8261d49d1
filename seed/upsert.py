"""Idempotent upserts keyed by (source, source_id), the audit trail, the data-version bump."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from models.access_point import AccessPoint, AccessPointCreate
from models.commune import Commune, CommuneBase
from models.data_version import DataVersion
from models.vocabulary import PlaceStatus
from seed import audit


@dataclass
class UpsertReport:
    """How many records a load created, updated, found unchanged or closed (pruned)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    ids: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when anything was written."""
        return bool(self.created or self.updated or self.closed)


def place_json(place: AccessPoint | AccessPointCreate) -> dict[str, Any]:
    """The writable fields of a place as JSON values (table models skip validation)."""
    fields = {name: getattr(place, name) for name in AccessPointCreate.model_fields}
    return AccessPointCreate.model_validate(fields).model_dump(mode="json")


def upsert_access_points(
    session: Session, places: list[AccessPointCreate], actor: str = "seed"
) -> UpsertReport:
    """Create or update each place by (source, source_id); nothing is deleted. No commit."""
    report = UpsertReport()
    existing = _existing_by_key(session, {p.source for p in places})
    created: list[AccessPoint] = []
    for place in places:
        stored = existing.get((place.source, place.source_id))
        if stored is None:
            stored = AccessPoint.model_validate(place)
            session.add(stored)
            created.append(stored)
            continue
        before, after = place_json(stored), place.model_dump(mode="json")
        if before == after:
            report.unchanged += 1
            report.ids.append(stored.id or 0)
            continue
        stored.sqlmodel_update(place.model_dump())
        stored.updated_at = datetime.now(UTC)
        session.add(stored)
        audit.record(session, stored.id or 0, actor, "import", audit.diff(before, after))
        report.updated += 1
        report.ids.append(stored.id or 0)
    session.flush()
    for stored in created:
        audit.record(session, stored.id or 0, actor, "create", audit.diff({}, place_json(stored)))
        report.ids.append(stored.id or 0)
    report.created = len(created)
    session.flush()
    return report


def close_missing(session: Session, source: str, kept: set[str], actor: str) -> int:
    """Mark closed the open places of `source` whose source_id is not in `kept`. No commit."""
    query = select(AccessPoint).where(AccessPoint.source == source)
    closed = 0
    for place in session.exec(query):
        if place.source_id in kept or place.status == PlaceStatus.CLOSED:
            continue
        before = place_json(place)
        place.status = PlaceStatus.CLOSED
        place.closure_reason = "no longer listed by its source"
        place.updated_at = datetime.now(UTC)
        session.add(place)
        audit.record(session, place.id or 0, actor, "close", audit.diff(before, place_json(place)))
        closed += 1
    session.flush()
    return closed


def _existing_by_key(session: Session, sources: set[str]) -> dict[tuple[str, str], AccessPoint]:
    rows = session.exec(select(AccessPoint).where(AccessPoint.source.in_(sources)))  # type: ignore[attr-defined]
    return {(row.source, row.source_id): row for row in rows}


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
