"""Booking seats for job seekers (scope `register`), cancelling, attendance, the lists.

Cancelling, attendance and the lists also admit a steward of the organising place, who sends
their link's token as `X-Steward-Token: <token>` instead of a key; every list read is
recorded with its reader (`key:<id>:<name>` or `steward:<name>`).
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from api.deps import SessionDep, SnapshotDep
from api.http import idempotency
from api.http.errors import ErrorBody, NotFound, responses
from api.http.path_ids import RowId
from api.read_model import Snapshot
from api.workshops import bookings
from api.workshops import writes as workshop_writes
from api.workshops.access import (
    STEWARD_401,
    STEWARD_403,
    BookerDep,
    KeeperDep,
    ManagerDep,
    StewardFirstRoute,
    ensure_manager,
    may_manage,
)
from api.workshops.answers import SessionOut, WorkshopOut, session_out, venue_out, workshop_out
from api.workshops.calendar import event_of
from api.workshops.queries import all_workshops, seat_counts, sessions_between
from api.workshops.session_board import refresh_after_write
from models import gsm7
from models.calendar_feed import calendar_bytes
from models.idempotency import IdempotentRequest
from models.registration import Attendance, Registration, RegistrationCreate, RegistrationPublic
from models.workshop import Workshop, WorkshopSession, as_utc
from models.workshop_sms import SeatMessage, seat_sms

router = APIRouter(tags=["workshops: registrations"], route_class=StewardFirstRoute)

# Personal data: never kept by a browser or a proxy.
PRIVATE = "no-store"
ERRORS = responses(401, 403, 404, 422)
BOOKING_ERRORS = {
    **ERRORS,
    **responses(413, 422, s422=idempotency.REUSED_422),
    409: {"model": ErrorBody, "description": "Session cancelled, started, or not yet started."},
}
# Routes a steward may use too.
KEEPER_ERRORS = responses(401, 403, 404, 422, s401=STEWARD_401, s403=STEWARD_403)
ATTENDANCE_ERRORS = {**BOOKING_ERRORS, **KEEPER_ERRORS}
# How long a managed session stays listed once over: time to mark who came.
MANAGED_PAST = timedelta(days=31)


class Sms(BaseModel):
    """A text to send the person: GSM 03.38, two SMS at most."""

    text: str
    segments: int


class Booking(BaseModel):
    """The registration (a seat, or a place on the waiting list) and what to give the person."""

    registration: RegistrationPublic
    session: SessionOut
    sms: Sms
    ics: str = Field(description="An iCalendar file (text/calendar) for the person.")


class Cancelled(BaseModel):
    """The cancelled registration, and the ids of those who took the freed seat."""

    registration: RegistrationPublic
    promoted: list[int]


class AttendanceIn(BaseModel):
    """Present, absent, or null to undo."""

    model_config = ConfigDict(extra="forbid")

    attendance: Attendance | None


def public(registration: Registration) -> RegistrationPublic:
    """The registration as its booking key reads it."""
    return RegistrationPublic.model_validate(registration, from_attributes=True)


def _sms(snapshot: Snapshot, stored: WorkshopSession, owner: Workshop, position: int | None) -> Sms:
    venue = venue_out(snapshot, owner.venue_id)
    text = seat_sms(
        SeatMessage(
            title=owner.title,
            starts_at=as_utc(stored.starts_at),
            ends_at=as_utc(stored.ends_at),
            place_name=venue.name if venue else "",
            address=f"{venue.address}, {venue.postcode} {venue.commune}" if venue else "",
            what_to_bring=owner.what_to_bring,
            phone=owner.phone or (venue.phone if venue else None),
            waiting_position=position,
        )
    )
    return Sms(text=text, segments=gsm7.segments(text))


@router.post(
    "/v1/sessions/{session_id}/registrations",
    status_code=status.HTTP_201_CREATED,
    response_model=Booking,
    operation_id="bookSeat",
    responses=BOOKING_ERRORS,
)
def book_seat(
    request: Request,
    session_id: RowId,
    body: RegistrationCreate,
    session: SessionDep,
    snapshot: SnapshotDep,
    actor: BookerDep,
    response: Response,
    idempotency_key: idempotency.IdempotencyKey = None,
) -> Booking | Response:
    """Book a seat for a person, or put them on the waiting list when the session is full;
    with an `Idempotency-Key`, a retry gets the first answer and books nobody twice."""
    key = idempotency.claim(idempotency_key, f"key:{actor.key_id}", request, body)
    record = idempotency.reserve(session, key) if key is not None else None
    if record is not None and idempotency.answered(record):
        return _replayed(session, record)
    registration, stored = bookings.book(session, session_id, body, actor, datetime.now(UTC))
    answer = _booking(session, snapshot, registration, stored)
    headers = {"Cache-Control": PRIVATE, "Location": f"/v1/registrations/{registration.id}"}
    if record is not None:
        kept = _without_person(answer)
        idempotency.remember(session, record, 201, kept, headers, registration.id)
    session.commit()
    response.headers.update(headers)
    refresh_after_write(request.app, session)
    return answer


# What a booking's answer says of the person and the counsellor: not kept with its key.
PERSONAL = ("first_name", "last_initial", "phone", "email", "counsellor_name", "counsellor_agency")


def _booking(
    session: Session, snapshot: Snapshot, registration: Registration, stored: WorkshopSession
) -> Booking:
    """The answer to a booking, from the transaction that stores it."""
    owner = workshop_writes.workshop(session, stored.workshop_id)
    seats = seat_counts(session, [stored.id or 0]).get(stored.id or 0)
    ics = calendar_bytes(owner.title, [event_of(snapshot, stored, owner)]).decode()
    return Booking(
        registration=public(registration),
        session=session_out(snapshot, stored, owner, seats),
        sms=_sms(snapshot, stored, owner, registration.waiting_position),
        ics=ics,
    )


def _without_person(answer: Booking) -> dict[str, Any]:
    kept = answer.model_dump(mode="json")
    kept["registration"] = {
        name: value for name, value in kept["registration"].items() if name not in PERSONAL
    }
    return kept


def _replayed(session: Session, record: IdempotentRequest) -> Response:
    """The first answer again, its person and counsellor read back from the registration."""
    registration = session.get(Registration, record.resource_id or 0)
    if registration is None or record.body is None:
        raise NotFound(
            f"aucune inscription n'a l'identifiant {record.resource_id} : la réservation faite "
            "avec cette clé Idempotency-Key a été effacée depuis ; rien n'a été réservé"
        )
    person = public(registration).model_dump(mode="json", include=set(PERSONAL))
    kept = record.body["registration"]
    fields = RegistrationPublic.model_fields
    rebuilt = {name: person[name] if name in PERSONAL else kept[name] for name in fields}
    return idempotency.replay(record, record.body | {"registration": rebuilt})


@router.get(
    "/v1/sessions/{session_id}/registrations",
    response_model=list[RegistrationPublic],
    operation_id="listRegistrations",
    responses=KEEPER_ERRORS,
)
def list_registrations(
    session_id: RowId, session: SessionDep, actor: KeeperDep, response: Response
) -> list[RegistrationPublic]:
    """The session's registrations this key booked (all of them for admins and for a steward
    of the organiser, with `X-Steward-Token`); the read is logged with its reader."""
    if actor.steward_of is not None and (stored := session.get(WorkshopSession, session_id)):
        # A steward of another place: 403 `steward_wrong_place`, and nothing logged.
        ensure_manager(actor, workshop_writes.workshop(session, stored.workshop_id))
    response.headers["Cache-Control"] = PRIVATE
    return [public(r) for r in bookings.registrations(session, session_id, actor)]


@router.post(
    "/v1/registrations/{registration_id}/cancel",
    response_model=Cancelled,
    operation_id="cancelRegistration",
    responses=KEEPER_ERRORS,
)
def cancel_registration(
    request: Request,
    registration_id: RowId,
    session: SessionDep,
    actor: KeeperDep,
    response: Response,
) -> Cancelled:
    """Cancel a registration (its booking key, an admin, or a steward of the organiser with
    `X-Steward-Token`); the first waiting takes the seat."""
    registration, promoted = bookings.cancel(session, registration_id, actor)
    response.headers["Cache-Control"] = PRIVATE
    refresh_after_write(request.app, session)
    return Cancelled(registration=public(registration), promoted=[p.id or 0 for p in promoted])


@router.put(
    "/v1/registrations/{registration_id}/attendance",
    response_model=RegistrationPublic,
    operation_id="markAttendance",
    responses=ATTENDANCE_ERRORS,
)
def mark_attendance(
    registration_id: RowId,
    body: AttendanceIn,
    session: SessionDep,
    actor: KeeperDep,
    response: Response,
) -> RegistrationPublic:
    """Mark a person present or absent once the session has started (its booking key, an
    admin, or a steward of the organiser with `X-Steward-Token`)."""
    registration = bookings.mark_attendance(
        session, registration_id, body.attendance, actor, datetime.now(UTC)
    )
    response.headers["Cache-Control"] = PRIVATE
    return public(registration)


@router.get(
    "/v1/managed-workshops",
    response_model=list[WorkshopOut],
    operation_id="listManagedWorkshops",
    responses=responses(401, 403, 422, s401=STEWARD_401, s403=STEWARD_403),
)
def managed_workshops(
    session: SessionDep, snapshot: SnapshotDep, actor: ManagerDep, response: Response
) -> list[WorkshopOut]:
    """The workshops the caller manages, even those without a session: those their place
    organises for a steward (`X-Steward-Token`), every one for an admin. Each carries its
    sessions ended in the last 31 days or to come, cancelled ones included; never who booked.
    Not cached: it changes with each write the steward makes."""
    owned = [w for w in all_workshops(session) if may_manage(actor, w)]
    ids = [w.id or 0 for w in owned]
    since = datetime.now(UTC) - MANAGED_PAST
    rows = sessions_between(session, since, None, ids) if ids else []
    counts = seat_counts(session, [stored.id or 0 for stored, _ in rows])
    by_workshop: dict[int, list[SessionOut]] = {}
    for stored, owner in rows:
        item = session_out(snapshot, stored, owner, counts.get(stored.id or 0))
        by_workshop.setdefault(owner.id or 0, []).append(item)
    response.headers["Cache-Control"] = PRIVATE
    return [workshop_out(snapshot, w, by_workshop.get(w.id or 0, [])) for w in owned]
