"""Public answers about workshops and sessions: venue facts from the snapshot, seats counted,
times in Paris; no registration's data ever reaches them."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from api.read_model import Snapshot
from api.workshops.queries import Seats
from models.opening_hours import PARIS
from models.workshop import SessionStatus, Workshop, WorkshopPublic, WorkshopSession, as_utc


class VenueOut(BaseModel):
    """Where a workshop happens, as the place's own record says it."""

    id: int
    name: str
    address: str
    postcode: str
    commune: str
    insee_code: str | None
    latitude: float
    longitude: float
    phone: str | None


class SessionOut(BaseModel):
    """One session: when (Paris time), where, seats left; never who booked."""

    id: int
    workshop_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    registered: int
    waiting: int
    seats_left: int
    status: SessionStatus
    cancel_reason: str | None
    rrule: str | None
    venue: VenueOut | None
    distance_m: float | None = Field(default=None, description="From the query point, if any.")


class WorkshopOut(WorkshopPublic):
    """A workshop with its venue and its next sessions."""

    venue: VenueOut | None
    next_sessions: list[SessionOut]


def venue_out(snapshot: Snapshot, place_id: int) -> VenueOut | None:
    """The venue's public facts, or None when the place is no longer served."""
    index = snapshot.by_id.get(place_id)
    if index is None:
        return None
    place = snapshot.places[index]
    return VenueOut(
        id=place_id,
        name=place.name,
        address=place.address,
        postcode=place.postcode,
        commune=place.commune,
        insee_code=place.insee_code,
        latitude=place.latitude,
        longitude=place.longitude,
        phone=place.phone,
    )


def session_out(
    snapshot: Snapshot,
    stored: WorkshopSession,
    owner: Workshop,
    seats: Seats | None,
    distance_m: float | None = None,
) -> SessionOut:
    """A session as the public reads it."""
    seats = seats or Seats()
    open_seats = stored.capacity - seats.registered
    scheduled = stored.status == SessionStatus.SCHEDULED
    return SessionOut(
        id=stored.id or 0,
        workshop_id=owner.id or 0,
        title=owner.title,
        starts_at=as_utc(stored.starts_at).astimezone(PARIS),
        ends_at=as_utc(stored.ends_at).astimezone(PARIS),
        capacity=stored.capacity,
        registered=seats.registered,
        waiting=seats.waiting,
        seats_left=max(open_seats, 0) if scheduled else 0,
        status=SessionStatus(stored.status),
        cancel_reason=stored.cancel_reason,
        rrule=stored.rrule,
        venue=venue_out(snapshot, owner.venue_id),
        distance_m=None if distance_m is None else round(distance_m, 1),
    )


def workshop_out(snapshot: Snapshot, owner: Workshop, sessions: list[SessionOut]) -> WorkshopOut:
    """A workshop with its venue and the sessions given."""
    public = WorkshopPublic.model_validate(owner, from_attributes=True)
    return WorkshopOut(
        **public.model_dump(), venue=venue_out(snapshot, owner.venue_id), next_sessions=sessions
    )


def session_feature(item: SessionOut) -> dict[str, Any] | None:
    """A session's properties with its venue's coordinates, for GeoJSON; None if unlocated."""
    if item.venue is None:
        return None
    properties = item.model_dump(mode="json")
    return properties | {"latitude": item.venue.latitude, "longitude": item.venue.longitude}
