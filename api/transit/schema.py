"""The `transit` field of place answers, as OpenAPI documents it (api.transit.answers makes it)."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from api.transit.modes import MODES

Mode = Literal[MODES]  # type: ignore[valid-type]
_COLOUR = "^#[0-9A-F]{6}$"


class TransitLineOut(BaseModel):
    """A line stopping there, as the feed names and colours it."""

    id: str = Field(description="The feed's route_id.")
    short_name: str = Field(examples=["T1"])
    mode: Mode = Field(description="From the feed's route_type.", examples=["tram"])
    color: str | None = Field(pattern=_COLOUR, examples=["#C5007A"])
    text_color: str | None = Field(pattern=_COLOUR, examples=["#FFFFFF"])


class TransitStopOut(BaseModel):
    """A stop near the place, with the estimated walk to it."""

    id: str = Field(description="The feed's stop_id (its station's, when it has one).")
    name: str = Field(examples=["République"])
    lat: float
    lon: float
    distance_m: int = Field(ge=0, description="Straight-line distance from the place, metres.")
    walk_m: int = Field(ge=0, description="Estimated walk: distance_m × detour_factor.")
    walk_minutes: int = Field(
        ge=1, description="walk_m at 4.5 km/h, rounded up: an estimate, not a route."
    )
    label: str = Field(examples=["Tram T1, arrêt République : 4 min à pied"])
    lines: list[TransitLineOut]


class TransitFeedOut(BaseModel):
    """Which timetable the stops come from, and whether its calendar has ended."""

    name: str
    start_date: date
    end_date: date
    expired: bool = Field(
        description="The calendar ended before today: « horaires de transport expirés »."
    )


class TransitOut(BaseModel):
    """The nearest stops within the walking radius (PANDA_TRANSIT_RADIUS_M), nearest first."""

    feed: TransitFeedOut
    detour_factor: float = Field(examples=[1.3])
    estimate: Literal[True] = Field(description="Walks are estimated from the straight line.")
    stops: list[TransitStopOut] = Field(min_length=1, max_length=3)


TRANSIT_DESCRIPTION = (
    "Public transport near the place, from the imported GTFS feed (docs/transit.md); null "
    "when no feed is imported or no stop lies within the walking radius."
)


Position = tuple[float, float]


class LineStringOut(BaseModel):
    """A line's one path, [longitude, latitude] pairs."""

    type: Literal["LineString"]
    coordinates: list[Position] = Field(min_length=2)


class MultiLineStringOut(BaseModel):
    """A line's several paths (one per shape of the feed)."""

    type: Literal["MultiLineString"]
    coordinates: list[list[Position]] = Field(min_length=2)


class PointOut(BaseModel):
    """A stop's position, [longitude, latitude]."""

    type: Literal["Point"]
    coordinates: Position


class LinePropertiesOut(BaseModel):
    """A line's names, mode and colour."""

    id: str = Field(description="The feed's route_id.")
    short_name: str = Field(examples=["T1"])
    long_name: str
    mode: Mode
    color: str | None = Field(pattern=_COLOUR)


class LineFeatureOut(BaseModel):
    """A line: its shapes, else the stops of its longest trip; null when it cannot be drawn."""

    type: Literal["Feature"]
    id: str
    geometry: LineStringOut | MultiLineStringOut | None
    properties: LinePropertiesOut


class StopPropertiesOut(BaseModel):
    """A stop's name and the short names of the lines stopping there."""

    id: str
    name: str
    lines: list[str] = Field(examples=[["T1", "T2", "L3"]])


class StopFeatureOut(BaseModel):
    """A stop (a station's platforms merged)."""

    type: Literal["Feature"]
    id: str
    geometry: PointOut
    properties: StopPropertiesOut


class TransitLinesAnswer(BaseModel):
    """Every line of the imported feed, with the feed's name and dates."""

    type: Literal["FeatureCollection"]
    feed: TransitFeedOut
    features: list[LineFeatureOut]


class TransitStopsAnswer(BaseModel):
    """Every stop of the imported feed that some line serves."""

    type: Literal["FeatureCollection"]
    feed: TransitFeedOut
    features: list[StopFeatureOut]
