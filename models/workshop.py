"""Workshops of the places: a group learning one thing, in sessions with a capacity of seats."""

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, StringConstraints, WithJsonSchema, model_validator
from sqlalchemy import JSON, Column, DateTime, Dialect, ForeignKey, Integer, String, TypeDecorator
from sqlmodel import Field, SQLModel

from models.access_point import left_out_schema
from models.opening_hours import PARIS
from models.recurrence import MAX_OCCURRENCES
from models.text_types import MULTI_LINE, ONE_LINE
from models.vocabulary import Fees, Service

MAX_CAPACITY = 500
# The document's name for RFC 5545's RECUR value (no JSON Schema format states it).
RRULE_FORMAT = "rrule"
Rrule = Annotated[
    str,
    StringConstraints(max_length=500),
    WithJsonSchema({"type": "string", "format": RRULE_FORMAT, "maxLength": 500}),
]
DEFAULT_CAPACITY = 10
PlaceId = Annotated[int, Field(ge=1, le=2_147_483_647)]
# No control character nor lone surrogate (models.text_types): PostgreSQL refuses NUL in
# text, and a calendar or an SMS has no use for the others; a description may break lines.
Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), ONE_LINE
]
ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60), ONE_LINE
]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), ONE_LINE
]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000), MULTI_LINE]
Phone = Annotated[str, StringConstraints(pattern=r"^\+33\d{9}$")]


class Refusal(ValueError):
    """A validator's refusal, in English and in French (`fr`, which the API answers)."""

    def __init__(self, en: str, fr: str) -> None:
        super().__init__(en)
        self.fr = fr


class SessionStatus(StrEnum):
    """Whether a session takes place."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always loaded aware, on SQLite as on PostgreSQL."""

    # SQLite keeps no zone: it gives back naive values and writes an aware one's wall clock
    # (a Paris bound compared with UTC rows). Fixing values after loading marked the ORM
    # objects dirty (aware != naive), so a read flushed UPDATEs and failed while a writer held
    # the lock; converting here, in the type, makes every read path leave its objects alone.
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value if value is None or value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)


def utc_column(nullable: bool) -> Column[datetime]:
    """An aware timestamp column, stored in UTC (naive values are taken as UTC)."""
    return Column(UtcDateTime(), nullable=nullable)


def as_utc(value: datetime) -> datetime:
    """A moment as aware UTC (a naive one is taken as UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class WorkshopBase(SQLModel):
    """What a workshop is, as its organiser writes it."""

    title: Title = Field(max_length=200, description="« Je recherche, je me connecte »")
    description: LongText | None = Field(default=None, max_length=5000)
    organiser_id: PlaceId = Field(description="The place (or agency, itself a place) organising.")
    venue_id: PlaceId = Field(index=True, description="The place where it happens.")
    services: list[Service] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False),
        description="Topics from the national standard's `services`.",
    )
    topics: list[ShortText] = Field(
        default_factory=list,
        max_length=5,
        sa_column=Column(JSON, nullable=False),
        description="A short free list: « recherche d'emploi ».",
    )
    audiences: list[ShortText] = Field(
        default_factory=list,
        max_length=5,
        sa_column=Column(JSON, nullable=False),
        description="Who it is for: « demandeurs d'emploi de longue durée ».",
    )
    what_to_bring: Text | None = Field(default=None, max_length=500)
    accessibility: Text | None = Field(default=None, max_length=500)
    fee: Fees | None = Field(
        default=None, sa_type=String(40), description="As the national standard says it."
    )
    phone: Phone | None = Field(
        default=None, max_length=12, description="Whom to call; the venue's phone when absent."
    )
    capacity: int = Field(default=DEFAULT_CAPACITY, ge=1, le=MAX_CAPACITY)


class Workshop(WorkshopBase, table=True):
    """A workshop as stored."""

    __tablename__ = "workshop"

    id: int | None = Field(default=None, primary_key=True)
    organiser_id: int = Field(index=True)
    venue_id: int = Field(index=True)
    updated_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC), sa_column=utc_column(False)
    )


class WorkshopCreate(WorkshopBase):
    """A new workshop."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]


# A workshop always has these: they can be left out of an update, not set to null, so the
# schema lists no null for them and `_no_null_for_required` refuses it.
def _not_null() -> Any:
    return Field(default=None, schema_extra={"json_schema_extra": left_out_schema})


