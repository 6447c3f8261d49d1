"""Query filters shared by the list, nearest and search endpoints."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.clock import MOMENT_RANGE, evaluable_moment, moment_for, not_a_number
from models.access_point import LocationPrecision
from models.vocabulary import Accessibility, Audience, Equipment, Fees, Service
from seed.validation_text import ValueErrorFr

_VALID_EQUIPMENT = ", ".join(e.value for e in Equipment)
# What `_known_equipment` takes: known values apart by commas, blanks (str.strip's, control
# characters aside) and empty items around them, at least one value.
_BLANK = "[ \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*"
_ONE = f"(?:{'|'.join(e.value for e in Equipment)})"
EQUIPMENT_PATTERN = f"^(?:{_BLANK},)*{_BLANK}{_ONE}{_BLANK}(?:,{_BLANK}(?:{_ONE}{_BLANK})?)*$"


class PlaceFilters(BaseModel):
    """Filters on places; every one given must hold."""

    model_config = ConfigDict(extra="forbid")

    commune: str | None = Field(
        default=None,
        max_length=100,
        description="INSEE code (21231), postcode or name (Dijon, Chevigny-Saint-Sauveur) of "
        "a known commune; unknown or ambiguous is a 422 naming candidates.",
        examples=["21231"],
    )
    network: str | None = Field(
        default=None, max_length=100, description="Network name.", examples=["PANDA"]
    )
    equipment: str | None = Field(
        default=None,
        max_length=300,
        description=f"Comma-separated equipment, all required. Values: {_VALID_EQUIPMENT}.",
        examples=["computer,printer"],
        json_schema_extra={"pattern": EQUIPMENT_PATTERN},
    )
    service: Service | None = Field(default=None, description="A service of the national standard.")
    audience: Audience | None = Field(default=None, description="An audience the place addresses.")
    fees: Fees | None = Field(default=None, description="Fees as the national standard says them.")
    wheelchair_accessible: Accessibility | None = Field(
        default=None, description="yes, no or unknown."
    )
    precision: LocationPrecision | None = Field(
        default=None,
        description="Only places located this precisely or better: source (coordinates given "
        "by the data, strongest), housenumber, street, municipality (only the commune's centre).",
        examples=["street"],
    )
    open_at: datetime | None = Field(
        default=None,
        description="ISO 8601 moment the place must be open; without an offset it is Paris time. "
        f"From {MOMENT_RANGE}. Excludes open_now=true (422).",
        examples=["2025-07-15T10:00:00+02:00"],
    )
    open_now: bool = Field(
        default=False, description="Only places open now (Paris time). Excludes open_at (422)."
    )
    q: str | None = Field(
        default=None, min_length=1, max_length=100, description="Text in the place's name."
    )
    near_transit: int | None = Field(
        default=None,
        ge=1,
        le=2_000,
        description="Only places with a public-transport stop within this many metres (straight "
        "line), among the stops their `transit` field answers (those within "
        "PANDA_TRANSIT_RADIUS_M, 600 m by default). 422 when no feed is imported.",
        examples=[400],
    )
    near_transit_line: str | None = Field(
        default=None,
        min_length=1,
        max_length=50,
        description="Only places with a stop of this line (short name such as T1, or the "
        "feed's route_id; case ignored) among those their `transit` field answers, within "
        "near_transit metres when given. An unknown line is a 422 naming the known ones.",
        examples=["T1"],
    )
    confirmed_within_days: int | None = Field(
        default=None,
        ge=0,
        le=36_500,
        description="Only places whose facts were stated or confirmed at most this many days "
        "ago (their `facts_date`, Paris time); undated places are left out.",
        examples=[180],
    )
    format: Literal["json", "geojson"] = Field(
        default="json", description="geojson answers application/geo+json (so does Accept)."
    )

    @field_validator("open_at")
    @classmethod
    def _evaluable(cls, value: datetime | None) -> datetime | None:
        # A naive moment is Paris time: echoed in the query with its offset, as answered.
        return None if value is None else moment_for(evaluable_moment(value))

    @field_validator("open_at", mode="before")
    @classmethod
    def _iso_moment(cls, value: object) -> object:
        return not_a_number(value)

    @field_validator("equipment")
    @classmethod
    def _known_equipment(cls, value: str | None) -> str | None:
        if value is None:
            return None
        items = [item.strip() for item in value.split(",") if item.strip()]
        unknown = [item for item in items if item not in Equipment.__members__.values()]
        if unknown or not items:
            shown = ", ".join(unknown) or value
            raise ValueErrorFr(
                f"unknown equipment {', '.join(unknown) or value!r}; valid: {_VALID_EQUIPMENT}",
                f"équipement inconnu « {shown} » ; valeurs possibles : {_VALID_EQUIPMENT} "
                "(exemple : computer,printer)",
            )
        return ",".join(items)

    def equipment_list(self) -> list[Equipment]:
        """The required equipment as vocabulary members."""
        return [Equipment(item) for item in self.equipment.split(",")] if self.equipment else []


class NearestParams(PlaceFilters):
    """A point, how many places, how far, and the filters."""

    lat: float = Field(ge=-90, le=90, description="Latitude (WGS84).", examples=[47.3216])
    lon: float = Field(ge=-180, le=180, description="Longitude (WGS84).", examples=[5.0415])
    limit: int = Field(default=10, ge=1, le=50, description="How many places, at most.")
    radius_m: float = Field(
        default=100_000, gt=0, le=100_000, description="Search radius in metres (max 100 km)."
    )
    workshop_within_days: int | None = Field(
        default=None,
        ge=1,
        le=90,
        description="Only places with a workshop session with a free seat in this many days.",
    )


class ListParams(PlaceFilters):
    """Filters and a page."""

    page: int = Field(default=1, ge=1, le=100_000, description="Page number, from 1.")
    size: int = Field(default=20, ge=1, le=100, description="Items per page (max 100).")
