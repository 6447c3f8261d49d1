"""The board of each place's coming sessions (api/workshops/session_board.py): what it holds
after a load (scheduled sessions of the next 90 days, soonest first, seats left, a French
label), the places with a free seat soon, the nearest answers' mask and meta, the app's one
board, and a failed reload that keeps the previous board."""

import asyncio
import contextlib
import logging
import threading
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine

from api.read_model import Snapshot
from api.workshops.session_board import (
    SessionBoard,
    board_of,
    next_sessions_meta,
    refresh_after_write,
    workshop_mask,
)
from models.opening_hours import PARIS
from models.registration import RegistrationStatus
from tests.api.workshops.conftest import CHENOVE, FONTAINE, GRESILLES, Store, paris

NOW = paris(2030, 3, 18, 9)  # a Monday


def _board(store: Store, now: datetime = NOW) -> SessionBoard:
    board = SessionBoard()
    board.load(store.session, now)
    return board


def _engine(store: Store) -> Engine:
    engine = store.session.get_bind()
    assert isinstance(engine, Engine)
    return engine


def test_a_places_coming_sessions_soonest_first_with_seats_and_label(store: Store) -> None:
    owner = store.workshop(GRESILLES, title="Mes démarches en ligne")
    later = store.at(owner, paris(2030, 3, 26, 14), capacity=2)
    sooner = store.at(owner, paris(2030, 3, 19, 10), capacity=10)
    store.registration(later)
    board = _board(store)
    items = board.sessions(store.place(GRESILLES))
    assert [(i.session_id, i.workshop_id, i.title, i.seats_left) for i in items] == [
        (sooner.id, owner.id, "Mes démarches en ligne", 10),
        (later.id, owner.id, "Mes démarches en ligne", 1),
    ]
    assert [i.label for i in items] == [
        "Prochain atelier : mardi 19/03 10:00, 10 places",
        "Prochain atelier : mardi 26/03 14:00, 1 place",
    ]
    assert items[0].starts_at == paris(2030, 3, 19, 10) and items[0].starts_at.tzinfo == PARIS
    assert items[0].ends_at == paris(2030, 3, 19, 12)


def test_a_full_session_says_so_and_waiting_takes_no_seat(store: Store) -> None:
    stored = store.at(store.workshop(), paris(2030, 3, 21, 18, 30), capacity=1)
    store.registration(stored)
    store.registration(stored, RegistrationStatus.WAITING, waiting_position=1)
    [item] = _board(store).sessions(store.place(GRESILLES))
    assert (item.seats_left, item.label) == (0, "Prochain atelier : jeudi 21/03 18:30, complet")


def test_an_overbooked_session_shows_no_negative_seats(store: Store) -> None:
    stored = store.at(store.workshop(), paris(2030, 3, 21, 10), capacity=1)
    store.registration(stored)
    store.registration(stored)
    [item] = _board(store).sessions(store.place(GRESILLES))
    assert item.seats_left == 0


def test_the_board_holds_scheduled_sessions_of_the_next_90_days_by_venue(store: Store) -> None:
    here = store.workshop(GRESILLES)
    hosted = store.workshop(CHENOVE, organiser=GRESILLES)
    store.at(here, paris(2030, 3, 11, 10))  # over
    store.cancelled(here, paris(2030, 3, 20, 10))
    kept = store.at(here, paris(2030, 6, 15, 10))  # 89 days ahead
    store.at(here, paris(2030, 6, 17, 10))  # beyond 90 days
    elsewhere = store.at(hosted, paris(2030, 3, 22, 10))
    board = _board(store)
    assert [i.session_id for i in board.sessions(store.place(GRESILLES))] == [kept.id]
    assert [i.session_id for i in board.sessions(store.place(CHENOVE))] == [elsewhere.id]
    assert board.sessions(store.place(FONTAINE)) == ()


def test_a_reload_replaces_the_whole_board(store: Store) -> None:
    stored = store.at(store.workshop(), paris(2030, 3, 19, 10))
    board = _board(store)
    stored.capacity = 4
    store.session.add(stored)
    store.session.commit()
    assert board.sessions(store.place(GRESILLES))[0].seats_left == 10  # as loaded
    board.load(store.session, NOW)
    assert board.sessions(store.place(GRESILLES))[0].seats_left == 4


def test_places_with_a_free_seat_starting_within_the_span(store: Store) -> None:
    store.at(store.workshop(GRESILLES), paris(2030, 3, 20, 10))  # in 2 days
    full = store.at(store.workshop(CHENOVE), paris(2030, 3, 19, 10), capacity=1)
    store.registration(full)
    store.at(store.workshop(FONTAINE), paris(2030, 3, 28, 10))  # in 10 days
    board = _board(store)
    week = board.places_with_seats(NOW, timedelta(days=7))
    assert week == {store.place(GRESILLES)}
    fortnight = board.places_with_seats(NOW, timedelta(days=14))
    assert fortnight == {store.place(GRESILLES), store.place(FONTAINE)}


