"""Writing workshops and sessions: an admin key, or a steward of the organising place.

A steward sends their link's token as `X-Steward-Token: <token>` instead of a key; it is
checked before the body is read (api.workshops.access.StewardFirstRoute), and the audit
trail names them `steward:<name>`.
"""

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel

from api.deps import SessionDep, SnapshotDep
from api.http.errors import ErrorBody, responses
from api.http.path_ids import RowId
from api.workshops import writes as workshop_writes
from api.workshops.access import STEWARD_401, STEWARD_403, ManagerDep, StewardFirstRoute
from api.workshops.answers import SessionOut, session_out
from api.workshops.queries import seat_counts
from api.workshops.session_board import refresh_after_write
from models.workshop import (
    SessionCreate,
    SessionUpdate,
    WorkshopCreate,
    WorkshopPublic,
    WorkshopUpdate,
)

router = APIRouter(tags=["workshops: writes"], route_class=StewardFirstRoute)

WRITE_ERRORS = {
    **responses(401, 403, 404, 413, 422, s401=STEWARD_401, s403=STEWARD_403),
}
SESSION_ERRORS = {
    **WRITE_ERRORS,
    409: {"model": ErrorBody, "description": "Capacity below the registrations."},
}


class SessionsCreated(BaseModel):
    """The sessions stored, and warnings (outside the venue's hours) that did not stop them."""

    items: list[SessionOut]
    warnings: list[str]


class SessionChanged(BaseModel):
    """The session as changed, and warnings."""

    session: SessionOut
    warnings: list[str]


def _public(stored: object) -> WorkshopPublic:
    return WorkshopPublic.model_validate(stored, from_attributes=True)


@router.post(
    "/v1/workshops",
    status_code=status.HTTP_201_CREATED,
    response_model=WorkshopPublic,
    operation_id="createWorkshop",
    responses=WRITE_ERRORS,
)
def create_workshop(
    body: WorkshopCreate, session: SessionDep, actor: ManagerDep, response: Response
) -> WorkshopPublic:
    """Create a workshop at a known place (scope `admin`, or a steward of the organiser).

    Send `Authorization: Bearer <key>`, or a steward's `X-Steward-Token: <token>`: a steward
    creates only workshops their place organises (403 `steward_wrong_place` otherwise).
    """
    stored = workshop_writes.create_workshop(session, body, actor)
    response.headers["Location"] = f"/v1/workshops/{stored.id}"
    return _public(stored)


@router.patch(
    "/v1/workshops/{workshop_id}",
    response_model=WorkshopPublic,
    operation_id="updateWorkshop",
    responses=WRITE_ERRORS,
)
def update_workshop(
    request: Request,
    workshop_id: RowId,
    body: WorkshopUpdate,
    session: SessionDep,
    actor: ManagerDep,
) -> WorkshopPublic:
    """Change a workshop's fields; its sessions keep their capacity (admin, or a steward of
    the organiser with `X-Steward-Token`)."""
    stored = workshop_writes.workshop(session, workshop_id)
    updated = workshop_writes.update_workshop(session, stored, body, actor)
    refresh_after_write(request.app, session)
    return _public(updated)


@router.post(
    "/v1/workshops/{workshop_id}/sessions",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionsCreated,
    operation_id="createSessions",
    responses=WRITE_ERRORS,
)
def create_sessions(
    request: Request,
    workshop_id: RowId,
    body: SessionCreate,
    session: SessionDep,
    snapshot: SnapshotDep,
    actor: ManagerDep,
) -> SessionsCreated:
    """Add one session, or a series from an RRULE (200 at most); admin, or a steward of the
    organiser with `X-Steward-Token`."""
    owner = workshop_writes.workshop(session, workshop_id)
    created, warnings = workshop_writes.add_sessions(session, owner, body, actor)
    items = [session_out(snapshot, stored, owner, None) for stored in created]
    refresh_after_write(request.app, session)
    return SessionsCreated(items=items, warnings=warnings)


@router.patch(
    "/v1/sessions/{session_id}",
    response_model=SessionChanged,
    operation_id="updateSession",
    responses=SESSION_ERRORS,
)
def update_session(
    request: Request,
    session_id: RowId,
    body: SessionUpdate,
    session: SessionDep,
    snapshot: SnapshotDep,
    actor: ManagerDep,
) -> SessionChanged:
    """Change a session's times or capacity, or cancel it with a reason; admin, or a steward
    of the organiser with `X-Steward-Token`."""
    stored, warnings = workshop_writes.update_session(session, session_id, body, actor)
    owner = workshop_writes.workshop(session, stored.workshop_id)
    seats = seat_counts(session, [session_id]).get(session_id)
    refresh_after_write(request.app, session)
    return SessionChanged(session=session_out(snapshot, stored, owner, seats), warnings=warnings)
