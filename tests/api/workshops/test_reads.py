"""Public reads of sessions (api/workshops/reads.py): which workshops pass the filters (pure,
against the read model), and the sessions found in a window, with seats, distances and
venues; on a seeded database."""

import pytest

from api.http.errors import InvalidParameter
from api.read_model import Snapshot
from api.workshops.filters import WorkshopFilters
from api.workshops.reads import commune_code, find_sessions, upcoming_by_place, workshop_matches
from models.registration import RegistrationStatus
from models.vocabulary import Service
from models.workshop import Workshop
from tests.api.workshops.conftest import CHENOVE, FONTAINE, GRESILLES, Store, paris

MARCH = (paris(2030, 3, 1, 0), paris(2030, 4, 1, 0))
GRESILLES_POINT = (47.32968, 5.069047)


def _workshop(store: Store, venue: str = GRESILLES, organiser: str | None = None) -> Workshop:
    return Workshop(
        id=1,
        title="Je recherche, je me connecte",
        venue_id=store.place(venue),
        organiser_id=store.place(organiser or venue),
        services=[Service.EMPLOYMENT],
        topics=["Recherche d'emploi"],
        audiences=["Demandeurs d'emploi"],
    )


def _matches(snapshot: Snapshot, owner: Workshop, **filters: object) -> bool:
    given = WorkshopFilters.model_validate(filters)
    return workshop_matches(snapshot, owner, given, commune_code(snapshot, given.commune))


@pytest.mark.parametrize(
    ("filters", "kept"),
    [
        ({}, True),
        # A service of the standard, or a free topic, folded (case, accents, punctuation).
        ({"topic": "insertion professionnelle via le numerique"}, True),
        ({"topic": "RECHERCHE D EMPLOI"}, True),
        ({"topic": "emploi"}, False),  # a whole topic, not a word of one
        ({"audience": "demandeurs d’emploi"}, True),
        ({"audience": "seniors"}, False),
        ({"commune": "Dijon"}, True),
        ({"commune": "21231"}, True),
        ({"commune": "Chenôve"}, False),
    ],
)
def test_a_workshop_passes_the_filters_it_meets(
    store: Store, snapshot: Snapshot, filters: dict[str, object], kept: bool
) -> None:
    assert _matches(snapshot, _workshop(store), **filters) is kept


def test_the_place_filter_is_the_venue_or_the_organiser(store: Store, snapshot: Snapshot) -> None:
    hosted = _workshop(store, venue=CHENOVE, organiser=GRESILLES)
    assert _matches(snapshot, hosted, place=store.place(CHENOVE))
    assert _matches(snapshot, hosted, place=store.place(GRESILLES))
    assert not _matches(snapshot, hosted, place=store.place(FONTAINE))


def test_the_commune_filter_is_the_venues_commune(store: Store, snapshot: Snapshot) -> None:
    # Organised from Dijon, held in Chenôve.
    hosted = _workshop(store, venue=CHENOVE, organiser=GRESILLES)
    assert _matches(snapshot, hosted, commune="chenove")
    assert not _matches(snapshot, hosted, commune="Dijon")


def test_a_venue_no_longer_served_is_in_no_commune(store: Store, snapshot: Snapshot) -> None:
    gone = _workshop(store)
    gone.venue_id = 999_999
    assert _matches(snapshot, gone)
    assert not _matches(snapshot, gone, commune="Dijon")


def test_an_unknown_commune_is_refused(snapshot: Snapshot) -> None:
    assert commune_code(snapshot, None) is None
    with pytest.raises(InvalidParameter) as refused:
        commune_code(snapshot, "Lyon")
    assert refused.value.detail.startswith("commune : « Lyon » ne désigne aucune commune connue")


def test_sessions_of_the_window_by_start_with_seats_and_venue(
    store: Store, snapshot: Snapshot
) -> None:
    here, there = store.workshop(GRESILLES), store.workshop(CHENOVE)
    later = store.at(here, paris(2030, 3, 26, 10), capacity=3)
    sooner = store.at(there, paris(2030, 3, 19, 14))
    store.at(here, paris(2030, 4, 2, 10))  # after the window
    store.registration(later)
    store.registration(later, RegistrationStatus.WAITING, waiting_position=1)
    found = find_sessions(store.session, snapshot, WorkshopFilters(), MARCH)
    assert [(s.id, s.seats_left, s.registered, s.waiting) for s in found] == [
        (sooner.id, 10, 0, 0),
        (later.id, 2, 1, 1),
    ]
    assert [s.venue.name if s.venue else None for s in found] == ["MJC Chenôve", "PANDA Grésilles"]
    assert {s.distance_m for s in found} == {None}


