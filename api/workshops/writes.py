"""Writing workshops and sessions: validate, lock what changes, store, audit."""

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from api.http.errors import Conflict, InvalidBody, NotFound
from api.workshops import notices
from api.workshops.access import Actor, ensure_manager
from api.workshops.queries import seat_counts
from api.workshops.seat_queue import promote_waiting
from models import opening_hours
from models.access_point import AccessPoint
from models.recurrence import InvalidRecurrence, expand
from models.workshop import (
    SessionCreate,
    SessionStatus,
    SessionUpdate,
    Workshop,
    WorkshopCreate,
    WorkshopSession,
    WorkshopUpdate,
    as_utc,
    paris_aware,
)
from models.workshop_audit import WorkshopAuditEntry
from models.workshop_notice import NoticeKind
from seed.audit import diff
from seed.locking import begin_write


def record(
    session: Session,
    workshop_id: int,
    actor: Actor,
    action: str,
    changes: dict[str, Any],
    session_id: int | None = None,
) -> WorkshopAuditEntry:
    """Add an audit entry to the current transaction; flushed, so that it has its id."""
    entry = WorkshopAuditEntry(
        workshop_id=workshop_id,
        session_id=session_id,
        actor=actor.label[:100],
        action=action,
        changes=changes,
    )
    session.add(entry)
    session.flush()
    return entry


def place(session: Session, place_id: int, role: str) -> AccessPoint:
    """A stored place, or InvalidBody naming the role it was given for."""
    found = session.get(AccessPoint, place_id)
    if found is None:
        raise InvalidBody(f"{role}: aucun lieu n'a l'identifiant {place_id}")
    return found


def workshop(session: Session, workshop_id: int) -> Workshop:
    """A stored workshop, or NotFound."""
    found = session.get(Workshop, workshop_id)
    if found is None:
        raise NotFound(f"aucun atelier n'a l'identifiant {workshop_id}")
    return found


def create_workshop(session: Session, body: WorkshopCreate, actor: Actor) -> Workshop:
    """Store a new workshop at known places."""
    place(session, body.organiser_id, "organiser_id")
    place(session, body.venue_id, "venue_id")
    stored = Workshop.model_validate(body)
    ensure_manager(actor, stored)
    session.add(stored)
    session.flush()
    record(session, stored.id or 0, actor, "create", diff({}, body.model_dump(mode="json")))
    session.commit()
    session.refresh(stored)
    return stored


def update_workshop(
    session: Session, stored: Workshop, body: WorkshopUpdate, actor: Actor
) -> Workshop:
    """Change a workshop's fields, under its row lock; its sessions keep their own capacity."""
    begin_write(session)
    locked = session.get(Workshop, stored.id, with_for_update=True, populate_existing=True)
    stored = locked or stored
    ensure_manager(actor, stored)
    if body.venue_id is not None:
        place(session, body.venue_id, "venue_id")
    before = WorkshopCreate.model_validate(stored, from_attributes=True).model_dump(mode="json")
    stored.sqlmodel_update(body.model_dump(exclude_unset=True))
    after = WorkshopCreate.model_validate(stored, from_attributes=True).model_dump(mode="json")
    changes = diff(before, after)
    if changes:
        stored.updated_at = datetime.now(UTC)
        session.add(stored)
        entry = record(session, stored.id or 0, actor, "update", changes)
        if "venue_id" in changes:
            _tell_new_venue(session, stored, str(entry.id))
        session.commit()
        session.refresh(stored)
    return stored


def _tell_new_venue(session: Session, owner: Workshop, event_id: str) -> None:
    """The people registered to the coming sessions of a workshop that moved elsewhere."""
    coming = session.exec(
        select(WorkshopSession)
        .where(WorkshopSession.workshop_id == owner.id)
        .where(col(WorkshopSession.status) == SessionStatus.SCHEDULED.value)
        .where(col(WorkshopSession.ends_at) > datetime.now(UTC))
        .order_by(col(WorkshopSession.id))
    )
    for stored in coming:
        notices.session_changed(session, NoticeKind.VENUE_CHANGED, stored, owner, event_id)


def add_sessions(
    session: Session, stored: Workshop, body: SessionCreate, actor: Actor
) -> tuple[list[WorkshopSession], list[str]]:
    """Store one session or a whole series; warnings for times outside the venue's hours."""
    ensure_manager(actor, stored)
    start, end = paris_aware(body.starts_at), paris_aware(body.ends_at)
    times = [(start, end)]
    if body.rrule:
        try:
            times = expand(body.rrule, start, end - start)
        except InvalidRecurrence as exc:
            raise InvalidBody(f"rrule : {exc}") from exc
    capacity = body.capacity or stored.capacity
    created = [
        WorkshopSession(
            workshop_id=stored.id or 0,
            starts_at=begins.astimezone(UTC),
            ends_at=ends.astimezone(UTC),
            capacity=capacity,
            rrule=body.rrule,
        )
        for begins, ends in times
    ]
    session.add_all(created)
    session.flush()
    for item in created:
        changes = {"starts_at": item.starts_at.isoformat(), "capacity": capacity}
        record(session, stored.id or 0, actor, "create", changes, item.id)
    session.commit()
    for item in created:
        session.refresh(item)
    hours = place(session, stored.venue_id, "venue_id").opening_hours
    return created, outside_hours(hours, times)


