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
