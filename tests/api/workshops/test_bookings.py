"""Booking, cancelling, attendance and the registration lists (api/workshops/bookings.py), as
services on a seeded database: a seat until the session is full, then the waiting list; a
freed seat to the first in line; who may see and change what."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from api.http.errors import Forbidden, NotFound
from api.workshops.bookings import (
    SessionClosed,
    TooEarly,
    book,
    cancel,
    mark_attendance,
    registrations,
)
from models.registration import (
    Attendance,
    Registration,
    RegistrationCreate,
    RegistrationListRead,
    RegistrationStatus,
)
from models.workshop import WorkshopSession
from tests.api.workshops.conftest import (
    ADMIN,
    CHENOVE,
    COUNSELLOR,
    GRESILLES,
    OTHER_COUNSELLOR,
    Store,
    paris,
)
from tests.api.workshops.test_routes_read import PERSON

NOW = datetime(2030, 3, 1, 9, tzinfo=UTC)
STARTS = paris(2030, 3, 19, 10)


def _person(first_name: str = "Nadia") -> RegistrationCreate:
    return RegistrationCreate.model_validate(PERSON | {"first_name": first_name})


def _book(store: Store, stored: WorkshopSession, name: str = "Nadia") -> Registration:
    registration, _ = book(store.session, stored.id or 0, _person(name), COUNSELLOR, NOW)
    store.session.commit()  # the route commits, with its Idempotency-Key
    return registration


def _line(store: Store, stored: WorkshopSession) -> list[tuple[str, str, int | None]]:
    query = (
        select(Registration)
        .where(Registration.session_id == stored.id)
        .order_by(col(Registration.id))
    )
    rows = store.session.exec(query.execution_options(populate_existing=True))
    return [(r.first_name, str(r.status), r.waiting_position) for r in rows]


def test_seats_go_first_then_the_waiting_list_in_order(store: Store) -> None:
    stored = store.at(store.workshop(), STARTS, capacity=2)
    booked = [_book(store, stored, name) for name in ("A", "B", "C", "D")]
    assert [(r.status, r.waiting_position) for r in booked] == [
        (RegistrationStatus.REGISTERED, None),
        (RegistrationStatus.REGISTERED, None),
        (RegistrationStatus.WAITING, 1),
        (RegistrationStatus.WAITING, 2),
    ]
    store.session.refresh(stored)
    assert stored.waiting_peak == 2


def test_a_booking_keeps_the_person_and_its_booking_key(store: Store) -> None:
    stored = store.at(store.workshop(), STARTS)
    registration, locked = book(store.session, stored.id or 0, _person(), COUNSELLOR, NOW)
    assert locked.id == stored.id
    assert registration.id is not None  # flushed: the caller commits
    assert (registration.first_name, registration.last_initial, registration.phone) == (
        "Nadia",
        "B",
        "+33612345678",
    )
    assert (registration.booking_key_id, registration.consent) == (COUNSELLOR.key_id, True)


def test_a_booking_is_only_flushed_the_caller_decides(store: Store) -> None:
    stored = store.at(store.workshop(), STARTS)
    book(store.session, stored.id or 0, _person(), COUNSELLOR, NOW)
    store.session.rollback()
    assert _line(store, stored) == []


def test_the_waiting_peak_keeps_the_longest_line(store: Store) -> None:
    stored = store.at(store.workshop(), STARTS, capacity=1)
    _book(store, stored, "A")
    waiting = [_book(store, stored, name) for name in ("B", "C")]
    cancel(store.session, waiting[1].id or 0, COUNSELLOR)
    _book(store, stored, "D")  # the line is 2 long again, never 3
    store.session.refresh(stored)
    assert stored.waiting_peak == 2


def test_a_cancelled_session_refuses_bookings_with_its_reason(store: Store) -> None:
    stored = store.cancelled(store.workshop(), STARTS, reason="Animatrice absente")
    with pytest.raises(SessionClosed) as refused:
        book(store.session, stored.id or 0, _person(), COUNSELLOR, NOW)
    assert (refused.value.status_code, refused.value.kind) == (409, "session_closed")
    assert refused.value.detail == (
        f"la séance {stored.id} est annulée (Animatrice absente) : rien n'a été réservé"
    )


def test_a_session_that_has_started_refuses_bookings(store: Store) -> None:
    stored = store.at(store.workshop(), STARTS)
    for now in (STARTS, STARTS + timedelta(minutes=5)):
        with pytest.raises(SessionClosed) as refused:
            book(store.session, stored.id or 0, _person(), COUNSELLOR, now)
        assert "a déjà commencé" in refused.value.detail
    # A second before is still in time.
    registration, _ = book(
        store.session, stored.id or 0, _person(), COUNSELLOR, STARTS - timedelta(seconds=1)
    )
    assert registration.status == RegistrationStatus.REGISTERED


def test_booking_an_unknown_session_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        book(store.session, 999_999, _person(), COUNSELLOR, NOW)


def test_cancelling_a_seat_promotes_the_first_waiting(store: Store) -> None:
    stored = store.at(store.workshop(), STARTS, capacity=1)
    seat, first, _second = (_book(store, stored, name) for name in ("A", "B", "C"))
    cancelled, promoted = cancel(store.session, seat.id or 0, COUNSELLOR)
    assert (cancelled.status, cancelled.waiting_position) == (RegistrationStatus.CANCELLED, None)
    assert [p.id for p in promoted] == [first.id]
    assert _line(store, stored) == [
        ("A", "cancelled", None),
        ("B", "registered", None),
        ("C", "waiting", 1),
    ]


def test_leaving_the_line_promotes_no_one_and_moves_the_rest_up(store: Store) -> None:
    stored = store.at(store.workshop(), STARTS, capacity=1)
    _seat, first, _second = (_book(store, stored, name) for name in ("A", "B", "C"))
    _cancelled, promoted = cancel(store.session, first.id or 0, COUNSELLOR)
    assert promoted == []
    assert _line(store, stored) == [
        ("A", "registered", None),
        ("B", "cancelled", None),
        ("C", "waiting", 1),
    ]


def test_cancelling_twice_changes_nothing_the_second_time(store: Store) -> None:
    stored = store.at(store.workshop(), STARTS, capacity=1)
    seat, _first = _book(store, stored, "A"), _book(store, stored, "B")
    cancel(store.session, seat.id or 0, COUNSELLOR)
    again, promoted = cancel(store.session, seat.id or 0, COUNSELLOR)
    assert (again.status, promoted) == (RegistrationStatus.CANCELLED, [])
    assert _line(store, stored) == [("A", "cancelled", None), ("B", "registered", None)]


def test_another_key_cannot_learn_a_registration_exists(store: Store) -> None:
    stored = store.at(store.workshop(), STARTS)
    seat = _book(store, stored)
    with pytest.raises(NotFound) as hidden:
        cancel(store.session, seat.id or 0, OTHER_COUNSELLOR)
    with pytest.raises(NotFound) as unknown:
        cancel(store.session, 999_999, OTHER_COUNSELLOR)
    # The same answer for someone else's registration as for none at all.
    assert (hidden.value.status_code, hidden.value.kind) == (404, "not_found")
    assert hidden.value.detail == f"aucune inscription n'a l'identifiant {seat.id}"
    assert unknown.value.detail == "aucune inscription n'a l'identifiant 999999"
    assert _line(store, stored) == [("Nadia", "registered", None)]


def test_an_admin_and_the_organisers_steward_cancel_any_registration(store: Store) -> None:
    stored = store.at(store.workshop(GRESILLES), STARTS)
    first, second = _book(store, stored, "A"), _book(store, stored, "B")
    cancel(store.session, first.id or 0, ADMIN)
    cancel(store.session, second.id or 0, store.steward(GRESILLES))
    assert [s for _, s, _ in _line(store, stored)] == ["cancelled", "cancelled"]
    third = _book(store, stored, "C")
    with pytest.raises(NotFound):
        cancel(store.session, third.id or 0, store.steward(CHENOVE))


def test_attendance_is_marked_once_the_session_has_started(store: Store) -> None:
    stored = store.at(store.workshop(), STARTS)
    seat = _book(store, stored)
    with pytest.raises(TooEarly) as early:
        mark_attendance(store.session, seat.id or 0, Attendance.PRESENT, COUNSELLOR, NOW)
    assert (early.value.status_code, early.value.kind) == (409, "session_not_started")
    marked = mark_attendance(store.session, seat.id or 0, Attendance.PRESENT, COUNSELLOR, STARTS)
    assert marked.attendance == Attendance.PRESENT
    absent = mark_attendance(store.session, seat.id or 0, Attendance.ABSENT, ADMIN, STARTS)
    assert absent.attendance == Attendance.ABSENT
    undone = mark_attendance(store.session, seat.id or 0, None, store.steward(GRESILLES), STARTS)
    assert undone.attendance is None


def test_only_seats_held_are_marked(store: Store) -> None:
    stored = store.at(store.workshop(), STARTS, capacity=1)
    seat, waiting = _book(store, stored, "A"), _book(store, stored, "B")
    cancel(store.session, seat.id or 0, COUNSELLOR)  # B takes the seat
    after = STARTS + timedelta(hours=3)
    with pytest.raises(SessionClosed) as refused:
        mark_attendance(store.session, seat.id or 0, Attendance.ABSENT, COUNSELLOR, after)
    assert "seules les personnes inscrites" in refused.value.detail
    promoted = mark_attendance(store.session, waiting.id or 0, Attendance.PRESENT, ADMIN, after)
    assert promoted.attendance == Attendance.PRESENT


def test_attendance_by_another_key_is_not_found(store: Store) -> None:
    stored = store.at(store.workshop(), STARTS)
    seat = _book(store, stored)
    with pytest.raises(NotFound):
        mark_attendance(store.session, seat.id or 0, Attendance.PRESENT, OTHER_COUNSELLOR, STARTS)


def _reads(store: Store) -> list[tuple[int, str]]:
    rows = store.session.exec(select(RegistrationListRead).order_by(col(RegistrationListRead.id)))
    return [(r.session_id, r.reader) for r in rows]


def test_a_key_lists_its_own_bookings_and_managers_list_all(store: Store) -> None:
    stored = store.at(store.workshop(GRESILLES), STARTS)
    mine = _book(store, stored, "A")
    book(store.session, stored.id or 0, _person("B"), OTHER_COUNSELLOR, NOW)
    store.session.commit()
    sid = stored.id or 0
    assert [r.id for r in registrations(store.session, sid, COUNSELLOR)] == [mine.id]
    assert [r.first_name for r in registrations(store.session, sid, ADMIN)] == ["A", "B"]
    steward = store.steward(GRESILLES)
    assert [r.first_name for r in registrations(store.session, sid, steward)] == ["A", "B"]
    # Every read is logged with its reader, whatever it found.
    assert _reads(store) == [
        (sid, "key:2:conseillere-test"),
        (sid, "key:1:admin-test"),
        (sid, "steward:Camille Martin"),
    ]


def test_a_key_that_booked_nothing_reads_an_empty_list_and_is_logged(store: Store) -> None:
    stored = store.at(store.workshop(), STARTS)
    _book(store, stored)
    assert registrations(store.session, stored.id or 0, OTHER_COUNSELLOR) == []
    assert _reads(store) == [(stored.id, "key:3:autre-conseiller-test")]


def test_another_places_steward_is_refused_and_nothing_is_logged(store: Store) -> None:
    stored = store.at(store.workshop(GRESILLES), STARTS)
    _book(store, stored)
    with pytest.raises(Forbidden):
        registrations(store.session, stored.id or 0, store.steward(CHENOVE))
    store.session.rollback()
    assert _reads(store) == []


def test_listing_an_unknown_session_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound) as missing:
        registrations(store.session, 999_999, ADMIN)
    assert missing.value.detail == "aucune séance n'a l'identifiant 999999"
