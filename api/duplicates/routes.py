"""Duplicates: the city team lists pairs, decides and reads the report (`/v1/duplicates`,
scope `admin`); a place's steward sees the records grouped with theirs and can say « ce
n'est pas le même lieu » (`/v1/steward/{token}/places/{id}/duplicates`)."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response

from api.auth.keys import KeyFirstRoute, require
from api.deps import SessionDep
from api.duplicates import answers, decisions
from api.duplicates.answers import (
    DecisionPublic,
    DecisionRequest,
    DuplicateOfPublic,
    PairPublic,
    ReportPublic,
    StewardSplit,
)
from api.duplicates.report import build_report
from api.duplicates.state import Status, load_state
from api.http.errors import responses
from api.http.path_ids import PlaceId
from api.stewards import links as stewards
from models.api_key import ApiKey, Scope
from models.duplicate import Decision

admin_router = APIRouter(prefix="/v1/duplicates", tags=["duplicates"], route_class=KeyFirstRoute)
steward_router = APIRouter(prefix="/v1/steward", tags=["duplicates"])

Admin = Annotated[ApiKey, Depends(require(Scope.ADMIN))]
Token = Annotated[str, Path(min_length=1, max_length=120, description="The link's token.")]
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
ADMIN_ERRORS = responses(401, 403, 422)
DECISION_ERRORS = {
    **responses(401, 403),
    404: {
        "model": answers.ErrorBody,
        "description": "A place named does not exist (`duplicate_place_not_found`).",
    },
    422: {
        "model": answers.ErrorBody,
        "description": "A place named twice (`duplicate_same_record`), or a malformed body.",
    },
}
STEWARD_ERRORS = {**responses(401, 403), **DECISION_ERRORS}


@admin_router.get(
    "", response_model=list[PairPublic], operation_id="listDuplicates", responses=ADMIN_ERRORS
)
def list_duplicates(
    session: SessionDep,
    _key: Admin,
    response: Response,
    commune: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    status: Annotated[Status | None, Query()] = None,
) -> list[PairPublic]:
    """Pairs in a band or decided, highest score first, both records side by side (`admin`)."""
    response.headers["Cache-Control"] = "no-store"
    pairs = answers.filtered(load_state(session).pairs(), commune, status)
    return [answers.pair_public(p) for p in pairs]


@admin_router.post(
    "/decisions",
    response_model=DecisionPublic,
    operation_id="decideDuplicate",
    responses=DECISION_ERRORS,
)
def decide(body: DecisionRequest, session: SessionDep, key: Admin) -> DecisionPublic:
    """Confirm two places are one (`confirm`) or not (`split`); audited, wins over scores."""
    decided = decisions.decide(session, body.a, body.b, body.decision, key.name)
    return answers.decision_public(decided)


@admin_router.get(
    "/report", response_model=ReportPublic, operation_id="duplicatesReport", responses=ADMIN_ERRORS
)
def report(session: SessionDep, _key: Admin, response: Response) -> ReportPublic:
    """Groups by commune and source pair, pairs to review, conflicts in groups (`admin`)."""
    response.headers["Cache-Control"] = "no-store"
    return answers.report_public(build_report(load_state(session)))


@admin_router.get(
    "/places/{access_point_id}",
    response_model=list[DuplicateOfPublic],
    operation_id="duplicatesOfPlace",
    responses=ADMIN_ERRORS,
)
def duplicates_of(
    access_point_id: PlaceId, session: SessionDep, _key: Admin, response: Response
) -> list[DuplicateOfPublic]:
    """The records a place may be the same as, with their status (`admin`)."""
    response.headers["Cache-Control"] = "no-store"
    found = load_state(session).duplicates_of(access_point_id)
    return [DuplicateOfPublic(**entry) for entry in found]


@steward_router.get(
    "/{token}/places/{access_point_id}/duplicates",
    response_model=list[DuplicateOfPublic],
    operation_id="stewardDuplicates",
    responses=responses(401, 403, 404),
)
def steward_duplicates(
    token: Token, access_point_id: PlaceId, session: SessionDep, response: Response
) -> list[DuplicateOfPublic]:
    """The records that may describe the steward's place, with their status."""
    link = stewards.verify(session, token, datetime.now(UTC))
    stewards.check_place(link, access_point_id)
    response.headers.update(PRIVATE)
    found = load_state(session).duplicates_of(access_point_id)
    return [DuplicateOfPublic(**entry) for entry in found]


@steward_router.post(
    "/{token}/places/{access_point_id}/duplicates/split",
    response_model=DecisionPublic,
    operation_id="stewardSplitDuplicate",
    responses=STEWARD_ERRORS,
)
def steward_split(
    token: Token,
    access_point_id: PlaceId,
    body: StewardSplit,
    session: SessionDep,
    response: Response,
) -> DecisionPublic:
    """« Ce n'est pas le même lieu »: split the steward's place from another, audited."""
    link = stewards.verify(session, token, datetime.now(UTC))
    stewards.check_place(link, access_point_id)
    response.headers.update(PRIVATE)
    actor = stewards.actor(link)
    decided = decisions.decide(session, access_point_id, body.other, Decision.SPLIT, actor)
    return answers.decision_public(decided)


router = APIRouter()
for _part in (admin_router, steward_router):
    router.include_router(_part)