def outside_hours(hours: str | None, times: list[tuple[datetime, datetime]]) -> list[str]:
    """A French warning per session not within the venue's stated hours (none if unknown)."""
    if not hours:
        return []
    warnings = []
    for begins, ends in times:
        if not _within(hours, begins, ends):
            warnings.append(
                f"la séance du {begins.astimezone(opening_hours.PARIS):%d/%m/%Y %H:%M} est en "
                "dehors des horaires d'ouverture du lieu (enregistrée quand même)"
            )
    return warnings


def _within(hours: str, begins: datetime, ends: datetime) -> bool:
    try:
        status = opening_hours.status_at(hours, begins)
    except (TypeError, ValueError):  # a moment inside the clock change: no opinion
        return True
    if status.state == "unknown":
        return True
    return status.state == "open" and (status.next_change is None or status.next_change >= ends)


def load_session_for_write(session: Session, session_id: int) -> WorkshopSession:
    """A session locked until the transaction ends (FOR UPDATE, or SQLite's write lock)."""
    begin_write(session)
    found = session.get(WorkshopSession, session_id, with_for_update=True, populate_existing=True)
    if found is None:
        raise NotFound(f"aucune séance n'a l'identifiant {session_id}")
    return found


def update_session(
    session: Session, session_id: int, body: SessionUpdate, actor: Actor
) -> tuple[WorkshopSession, list[str]]:
    """Change a session's times, capacity or status, under its lock; promote when seats free."""
    stored = load_session_for_write(session, session_id)
    owner = workshop(session, stored.workshop_id)
    ensure_manager(actor, owner)
    before = _session_json(stored)
    fields = body.model_dump(exclude_unset=True)
    begins = paris_aware(fields.get("starts_at") or as_utc(stored.starts_at))
    ends = paris_aware(fields.get("ends_at") or as_utc(stored.ends_at))
    if ends <= begins:
        raise InvalidBody("la séance doit finir après son début (ends_at après starts_at)")
    if body.capacity is not None:
        registered = seat_counts(session, [session_id]).get(session_id)
        held = registered.registered if registered else 0
        if body.capacity < held:
            raise Conflict(
                f"capacité {body.capacity} inférieure aux {held} inscrits de la séance : "
                "annulez d'abord des inscriptions",
                extra={"registered": held},
            )
        stored.capacity = body.capacity
    if body.status is SessionStatus.CANCELLED and not (body.cancel_reason or stored.cancel_reason):
        raise InvalidBody("cancel_reason : donnez la raison de l'annulation, elle sera affichée")
    if body.status is not None:
        stored.status = body.status
    if body.cancel_reason is not None:
        stored.cancel_reason = body.cancel_reason
    former = notices.former_time(stored)
    stored.starts_at, stored.ends_at = begins.astimezone(UTC), ends.astimezone(UTC)
    moved_up = promote_waiting(session, stored)
    changes = diff(before, _session_json(stored))
    if changes:
        stored.updated_at = datetime.now(UTC)
        session.add(stored)
        action = "cancel" if body.status is SessionStatus.CANCELLED else "update"
        entry = record(session, owner.id or 0, actor, action, changes, session_id)
        _tell_session_change(session, stored, owner, changes, str(entry.id), former)
    notices.promoted(session, stored, owner, moved_up)
    session.commit()
    session.refresh(stored)
    venue = session.get(AccessPoint, owner.venue_id)
    return stored, outside_hours(venue.opening_hours if venue else None, [(begins, ends)])


def _tell_session_change(
    session: Session,
    stored: WorkshopSession,
    owner: Workshop,
    changes: dict[str, Any],
    event_id: str,
    former: str,
) -> None:
    """Cancelled, or moved in time: the people concerned are told (api/workshops/notices.py)."""
    if as_utc(stored.ends_at) <= datetime.now(UTC):
        return  # a session already over: nothing anyone can act on
    if "status" in changes and stored.status == SessionStatus.CANCELLED:
        kind, detail = NoticeKind.CANCELLED, stored.cancel_reason
    elif (
        "starts_at" in changes or "ends_at" in changes
    ) and stored.status == SessionStatus.SCHEDULED:
        kind, detail = NoticeKind.MOVED, former
    else:
        return
    notices.session_changed(session, kind, stored, owner, event_id, detail)


def _session_json(stored: WorkshopSession) -> dict[str, Any]:
    return {
        "starts_at": as_utc(stored.starts_at).isoformat(),
        "ends_at": as_utc(stored.ends_at).isoformat(),
        "capacity": stored.capacity,
        "status": str(stored.status),
        "cancel_reason": stored.cancel_reason,
    }
