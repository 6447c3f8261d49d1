"""Query filters shared by the list, nearest and search endpoints."""

import re
from datetime import datetime
from enum import StrEnum
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, field_validator

from api.clock import MOMENT_RANGE, evaluable_moment, moment_for, not_a_number
from models.access_point import LocationPrecision
from models.vocabulary import (
    Accessibility,
    AccessMode,
    Audience,
    Equipment,
    Fees,
    NationalProgramme,
    Service,
    SupportMode,
)
from seed.validation_text import ValueErrorFr

_VALID_EQUIPMENT = ", ".join(e.value for e in Equipment)
# What `_known_equipment` takes: known values apart by commas, blanks (str.strip's, control
# characters aside) and empty items around them, at least one value.
_BLANK = "[ \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*"
_ONE = f"(?:{'|'.join(e.value for e in Equipment)})"
EQUIPMENT_PATTERN = f"^(?:{_BLANK},)*{_BLANK}{_ONE}{_BLANK}(?:,{_BLANK}(?:{_ONE}{_BLANK})?)*$"

# A multi-valued filter is repeated (`service=A&service=B`), comma-separated (`service=A,B`)
# or both; each item is one value, spaces around it allowed, none empty. So many repeats at
# most, each so long at most: a query string must stay well under the 64 KiB the server reads
# (7 such filters, each character up to 9 bytes once percent-encoded).
MAX_REPEATS = 5
MAX_VALUES_LENGTH = 160  # three of the longest vocabulary values, with commas
MAX_SOURCES_LENGTH = 100
# A source name as the filter reads it: something besides spaces, no comma (it separates
# names), no control character.
_NOT_NAME = ",\\u0000-\\u001f\\u007f-\\u009f"
_SOURCE_NAME = f"[^{_NOT_NAME}]*[^{_NOT_NAME} ][^{_NOT_NAME}]*"
Match = Literal["any", "all"]


def _escaped(value: str) -> str:
    """A value as a regular expression matching itself, in the syntax both Python and
    ECMAScript read (re.escape's `\\ ` before a space is an error in ECMAScript)."""
    return re.sub(r"([\\^$.|?*+()\[\]{}/])", r"\\\1", value)


def _items_pattern(one: str) -> str:
    return f"^ *{one} *(?:, *{one} *)*$"


def _split(value: object, longest: int) -> object:
    """The items of one or more given values, split at commas and stripped (repeats kept)."""
    if value is None:
        return None
    values = value if isinstance(value, list) else [value]
    if len(values) > MAX_REPEATS:
        raise ValueErrorFr(
            f"given {len(values)} times; at most {MAX_REPEATS}",
            f"donné {len(values)} fois ; {MAX_REPEATS} au plus",
        )
    items: list[object] = []
    for one in values:
        if not isinstance(one, str):
            items.append(one)
            continue
        if len(one) > longest:
            raise ValueErrorFr(
                f"a value over {longest} characters", f"une valeur de plus de {longest} caractères"
            )
        for item in one.split(","):
            if not item.strip(" "):
                raise ValueErrorFr(
                    "an empty value between commas", "une valeur vide entre deux virgules"
                )
            items.append(item.strip(" "))
    return list(dict.fromkeys(items))


def many(item: Any, values: str, described: str, example: str) -> Any:
    """A multi-valued filter's type: items of `item`, documented as a repeatable parameter."""
    longest = MAX_SOURCES_LENGTH if item is str else MAX_VALUES_LENGTH
    schema = {
        "type": "array",
        "items": {"type": "string", "maxLength": longest, "pattern": values},
        "minItems": 1,
        "maxItems": MAX_REPEATS,
        "description": described,
    }
    return Annotated[
        list[item] | None,
        BeforeValidator(partial(_split, longest=longest)),
        WithJsonSchema(schema),
        Field(description=described, examples=[[example]]),
    ]


def _vocabulary(vocabulary: type[StrEnum]) -> str:
    return _items_pattern(f"(?:{'|'.join(_escaped(v.value) for v in vocabulary)})")


def _said(what: str, match: str | None) -> str:
    how = (
        f"; `{match}=all` keeps only the places with all of them"
        if match
        else " (a place has one source)"
    )
    return (
        f"{what}: places with any of the values given{how}. Repeat the parameter "
        f"(`a=x&a=y`) or separate values by commas (`a=x,y`)."
    )


# The multi-valued filters, each named as its mask field (api.read_model.snapshot).
MULTI_VALUED = (
    "service",
    "audience",
    "fees",
    "national_programme",
    "support_mode",
    "access_mode",
    "source",
)