def test_sessions_filtered_by_their_workshop(store: Store, snapshot: Snapshot) -> None:
    here, there = store.workshop(GRESILLES), store.workshop(CHENOVE)
    mine = store.at(here, paris(2030, 3, 19, 10))
    store.at(there, paris(2030, 3, 19, 10))
    by_place = WorkshopFilters(place=store.place(GRESILLES))
    by_commune = WorkshopFilters(commune="Dijon")
    assert [s.id for s in find_sessions(store.session, snapshot, by_place, MARCH)] == [mine.id]
    assert [s.id for s in find_sessions(store.session, snapshot, by_commune, MARCH)] == [mine.id]


def test_only_sessions_with_a_free_seat_when_asked(store: Store, snapshot: Snapshot) -> None:
    owner = store.workshop()
    full = store.at(owner, paris(2030, 3, 19, 10), capacity=1)
    store.registration(full)
    called_off = store.cancelled(owner, paris(2030, 3, 20, 10))
    free = store.at(owner, paris(2030, 3, 21, 10), capacity=1)
    everything = find_sessions(store.session, snapshot, WorkshopFilters(), MARCH)
    assert [s.id for s in everything] == [full.id, called_off.id, free.id]
    with_seats = find_sessions(
        store.session, snapshot, WorkshopFilters(), MARCH, seats_available=True
    )
    assert [s.id for s in with_seats] == [free.id]


def test_sessions_near_a_point_within_the_radius_carry_their_distance(
    store: Store, snapshot: Snapshot
) -> None:
    near = store.at(store.workshop(GRESILLES), paris(2030, 3, 20, 10))
    far = store.at(store.workshop(CHENOVE), paris(2030, 3, 19, 10))
    gone = store.workshop(GRESILLES)
    gone.venue_id = 999_999
    store.session.add(gone)
    store.session.commit()
    store.at(gone, paris(2030, 3, 18, 10))  # no venue: never near anything
    wide = find_sessions(
        store.session, snapshot, WorkshopFilters(), MARCH, GRESILLES_POINT, radius_m=20_000
    )
    # Still in start order: sorting by distance is the route's.
    assert [s.id for s in wide] == [far.id, near.id]
    assert wide[1].distance_m == 0.0
    assert wide[0].distance_m is not None and 6_000 < wide[0].distance_m < 10_000
    close = find_sessions(
        store.session, snapshot, WorkshopFilters(), MARCH, GRESILLES_POINT, radius_m=1_000
    )
    assert [s.id for s in close] == [near.id]


def test_no_session_near_a_point_when_none_is_located(store: Store, snapshot: Snapshot) -> None:
    gone = store.workshop()
    gone.venue_id = 999_999
    store.session.add(gone)
    store.session.commit()
    store.at(gone, paris(2030, 3, 18, 10))
    found = find_sessions(
        store.session, snapshot, WorkshopFilters(), MARCH, GRESILLES_POINT, radius_m=100_000
    )
    assert found == []


def test_upcoming_sessions_by_venue_leave_out_cancelled_ones(
    store: Store, snapshot: Snapshot
) -> None:
    here, there = store.workshop(GRESILLES), store.workshop(CHENOVE, organiser=GRESILLES)
    second = store.at(here, paris(2030, 3, 26, 10))
    first = store.at(here, paris(2030, 3, 19, 10))
    store.cancelled(here, paris(2030, 3, 20, 10))
    hosted = store.at(there, paris(2030, 3, 21, 10), capacity=2)
    store.registration(hosted)
    store.cancelled(store.workshop(FONTAINE), paris(2030, 3, 22, 10))
    found = upcoming_by_place(store.session, snapshot, MARCH)
    assert {place: [s.id for s in items] for place, items in found.items()} == {
        store.place(GRESILLES): [first.id, second.id],
        # By venue, not by organiser.
        store.place(CHENOVE): [hosted.id],
    }
    assert found[store.place(CHENOVE)][0].seats_left == 1


def test_upcoming_sessions_of_an_empty_window_are_none(store: Store, snapshot: Snapshot) -> None:
    store.at(store.workshop(), paris(2030, 3, 19, 10))
    window = (paris(2031, 1, 1, 0), paris(2031, 2, 1, 0))
    assert upcoming_by_place(store.session, snapshot, window) == {}
