"""Response classes and the answer models that document them in OpenAPI."""

import re
from datetime import datetime
from typing import Any, Literal

import orjson
from pydantic import BaseModel, Field
from starlette.responses import Response

from api.transit.schema import TRANSIT_DESCRIPTION, TransitOut
from models.access_point import AccessPointPublic
from models.workshop import NextSession

GEOJSON = "application/geo+json"
_SURROGATE = re.compile("[\ud800-\udfff]")


class JSONBytes(Response):
    """JSON rendered with orjson; also accepts bytes already serialised."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        """Serialise unless the content is already bytes."""
        if isinstance(content, bytes):
            return content
        try:
            return orjson.dumps(content)
        except TypeError:
            # A lone UTF-16 surrogate (a client's "\ud800" echoed in an error) is not UTF-8:
            # it goes out as U+FFFD rather than turning the answer into a 500.
            return orjson.dumps(without_surrogates(content))


def without_surrogates(value: Any) -> Any:
    """`value` with every lone surrogate in its texts (keys included) replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {without_surrogates(key): without_surrogates(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [without_surrogates(item) for item in value]
    return value


class GeoJSONBytes(JSONBytes):
    """A GeoJSON answer."""

    media_type = GEOJSON


class OpeningStatusOut(BaseModel):
    """Whether a place is open at the answer's moment, and when that changes."""

    state: Literal["open", "closed", "unknown"]
    next_change: datetime | None
    label: str = Field(examples=["Ouvert jusqu'à 12:00", "Fermé, ouvre mardi à 09:00"])


class PlaceOut(AccessPointPublic):
    """A place with its opening status at the answer's moment."""

    opening_status: OpeningStatusOut
    stale: bool = Field(
        description="True when `facts_date` is more than PANDA_STALE_AFTER_DAYS days old "
        "(default 365), or unknown: the facts need checking."
    )
    transit: TransitOut | None = Field(description=TRANSIT_DESCRIPTION)


class NearPlaceOut(PlaceOut):
    """A place with its geodesic distance from the query point."""

    distance_m: float = Field(description="Geodesic distance (WGS84) in metres, to 0.1 m.")


class Credits(BaseModel):
    """Who the data comes from and under which terms."""

    attribution: str | None
    licence: str | None


class WithSessions(Credits):
    """Places, each with its coming workshop sessions (api.workshops.session_board)."""

    next_sessions: dict[str, list[NextSession]] = Field(
        default_factory=dict,
        description="By place id: its next three workshop sessions, with their seats left.",
    )


class PlacePage(WithSessions):
    """One page of places matching the filters, in name order."""

    items: list[PlaceOut]
    total: int
    page: int
    size: int
    next_after: str | None = Field(
        description="Send as `after` for the next page: a stable cursor, unlike page numbers "
        "(places added or removed meanwhile shift pages, never a cursor); null on the last page."
    )
    at: datetime = Field(description="Moment at which opening statuses were evaluated.")
    query: dict[str, Any]


class NearestAnswer(WithSessions):
    """Places nearest to a point, nearest first."""

    items: list[NearPlaceOut]
    count: int
    at: datetime = Field(description="Moment at which opening statuses were evaluated.")
    query: dict[str, Any]


class PlaceAnswer(PlaceOut):
    """One place."""


def wants_geojson(accept: str | None, fmt: str) -> bool:
    """True when the client asked for GeoJSON by parameter or by Accept header."""
    return fmt == "geojson" or (accept is not None and GEOJSON in accept)
