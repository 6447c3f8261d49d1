"""The access point: a public place lending computers and internet access, with help."""

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    ConfigDict,
    StringConstraints,
    WithJsonSchema,
    create_model,
    field_validator,
    model_validator,
)
from pydantic import Field as PydanticField
from sqlalchemy import JSON, Column, DateTime, String, UniqueConstraint
from sqlmodel import Field, SQLModel
from sqlmodel.main import FieldInfoMetadata

from models import opening_hours
from models.facts_date import FactsDateBasis, facts_date_of
from models.review import DEFAULT_PERIOD_MONTHS, due_on, overdue_on
from models.text_types import MULTI_LINE, ONE_LINE
from models.vocabulary import (
    Accessibility,
    AccessMode,
    Audience,
    Equipment,
    Fees,
    Mobility,
    NationalProgramme,
    PlaceStatus,
    Service,
    SpecificSupport,
    SupportMode,
    TrainingLabel,
)

PHONE_PATTERN = r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$"
Postcode = Annotated[str, StringConstraints(pattern=r"^\d{5}$")]
InseeCode = Annotated[str, StringConstraints(pattern=r"^([013-9]\d|2[AB1-9])\d{3}$")]
Phone = Annotated[str, StringConstraints(pattern=PHONE_PATTERN)]
# Free text refuses control characters and lone surrogates (models.text_types).
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), ONE_LINE
]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000), MULTI_LINE]
SourceKey = Annotated[str, StringConstraints(min_length=1, max_length=100), ONE_LINE]
SourceId = Annotated[str, StringConstraints(min_length=1, max_length=200), ONE_LINE]
# Neither a space nor a control character (C0, DEL, C1) in a web or e-mail address.
_INVISIBLE = r"\s\x00-\x1f\x7f-\x9f"
Url = Annotated[str, StringConstraints(pattern=rf"^https?://[^{_INVISIBLE}]+$", max_length=500)]
_EMAIL_PART = rf"[^@|{_INVISIBLE}]+"
Email = Annotated[
    str,
    StringConstraints(pattern=rf"^{_EMAIL_PART}@{_EMAIL_PART}\.{_EMAIL_PART}$", max_length=254),
]
Pivot = Annotated[str, StringConstraints(pattern=r"^[a-zA-Z0-9]{9,14}$")]
TypologyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]*$", max_length=40)]
LocationPrecision = Literal["source", "housenumber", "street", "municipality"]
# Bounded so that no count can overflow a 64-bit integer on its way to JSON or the database.
MAX_EQUIPMENT_COUNT = 10_000
EquipmentCounts = dict[Equipment, Annotated[int, Field(ge=0, le=MAX_EQUIPMENT_COUNT)] | None]


# OpenStreetMap's opening_hours syntax, which no regular expression states: the document names
# it as a format of its own, with no pattern (the syntax admits no control character).
OPENING_HOURS_FORMAT = "osm-opening-hours"
OpeningHoursText = Annotated[
    str,
    ONE_LINE,
    AfterValidator(opening_hours.normalise),
    WithJsonSchema(
        {
            "type": "string",
            "format": OPENING_HOURS_FORMAT,
            "description": "OpenStreetMap opening_hours "
            "(https://wiki.openstreetmap.org/wiki/Key:opening_hours/specification), such as "
            "`Mo-Fr 09:00-12:00,14:00-17:00; PH off`; anything else, blank included, is a 422.",
        }
    ),
]


def _json_column() -> Column[Any]:
    return Column(JSON, nullable=False, default=list)