def _match(name: str) -> Any:
    return Field(
        default=None,
        description=f"How the values of `{name}` combine: any of them (the default) or all.",
    )


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
    service: many(  # type: ignore[valid-type]
        Service,
        _vocabulary(Service),
        _said("Services of the national standard", "service_match"),
        Service.ADMIN_PROCEDURES.value,
    ) = None
    service_match: Match | None = _match("service")
    audience: many(  # type: ignore[valid-type]
        Audience,
        _vocabulary(Audience),
        _said("Audiences the place addresses", "audience_match"),
        Audience.SENIORS.value,
    ) = None
    audience_match: Match | None = _match("audience")
    fees: many(  # type: ignore[valid-type]
        Fees,
        _vocabulary(Fees),
        _said("Fees as the national standard says them", "fees_match"),
        Fees.FREE.value,
    ) = None
    fees_match: Match | None = _match("fees")
    national_programme: many(  # type: ignore[valid-type]
        NationalProgramme,
        _vocabulary(NationalProgramme),
        _said(
            "National programmes (France Services, Conseillers numériques…)",
            "national_programme_match",
        ),
        NationalProgramme.FRANCE_SERVICES.value,
    ) = None
    national_programme_match: Match | None = _match("national_programme")
    support_mode: many(  # type: ignore[valid-type]
        SupportMode,
        _vocabulary(SupportMode),
        _said("Support modes (modalites_accompagnement)", "support_mode_match"),
        SupportMode.INDIVIDUAL.value,
    ) = None
    support_mode_match: Match | None = _match("support_mode")
    access_mode: many(  # type: ignore[valid-type]
        AccessMode,
        _vocabulary(AccessMode),
        _said("Access modes (modalites_acces)", "access_mode_match"),
        AccessMode.WALK_IN.value,
    ) = None
    access_mode_match: Match | None = _match("access_mode")
    source: many(  # type: ignore[valid-type]
        str,
        _items_pattern(_SOURCE_NAME),
        _said(
            "Data sources by name (`source` of each place); an unknown name matches no place", None
        ),
        "mednum-bfc",
    ) = None
    open_weekend: bool = Field(
        default=False,
        description="Only places whose weekly hours open on a Saturday or a Sunday (an "
        "ordinary week, public holidays aside); places without hours, or closed for good, "
        "are left out.",
    )
    appointment_online: bool = Field(
        default=False,
        description="Only places taking appointments online: an appointment_url, or the "
        'access mode "Prendre un RDV en ligne".',
    )
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
        examples=["T2"],
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

    def chosen(self) -> dict[str, tuple[list[Any], Match]]:
        """The multi-valued filters given: their mask field, values and how they combine."""
        given: dict[str, tuple[list[Any], Match]] = {}
        for name in MULTI_VALUED:
            values = getattr(self, name)
            if values:
                given[name] = (values, getattr(self, f"{name}_match", None) or "any")
        return given

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


# A place's position in name order, as `after` takes it: its id, a colon, its folded name.
AFTER_PATTERN = "^[0-9]{1,10}:[^\\u0000-\\u001f\\u007f-\\u009f]{0,300}$"
_AFTER = re.compile("^[0-9]{1,10}:[^\x00-\x1f\x7f-\x9f]{0,300}$")


class ListParams(PlaceFilters):
    """Filters and a page."""

    page: int = Field(default=1, ge=1, le=100_000, description="Page number, from 1.")
    size: int = Field(default=20, ge=1, le=100, description="Items per page (max 100).")
    after: str | None = Field(
        default=None,
        description="A stable cursor instead of `page`: `next_after` of the previous answer; "
        "the places after it in name order, whatever was added or removed before it "
        "meanwhile. Excludes a `page` other than 1 (422).",
        examples=["12:panda gresilles"],
        json_schema_extra={"pattern": AFTER_PATTERN, "maxLength": 311},
    )

    @field_validator("after")
    @classmethod
    def _position(cls, value: str | None) -> str | None:
        if value is not None and not _AFTER.match(value):
            raise ValueErrorFr(
                "not a cursor: give next_after of the previous answer",
                "ce n'est pas un curseur : donnez le next_after de la réponse précédente",
            )
        return value

    def after_key(self) -> tuple[str, int] | None:
        """The (folded name, id) the page starts after, or None."""
        if self.after is None:
            return None
        place_id, _, name = self.after.partition(":")
        return name, int(place_id)
