"""Taking a report: checked, stored per place, audited; a « fermé définitivement » report marks
the place `reported_closed_on` until the city team decides.

A filled honeypot field (`website`, which people never see) is answered like any report and
dropped: the robot learns nothing.
"""

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlmodel import Session

from api.http.errors import NotFound
from api.outbox.enqueue import enqueue_event
from api.read_model.holder import ReadModel
from models.access_point import AccessPoint
from models.opening_hours import PARIS
from models.report import MAX_CONTACT_LENGTH, MAX_TEXT_LENGTH, PlaceReport, ReportKind
from models.text_types import MULTI_LINE, ONE_LINE
from seed import audit
from seed.locking import begin_write
from seed.upsert import bump_data_version

# The audit trail's actor for what the public sends: never who sent it.
PUBLIC_ACTOR = "signalement public"
HONEYPOT = "website"
RECEIVED = "Merci : votre signalement a été transmis à l'équipe de la Métropole, qui le vérifiera."


class ReportForm(BaseModel):
    """What the form sends: what is wrong, and optionally a text and a way to answer."""

    model_config = ConfigDict(extra="forbid")

    kind: ReportKind = Field(description="What is wrong.")
    text: (
        Annotated[
            str, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT_LENGTH), MULTI_LINE
        ]
        | None
    ) = Field(default=None, description="What you saw (optional).")
    contact: (
        Annotated[
            str, StringConstraints(strip_whitespace=True, max_length=MAX_CONTACT_LENGTH), ONE_LINE
        ]
        | None
    ) = Field(
        default=None,
        description="An e-mail or phone number to answer you (optional); read by the city "
        "team only.",
    )
    website: Annotated[str, StringConstraints(max_length=500)] | None = Field(
        default=None, description="Leave empty (a field people never see)."
    )


class ReportReceived(BaseModel):
    """The same answer for every report taken."""

    status: str = Field(default="received")
    detail: str = Field(default=RECEIVED)


def is_robot(form: ReportForm) -> bool:
    """True when the honeypot field holds anything."""
    return bool(form.website and form.website.strip())


def open_report(
    session: Session, place_id: int, form: ReportForm, read_model: ReadModel
) -> PlaceReport | None:
    """Store a report on a place (None for a robot's); NotFound for an unknown place."""
    closing = form.kind is ReportKind.CLOSED_FOR_GOOD
    if closing:
        # The place's row is written too: lock it, so two reports set the date once.
        begin_write(session)
    place = session.get(AccessPoint, place_id, with_for_update=closing, populate_existing=True)
    if place is None:
        raise NotFound(
            f"aucun lieu n'a l'identifiant {place_id}", en=f"no access point with id {place_id}"
        )
    if is_robot(form):
        session.rollback()
        return None
    report = PlaceReport(
        access_point_id=place_id,
        kind=form.kind,
        text=form.text or None,
        contact=form.contact or None,
    )
    session.add(report)
    session.flush()
    changes: dict[str, object] = {"report": {"before": None, "after": state_of(report)}}
    marks = closing and place.reported_closed_on is None
    if marks:
        day = paris_day(report.created_at)
        changes["reported_closed_on"] = {"before": None, "after": day.isoformat()}
        place.reported_closed_on = day
        session.add(place)
        bump_data_version(session, places=[place_id])
    audit.record(session, place_id, PUBLIC_ACTOR, "report_open", changes)
    # Told in the same transaction: subscribers hear of every report stored, and of no other.
    enqueue_event(
        session,
        event="report.opened",
        payload=event_payload(report, place),
        dedupe_key=f"report.opened:{report.id}",
    )
    session.commit()
    session.refresh(report)
    if marks:
        read_model.publish()
    return report


def paris_day(moment: datetime) -> date:
    """The Paris day of a stored moment (SQLite drops the zone; stored times are UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(PARIS).date()


def event_payload(report: PlaceReport, place: AccessPoint | None) -> dict[str, object]:
    """What subscribers are told of a report: never its text or contact (the public's)."""
    return {
        "report_id": report.id,
        "access_point_id": report.access_point_id,
        "place_name": place.name if place is not None else None,
        "kind": str(report.kind),
        "status": report.status,
        "outcome": str(report.outcome) if report.outcome else None,
        "url": f"/v1/reports/{report.id}",
    }


def state_of(report: PlaceReport) -> dict[str, object]:
    """What the audit trail keeps of a report: never its text or contact (the public's)."""
    return {
        "id": report.id,
        "kind": str(report.kind),
        "status": report.status,
        "outcome": str(report.outcome) if report.outcome else None,
    }
