"""A workshop's statistics (api/workshops/stats.py): sessions held are those ended and not
cancelled; their seats, bookings and attendance, from the registrations or, once purged, from
the counts kept; the longest waiting list of any session."""

from datetime import UTC, datetime

from api.workshops.stats import WorkshopStats, kept_counts, workshop_stats
from models.registration import Attendance, RegistrationStatus
from models.workshop import SessionStatus, WorkshopSession
from tests.api.workshops.conftest import CHENOVE, Store, paris

NOW = paris(2030, 4, 1, 12)


def test_a_workshop_without_sessions_counts_zero(store: Store) -> None:
    owner = store.workshop()
    assert workshop_stats(store.session, owner.id or 0, NOW) == WorkshopStats(
        workshop_id=owner.id or 0,
        sessions_held=0,
        sessions_cancelled=0,
        seats_offered=0,
        booked=0,
        attended=0,
        no_shows=0,
        waiting_list_peak=0,
    )


def test_held_sessions_count_seats_bookings_and_attendance(store: Store) -> None:
    owner = store.workshop()
    first = store.at(owner, paris(2030, 3, 19, 10), capacity=10)
    second = store.at(owner, paris(2030, 3, 26, 10), capacity=6)
    store.registration(first, attendance=Attendance.PRESENT)
    store.registration(first, attendance=Attendance.PRESENT)
    store.registration(first, attendance=Attendance.ABSENT)
    store.registration(first)  # not marked: booked, neither present nor absent
    store.registration(first, RegistrationStatus.CANCELLED, attendance=None)
    store.registration(second, attendance=Attendance.ABSENT)
    # A waiting registration never held a seat.
    store.registration(second, RegistrationStatus.WAITING, waiting_position=1)
    stats = workshop_stats(store.session, owner.id or 0, NOW)
    assert (stats.sessions_held, stats.seats_offered) == (2, 16)
    assert (stats.booked, stats.attended, stats.no_shows) == (5, 2, 2)


def test_coming_and_running_sessions_are_not_held_yet(store: Store) -> None:
    owner = store.workshop()
    store.registration(store.at(owner, paris(2030, 4, 1, 11)))  # ends at 13:00, after NOW
    store.registration(store.at(owner, paris(2030, 4, 8, 10)))
    ended_now = store.at(owner, paris(2030, 4, 1, 10))  # ends at 12:00: NOW
    store.registration(ended_now)
    stats = workshop_stats(store.session, owner.id or 0, NOW)
    assert (stats.sessions_held, stats.booked, stats.seats_offered) == (1, 1, 10)


def test_cancelled_sessions_are_counted_apart_past_or_coming(store: Store) -> None:
    owner = store.workshop()
    store.cancelled(owner, paris(2030, 3, 19, 10))
    coming = store.cancelled(owner, paris(2030, 5, 7, 10))
    store.registration(coming)
    stats = workshop_stats(store.session, owner.id or 0, NOW)
    assert (stats.sessions_cancelled, stats.sessions_held, stats.booked, stats.seats_offered) == (
        2,
        0,
        0,
        0,
    )


def test_purged_sessions_count_what_the_purge_kept(store: Store) -> None:
    owner = store.workshop()
    store.at(
        owner,
        paris(2030, 1, 8, 10),
        capacity=12,
        purged_at=datetime(2030, 2, 8, tzinfo=UTC),
        booked_count=9,
        attended_count=7,
        no_show_count=2,
    )
    live = store.at(owner, paris(2030, 3, 19, 10), capacity=10)
    store.registration(live, attendance=Attendance.PRESENT)
    stats = workshop_stats(store.session, owner.id or 0, NOW)
    assert (stats.sessions_held, stats.seats_offered) == (2, 22)
    assert (stats.booked, stats.attended, stats.no_shows) == (10, 8, 2)


def test_the_waiting_peak_is_the_highest_of_any_session(store: Store) -> None:
    owner = store.workshop()
    store.at(owner, paris(2030, 3, 19, 10), waiting_peak=2)
    store.at(owner, paris(2030, 6, 2, 10), waiting_peak=5)  # coming: its line counts already
    assert workshop_stats(store.session, owner.id or 0, NOW).waiting_list_peak == 5
    store.at(
        owner,
        paris(2030, 3, 26, 10),
        waiting_peak=7,
        status=SessionStatus.CANCELLED,
        cancel_reason="Travaux",
    )
    assert workshop_stats(store.session, owner.id or 0, NOW).waiting_list_peak == 7


def test_other_workshops_are_not_counted(store: Store) -> None:
    mine, theirs = store.workshop(), store.workshop(CHENOVE)
    store.registration(store.at(theirs, paris(2030, 3, 19, 10)))
    assert workshop_stats(store.session, mine.id or 0, NOW).sessions_held == 0
    assert workshop_stats(store.session, theirs.id or 0, NOW).booked == 1


def test_kept_counts_read_missing_counts_as_zero() -> None:
    purged = WorkshopSession(
        workshop_id=1,
        starts_at=datetime(2030, 1, 8, 9, tzinfo=UTC),
        ends_at=datetime(2030, 1, 8, 11, tzinfo=UTC),
        capacity=10,
        booked_count=4,
    )
    assert kept_counts(purged) == (4, 0, 0)
