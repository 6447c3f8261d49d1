"""Write endpoints for access points, behind API keys; and each place's history."""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response, status
from sqlmodel import Session

from api.auth.keys import KeyFirstRoute, require
from api.deps import RuntimeDep, SessionDep
from api.http import idempotency
from api.http.caching import conditional
from api.http.errors import (
    ERROR_RESPONSES,
    IF_MATCH_ERRORS,
    KEY_ERRORS,
    ErrorBody,
    Forbidden,
    responses,
)
from api.http.etag import IF_MATCH_DOC, etag_of
from api.http.path_ids import PlaceId
from api.places import history
from api.places import writes as place_writes
from models.access_point import (
    AccessPoint,
    AccessPointCreate,
    AccessPointPublic,
    AccessPointUpdate,
)
from models.api_key import ApiKey, Scope
from models.audit import AuditEntryPublic
from models.idempotency import IdempotentRequest
from seed.upsert import place_json

# KeyFirstRoute: the key is checked before FastAPI reads the JSON body (api.auth.keys).
router = APIRouter(
    prefix="/v1/access-points", tags=["access points: writes"], route_class=KeyFirstRoute
)

IfMatch = Annotated[
    str | None,
    Header(
        max_length=200,
        description="Required: the ETag read with the place, or `*` for any version. "
        "Missing gets 428; a stale or weak (`W/`) one gets 412. " + IF_MATCH_DOC,
        examples=["*"],
    ),
]
Writer = Annotated[ApiKey, Depends(require(Scope.WRITE))]
WRITE_ERRORS = {**KEY_ERRORS, **ERROR_RESPONSES}
# Routes that read a body (a DELETE never reads one, so never answers 413).
TOO_LARGE = responses(413, s413="Body over the limit (PANDA_WRITE_MAX_BYTES).")
CONDITIONAL_ERRORS = {**WRITE_ERRORS, **IF_MATCH_ERRORS}


def _answer(response: Response, place: AccessPointPublic) -> AccessPointPublic:
    """The written place, with its ETag (the write service has published it already)."""
    response.headers["ETag"] = etag_of(place.model_dump(mode="json"))
    return place


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=AccessPointPublic,
    operation_id="createAccessPoint",
    responses={
        **WRITE_ERRORS,
        409: {"model": ErrorBody, "description": "source_id exists."},
        **TOO_LARGE,
        **responses(422, s422=idempotency.REUSED_422),
    },
)
def create_access_point(
    request: Request,
    body: AccessPointCreate,
    session: SessionDep,
    key: Writer,
    runtime: RuntimeDep,
    response: Response,
    idempotency_key: idempotency.IdempotencyKey = None,
) -> AccessPointPublic | Response:
    """Create a place (scope `write`); with an `Idempotency-Key`, a retry gets the first
    answer and creates nothing."""
    claim = idempotency.claim(idempotency_key, f"key:{key.id}", request, body)
    record = idempotency.reserve(session, claim) if claim is not None else None
    if record is not None and idempotency.answered(record):
        return idempotency.replay(record)
    remember = _remembering(session, record)
    stored = place_writes.create(session, body, key.name, runtime.read_model, remember)
    response.headers["Location"] = f"/v1/access-points/{stored.id}"
    return _answer(response, place_writes.public(stored))


def _remembering(
    session: Session, record: IdempotentRequest | None
) -> Callable[[AccessPoint], None] | None:
    """What keeps a new place's answer with its Idempotency-Key (a place is not personal)."""
    if record is None:
        return None

    def remember(stored: AccessPoint) -> None:
        answer = place_writes.public(stored).model_dump(mode="json")
        headers = {"Location": f"/v1/access-points/{stored.id}", "ETag": etag_of(answer)}
        idempotency.remember(session, record, 201, answer, headers, stored.id)

    return remember


# `:int` (digits only, as in api.places.routes_read): /nearest and /search are not ids, so a
# PUT there answers 405 with their Allow, not a 422 about the id. The document is unchanged.
@router.put(
    "/{access_point_id:int}",
    response_model=AccessPointPublic,
    operation_id="replaceAccessPoint",
    responses={**CONDITIONAL_ERRORS, **responses(409), **TOO_LARGE},
)
def replace_access_point(
    access_point_id: PlaceId,
    body: AccessPointCreate,
    session: SessionDep,
    key: Writer,
    runtime: RuntimeDep,
    response: Response,
    if_match: IfMatch = None,
) -> AccessPointPublic:
    """Replace every field of a place (scope `write`)."""
    tag = place_writes.require_if_match(if_match, access_point_id)
    stored = place_writes.load_for_write(session, access_point_id, tag)
    stored = place_writes.replace(session, stored, body, key.name, runtime.read_model)
    return _answer(response, place_writes.public(stored))


@router.patch(
    "/{access_point_id:int}",
    response_model=AccessPointPublic,
    operation_id="updateAccessPoint",
    responses={**CONDITIONAL_ERRORS, **responses(409), **TOO_LARGE},
)
def update_access_point(
    access_point_id: PlaceId,
    body: AccessPointUpdate,
    session: SessionDep,
    key: Writer,
    runtime: RuntimeDep,
    response: Response,
    if_match: IfMatch = None,
) -> AccessPointPublic:
    """Change some fields of a place (scope `write`); the others stay."""
    tag = place_writes.require_if_match(if_match, access_point_id)
    stored = place_writes.load_for_write(session, access_point_id, tag)
    changes = body.model_dump(mode="json", exclude_unset=True)
    merged = place_writes.validated(place_json(stored) | changes)
    stored = place_writes.replace(session, stored, merged, key.name, runtime.read_model)
    return _answer(response, place_writes.public(stored))


@router.delete(
    "/{access_point_id:int}",
    response_model=AccessPointPublic | None,
    operation_id="deleteAccessPoint",
    responses={**CONDITIONAL_ERRORS, 204: {"description": "Hard-deleted."}},
)
def delete_access_point(
    access_point_id: PlaceId,
    session: SessionDep,
    key: Writer,
    runtime: RuntimeDep,
    response: Response,
    hard: Annotated[bool, Query(description="Remove for good (scope `admin`).")] = False,
    if_match: IfMatch = None,
) -> AccessPointPublic | Response:
    """Mark a place closed; with `hard=true` and scope `admin`, remove it."""
    tag = place_writes.require_if_match(if_match, access_point_id)
    if hard and not key.allows(Scope.ADMIN):
        raise Forbidden(
            "la suppression définitive (hard=true) demande le droit « admin »",
            en="hard delete needs the 'admin' scope",
        )

    stored = place_writes.load_for_write(session, access_point_id, tag)
    if not hard:
        stored = place_writes.close(session, stored, key.name, runtime.read_model)
        return _answer(response, place_writes.public(stored))
    place_writes.delete(session, stored, key.name, runtime.read_model)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{access_point_id}/history",
    response_model=list[AuditEntryPublic],
    operation_id="accessPointHistory",
    tags=["access points"],
)
def access_point_history(
    request: Request, access_point_id: PlaceId, session: SessionDep
) -> Response:
    """Every recorded change to a place, oldest first; a steward is « intendant du lieu »."""
    return conditional(request, history.public_json(session, access_point_id))
