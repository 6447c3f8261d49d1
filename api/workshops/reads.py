"""Public reads of sessions: filter, locate, sort, count seats; from the database and the
snapshot (venues), never touching a registration's fields beyond counting them."""

from datetime import datetime

import numpy as np
from sqlmodel import Session

from api.read_model import Snapshot, commune_index
from api.workshops.answers import SessionOut, session_out
from api.workshops.filters import WorkshopFilters
from api.workshops.queries import seat_counts, sessions_between
from models.geo import geodesic_distances_m
from models.text import fold
from models.workshop import Workshop


def commune_code(snapshot: Snapshot, commune: str | None) -> str | None:
    """The INSEE code of a commune filter; InvalidParameter when unknown or ambiguous."""
    return None if commune is None else commune_index.commune_code(snapshot, commune)


def workshop_matches(
    snapshot: Snapshot, owner: Workshop, filters: WorkshopFilters, insee_code: str | None
) -> bool:
    """Whether a workshop passes the topic, audience, place and commune filters."""
    if filters.topic is not None:
        topics = {fold(str(t)) for t in [*owner.services, *owner.topics]}
        if fold(filters.topic) not in topics:
            return False
    if filters.audience is not None and fold(filters.audience) not in {
        fold(a) for a in owner.audiences
    }:
        return False
    if filters.place is not None and filters.place not in (owner.venue_id, owner.organiser_id):
        return False
    if insee_code is not None:
        index = snapshot.by_id.get(owner.venue_id)
        if index is None or snapshot.places[index].insee_code != insee_code:
            return False
    return True


def find_sessions(
    session: Session,
    snapshot: Snapshot,
    filters: WorkshopFilters,
    window: tuple[datetime, datetime],
    point: tuple[float, float] | None = None,
    radius_m: float | None = None,
    seats_available: bool = False,
) -> list[SessionOut]:
    """Sessions in the window passing the filters, by start; with distances from `point`."""
    insee_code = commune_code(snapshot, filters.commune)
    rows = [
        (stored, owner)
        for stored, owner in sessions_between(session, window[0], window[1])
        if workshop_matches(snapshot, owner, filters, insee_code)
    ]
    counts = seat_counts(session, [stored.id or 0 for stored, _ in rows])
    items = [
        session_out(snapshot, stored, owner, counts.get(stored.id or 0)) for stored, owner in rows
    ]
    if seats_available:
        items = [item for item in items if item.seats_left > 0]
    if point is not None:
        items = _within(items, point, radius_m or 0)
    return items


def _within(
    items: list[SessionOut], point: tuple[float, float], radius_m: float
) -> list[SessionOut]:
    located = [item for item in items if item.venue is not None]
    if not located:
        return []
    latitudes = np.array([item.venue.latitude for item in located if item.venue])
    longitudes = np.array([item.venue.longitude for item in located if item.venue])
    distances = geodesic_distances_m(point[0], point[1], latitudes, longitudes)
    return [
        item.model_copy(update={"distance_m": round(float(d), 1)})
        for item, d in zip(located, distances, strict=True)
        if d <= radius_m
    ]


def upcoming_by_place(
    session: Session, snapshot: Snapshot, window: tuple[datetime, datetime]
) -> dict[int, list[SessionOut]]:
    """Scheduled sessions of the window by venue id, by start (for the access-point answers)."""
    rows = sessions_between(session, window[0], window[1], include_cancelled=False)
    counts = seat_counts(session, [stored.id or 0 for stored, _ in rows])
    by_place: dict[int, list[SessionOut]] = {}
    for stored, owner in rows:
        item = session_out(snapshot, stored, owner, counts.get(stored.id or 0))
        by_place.setdefault(owner.venue_id, []).append(item)
    return by_place
