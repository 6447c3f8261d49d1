"""The feed in use, in memory: stops on a k-d tree, lines, and what answers print of each stop.

One `Network` per imported feed, shared by every snapshot until another feed is imported.
Each stop's JSON (id, name, position, lines) is serialised once here; an answer adds only the
place's distances to it (api.transit.answers).
"""

import math
import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import orjson
from scipy.spatial import cKDTree
from sqlalchemy import select
from sqlmodel import Session, SQLModel

from api.transit.modes import MODE_WORDS, MODES
from models.transit import TransitStop

Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class FeedInfo:
    """The feed's name and calendar span; `key` tells one import from another."""

    name: str
    start_date: date
    end_date: date
    key: tuple[str, str]

    def expired(self, today: date) -> bool:
        """Its calendar ended before `today`: the timetable may no longer hold."""
        return self.end_date < today


@dataclass(frozen=True)
class LineInfo:
    """A line as answers name it."""

    id: str
    short_name: str
    long_name: str
    mode: str
    color: str | None
    text_color: str | None
    geometry: list[list[list[float]]]

    def as_dict(self) -> dict[str, str | None]:
        """The line in a place's answer."""
        return {
            "id": self.id,
            "short_name": self.short_name,
            "mode": self.mode,
            "color": self.color,
            "text_color": self.text_color,
        }


def unit_vectors(latitudes: Floats, longitudes: Floats) -> Floats:
    """Points on the unit sphere, (n, 3): chord length orders like great-circle distance."""
    lat, lon = np.radians(latitudes), np.radians(longitudes)
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


def _natural(text: str) -> tuple[object, ...]:
    """T2 before T10, L3 before L11."""
    return tuple(int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", text))


class Network:
    """Stops (merged platforms), lines and who serves what, for one imported feed."""

    def __init__(
        self,
        feed: FeedInfo,
        stops: list[TransitStop],
        lines: list[LineInfo],
        serves: list[tuple[int, int]],
    ) -> None:
        self.feed = feed
        self.stop_ids = [s.stop_id for s in stops]
        self.names = [s.name for s in stops]
        self.latitudes = np.array([s.latitude for s in stops], dtype=float)
        self.longitudes = np.array([s.longitude for s in stops], dtype=float)
        self.tree = cKDTree(unit_vectors(self.latitudes, self.longitudes)) if stops else None
        self.lines = lines
        order = {
            ln: (MODES.index(line.mode), _natural(line.short_name)) for ln, line in enumerate(lines)
        }
        served: list[list[int]] = [[] for _ in stops]
        for stop, line in serves:
            served[stop].append(line)
        # Trams before buses, then T1 before T2: how a person reads the lines at a stop.
        self.stop_lines = [tuple(sorted(ls, key=order.__getitem__)) for ls in served]
        self.stop_heads = [self._head(i) for i in range(len(stops))]
        self.stop_phrases = [self._phrase(i) for i in range(len(stops))]

    def _head(self, stop: int) -> bytes:
        fields = {
            "id": self.stop_ids[stop],
            "name": self.names[stop],
            "lat": float(self.latitudes[stop]),
            "lon": float(self.longitudes[stop]),
            "lines": [self.lines[ln].as_dict() for ln in self.stop_lines[stop]],
        }
        return orjson.dumps(fields)

    def _phrase(self, stop: int) -> str:
        """« Tram T1 et T2, bus L3 »: the lines at a stop, grouped by mode."""
        groups: dict[str, list[str]] = {}
        for line in self.stop_lines[stop]:
            groups.setdefault(self.lines[line].mode, []).append(self.lines[line].short_name)
        parts = []
        for number, (mode, names) in enumerate(groups.items()):
            word = MODE_WORDS[mode] if number == 0 else MODE_WORDS[mode].lower()
            listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} et {names[-1]}"
            parts.append(f"{word} {listed}")
        return ", ".join(parts)

    def __len__(self) -> int:
        return len(self.names)

    def line_members(self, wanted: str) -> Flags | None:
        """Per stop (and a last False for "no stop"): a line of that short name or id stops
        there; None when no line has that name."""
        folded = wanted.strip().casefold()
        chosen = {
            i
            for i, ln in enumerate(self.lines)
            if folded in (ln.short_name.casefold(), ln.id.casefold())
        }
        if not chosen:
            return None
        members = np.zeros(len(self.names) + 1, dtype=bool)
        for stop, lines in enumerate(self.stop_lines):
            members[stop] = not chosen.isdisjoint(lines)
        return members

    def line_names(self) -> list[str]:
        """The lines' short names, in reading order, once each."""
        ordered = sorted(self.lines, key=lambda ln: (MODES.index(ln.mode), _natural(ln.short_name)))
        return list(dict.fromkeys(ln.short_name for ln in ordered))


# An import committing while the tables are read: read them again, at most this many times.
_READ_ATTEMPTS = 20


def load_network(session: Session, previous: "Network | None") -> "Network | None":
    """The imported feed as a Network; `previous` again when the feed did not change.

    PostgreSQL's READ COMMITTED gives each statement the latest commit, so an import landing
    between two statements would mix two feeds: the feed's key (its file and import moment,
    new at every import) is read before and after the tables, and the read is done again
    until both agree.
    """
    for _attempt in range(_READ_ATTEMPTS):
        key = _feed_key(session)
        if key is None:
            return None
        if previous is not None and previous.feed.key == key[0]:
            return previous
        network = _read_network(session, key[1])
        after = _feed_key(session)
        if after is not None and after[0] == key[0]:
            return network
    raise RuntimeError("transit feed replaced during every read")  # imports back to back


def _feed_key(session: Session) -> tuple[tuple[str, str], FeedInfo] | None:
    row = session.execute(select(SQLModel.metadata.tables["transit_feed"])).first()
    if row is None:
        return None
    imported_at = row.imported_at
    key = (str(row.sha256), imported_at.isoformat())
    return key, FeedInfo(row.name, row.start_date, row.end_date, key)


def _read_network(session: Session, feed: FeedInfo) -> Network:
    tables = SQLModel.metadata.tables
    stops = [
        TransitStop.model_validate(row._mapping)
        for row in session.execute(select(tables["transit_stop"]).order_by("position"))
    ]
    lines = [
        LineInfo(r.route_id, r.short_name, r.long_name, r.mode, r.color, r.text_color, r.geometry)
        for r in session.execute(select(tables["transit_line"]).order_by("position"))
    ]
    rows = session.execute(select(tables["transit_stop_line"]))
    serves = [(int(row.stop), int(row.line)) for row in rows]
    return Network(feed, stops, lines, serves)


def chord_metres(chords: Floats) -> Floats:
    """Great-circle metres from chord lengths on the unit sphere."""
    return 2.0 * 6_371_008.8 * np.arcsin(np.minimum(chords, 2.0) / 2.0)


def metres_chord(metres: float) -> float:
    """The chord length of a great-circle distance in metres."""
    return 2.0 * math.sin(min(metres / 6_371_008.8, math.pi) / 2.0)
