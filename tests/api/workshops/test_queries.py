"""The workshop reads' SQL (api/workshops/queries.py): seats counted by status, sessions in a
window with strict bounds, in start order, and never a cancelled one when asked so."""

from collections.abc import Sequence

from api.workshops.queries import (
    Seats,
    all_workshops,
    seat_counts,
    sessions_between,
    sessions_of,
)
from models.registration import RegistrationStatus
from models.workshop import WorkshopSession
from tests.api.workshops.conftest import CHENOVE, Store, paris


def _ids(rows: Sequence[tuple[WorkshopSession, object]]) -> list[int]:
    return [stored.id or 0 for stored, _ in rows]


def test_seat_counts_count_seats_and_line_and_ignore_cancellations(store: Store) -> None:
    owner = store.workshop()
    busy = store.at(owner, paris(2030, 3, 19, 10))
    waiting_only = store.at(owner, paris(2030, 3, 20, 10))
    empty = store.at(owner, paris(2030, 3, 21, 10))
    for _ in range(3):
        store.registration(busy)
    store.registration(busy, RegistrationStatus.WAITING, waiting_position=1)
    store.registration(busy, RegistrationStatus.CANCELLED)
    store.registration(waiting_only, RegistrationStatus.WAITING, waiting_position=1)
    only_cancelled = store.at(owner, paris(2030, 3, 22, 10))
    store.registration(only_cancelled, RegistrationStatus.CANCELLED)
    ids = [s.id or 0 for s in (busy, waiting_only, empty, only_cancelled)]
    assert seat_counts(store.session, ids) == {
        busy.id: Seats(registered=3, waiting=1),
        waiting_only.id: Seats(registered=0, waiting=1),
        # A session with only cancellations is there, with nothing counted.
        only_cancelled.id: Seats(registered=0, waiting=0),
    }


def test_seat_counts_of_no_session_is_empty_and_asks_nothing(store: Store) -> None:
    assert seat_counts(store.session, []) == {}
    assert seat_counts(store.session, iter([])) == {}


def test_seat_counts_only_of_the_sessions_asked(store: Store) -> None:
    owner = store.workshop()
    asked, other = store.at(owner, paris(2030, 3, 19, 10)), store.at(owner, paris(2030, 3, 20, 10))
    store.registration(asked)
    store.registration(other)
    assert list(seat_counts(store.session, (s for s in [asked.id or 0]))) == [asked.id]


def test_sessions_between_overlap_the_window_with_strict_bounds(store: Store) -> None:
    owner = store.workshop()
    ends_at_start = store.at(owner, paris(2030, 3, 19, 8))  # 8:00-10:00
    running = store.at(owner, paris(2030, 3, 19, 9))  # 9:00-11:00, under way at 10:00
    inside = store.at(owner, paris(2030, 3, 19, 14))
    starts_at_end = store.at(owner, paris(2030, 3, 20, 10))
    found = sessions_between(store.session, paris(2030, 3, 19, 10), paris(2030, 3, 20, 10))
    assert _ids(found) == [running.id, inside.id]
    assert ends_at_start.id not in _ids(found) and starts_at_end.id not in _ids(found)
    assert [owner.id] * 2 == [w.id for _, w in found]


def test_sessions_between_without_bounds_is_every_session_by_start_then_id(store: Store) -> None:
    owner = store.workshop()
    late = store.at(owner, paris(2030, 3, 21, 10))
    first = store.at(owner, paris(2030, 3, 19, 10))
    twin = store.at(owner, paris(2030, 3, 19, 10))
    assert _ids(sessions_between(store.session, None, None)) == [first.id, twin.id, late.id]


def test_sessions_between_of_some_workshops_and_without_cancelled(store: Store) -> None:
    mine, theirs = store.workshop(), store.workshop(CHENOVE)
    kept = store.at(mine, paris(2030, 3, 19, 10))
    called_off = store.cancelled(mine, paris(2030, 3, 20, 10))
    store.at(theirs, paris(2030, 3, 19, 11))
    start, end = paris(2030, 3, 1, 0), paris(2030, 4, 1, 0)
    assert _ids(sessions_between(store.session, start, end, [mine.id or 0])) == [
        kept.id,
        called_off.id,
    ]
    scheduled = sessions_between(store.session, start, end, [mine.id or 0], include_cancelled=False)
    assert _ids(scheduled) == [kept.id]
    assert sessions_between(store.session, start, end, []) == []


def test_rows_come_back_aware_in_utc(store: Store) -> None:
    store.at(store.workshop(), paris(2030, 7, 1, 10))
    [(stored, _)] = sessions_between(store.session, None, None)
    assert stored.starts_at == paris(2030, 7, 1, 10)
    assert stored.starts_at.utcoffset() is not None and stored.starts_at.hour == 8


def test_all_workshops_by_id_and_sessions_of_one_by_start(store: Store) -> None:
    first, second = store.workshop(), store.workshop(CHENOVE)
    later = store.at(first, paris(2030, 3, 26, 10))
    sooner = store.at(first, paris(2030, 3, 19, 10))
    store.at(second, paris(2030, 3, 1, 10))
    assert [w.id for w in all_workshops(store.session)] == [first.id, second.id]
    assert [s.id for s in sessions_of(store.session, first.id or 0)] == [sooner.id, later.id]
    assert sessions_of(store.session, 999_999) == []
