"""Query parameters of the workshop and session reads."""

from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from api.clock import MOMENT_RANGE, evaluable_moment, moment_for, not_a_number
from seed.validation_text import ValueErrorFr

# How far ahead a read looks by default, and at most.
DEFAULT_WINDOW = timedelta(days=90)
MAX_WINDOW = timedelta(days=366)


class WorkshopFilters(BaseModel):
    """Filters on workshops; every one given must hold."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    topic: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="A `services` value of the national standard, or a free topic.",
    )
    audience: str | None = Field(default=None, min_length=1, max_length=60)
    place: int | None = Field(
        default=None, ge=1, le=2_147_483_647, description="Venue or organiser place id."
    )
    commune: str | None = Field(
        default=None, max_length=100, description="INSEE code or name of the venue's commune."
    )
    format: Literal["json", "geojson"] = "json"


class SessionParams(WorkshopFilters):
    """Where, when, and which sessions."""

    lat: float | None = Field(default=None, ge=-90, le=90, description="Latitude (WGS84).")
    lon: float | None = Field(default=None, ge=-180, le=180, description="Longitude (WGS84).")
    address: str | None = Field(
        default=None, min_length=3, max_length=200, description="Instead of lat/lon."
    )
    radius_m: float = Field(default=10_000, gt=0, le=100_000)
    from_: datetime | None = Field(
        default=None,
        alias="from",
        description=f"Sessions ending after; naive = Paris time; default now. {MOMENT_RANGE}.",
    )
    to: datetime | None = Field(
        default=None, description="Sessions starting before; default 90 days after `from`."
    )
    seats_available: bool = Field(default=False, description="Only sessions with a free seat.")
    sort: Literal["start", "distance"] = "start"
    limit: int = Field(default=50, ge=1, le=200)

    @field_validator("from_", "to", mode="before")
    @classmethod
    def _iso_moment(cls, value: object) -> object:
        return not_a_number(value)

    @field_validator("from_", "to")
    @classmethod
    def _evaluable(cls, value: datetime | None) -> datetime | None:
        return None if value is None else moment_for(evaluable_moment(value))

    @model_validator(mode="after")
    def _coherent(self) -> "SessionParams":
        # Each reason names its parameters: the error of a whole-model check has no field
        # of its own, and its input (the whole query) is never echoed.
        if (self.lat is None) != (self.lon is None):
            raise ValueErrorFr(
                "lat, lon: give lat and lon together", "lat, lon : donnez lat et lon ensemble"
            )
        if self.address is not None and self.lat is not None:
            raise ValueErrorFr(
                "lat, lon, address: give lat/lon or address, not both",
                "lat, lon, address : donnez lat/lon ou address, pas les deux",
            )
        if self.sort == "distance" and self.lat is None and self.address is None:
            raise ValueErrorFr(
                "sort: sort=distance needs lat/lon or address",
                "sort : sort=distance demande lat/lon ou address",
            )
        if self.from_ is not None and self.to is not None:
            if self.to <= self.from_:
                raise ValueErrorFr(
                    "from, to: to must be after from", "from, to : to doit suivre from"
                )
            if self.to - self.from_ > MAX_WINDOW:
                raise ValueErrorFr(
                    "from, to: from..to spans at most 366 days",
                    "from, to : de from à to, 366 jours au plus",
                )
        return self

    def window(self) -> tuple[datetime, datetime]:
        """The span asked, from now for 90 days by default."""
        start = self.from_ or moment_for(None)
        return start, min(self.to or start + DEFAULT_WINDOW, start + MAX_WINDOW)
