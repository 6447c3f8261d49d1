"""The next sessions of each place, in memory, for the access-point answers.

Seats change with every booking, so they stay out of the snapshot (a booking must not rebuild
the read model): the board is a small dict by venue id, reloaded by a background task every
few seconds, and at once by the writes of this process. No registration's data is in it.
"""

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlmodel import Session

from api.http.database_errors import log_background_failure
from api.workshops.queries import seat_counts, sessions_between
from models.opening_hours import PARIS
from models.workshop import NextSession, WorkshopSession
from models.workshop_sms import WEEKDAYS

log = logging.getLogger(__name__)
HORIZON = timedelta(days=90)
PER_PLACE = 3


@dataclass(frozen=True)
class _Board:
    loaded_at: datetime | None
    by_place: dict[int, tuple[NextSession, ...]]


class SessionBoard:
    """Coming scheduled sessions by venue id; replaced whole, so readers never see half."""

    def __init__(self) -> None:
        self._board = _Board(None, {})

    def refresh(self, engine: Engine) -> None:
        """Reload from the database in a session of its own (in a worker thread: it runs SQL)."""
        with Session(engine) as session:
            self.load(session)

    def load(self, session: Session, now: datetime | None = None) -> None:
        """Reload through `session` (a request's, which holds the pool's connection already)."""
        now = now or datetime.now(PARIS)
        rows = sessions_between(session, now, now + HORIZON, include_cancelled=False)
        counts = seat_counts(session, [stored.id or 0 for stored, _ in rows])
        by_place: dict[int, list[NextSession]] = {}
        for stored, owner in rows:
            held = counts.get(stored.id or 0)
            free = max(stored.capacity - (held.registered if held else 0), 0)
            item = _next(stored, owner.id or 0, owner.title, free)
            by_place.setdefault(owner.venue_id, []).append(item)
        self._board = _Board(now, {k: tuple(v) for k, v in by_place.items()})

    def sessions(self, place_id: int) -> tuple[NextSession, ...]:
        """The place's coming sessions, soonest first."""
        return self._board.by_place.get(place_id, ())

    def places_with_seats(self, now: datetime, within: timedelta) -> set[int]:
        """Venues with a session starting in `within` from now that has a free seat."""
        end = now + within
        return {
            place_id
            for place_id, items in self._board.by_place.items()
            if any(now < item.starts_at <= end and item.seats_left > 0 for item in items)
        }

    async def poll(self, engine: Engine, interval_s: float) -> None:
        """Reload forever, every `interval_s`, off the event loop (for other processes' writes)."""
        while True:
            await asyncio.sleep(interval_s)
            try:
                await asyncio.to_thread(self.refresh, engine)
            except Exception as exc:  # keep the previous board if the database hiccups
                # Once per incident, not a traceback every few seconds.
                log_background_failure(log, "session board refresh failed", exc)


def _next(stored: WorkshopSession, workshop_id: int, title: str, free: int) -> NextSession:
    starts = stored.starts_at.astimezone(PARIS)
    places = "complet" if free == 0 else f"{free} place{'s' if free > 1 else ''}"
    label = (
        f"Prochain atelier : {WEEKDAYS[starts.weekday()]} {starts:%d/%m} {starts:%H:%M}, {places}"
    )
    return NextSession(
        session_id=stored.id or 0,
        workshop_id=workshop_id,
        title=title,
        starts_at=starts,
        ends_at=stored.ends_at.astimezone(PARIS),
        seats_left=free,
        label=label,
    )


def board_of(app: FastAPI) -> SessionBoard:
    """The app's board (made on first use)."""
    board: SessionBoard | None = getattr(app.state, "session_board", None)
    if board is None:
        board = app.state.session_board = SessionBoard()
    return board


def refresh_after_write(app: FastAPI, session: Session) -> None:
    """Writers read their own writes: reload this process's board now, through the request's
    own session (a second connection per request would starve the pool under load)."""
    board_of(app).load(session)


def workshop_mask(
    app: FastAPI,
    places: list[Any],
    mask: npt.NDArray[np.bool_] | None,
    days: int | None,
    now: datetime,
) -> npt.NDArray[np.bool_] | None:
    """`mask` narrowed to places with a free seat in a session of the next `days` days."""
    if days is None:
        return mask
    wanted = board_of(app).places_with_seats(now, timedelta(days=days))
    with_seats = np.array([place.id in wanted for place in places], dtype=bool)
    return with_seats if mask is None else mask & with_seats


def next_sessions_meta(app: FastAPI, place_ids: list[int]) -> dict[str, list[dict[str, Any]]]:
    """The coming sessions (three at most) of the places answered, by place id."""
    board = board_of(app)
    found = {pid: board.sessions(pid)[:PER_PLACE] for pid in place_ids}
    return {
        str(pid): [s.model_dump(mode="json") for s in items]
        for pid, items in found.items()
        if items
    }