class AccessPointBase(SQLModel):
    """Fields shared by every access-point model, named after the standard's meaning."""

    name: Text = Field(index=True)
    pivot: Pivot | None = None
    address: Text
    address_complement: Text | None = None
    postcode: Postcode
    commune: Text
    insee_code: InseeCode | None = Field(default=None, index=True)
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    # "source" when the coordinates come with the data, else the geocoder's precision.
    location_precision: LocationPrecision = Field(default="source", sa_type=String(20))
    typology: list[TypologyCode] = Field(default_factory=list, sa_column=_json_column())
    phone: Phone | None = None
    emails: list[Email] = Field(default_factory=list, sa_column=_json_column())
    websites: list[Url] = Field(default_factory=list, sa_column=_json_column())
    opening_hours: OpeningHoursText | None = Field(default=None, max_length=1000)
    summary: LongText | None = None
    description: LongText | None = None
    mobility: list[Mobility] = Field(default_factory=list, sa_column=_json_column())
    parent_organisation: Text | None = None
    source_updated_on: date | None = None
    services: list[Service] = Field(default_factory=list, sa_column=_json_column())
    audiences: list[Audience] = Field(default_factory=list, sa_column=_json_column())
    specific_support: list[SpecificSupport] = Field(default_factory=list, sa_column=_json_column())
    fees: list[Fees] = Field(default_factory=list, sa_column=_json_column())
    national_programmes: list[NationalProgramme] = Field(
        default_factory=list, sa_column=_json_column()
    )
    training_labels: list[TrainingLabel] = Field(default_factory=list, sa_column=_json_column())
    other_training_labels: list[Text] = Field(default_factory=list, sa_column=_json_column())
    access_modes: list[AccessMode] = Field(default_factory=list, sa_column=_json_column())
    support_modes: list[SupportMode] = Field(default_factory=list, sa_column=_json_column())
    accessibility_sheet_url: Url | None = None
    appointment_url: Url | None = None
    networks: list[Text] = Field(default_factory=list, sa_column=_json_column())
    # None: the sources say nothing (unknown); {}: they say there is none.
    equipment: EquipmentCounts | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    wheelchair_accessible: Accessibility = Accessibility.UNKNOWN
    status: PlaceStatus = PlaceStatus.OPEN
    closed_from: date | None = None
    closed_until: date | None = Field(
        default=None, description="On or after closed_from when both are given (422 otherwise)."
    )
    closure_reason: Text | None = None
    source: SourceKey
    source_id: SourceId

    @model_validator(mode="after")
    def _closure_dates_in_order(self) -> "AccessPointBase":
        if self.closed_from and self.closed_until and self.closed_until < self.closed_from:
            raise ValueError("closed_until is before closed_from")
        return self


class AccessPoint(AccessPointBase, table=True):
    """An access point as stored; (source, source_id) identifies it across imports."""

    __tablename__ = "access_point"
    __table_args__ = (
        UniqueConstraint("source", "source_id", name="uq_access_point_source"),
        # SQLite would give a hard-deleted place's id to the next place created, which would
        # then inherit its history; AUTOINCREMENT never reuses one (PostgreSQL never does).
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    updated_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC),
        sa_column=Column(DateTime(timezone=True), nullable=False),
    )
    # The day a steward of the place last confirmed or changed its facts (None: never). Not a
    # writable field: imports restate the source's facts and leave it as it is.
    confirmed_on: date | None = None
    # The day the oldest open « fermé définitivement » report on the place was sent (None:
    # none open). Kept by api.reports, never by a place write; readers say « Signalé fermé ».
    reported_closed_on: date | None = None
    # Months between checks of the facts (models.review: 1, 3, 6 or 12); None is « jamais ». Set
    # by the city team or the steward (api.reviews), never by an import.
    review_period_months: int | None = Field(
        default=DEFAULT_PERIOD_MONTHS, sa_column_kwargs={"server_default": "6"}
    )