class WorkshopUpdate(SQLModel):
    """Fields to change; any left out stay."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    title: Title | None = _not_null()
    description: LongText | None = None
    services: list[Service] | None = _not_null()
    topics: Annotated[list[ShortText], Field(max_length=5)] | None = _not_null()
    audiences: Annotated[list[ShortText], Field(max_length=5)] | None = _not_null()
    what_to_bring: Text | None = None
    accessibility: Text | None = None
    fee: Fees | None = None
    phone: Phone | None = None
    capacity: Annotated[int, Field(ge=1, le=MAX_CAPACITY)] | None = _not_null()
    venue_id: PlaceId | None = Field(
        default=None,
        description="Move the workshop to another place: the people registered to its coming "
        "sessions are told (docs/notifications.md).",
        schema_extra={"json_schema_extra": left_out_schema},
    )

    @model_validator(mode="after")
    def _no_null_for_required(self) -> "WorkshopUpdate":
        nulls = [
            name
            for name in ("title", "services", "topics", "audiences", "capacity", "venue_id")
            if name in self.model_fields_set and getattr(self, name) is None
        ]
        if nulls:
            raise Refusal(
                f"{', '.join(nulls)} cannot be null",
                f"{', '.join(nulls)} : une valeur est obligatoire (null ne l'efface pas)",
            )
        return self


class WorkshopPublic(WorkshopBase):
    """A workshop as the API answers it."""

    id: int


class WorkshopSession(SQLModel, table=True):
    """One session of a workshop; the counts survive the purge of its registrations."""

    __tablename__ = "workshop_session"

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(
        sa_column=Column(Integer, ForeignKey("workshop.id"), nullable=False, index=True)
    )
    starts_at: datetime = Field(sa_column=utc_column(False))
    ends_at: datetime = Field(sa_column=utc_column(False))
    capacity: int = Field(ge=1, le=MAX_CAPACITY)
    status: SessionStatus = Field(default=SessionStatus.SCHEDULED, sa_type=String(20))
    cancel_reason: str | None = Field(default=None, max_length=300)
    # The RRULE this session was expanded from, if any: the series it belongs to.
    rrule: str | None = Field(default=None, max_length=500)
    waiting_peak: int = Field(default=0)
    # Set by the purge: the counts kept once the registrations are deleted.
    purged_at: datetime | None = Field(default=None, sa_column=utc_column(True))
    booked_count: int | None = Field(default=None)
    attended_count: int | None = Field(default=None)
    no_show_count: int | None = Field(default=None)
    updated_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC), sa_column=utc_column(False)
    )


# Sessions are dated within this span, as written (whatever the offset: Paris offsets stay
# whole minutes and nothing overflows), which the document's pattern states by the year.
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
SESSION_YEARS = "^(?:20[0-9]{2}|2100)-"


def _plausible(value: datetime | None) -> datetime | None:
    if value is not None and not EARLIEST <= value.date() <= LATEST:
        raise Refusal(
            "must be from 2000-01-01 to 2100-12-31",
            f"« {value.isoformat()} » : une séance est datée du 01/01/2000 au 31/12/2100",
        )
    return value


Moment = Annotated[
    datetime,
    AfterValidator(_plausible),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": SESSION_YEARS}),
]


class SessionCreate(SQLModel):
    """One session, or the first of a series when `rrule` is given."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    starts_at: Moment = Field(description="With an offset; without one it is Paris time.")
    ends_at: Moment
    capacity: int | None = Field(
        default=None, ge=1, le=MAX_CAPACITY, description="The workshop's when absent."
    )
    rrule: Rrule | None = Field(
        default=None,
        description="RFC 5545 RRULE repeating the first session: FREQ=WEEKLY;BYDAY=TU;COUNT=6. "
        f"It ends (COUNT or UNTIL) and gives 1 to {MAX_OCCURRENCES} sessions; anything else, "
        "which no pattern can state, is a 422.",
    )

    @model_validator(mode="after")
    def _ends_after_start(self) -> "SessionCreate":
        if _aware(self.ends_at) <= _aware(self.starts_at):
            raise Refusal(
                "ends_at must be after starts_at",
                "la séance doit finir après son début (ends_at après starts_at)",
            )
        return self


class SessionUpdate(SQLModel):
    """Capacity, times or cancellation of one session."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    starts_at: Moment | None = None
    ends_at: Moment | None = None
    capacity: int | None = Field(default=None, ge=1, le=MAX_CAPACITY)
    status: SessionStatus | None = None
    cancel_reason: Text | None = Field(
        default=None,
        max_length=300,
        description="Shown to the public; needed with status=cancelled unless already stored.",
    )


class SessionPublic(SQLModel):
    """A session as the public reads it: times in Paris, seats left, no one's name."""

    id: int
    workshop_id: int
    title: str
    venue_id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int
    registered: int
    waiting: int
    seats_left: int
    status: SessionStatus
    cancel_reason: str | None
    rrule: str | None
    distance_m: float | None = None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=PARIS)


def paris_aware(value: datetime) -> datetime:
    """A given moment made aware: naive means Paris time."""
    return _aware(value)


class NextSession(SQLModel):
    """A coming session of a place: « Prochain atelier : mardi 10:00, 3 places »."""

    session_id: int
    workshop_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    seats_left: int
    label: str
