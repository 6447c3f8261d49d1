"""What an import keeps of a GTFS feed: its name and dates, stops, lines, who serves what."""

import math
import re
from dataclasses import dataclass, field
from datetime import date

_DATE = re.compile(r"\d{8}")


@dataclass
class Stop:
    """A stop people walk to: one or more platforms merged, at their mean position."""

    stop_id: str
    name: str
    latitude: float
    longitude: float
    platforms: int = 1


@dataclass
class Line:
    """A GTFS route as answers show it, with its drawn path ([[lon, lat], ...] per part)."""

    route_id: str
    short_name: str
    long_name: str
    mode: str
    color: str | None
    text_color: str | None
    geometry: list[list[list[float]]] = field(default_factory=list)


@dataclass
class Feed:
    """What an import stores: the feed's name and dates, stops, lines and who serves what."""

    name: str
    start_date: date
    end_date: date
    sha256: str
    stops: list[Stop]
    lines: list[Line]
    serves: list[tuple[int, int]]
    stop_times: int


def parse_date(text: str) -> date | None:
    """A GTFS date (YYYYMMDD), None when it is not one."""
    if not _DATE.fullmatch(text):
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def metres_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (enough to tell platforms apart)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(min(1.0, math.sqrt(h)))
