"""What a steward reads and writes of their place, through the API's own write path.

Every save and every confirmation goes through api.places.writes (If-Match, lock, audit,
data version) with the actor `steward:<name>`, and sets the place's `confirmed_on`.
"""

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlmodel import Session

from api.http.errors import AppError, InvalidBody, PreconditionFailed
from api.http.etag import etag_of
from api.places import writes as place_writes
from api.read_model.holder import ReadModel
from api.stewards.links import actor
from models.access_point import (
    MAX_EQUIPMENT_COUNT,
    PHONE_PATTERN,
    AccessPoint,
    AccessPointPublic,
)
from models.hours_grid import ContradictoryHours, Grid, from_opening_hours, to_opening_hours
from models.overseas import department_of_place
from models.phone_numbers import to_e164
from models.steward import StewardLink
from models.text_types import MULTI_LINE, ONE_LINE
from models.vocabulary import Accessibility, Equipment, PlaceStatus, Service
from seed import audit
from seed.upsert import bump_data_version, place_json, version_json

HoursText = Annotated[str, StringConstraints(max_length=5)]
Holidays = Literal["closed", "unknown", "same"]
_PHONE = re.compile(PHONE_PATTERN)


class HoursGrid(BaseModel):
    """Hours as a week of ranges ("09:00", "12:00") per day code (Mo … Su; a day left out is
    closed) and what public holidays do: closed (`PH off`), unknown (no rule), or the same as
    that weekday (`|| PH off`)."""

    model_config = ConfigDict(extra="forbid")

    week: dict[str, Annotated[list[tuple[HoursText, HoursText]], Field(max_length=4)]] = Field(
        default_factory=dict, max_length=7
    )
    public_holidays: Holidays = "unknown"


class Closure(BaseModel):
    """A temporary closure: from, until (both days included) and why."""

    model_config = ConfigDict(extra="forbid")

    closed_from: date | None = None
    closed_until: date | None = None
    reason: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=300), ONE_LINE] | None
    ) = None


class StewardEdit(BaseModel):
    """What a steward may change; a field left out stays as it is."""

    model_config = ConfigDict(extra="forbid")

    hours: HoursGrid | None = Field(default=None, description="Replaces the opening hours.")
    equipment: (
        dict[Equipment, Annotated[int, Field(ge=0, le=MAX_EQUIPMENT_COUNT)] | None] | None
    ) = Field(default=None, description="Equipment on site with its count (null: count unknown).")
    services: list[Service] | None = Field(default=None, max_length=20)
    wheelchair_accessible: Accessibility | None = None
    phone: Annotated[str, StringConstraints(max_length=30)] | None = Field(
        default=None, description='"03 80 48 84 14" or "+33380488414"; "" removes it.'
    )
    description: Annotated[str, StringConstraints(max_length=5000), MULTI_LINE] | None = None
    closure: Closure | None = Field(
        default=None, description="A temporary closure; send {} to end one."
    )


class StewardSteward(BaseModel):
    """Who holds the link."""

    name: str
    expires_at: datetime


class StewardView(BaseModel):
    """The place as its steward edits it: its facts, its version, its hours as a grid."""

    place: AccessPointPublic
    confirmed_on: date | None = Field(description="Last confirmed or changed by a steward.")
    etag: str = Field(description="Send it back as If-Match (also the ETag header).")
    hours: HoursGrid | None = Field(
        description="The hours as a grid; null when they hold more than a grid can show."
    )
    steward: StewardSteward


class StewardRefused(AppError):
    """An edit refused before anything is written; `problems` lists each, in French."""

    status_code = 422
    kind = "invalid_steward_edit"


class ContradictoryHoursRefused(StewardRefused):
    """Hours that contradict themselves (closing before opening, overlapping ranges)."""

    kind = "contradictory_hours"


class PlaceChanged(AppError):
    """The form was read from an older version; `current` holds what is stored now."""

    status_code = 412
    kind = "place_changed"


def view(stored: AccessPoint, link: StewardLink) -> StewardView:
    """What the steward's page shows and edits."""
    grid = from_opening_hours(stored.opening_hours)
    hours = None if grid is None else HoursGrid(week=grid.week, public_holidays=grid.holidays)
    expires = link.expires_at if link.expires_at.tzinfo else link.expires_at.replace(tzinfo=UTC)
    return StewardView(
        place=place_writes.public(stored),
        confirmed_on=stored.confirmed_on,
        etag=etag_of(version_json(stored)),
        hours=hours,
        steward=StewardSteward(name=link.steward_name, expires_at=expires),
    )


def normalised_phone(text: str, department: str | None = None) -> str | None:
    """E.164 from a French number as people type it (+590… in Guadeloupe, +33… in Dijon);
    None for ""; StewardRefused otherwise."""
    if not re.sub(r"[\s.\-()]", "", text):
        return None
    digits = to_e164(text, department)
    if not _PHONE.match(digits):
        raise StewardRefused(
            f"Numéro de téléphone « {text} » non reconnu (exemple valide : 03 80 48 84 14).",
            extra={"problems": ["phone"]},
        )
    return digits


