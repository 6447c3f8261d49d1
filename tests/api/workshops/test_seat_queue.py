"""The waiting list of a session and its promotion (api/workshops/seat_queue.py): free seats go
to the first in line, in order; the rest are renumbered from 1; a cancelled session promotes
no one."""

from sqlmodel import col, select

from api.workshops.seat_queue import promote_waiting, waiting_list
from models.registration import Registration, RegistrationStatus
from models.workshop import SessionStatus
from tests.api.workshops.conftest import Store, paris

REGISTERED, WAITING, CANCELLED = (
    RegistrationStatus.REGISTERED,
    RegistrationStatus.WAITING,
    RegistrationStatus.CANCELLED,
)


def _states(store: Store, session_id: int) -> list[tuple[str, str, int | None]]:
    query = (
        select(Registration)
        .where(Registration.session_id == session_id)
        .order_by(col(Registration.id))
    )
    return [(r.first_name, str(r.status), r.waiting_position) for r in store.session.exec(query)]


def test_the_waiting_list_is_in_line_order_and_only_those_waiting(store: Store) -> None:
    stored = store.at(store.workshop(), paris(2030, 3, 19, 10), capacity=1)
    store.registration(stored, first_name="Seat")
    # Written out of order: the position, not the id, says who is first.
    store.registration(stored, WAITING, waiting_position=2, first_name="Second")
    store.registration(stored, WAITING, waiting_position=1, first_name="First")
    store.registration(stored, CANCELLED, first_name="Gone")
    other = store.at(store.workshop(), paris(2030, 3, 20, 10), capacity=1)
    store.registration(other, WAITING, waiting_position=1, first_name="Elsewhere")
    assert [r.first_name for r in waiting_list(store.session, stored.id or 0)] == [
        "First",
        "Second",
    ]


def test_equal_positions_fall_back_to_booking_order(store: Store) -> None:
    stored = store.at(store.workshop(), paris(2030, 3, 19, 10), capacity=1)
    store.registration(stored, WAITING, waiting_position=1, first_name="Earlier")
    store.registration(stored, WAITING, waiting_position=1, first_name="Later")
    assert [r.first_name for r in waiting_list(store.session, stored.id or 0)] == [
        "Earlier",
        "Later",
    ]


def test_one_freed_seat_goes_to_the_first_and_the_rest_move_up(store: Store) -> None:
    stored = store.at(store.workshop(), paris(2030, 3, 19, 10), capacity=2)
    store.registration(stored, first_name="A")
    store.registration(stored, CANCELLED, first_name="B")  # freed the seat
    for position, name in enumerate(["C", "D", "E"], start=1):
        store.registration(stored, WAITING, waiting_position=position, first_name=name)
    promoted = promote_waiting(store.session, stored)
    assert [p.first_name for p in promoted] == ["C"]
    assert _states(store, stored.id or 0) == [
        ("A", "registered", None),
        ("B", "cancelled", None),
        ("C", "registered", None),
        ("D", "waiting", 1),
        ("E", "waiting", 2),
    ]


def test_a_larger_capacity_promotes_as_many_as_it_frees_in_order(store: Store) -> None:
    stored = store.at(store.workshop(), paris(2030, 3, 19, 10), capacity=1)
    store.registration(stored, first_name="A")
    for position, name in enumerate(["B", "C", "D"], start=1):
        store.registration(stored, WAITING, waiting_position=position, first_name=name)
    stored.capacity = 3
    promoted = promote_waiting(store.session, stored)
    assert [p.first_name for p in promoted] == ["B", "C"]
    assert [(p.status, p.waiting_position) for p in promoted] == [(REGISTERED, None)] * 2
    assert _states(store, stored.id or 0)[-1] == ("D", "waiting", 1)


def test_more_free_seats_than_waiting_promotes_everyone(store: Store) -> None:
    stored = store.at(store.workshop(), paris(2030, 3, 19, 10), capacity=10)
    store.registration(stored, WAITING, waiting_position=1, first_name="A")
    store.registration(stored, WAITING, waiting_position=2, first_name="B")
    assert [p.first_name for p in promote_waiting(store.session, stored)] == ["A", "B"]
    assert waiting_list(store.session, stored.id or 0) == []


def test_a_full_session_promotes_no_one_but_closes_gaps_in_the_line(store: Store) -> None:
    stored = store.at(store.workshop(), paris(2030, 3, 19, 10), capacity=1)
    store.registration(stored, first_name="A")
    store.registration(stored, WAITING, waiting_position=2, first_name="B")  # 1 cancelled
    store.registration(stored, WAITING, waiting_position=5, first_name="C")
    assert promote_waiting(store.session, stored) == []
    assert _states(store, stored.id or 0) == [
        ("A", "registered", None),
        ("B", "waiting", 1),
        ("C", "waiting", 2),
    ]


def test_an_overbooked_session_promotes_no_one(store: Store) -> None:
    # More seats held than the capacity (a capacity lowered by hand): free is negative.
    stored = store.at(store.workshop(), paris(2030, 3, 19, 10), capacity=1)
    store.registration(stored, first_name="A")
    store.registration(stored, first_name="B")
    store.registration(stored, WAITING, waiting_position=1, first_name="C")
    assert promote_waiting(store.session, stored) == []
    assert _states(store, stored.id or 0)[-1] == ("C", "waiting", 1)


def test_a_cancelled_session_keeps_its_line_as_it_is(store: Store) -> None:
    stored = store.at(
        store.workshop(),
        paris(2030, 3, 19, 10),
        capacity=5,
        status=SessionStatus.CANCELLED,
        cancel_reason="Animatrice absente",
    )
    store.registration(stored, WAITING, waiting_position=3, first_name="A")
    assert promote_waiting(store.session, stored) == []
    assert _states(store, stored.id or 0) == [("A", "waiting", 3)]
