"""Public reads of workshops and sessions: JSON, GeoJSON and iCalendar feeds, no personal data."""

from datetime import timedelta
from typing import Any

import orjson
from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.responses import Response

from api.clock import moment_for
from api.deps import SessionDep, SnapshotDep
from api.http import geojson
from api.http.caching import conditional
from api.http.errors import ERROR_RESPONSES, AddressNotFound, NotFound
from api.http.path_ids import RowId
from api.http.query_model import openapi_parameters, parse_query
from api.http.responses import GeoJSONBytes, wants_geojson
from api.read_model import Snapshot
from api.workshops.answers import (
    SessionOut,
    WorkshopOut,
    session_feature,
    session_out,
    workshop_out,
)
from api.workshops.calendar import CALENDAR, feed
from api.workshops.filters import SessionParams, WorkshopFilters
from api.workshops.queries import all_workshops, seat_counts, sessions_between
from api.workshops.reads import commune_code, find_sessions, workshop_matches
from api.workshops.stats import WorkshopStats, workshop_stats
from models.workshop import Workshop, WorkshopSession

router = APIRouter(tags=["workshops"])

# Feeds keep the last month's sessions, so that a subscribed calendar does not lose them.
FEED_PAST = timedelta(days=31)
_ICS_DOC: dict[int | str, dict[str, Any]] = {
    200: {"content": {CALENDAR: {"schema": {"type": "string"}}}}
}
_GEOJSON_DOC = {"application/geo+json": {"schema": {"type": "object"}}}


class SessionList(BaseModel):
    """Sessions matching the filters."""

    count: int
    query: dict[str, Any]
    location: dict[str, Any] | None = None
    items: list[SessionOut]


class WorkshopList(BaseModel):
    """Workshops matching the filters, with their next sessions."""

    count: int
    query: dict[str, Any]
    items: list[WorkshopOut]


def _stored(session: SessionDep, workshop_id: int) -> Workshop:
    found = session.get(Workshop, workshop_id)
    if found is None:
        raise NotFound(f"aucun atelier n'a l'identifiant {workshop_id}")
    return found


def _json(request: Request, value: BaseModel) -> Response:
    return conditional(request, orjson.dumps(value.model_dump(mode="json")))


@router.get(
    "/v1/sessions",
    response_model=SessionList,
    operation_id="listSessions",
    responses={**ERROR_RESPONSES, 200: {"content": _GEOJSON_DOC}},
    openapi_extra=openapi_parameters(SessionParams),
)
def list_sessions(request: Request, session: SessionDep, snapshot: SnapshotDep) -> Response:
    """Sessions of the window (now to 90 days by default), by start or distance, seats left."""
    params = parse_query(request, SessionParams)
    point, location = _point(request, snapshot, params)
    items = find_sessions(
        session, snapshot, params, params.window(), point, params.radius_m, params.seats_available
    )
    if params.sort == "distance":
        items.sort(key=lambda item: (item.distance_m or 0.0, item.starts_at, item.id))
    items = items[: params.limit]
    query = params.model_dump(mode="json", exclude_none=True, by_alias=True)
    if wants_geojson(request.headers.get("accept"), params.format):
        features = [f for f in (session_feature(i) for i in items) if f is not None]
        body = geojson.feature_collection(features, {"count": len(features), "query": query})
        return conditional(request, body, cls=GeoJSONBytes)
    return _json(
        request, SessionList(count=len(items), query=query, location=location, items=items)
    )


def _point(
    request: Request, snapshot: Snapshot, params: SessionParams
) -> tuple[tuple[float, float] | None, dict[str, Any] | None]:
    if params.lat is not None and params.lon is not None:
        return (params.lat, params.lon), None
    if params.address is None:
        return None, None
    candidates = request.app.state.runtime.geocoding.geocode(snapshot.geocoder, params.address, 1)
    if not candidates:
        raise AddressNotFound(f"aucune adresse ne correspond à « {params.address} »")
    best = candidates[0]
    location = {"label": best.label, "latitude": best.latitude, "longitude": best.longitude}
    return (best.latitude, best.longitude), location