def changed_fields(edit: StewardEdit, stored: AccessPoint) -> dict[str, Any]:
    """The place's fields an edit sets, as JSON values; StewardRefused (French) if contradictory."""
    sent = edit.model_fields_set
    fields: dict[str, Any] = {}
    if edit.hours is not None:
        grid = Grid(edit.hours.week, edit.hours.public_holidays)
        try:
            fields["opening_hours"] = to_opening_hours(grid)
        except ContradictoryHours as exc:
            raise ContradictoryHoursRefused(
                "Horaires contradictoires, rien n'a été enregistré : " + " ".join(exc.problems),
                extra={"problems": exc.problems},
            ) from exc
    if edit.equipment is not None:
        fields["equipment"] = {str(k): v for k, v in edit.equipment.items()}
    if edit.services is not None:
        fields["services"] = sorted({s.value for s in edit.services})
    if edit.wheelchair_accessible is not None:
        fields["wheelchair_accessible"] = edit.wheelchair_accessible.value
    if "phone" in sent:
        department = department_of_place(stored.insee_code, stored.postcode)
        fields["phone"] = normalised_phone(edit.phone or "", department)
    if "description" in sent:
        fields["description"] = (edit.description or "").strip() or None
    if edit.closure is not None:
        fields |= _closure_fields(edit.closure, stored)
    return fields


def _closure_fields(closure: Closure, stored: AccessPoint) -> dict[str, Any]:
    start, end = closure.closed_from, closure.closed_until
    if start and end and end < start:
        raise StewardRefused(
            f"La fermeture temporaire finit ({end:%d/%m/%Y}) avant de commencer "
            f"({start:%d/%m/%Y}) : rien n'a été enregistré.",
            extra={"problems": ["closure"]},
        )
    closing = start is not None or end is not None
    # A place the city marked closed for good stays so: a steward only opens or pauses it.
    status = PlaceStatus.TEMPORARILY_CLOSED if closing else PlaceStatus.OPEN
    if stored.status is PlaceStatus.CLOSED:
        status = PlaceStatus.CLOSED
    return {
        "status": status.value,
        "closed_from": start.isoformat() if start else None,
        "closed_until": end.isoformat() if end else None,
        "closure_reason": (closure.reason or None) if closing else None,
    }


def _locked(session: Session, link: StewardLink, if_match: str) -> AccessPoint:
    """The steward's place locked for writing, or PlaceChanged with the current values."""
    try:
        return place_writes.load_for_write(session, link.access_point_id, if_match)
    except PreconditionFailed as exc:
        session.rollback()
        stored = session.get(AccessPoint, link.access_point_id, populate_existing=True)
        current = view(stored, link) if stored is not None else None
        raise PlaceChanged(
            "Ce lieu a été modifié entre-temps : voici les informations actuelles. "
            "Reprenez vos changements à partir d'elles, rien n'a été écrasé.",
            headers=exc.headers,
            extra={"current": current.model_dump(mode="json") if current else None},
        ) from exc


def save(
    session: Session,
    link: StewardLink,
    if_match: str,
    edit: StewardEdit,
    today: date,
    read_model: ReadModel,
) -> AccessPoint:
    """Apply an edit to the steward's place on the version they read; confirms it too."""
    stored = _locked(session, link, if_match)
    fields = changed_fields(edit, stored)
    try:
        place = place_writes.validated(place_json(stored) | fields)
    except InvalidBody as exc:
        raise StewardRefused(f"Donnée refusée : {exc.detail}", extra={"problems": []}) from exc
    if not audit.diff(place_json(stored), place.model_dump(mode="json")):
        return _confirmed(session, stored, link, today, read_model)
    stored.confirmed_on = today
    _used(session, link)
    return place_writes.replace(session, stored, place, actor(link), read_model)


def confirm(
    session: Session, link: StewardLink, if_match: str, today: date, read_model: ReadModel
) -> AccessPoint:
    """Record that the steward's place is as stated, on the version they read."""
    return _confirmed(session, _locked(session, link, if_match), link, today, read_model)


def _confirmed(
    session: Session, stored: AccessPoint, link: StewardLink, today: date, read_model: ReadModel
) -> AccessPoint:
    before = stored.confirmed_on
    stored.confirmed_on = today
    session.add(stored)
    changes = (
        {}
        if before == today
        else {
            "confirmed_on": {
                "before": before.isoformat() if before else None,
                "after": today.isoformat(),
            }
        }
    )
    audit.record(session, stored.id or 0, actor(link), "confirm", changes)
    _used(session, link)
    # Readers learn the new date as they learn any write: from the data version.
    bump_data_version(session, places=[stored.id or 0])
    session.commit()
    session.refresh(stored)
    read_model.publish()
    return stored


def _used(session: Session, link: StewardLink) -> None:
    link.last_used_at = datetime.now(UTC)
    session.add(link)