def test_a_session_under_way_or_ending_the_span_exactly(store: Store) -> None:
    running = store.at(store.workshop(GRESILLES), paris(2030, 3, 18, 8))  # 8:00-10:00
    store.at(store.workshop(CHENOVE), paris(2030, 3, 20, 9))  # starts exactly 2 days on
    board = _board(store)
    # Under way: listed (it has not ended) but no seat to offer any more.
    assert [i.session_id for i in board.sessions(store.place(GRESILLES))] == [running.id]
    assert board.places_with_seats(NOW, timedelta(days=2)) == {store.place(CHENOVE)}


def test_an_empty_board_has_no_place(store: Store) -> None:
    board = SessionBoard()
    assert board.sessions(store.place(GRESILLES)) == ()
    assert board.places_with_seats(NOW, timedelta(days=90)) == set()


def test_the_app_has_one_board_made_on_first_use(store: Store) -> None:
    app = FastAPI()
    board = board_of(app)
    assert board_of(app) is board
    store.at(store.workshop(), datetime.now(UTC) + timedelta(days=3))
    refresh_after_write(app, store.session)
    assert len(board.sessions(store.place(GRESILLES))) == 1


def test_refresh_reads_in_a_session_of_its_own(store: Store) -> None:
    store.at(store.workshop(CHENOVE), datetime.now(UTC) + timedelta(days=1))
    board = SessionBoard()
    board.refresh(_engine(store))
    assert len(board.sessions(store.place(CHENOVE))) == 1


def test_the_mask_keeps_places_with_a_seat_within_the_days(
    store: Store, snapshot: Snapshot
) -> None:
    app = FastAPI()
    now = datetime.now(PARIS)
    store.at(store.workshop(GRESILLES), now + timedelta(days=3))
    store.at(store.workshop(CHENOVE), now + timedelta(days=20))
    refresh_after_write(app, store.session)
    places = snapshot.places
    ids = [p.id for p in places]
    near = workshop_mask(app, places, None, 7, now)
    assert near is not None
    assert [ids[i] for i in np.flatnonzero(near)] == [store.place(GRESILLES)]
    month = workshop_mask(app, places, None, 30, now)
    assert month is not None and int(month.sum()) == 2
    # Combined with the other filters' mask: both must hold.
    others = np.array([p.id == store.place(CHENOVE) for p in places], dtype=bool)
    both = workshop_mask(app, places, others, 30, now)
    assert both is not None
    assert [ids[i] for i in np.flatnonzero(both)] == [store.place(CHENOVE)]


def test_no_days_leaves_the_mask_as_it_is(snapshot: Snapshot) -> None:
    app, mask = FastAPI(), np.array([True, False])
    assert workshop_mask(app, snapshot.places, mask, None, NOW) is mask
    assert workshop_mask(app, snapshot.places, None, None, NOW) is None


def test_the_meta_gives_three_sessions_at_most_of_the_places_answered(store: Store) -> None:
    app = FastAPI()
    owner = store.workshop(GRESILLES)
    start = datetime.now(PARIS).replace(microsecond=0) + timedelta(days=1)
    made = [store.at(owner, start + timedelta(days=n)) for n in range(4)]
    store.at(store.workshop(CHENOVE), start)
    refresh_after_write(app, store.session)
    meta = next_sessions_meta(app, [store.place(GRESILLES), store.place(FONTAINE)])
    # Keys are strings (JSON); a place without sessions is left out; Chenôve was not asked.
    assert list(meta) == [str(store.place(GRESILLES))]
    shown = meta[str(store.place(GRESILLES))]
    assert [s["session_id"] for s in shown] == [m.id for m in made[:3]]
    assert shown[0]["starts_at"] == start.isoformat()
    assert set(shown[0]) == {
        "session_id",
        "workshop_id",
        "title",
        "starts_at",
        "ends_at",
        "seats_left",
        "label",
    }


def test_a_failed_reload_is_logged_and_keeps_the_previous_board(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    store.at(store.workshop(), datetime.now(UTC) + timedelta(days=1))
    board = _board(store, datetime.now(PARIS))
    calls: list[int] = []
    second = threading.Event()

    def refresh(engine: Engine) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the database went away")
        second.set()

    board.refresh = refresh  # type: ignore[method-assign]

    async def run() -> None:
        task = asyncio.create_task(board.poll(_engine(store), 0.001))
        for _ in range(2000):
            if second.is_set():
                break
            await asyncio.sleep(0.001)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    with caplog.at_level(logging.ERROR, logger="api.workshops.session_board"):
        asyncio.run(run())
    assert second.is_set() and len(calls) >= 2
    assert [r.getMessage().splitlines()[0] for r in caplog.records] == [
        "session board refresh failed"
    ]
    assert len(board.sessions(store.place(GRESILLES))) == 1
