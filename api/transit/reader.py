"""Read and check a GTFS static zip: `read_feed(path)` gives a `Feed` or raises `FeedRefused`.

Every problem names its file, line and field, in French; all are gathered before refusing.
Platforms of one station (`parent_station`), or of one name within 400 m of each other,
become one stop, so an answer says « République » once with all its lines. stop_times are
streamed: per row only its trip's line and its stop are kept, as a set of pairs.
"""

from __future__ import annotations

import hashlib
import math
import re
import zipfile
from array import array
from datetime import date
from pathlib import Path

from api.transit.feed import Feed, Line, Stop, metres_between, parse_date
from api.transit.gtfs import FeedRefused, Problems, Table, cell, refuse
from api.transit.modes import mode_of

REQUIRED = ("agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt")
CALENDARS = ("calendar.txt", "calendar_dates.txt")
# Same-named platforms farther apart than this are different stops (two « Mairie »).
SAME_STOP_M = 400.0
_TIME = re.compile(r"\d{1,3}:[0-5]\d:[0-5]\d")
_COLOUR = re.compile(r"[0-9A-Fa-f]{6}")
_LOCATION_TYPES = {"", "0", "1", "2", "3", "4"}


def read_feed(path: Path) -> Feed:
    """Read and check the GTFS zip at `path`; FeedRefused (nothing stored) when it is wrong."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise refuse(path.name, None, None, f"pas une archive zip lisible ({exc})") from None
    with archive:
        names = set(archive.namelist())
        problems = Problems()
        for name in REQUIRED:
            if name not in names:
                problems.add(name, None, None, "fichier obligatoire absent de l'archive")
        if not names & set(CALENDARS):
            problems.add("calendar.txt", None, None, "absent, et calendar_dates.txt aussi")
        if problems:
            raise FeedRefused(problems)
        feed = _Reader(archive, names, problems).read(path.stem)
    feed.sha256 = _sha256(path)
    return feed


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _coordinate(text: str, limit: float) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and -limit <= value <= limit else None


class _Reader:
    """Reads the files in the order their references need, noting problems as it goes."""

    def __init__(self, archive: zipfile.ZipFile, names: set[str], problems: Problems) -> None:
        self.archive, self.names, self.problems = archive, names, problems
        self.stops: list[Stop] = []
        self.stop_of: dict[str, int] = {}  # platform stop_id → merged stop
        self.points: dict[str, tuple[float, float]] = {}  # platform stop_id → (lat, lon)
        self.lines: list[Line] = []
        self.line_of: dict[str, int] = {}
        self.services: set[str] = set()
        self.dates: list[date] = []
        self.trips: dict[str, int] = {}  # trip_id → trip number
        self.trip_lines = array("i")
        self.trip_shapes: list[str] = []
        self.shapes: dict[str, list[tuple[int, float, float]]] = {}

    def table(self, name: str) -> Table:
        return Table(self.archive, name, self.problems)

    def read(self, fallback_name: str) -> Feed:
        name, start, end = self.read_feed_info(fallback_name)
        self.read_stops()
        self.read_routes()
        self.read_calendars()
        if "shapes.txt" in self.names:
            self.read_shapes()
        self.read_trips()
        if self.problems:  # stop_times' references would only repeat these
            raise FeedRefused(self.problems)
        serves, counts, total = self.read_stop_times()
        if not serves and not self.problems:
            self.problems.add("stop_times.txt", None, None, "aucun passage à un arrêt")
        if not self.dates and (start is None or end is None):
            self.problems.add("calendar.txt", None, None, "aucune date de service dans le flux")
        if self.problems:
            raise FeedRefused(self.problems)
        self.draw_lines(counts)
        first = start or min(self.dates)
        last = end or max(self.dates)
        return self.kept(name, first, last, serves, total)

    def read_feed_info(self, fallback: str) -> tuple[str, date | None, date | None]:
        """The feed's name (publisher, else agencies, else the file's) and stated dates."""
        agencies: list[str] = []
        table = self.table("agency.txt")
        position = table.getter("agency_name")
        for _line, cells in table.rows():
            if cell(cells, position) and cell(cells, position) not in agencies:
                agencies.append(cell(cells, position))
        name = ", ".join(agencies) or fallback
        if "feed_info.txt" not in self.names:
            return name[:300], None, None
        table = self.table("feed_info.txt")
        at = {c: table.getter(c) for c in ("feed_publisher_name", "feed_start_date")}
        at["feed_end_date"] = table.getter("feed_end_date")
        start = end = None
        for line, cells in table.rows():
            name = cell(cells, at["feed_publisher_name"]) or name
            for column in ("feed_start_date", "feed_end_date"):
                text = cell(cells, at[column])
                if text and parse_date(text) is None:
                    self.problems.add(table.name, line, column, f"date « {text} » invalide")
            start = parse_date(cell(cells, at["feed_start_date"]))
            end = parse_date(cell(cells, at["feed_end_date"]))
            break
        return name[:300], start, end

    def read_stops(self) -> None:
        """Stations, then platforms merged into stops; entrances and nodes are not kept."""
        table = self.table("stops.txt")
        if not table.require("stop_id"):
            return
        at = {c: table.getter(c) for c in ("stop_id", "stop_name", "stop_lat", "stop_lon")}
        at |= {c: table.getter(c) for c in ("location_type", "parent_station")}
        stations: dict[str, tuple[str, float, float]] = {}
        platforms: list[tuple[int, str, str, float, float, str]] = []
        for line, cells in table.rows():
            kind = cell(cells, at["location_type"])
            row = self._stop_row(table.name, line, cells, at, kind)
            if row is None:
                continue
            stop_id, name, lat, lon = row
            if kind == "1":
                stations[stop_id] = (name, lat, lon)
            elif kind in ("", "0"):
                platforms.append((line, stop_id, name, lat, lon, cell(cells, at["parent_station"])))
        self._merge(table.name, platforms, stations)

    def _stop_row(
        self, file: str, line: int, cells: list[str], at: dict[str, int | None], kind: str
    ) -> tuple[str, str, float, float] | None:
        stop_id = cell(cells, at["stop_id"])
        if not stop_id:
            self.problems.add(file, line, "stop_id", "identifiant vide")
            return None
        if stop_id in self.points or stop_id in self.stop_of:
            self.problems.add(file, line, "stop_id", f"« {stop_id} » en double")
            return None
        if kind not in _LOCATION_TYPES:
            self.problems.add(file, line, "location_type", f"« {kind} » inconnu (0 à 4)")
            return None
        if kind in ("3", "4"):  # generic nodes and boarding areas: no position required
            self.stop_of[stop_id] = -1
            return None
        lat = _coordinate(cell(cells, at["stop_lat"]), 90)
        lon = _coordinate(cell(cells, at["stop_lon"]), 180)
        name = cell(cells, at["stop_name"])
        if lat is None or lon is None or (lat == 0 and lon == 0):
            field = "stop_lat" if lat is None or lat == 0 else "stop_lon"
            self.problems.add(file, line, field, f"arrêt « {stop_id} » sans coordonnées valides")
            return None
        if not name:
            self.problems.add(file, line, "stop_name", f"arrêt « {stop_id} » sans nom")
            return None
        self.points[stop_id] = (lat, lon)
        return stop_id, name, lat, lon

    def _merge(
        self,
        file: str,
        platforms: list[tuple[int, str, str, float, float, str]],
        stations: dict[str, tuple[str, float, float]],
    ) -> None:
        """One stop per station, or per name within SAME_STOP_M; mean position."""
        groups: dict[str, list[int]] = {}
        sums: list[list[float]] = []
        for line, stop_id, name, lat, lon, parent in platforms:
            if parent and parent not in stations:
                message = f"station « {parent} » inconnue de stops.txt (location_type 1)"
                self.problems.add(file, line, "parent_station", message)
                continue
            key = f"station:{parent}" if parent else f"name:{name}"
            found = None
            for index in groups.get(key, []):
                first = self.stops[index]
                if (
                    parent
                    or metres_between(first.latitude, first.longitude, lat, lon) <= SAME_STOP_M
                ):
                    found = index
                    break
            if found is None:
                found = len(self.stops)
                label = stations[parent][0] if parent else name
                self.stops.append(Stop(parent or stop_id, label, lat, lon, 0))
                sums.append([0.0, 0.0])
                groups.setdefault(key, []).append(found)
            self.stop_of[stop_id] = found
            sums[found][0] += lat
            sums[found][1] += lon
            self.stops[found].platforms += 1
        for stop, (lat_sum, lon_sum) in zip(self.stops, sums, strict=True):
            stop.latitude = round(lat_sum / stop.platforms, 6)
            stop.longitude = round(lon_sum / stop.platforms, 6)

    def read_routes(self) -> None:
        """Lines: names, mode from route_type, colours as #RRGGBB."""
        table = self.table("routes.txt")
        if not table.require("route_id", "route_type"):
            return
        names = ("route_id", "route_short_name", "route_long_name", "route_type")
        at = {c: table.getter(c) for c in (*names, "route_color", "route_text_color")}
        for line, cells in table.rows():
            route_id = cell(cells, at["route_id"])
            if not route_id or route_id in self.line_of:
                message = "identifiant vide" if not route_id else f"« {route_id} » en double"
                self.problems.add(table.name, line, "route_id", message)
                continue
            short, long = cell(cells, at["route_short_name"]), cell(cells, at["route_long_name"])
            if not short and not long:
                self.problems.add(table.name, line, "route_short_name", "nom court et long vides")
            kind = cell(cells, at["route_type"])
            mode = mode_of(int(kind)) if kind.isdigit() else None
            if mode is None:
                self.problems.add(table.name, line, "route_type", f"type « {kind} » inconnu")
            colour = self._colour(table.name, line, "route_color", cells, at)
            text = self._colour(table.name, line, "route_text_color", cells, at)
            self.line_of[route_id] = len(self.lines)
            self.lines.append(Line(route_id, short or long, long, mode or "other", colour, text))

    def _colour(
        self, file: str, line: int, column: str, cells: list[str], at: dict[str, int | None]
    ) -> str | None:
        text = cell(cells, at[column])
        if not text:
            return None
        if not _COLOUR.fullmatch(text):
            self.problems.add(file, line, column, f"couleur « {text} » invalide (RRGGBB)")
            return None
        return f"#{text.upper()}"

    def read_calendars(self) -> None:
        """Service ids, and the dates they run between (for the feed's span)."""
        if "calendar.txt" in self.names:
            table = self.table("calendar.txt")
            if table.require("service_id", "start_date", "end_date"):
                at = {c: table.getter(c) for c in ("service_id", "start_date", "end_date")}
                for line, cells in table.rows():
                    self.services.add(cell(cells, at["service_id"]))
                    days = [
                        self._date(table.name, line, c, cells, at) for c in at if c != "service_id"
                    ]
                    if days[0] and days[1] and days[1] < days[0]:
                        self.problems.add(table.name, line, "end_date", "avant start_date")
                    self.dates += [d for d in days if d is not None]
        if "calendar_dates.txt" in self.names:
            table = self.table("calendar_dates.txt")
            if table.require("service_id", "date", "exception_type"):
                at = {c: table.getter(c) for c in ("service_id", "date", "exception_type")}
                for line, cells in table.rows():
                    self.services.add(cell(cells, at["service_id"]))
                    day = self._date(table.name, line, "date", cells, at)
                    kind = cell(cells, at["exception_type"])
                    if kind not in ("1", "2"):
                        self.problems.add(
                            table.name, line, "exception_type", f"« {kind} » (1 ou 2)"
                        )
                    elif kind == "1" and day is not None:
                        self.dates.append(day)

    def _date(
        self, file: str, line: int, column: str, cells: list[str], at: dict[str, int | None]
    ) -> date | None:
        text = cell(cells, at[column])
        day = parse_date(text)
        if day is None:
            self.problems.add(file, line, column, f"date « {text} » invalide (AAAAMMJJ)")
        return day

    def read_shapes(self) -> None:
        """Each shape's points, in sequence order."""
        table = self.table("shapes.txt")
        names = ("shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence")
        if not table.require(*names):
            return
        at = {c: table.getter(c) for c in names}
        for line, cells in table.rows():
            lat = _coordinate(cell(cells, at["shape_pt_lat"]), 90)
            lon = _coordinate(cell(cells, at["shape_pt_lon"]), 180)
            sequence = cell(cells, at["shape_pt_sequence"])
            if lat is None or lon is None:
                self.problems.add(
                    table.name, line, "shape_pt_lat", "point sans coordonnées valides"
                )
            elif not sequence.isdigit():
                self.problems.add(table.name, line, "shape_pt_sequence", f"« {sequence} » invalide")
            else:
                self.shapes.setdefault(cell(cells, at["shape_id"]), []).append(
                    (int(sequence), lon, lat)
                )

    def read_trips(self) -> None:
        """Trips: each names a known line, service and (when given) shape."""
        table = self.table("trips.txt")
        if not table.require("route_id", "service_id", "trip_id"):
            return
        at = {c: table.getter(c) for c in ("route_id", "service_id", "trip_id", "shape_id")}
        for line, cells in table.rows():
            trip_id, route_id = cell(cells, at["trip_id"]), cell(cells, at["route_id"])
            service, shape = cell(cells, at["service_id"]), cell(cells, at["shape_id"])
            if not trip_id or trip_id in self.trips:
                message = "identifiant vide" if not trip_id else f"« {trip_id} » en double"
                self.problems.add(table.name, line, "trip_id", message)
                continue
            if route_id not in self.line_of:
                message = f"ligne « {route_id} » inconnue de routes.txt"
                self.problems.add(table.name, line, "route_id", message)
                continue
            if service not in self.services:
                message = f"service « {service} » inconnu de calendar.txt et calendar_dates.txt"
                self.problems.add(table.name, line, "service_id", message)
            if shape and shape not in self.shapes:
                self.problems.add(
                    table.name, line, "shape_id", f"tracé « {shape} » inconnu de shapes.txt"
                )
            self.trips[trip_id] = len(self.trip_lines)
            self.trip_lines.append(self.line_of[route_id])
            self.trip_shapes.append(shape)

    def read_stop_times(self) -> tuple[set[int], array[int], int]:
        """Stream stop_times: (stop × lines + line) pairs, rows per trip, rows in all.

        The hot loop of an import (a million rows in a city): cells are stripped only when a
        lookup misses, a trip is looked up once per run of its rows, and a time already
        checked is not matched again.
        """
        table = self.table("stop_times.txt")
        counts = array("i", bytes(4 * len(self.trip_lines)))
        serves: set[int] = set()
        if not table.require("trip_id", "stop_id", "stop_sequence"):
            return serves, counts, 0
        trip_at, stop_at = table.columns["trip_id"], table.columns["stop_id"]
        sequence_at = table.columns["stop_sequence"]
        times = [
            (c, p) for c in ("arrival_time", "departure_time") if (p := table.getter(c)) is not None
        ]
        trips, stop_of, trip_lines = self.trips, self.stop_of, self.trip_lines
        lines, total, checked = len(self.lines), 0, {""}
        last_id, trip = "", -1
        for line, cells in table.raw_rows(
            max(trip_at, stop_at, sequence_at, *(p for _c, p in times)) + 1
        ):
            total += 1
            if cells[trip_at] != last_id:
                last_id = cells[trip_at]
                trip = trips.get(last_id.strip(), -1)
            if trip < 0:
                self._unknown(line, "trip_id", f"voyage « {last_id.strip()} » inconnu de trips.txt")
                continue
            stop = stop_of.get(cells[stop_at])
            if stop is None:
                stop = stop_of.get(cells[stop_at].strip(), -1)
            if stop < 0:
                message = f"arrêt « {cells[stop_at].strip()} » inconnu de stops.txt"
                self._unknown(line, "stop_id", message)
                continue
            for column, position in times:
                if cells[position] not in checked:
                    self._check_time(line, column, cells[position], checked)
            if not cells[sequence_at].isdigit() and not cells[sequence_at].strip().isdigit():
                self._unknown(line, "stop_sequence", f"« {cells[sequence_at].strip()} » invalide")
            counts[trip] += 1
            serves.add(stop * lines + trip_lines[trip])
        return serves, counts, total

    def _unknown(self, line: int, column: str, message: str) -> None:
        self.problems.add("stop_times.txt", line, column, message)

    def _check_time(self, line: int, column: str, value: str, checked: set[str]) -> None:
        """HH:MM:SS (hours past 24 allowed) or empty; a good value is remembered."""
        text = value.strip()
        if not text or _TIME.fullmatch(text):
            checked.add(value)
        else:
            self._unknown(line, column, f"heure « {text} » invalide (HH:MM:SS)")

    def draw_lines(self, counts: array[int]) -> None:
        """Each line's path: its trips' shapes, else the stops of its longest trip."""
        shapes: list[dict[str, None]] = [{} for _ in self.lines]
        longest: list[tuple[int, int]] = [(0, -1) for _ in self.lines]
        for trip, line in enumerate(self.trip_lines):
            if self.trip_shapes[trip]:
                shapes[line][self.trip_shapes[trip]] = None
            elif counts[trip] > longest[line][0]:
                longest[line] = (counts[trip], trip)
        wanted = {
            trip: line for line, (_n, trip) in enumerate(longest) if trip >= 0 and not shapes[line]
        }
        for line, names in enumerate(shapes):
            self.lines[line].geometry = [
                [[lon, lat] for _s, lon, lat in sorted(self.shapes[name])] for name in names
            ]
        if wanted:
            for line, points in self._trip_paths(wanted).items():
                self.lines[line].geometry = [points]

    def _trip_paths(self, wanted: dict[int, int]) -> dict[int, list[list[float]]]:
        """A second pass over stop_times for the chosen trips: their stops in order."""
        table = self.table("stop_times.txt")
        trip_at, stop_at = table.columns["trip_id"], table.columns["stop_id"]
        sequence_at = table.columns["stop_sequence"]
        rows: dict[int, list[tuple[int, float, float]]] = {}
        for _line, cells in table.rows():
            trip = self.trips[cells[trip_at]]
            if trip in wanted:
                lat, lon = self.points[cells[stop_at]]
                rows.setdefault(wanted[trip], []).append((int(cells[sequence_at]), lon, lat))
        return {
            line: [[lon, lat] for _s, lon, lat in sorted(points)] for line, points in rows.items()
        }

    def kept(self, name: str, first: date, last: date, serves: set[int], total: int) -> Feed:
        """The feed with only stops some line serves and lines serving some stop, renumbered."""
        lines = len(self.lines)
        pairs = sorted(divmod(pair, lines) for pair in serves)
        stop_number = {s: i for i, s in enumerate(sorted({s for s, _ in pairs}))}
        line_number = {ln: i for i, ln in enumerate(sorted({ln for _, ln in pairs}))}
        return Feed(
            name=name,
            start_date=first,
            end_date=last,
            sha256="",
            stops=[self.stops[s] for s in stop_number],
            lines=[self.lines[ln] for ln in line_number],
            serves=[(stop_number[s], line_number[ln]) for s, ln in pairs],
            stop_times=total,
        )
