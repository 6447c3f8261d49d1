"""What a counsellor hands over: the week's hours and a text to send by SMS."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field
from starlette.responses import Response

from api.clock import FIRST_DAY, LAST_WEEK_START, evaluable_week_start, moment_for, not_a_number
from api.deps import SnapshotDep
from api.http.caching import conditional
from api.http.errors import ERROR_RESPONSES, InvalidParameter, NotFound
from api.http.path_ids import PlaceId
from api.maps.sheet_plan import plan_of
from api.maps.svg import sheet_map_svg
from api.read_model import Snapshot
from api.read_model.snapshot import clock_of
from api.transit.answers import transit_dict, transit_phrase
from models import gsm7
from models.access_point import AccessPointPublic
from models.opening_hours import states_public_holidays
from models.sms import SMS_MAX_CHARS, SMS_MAX_SEGMENTS, sms_text
from models.weekly_hours import week_hours

router = APIRouter(prefix="/v1/access-points", tags=["access points"])
# FIRST_DAY to LAST_WEEK_START as a pattern (the format says which dates exist).
WEEK_START_DAYS = (
    "^(?:(?:19[7-9][0-9]|20[0-9]{2})-|2100-(?:0[1-9]|1[01])-|2100-12-(?:[01][0-9]|2[0-5])$)"
)


class SmsAnswer(BaseModel):
    """Plain text for an SMS, in the GSM 03.38 alphabet."""

    text: str = Field(max_length=SMS_MAX_CHARS)
    length: int = Field(description="Characters in the text.")
    segments: int = Field(
        ge=1, le=SMS_MAX_SEGMENTS, description="SMS the text costs (160, then 153 per part)."
    )


class DayOut(BaseModel):
    """One day's hours."""

    day: date
    weekday: str = Field(examples=["mardi"])
    intervals: list[tuple[str, str]] = Field(examples=[[["09:00", "12:00"]]])
    label: str = Field(
        examples=["09:00–12:00, 14:00–18:00", "Fermé", "Jour férié : horaires non confirmés"]
    )
    holiday: str | None = Field(
        default=None,
        description="The public holiday's name.",
        examples=["14 juillet — Fête nationale"],
    )


class WeekAnswer(BaseModel):
    """Seven days of hours; `known` is false when the sources give no hours."""

    id: int
    known: bool
    holidays_stated: bool = Field(
        description="Whether the hours have a rule for public holidays (`PH`); without one a "
        "holiday's hours are not confirmed."
    )
    days: list[DayOut]


def _place(snapshot: Snapshot, place_id: int) -> AccessPointPublic:
    index = snapshot.by_id.get(place_id)
    if index is None:
        raise NotFound(
            f"aucun lieu n'a l'identifiant {place_id}", en=f"no access point with id {place_id}"
        )

    return snapshot.places[index]


@router.get(
    "/{access_point_id}/sms",
    response_model=SmsAnswer,
    operation_id="accessPointSms",
    responses={404: ERROR_RESPONSES[404]},
)
async def access_point_sms(
    request: Request, access_point_id: PlaceId, snapshot: SnapshotDep
) -> Response:
    """Two SMS at most, GSM alphabet: name, address, the nearest stop, today's hours or the
    next opening, phone."""
    place = _place(snapshot, access_point_id)
    at = moment_for(None)
    field = transit_dict(snapshot.transit, snapshot.by_id[place.id], at.date())
    text = sms_text(place, at, transit_phrase(field))
    answer = SmsAnswer(text=text, length=len(text), segments=gsm7.segments(text))
    return conditional(request, answer.model_dump_json().encode())


@router.get(
    "/{access_point_id}/week",
    response_model=WeekAnswer,
    operation_id="accessPointWeek",
    responses={404: ERROR_RESPONSES[404]},
)
async def access_point_week(
    request: Request,
    access_point_id: PlaceId,
    snapshot: SnapshotDep,
    start: Annotated[
        date | None,
        BeforeValidator(not_a_number),  # a number would be read as a Unix time
        AfterValidator(evaluable_week_start),
        Query(
            description=f"First day (default: today, Paris), {FIRST_DAY} to {LAST_WEEK_START}.",
            json_schema_extra={"pattern": WEEK_START_DAYS},
        ),
    ] = None,
) -> Response:
    """The place's hours over seven days; public holidays named, unconfirmed without a PH rule."""
    place = _place(snapshot, access_point_id)
    first = start or moment_for(None).date()
    zone, calendar = clock_of(place)
    days = [
        DayOut.model_validate(d, from_attributes=True)
        for d in week_hours(place.opening_hours, first, time_zone=zone, department=calendar)
    ]
    hours = place.opening_hours
    stated = hours is not None and states_public_holidays(hours)
    answer = WeekAnswer(
        id=access_point_id, known=hours is not None, holidays_stated=stated, days=days
    )
    return conditional(request, answer.model_dump_json().encode())


SVG = "image/svg+xml"
# An SVG opened on its own runs nothing and loads nothing (it has no script nor link anyway).
SVG_HEADERS = {"Content-Security-Policy": "default-src 'none'", "X-Content-Type-Options": "nosniff"}
Latitude = Annotated[
    float | None,
    Query(ge=-90, le=90, allow_inf_nan=False, description="The person's latitude (with lon)."),
]
Longitude = Annotated[
    float | None,
    Query(ge=-180, le=180, allow_inf_nan=False, description="The person's longitude (with lat)."),
]


@router.get(
    "/{access_point_id}/sheet-map.svg",
    operation_id="accessPointSheetMap",
    response_class=Response,
    responses={
        200: {"content": {SVG: {"schema": {"type": "string"}}}, "description": "An SVG plan."},
        404: ERROR_RESPONSES[404],
        422: ERROR_RESPONSES[422],
    },
)
async def access_point_sheet_map(
    request: Request,
    access_point_id: PlaceId,
    snapshot: SnapshotDep,
    lat: Latitude = None,
    lon: Longitude = None,
) -> Response:
    """The sheet's plan (SVG, no script): the place, the person's point, the nearest stop."""
    if (lat is None) != (lon is None):
        raise InvalidParameter(
            "donnez lat et lon ensemble (le point de la personne), ou aucun des deux",
            en="give lat and lon together (the person's point), or neither",
        )
    _place(snapshot, access_point_id)
    index = snapshot.by_id[access_point_id]
    answer = snapshot.dict_of(index)
    # The same `transit` field as the place's answer: its first stop is the nearest.
    answer["transit"] = transit_dict(snapshot.transit, index, moment_for(None).date())
    person = (lat, lon) if lat is not None and lon is not None else None
    body = sheet_map_svg(plan_of(answer, person)).encode()
    return conditional(request, body, headers=SVG_HEADERS, cls=Response, media_type=SVG)