class AccessPointCreate(AccessPointBase):
    """What a client or an importer sends to create a place."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]


class AccessPointPublic(AccessPointBase):
    """A place as the API returns it."""

    id: int
    updated_at: datetime
    equipment_status: str = Field(
        default="unknown",
        description='"stated" when a source lists the equipment, else "unknown".',
    )
    confirmed_on: date | None = Field(
        default=None, description="The day a steward of the place last confirmed its facts."
    )
    reported_closed_on: date | None = Field(
        default=None,
        description="The day someone reported the place closed for good, while that report "
        "awaits the city team's decision (« Signalé fermé le … — à vérifier »); null otherwise.",
    )
    facts_date: date | None = Field(
        default=None,
        description="The day the facts were last stated: the later of `source_updated_on` and "
        "`confirmed_on`, else the source's publication date; null when nothing is known. "
        "Not `updated_at`, which is when our database changed.",
    )
    review_period_months: int | None = Field(
        default=DEFAULT_PERIOD_MONTHS,
        description="Months between checks of the facts (1, 3, 6 or 12); null: never.",
    )
    review_due_on: date | None = Field(
        default=None,
        description="The day the facts fall due for a check (`facts_date` plus the period); "
        "the place's stewards are reminded from then on. Null: never, or undated.",
    )
    review_overdue_on: date | None = Field(
        default=None,
        description="A month after `review_due_on`: from then on, unconfirmed, the city team is "
        "told and cards say « Non vérifié depuis le … ».",
    )
    facts_date_basis: FactsDateBasis | None = Field(
        default=None,
        description='Where `facts_date` comes from: "source", "steward" or '
        '"publication" (the source\'s data set).',
    )
    source_attribution: str | None = Field(
        default=None, description="Who to credit for this place's source.", max_length=300
    )

    @model_validator(mode="after")
    def _derive_equipment_status(self) -> "AccessPointPublic":
        self.equipment_status = "unknown" if self.equipment is None else "stated"
        return self

    @model_validator(mode="after")
    def _derive_facts_date(self) -> "AccessPointPublic":
        # The place's own dates always win; a reader passes the publication date of its source
        # as facts_date with basis "publication" (see api.read_model.queries), for undated rows
        # only.
        publication = self.facts_date if self.facts_date_basis == "publication" else None
        self.facts_date, self.facts_date_basis = facts_date_of(
            self.source_updated_on, self.confirmed_on, publication
        )
        self.review_due_on = due_on(self.facts_date, self.review_period_months)
        self.review_overdue_on = overdue_on(self.review_due_on)
        return self

    @field_validator("updated_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        # SQLite drops the zone; stored times are UTC.
        return value if value.tzinfo else value.replace(tzinfo=UTC)


def left_out_schema(schema: dict[str, Any]) -> None:
    """The JSON schema of a field that may be left out but not null: no null branch, no default.
    (The type stays nullable, so that errors are named by field, not by union member.)"""
    schema.pop("default", None)
    branches = [branch for branch in schema.pop("anyOf", []) if branch != {"type": "null"}]
    if len(branches) == 1:
        schema.update(branches[0])
    elif branches:
        schema["anyOf"] = branches


def _all_optional(base: type[AccessPointBase]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, info in base.model_fields.items():
        # A required field keeps its checks (text rules, bounds) in its metadata, beside
        # SQLModel's column settings, which cannot go into a type (they are unhashable).
        checks = [item for item in info.metadata if not isinstance(item, FieldInfoMetadata)]
        annotation: Any = Annotated[(info.annotation, *checks)] if checks else info.annotation
        if type(None) in get_args(info.annotation):
            fields[name] = (annotation | None, None)
        else:
            # Left out, it stays; null is refused once merged into the whole place (422), so
            # the document lists no null and no default for it.
            left_out = PydanticField(default=None, json_schema_extra=left_out_schema)
            fields[name] = (annotation | None, left_out)
    return fields


# Every field optional; PATCH applies only the fields sent (exclude_unset). Built from the base
# so that a field added to the model can never be forgotten here.
AccessPointUpdate = create_model(
    "AccessPointUpdate",
    __config__=ConfigDict(extra="forbid"),
    __doc__="Fields to change on a place; those not sent stay as they are.",
    **_all_optional(AccessPointBase),
)