@router.get(
    "/v1/sessions/{session_id}",
    response_model=SessionOut,
    operation_id="getSession",
    responses=ERROR_RESPONSES,
)
def get_session(
    request: Request, session_id: RowId, session: SessionDep, snapshot: SnapshotDep
) -> Response:
    """One session, with its seats left."""
    stored = session.get(WorkshopSession, session_id)
    if stored is None:
        raise NotFound(f"aucune séance n'a l'identifiant {session_id}")
    owner = _stored(session, stored.workshop_id)
    seats = seat_counts(session, [session_id]).get(session_id)
    return _json(request, session_out(snapshot, stored, owner, seats))


@router.get(
    "/v1/workshops",
    response_model=WorkshopList,
    operation_id="listWorkshops",
    responses=ERROR_RESPONSES,
    openapi_extra=openapi_parameters(WorkshopFilters),
)
def list_workshops(request: Request, session: SessionDep, snapshot: SnapshotDep) -> Response:
    """Workshops matching the filters, each with its sessions of the next 90 days."""
    params = parse_query(request, WorkshopFilters)
    insee_code = commune_code(snapshot, params.commune)
    chosen = [
        w for w in all_workshops(session) if workshop_matches(snapshot, w, params, insee_code)
    ]
    now = moment_for(None)
    upcoming = find_sessions(session, snapshot, params, (now, now + timedelta(days=90)))
    by_workshop: dict[int, list[SessionOut]] = {}
    for item in upcoming:
        by_workshop.setdefault(item.workshop_id, []).append(item)
    items = [workshop_out(snapshot, w, by_workshop.get(w.id or 0, [])) for w in chosen]
    query = params.model_dump(mode="json", exclude_none=True)
    return _json(request, WorkshopList(count=len(items), query=query, items=items))


@router.get(
    "/v1/workshops/{workshop_id}",
    response_model=WorkshopOut,
    operation_id="getWorkshop",
    responses=ERROR_RESPONSES,
)
def get_workshop(
    request: Request, workshop_id: RowId, session: SessionDep, snapshot: SnapshotDep
) -> Response:
    """One workshop, with its sessions from now on."""
    owner = _stored(session, workshop_id)
    now = moment_for(None)
    rows = sessions_between(session, now, None, [workshop_id])
    counts = seat_counts(session, [stored.id or 0 for stored, _ in rows])
    items = [session_out(snapshot, s, w, counts.get(s.id or 0)) for s, w in rows]
    return _json(request, workshop_out(snapshot, owner, items))


@router.get(
    "/v1/workshops/{workshop_id}/calendar.ics",
    operation_id="workshopCalendar",
    response_class=Response,
    responses={**ERROR_RESPONSES, **_ICS_DOC},
)
def workshop_calendar(
    request: Request, workshop_id: RowId, session: SessionDep, snapshot: SnapshotDep
) -> Response:
    """The workshop's sessions as an iCalendar feed to subscribe to (Europe/Paris times)."""
    owner = _stored(session, workshop_id)
    now = moment_for(None)
    rows = sessions_between(session, now - FEED_PAST, None, [workshop_id])
    return conditional(
        request, feed(snapshot, owner.title, rows), cls=Response, media_type=CALENDAR
    )


@router.get(
    "/v1/access-points/{access_point_id}/workshops.ics",
    operation_id="placeWorkshopCalendar",
    response_class=Response,
    responses={**ERROR_RESPONSES, **_ICS_DOC},
)
def place_calendar(
    request: Request, access_point_id: RowId, session: SessionDep, snapshot: SnapshotDep
) -> Response:
    """The sessions held at or organised by a place, as an iCalendar feed."""
    index = snapshot.by_id.get(access_point_id)
    if index is None:
        raise NotFound(f"no access point with id {access_point_id}")
    ids = [
        w.id or 0 for w in all_workshops(session) if access_point_id in (w.venue_id, w.organiser_id)
    ]
    now = moment_for(None)
    rows = sessions_between(session, now - FEED_PAST, None, ids) if ids else []
    name = f"Ateliers – {snapshot.places[index].name}"
    return conditional(request, feed(snapshot, name, rows), cls=Response, media_type=CALENDAR)


@router.get(
    "/v1/workshops/{workshop_id}/stats",
    response_model=WorkshopStats,
    operation_id="workshopStats",
    responses=ERROR_RESPONSES,
)
def get_workshop_stats(request: Request, workshop_id: RowId, session: SessionDep) -> Response:
    """Sessions held, seats offered, booked, attended, no-shows, waiting-list peak; counts only."""
    _stored(session, workshop_id)
    return _json(request, workshop_stats(session, workshop_id, moment_for(None)))
