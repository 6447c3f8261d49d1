"""Public answers about workshops and sessions (api/workshops/answers.py): the venue as the
read model has it, seats left, Paris times, GeoJSON properties; rows built in memory."""

from datetime import UTC, datetime
from typing import Any

from api.read_model import Snapshot
from api.workshops.answers import (
    SessionOut,
    VenueOut,
    session_feature,
    session_out,
    venue_out,
    workshop_out,
)
from api.workshops.queries import Seats
from models.opening_hours import PARIS
from models.vocabulary import Service
from models.workshop import SessionStatus, Workshop, WorkshopSession
from tests.api.workshops.conftest import CHENOVE, GRESILLES, Store

GONE = 999_999  # no place of the seed


def _owner(venue_id: int, **fields: Any) -> Workshop:
    return Workshop(
        id=5,
        title="Je recherche, je me connecte",
        organiser_id=venue_id,
        venue_id=venue_id,
        services=[Service.EMPLOYMENT],
        **fields,
    )


def _session(capacity: int = 10, **fields: Any) -> WorkshopSession:
    times = {
        "starts_at": datetime(2030, 3, 19, 9, tzinfo=UTC),
        "ends_at": datetime(2030, 3, 19, 11, tzinfo=UTC),
    }
    return WorkshopSession(id=40, workshop_id=5, capacity=capacity, **(times | fields))


def test_the_venue_is_the_places_own_record(store: Store, snapshot: Snapshot) -> None:
    assert venue_out(snapshot, store.place(GRESILLES)) == VenueOut(
        id=store.place(GRESILLES),
        name="PANDA Grésilles",
        address="14 rue Camille Claudel",
        postcode="21000",
        commune="Dijon",
        insee_code="21231",
        latitude=47.32968,
        longitude=5.069047,
        phone="+33380488414",
    )


def test_a_place_no_longer_served_has_no_venue(snapshot: Snapshot) -> None:
    assert venue_out(snapshot, GONE) is None


def test_a_session_reads_in_paris_time_with_its_workshops_title(
    store: Store, snapshot: Snapshot
) -> None:
    out = session_out(snapshot, _session(), _owner(store.place(CHENOVE)), Seats(3, 0))
    assert (out.id, out.workshop_id, out.title) == (40, 5, "Je recherche, je me connecte")
    assert out.starts_at.isoformat() == "2030-03-19T10:00:00+01:00"
    assert out.ends_at.isoformat() == "2030-03-19T12:00:00+01:00"
    assert out.starts_at.tzinfo == PARIS
    assert (out.capacity, out.registered, out.waiting, out.seats_left) == (10, 3, 0, 7)
    assert out.venue is not None and out.venue.commune == "Chenôve"
    assert (out.status, out.cancel_reason, out.rrule, out.distance_m) == (
        SessionStatus.SCHEDULED,
        None,
        None,
        None,
    )


def test_naive_stored_times_are_taken_as_utc(store: Store, snapshot: Snapshot) -> None:
    naive = _session(starts_at=datetime(2030, 7, 1, 8), ends_at=datetime(2030, 7, 1, 10))
    out = session_out(snapshot, naive, _owner(store.place(GRESILLES)), None)
    assert out.starts_at.isoformat() == "2030-07-01T10:00:00+02:00"


def test_without_counts_every_seat_is_free(store: Store, snapshot: Snapshot) -> None:
    out = session_out(snapshot, _session(capacity=4), _owner(store.place(GRESILLES)), None)
    assert (out.registered, out.waiting, out.seats_left) == (0, 0, 4)


def test_a_full_or_overbooked_session_has_no_seat_left_never_fewer(
    store: Store, snapshot: Snapshot
) -> None:
    owner = _owner(store.place(GRESILLES))
    full = session_out(snapshot, _session(capacity=2), owner, Seats(2, 3))
    over = session_out(snapshot, _session(capacity=2), owner, Seats(3, 0))
    assert [(o.seats_left, o.waiting) for o in (full, over)] == [(0, 3), (0, 0)]


def test_a_cancelled_session_offers_no_seat(store: Store, snapshot: Snapshot) -> None:
    stored = _session(status=SessionStatus.CANCELLED, cancel_reason="Animatrice absente")
    out = session_out(snapshot, stored, _owner(store.place(GRESILLES)), Seats(1, 0))
    assert (out.seats_left, out.status, out.cancel_reason) == (
        0,
        SessionStatus.CANCELLED,
        "Animatrice absente",
    )


def test_the_distance_is_rounded_to_the_decimetre(store: Store, snapshot: Snapshot) -> None:
    out = session_out(snapshot, _session(), _owner(store.place(GRESILLES)), None, 1234.5678)
    assert out.distance_m == 1234.6


def test_a_workshop_carries_its_venue_and_the_sessions_given(
    store: Store, snapshot: Snapshot
) -> None:
    owner = _owner(store.place(GRESILLES), what_to_bring="votre smartphone chargé")
    item = session_out(snapshot, _session(), owner, None)
    out = workshop_out(snapshot, owner, [item])
    assert (out.id, out.title, out.what_to_bring) == (
        5,
        "Je recherche, je me connecte",
        "votre smartphone chargé",
    )
    assert out.services == ["Insertion professionnelle via le numérique"]
    assert out.venue is not None and out.venue.name == "PANDA Grésilles"
    assert out.next_sessions == [item]
    assert workshop_out(snapshot, _owner(GONE), []).venue is None


def test_the_geojson_properties_carry_the_venues_coordinates(
    store: Store, snapshot: Snapshot
) -> None:
    item = session_out(snapshot, _session(), _owner(store.place(CHENOVE)), Seats(1, 0))
    feature = session_feature(item)
    assert feature is not None
    assert (feature["latitude"], feature["longitude"]) == (47.289688, 5.00864)
    assert feature["starts_at"] == "2030-03-19T10:00:00+01:00"
    assert feature["seats_left"] == 9
    assert feature["venue"]["name"] == "MJC Chenôve"


def test_a_session_without_venue_has_no_feature(snapshot: Snapshot) -> None:
    item = session_out(snapshot, _session(), _owner(GONE), None)
    assert isinstance(item, SessionOut) and item.venue is None
    assert session_feature(item) is None
