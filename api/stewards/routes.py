"""Stewards: admins issue, list and revoke links (`/v1/stewards`); a steward reads, edits and
confirms their place (`/v1/steward/{token}/places/{id}`) from their page (`/intendance/…`)."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from api.auth.keys import KeyFirstRoute, require
from api.clock import now_paris
from api.deps import RuntimeDep, SessionDep
from api.http.errors import (
    IF_MATCH_400,
    AppError,
    ErrorBody,
    InvalidBody,
    NotFound,
    RateLimited,
    responses,
)
from api.http.etag import IF_MATCH_DOC
from api.http.path_ids import PlaceId, RowId
from api.places import history
from api.places.history import AuditEntryForCity
from api.places.writes import require_if_match
from api.reports import answers as reports
from api.stewards import edits as steward_edits
from api.stewards import links as stewards
from api.stewards.edits import StewardEdit, StewardView
from api.stewards.links import StewardLinkIssued, StewardLinkPublic
from api.web.html import html_page
from api.web.words import EQUIPMENT_FR
from models.access_point import AccessPoint, Email
from models.api_key import ApiKey, Scope
from models.hours_grid import DAYS_FR
from models.opening_hours import PARIS
from models.review import PERIODS
from models.steward import StewardLink
from models.text_types import ONE_LINE
from models.vocabulary import Service

admin_router = APIRouter(prefix="/v1/stewards", tags=["stewards"], route_class=KeyFirstRoute)
steward_router = APIRouter(prefix="/v1/steward", tags=["stewards"])
page_router = APIRouter(include_in_schema=False)

Token = Annotated[str, Path(min_length=1, max_length=120, description="The link's token.")]
Admin = Annotated[ApiKey, Depends(require(Scope.ADMIN))]
IfMatch = Annotated[
    str | None,
    Header(
        max_length=200,
        description="Required: the `etag` read with the place (428 without). " + IF_MATCH_DOC,
    ),
]
# The token is in the page's address: never cached, never sent on as a referrer.
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
ADMIN_ERRORS = {
    **responses(401, 403, 404, 422),
}
LINK_ERRORS = {
    401: {
        "model": ErrorBody,
        "description": "Unknown, revoked or expired link "
        "(`steward_link_invalid`, `steward_link_revoked`, `steward_link_expired`).",
    },
    403: {
        "model": ErrorBody,
        "description": "The link is for another place (`steward_wrong_place`).",
    },
    **responses(404),
}
WRITE_ERRORS = {
    **LINK_ERRORS,
    **responses(400, s400=IF_MATCH_400),
    412: {
        "model": ErrorBody,
        "description": "The place changed since it was read (`place_changed`): « Ce lieu a été "
        "modifié entre-temps », with `current` (the place as it is now) and its ETag.",
    },
    422: {
        "model": ErrorBody,
        "description": "Refused before anything is written: `contradictory_hours` or "
        "`invalid_steward_edit`, with `problems`.",
    },
    **responses(428),
}


class LinkRequest(BaseModel):
    """A link to issue: for which place, for whom, for how long."""

    model_config = ConfigDict(extra="forbid")

    access_point_id: int = Field(ge=1, le=2_147_483_647)
    steward_name: Annotated[str, ONE_LINE] = Field(
        min_length=1, max_length=stewards.MAX_NAME_LENGTH
    )
    days: int = Field(default=stewards.DEFAULT_DAYS, ge=1, le=stewards.MAX_DAYS)
    email: Email | None = Field(
        default=None,
        description="Where review reminders go, with a link to the page (none without).",
    )


@admin_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=StewardLinkIssued,
    operation_id="issueStewardLink",
    responses=ADMIN_ERRORS,
)
def issue_link(body: LinkRequest, session: SessionDep, _key: Admin) -> StewardLinkIssued:
    """Issue a steward link for one place (scope `admin`); its `url` is shown this once."""
    try:
        link, token = stewards.issue(
            session, body.access_point_id, body.steward_name, body.days, body.email
        )
    except ValueError as exc:
        raise InvalidBody(str(exc)) from exc
    issued = stewards.public(link).model_dump()
    return StewardLinkIssued(**issued, url=stewards.page_url(token))


@admin_router.get(
    "",
    response_model=list[StewardLinkPublic],
    operation_id="listStewardLinks",
    responses=ADMIN_ERRORS,
)
def list_links(
    session: SessionDep,
    _key: Admin,
    access_point_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> list[StewardLinkPublic]:
    """Steward links, oldest first, optionally of one place (scope `admin`); never a token."""
    return [stewards.public(link) for link in stewards.listed(session, access_point_id)]


@admin_router.delete(
    "/{link_id}",
    response_model=StewardLinkPublic,
    operation_id="revokeStewardLink",
    responses=ADMIN_ERRORS,
)
def revoke_link(link_id: RowId, session: SessionDep, _key: Admin) -> StewardLinkPublic:
    """Revoke a steward link at once (scope `admin`); it stays listed."""
    return stewards.public(stewards.revoke(session, link_id))


@admin_router.get(
    "/places/{access_point_id}/history",
    response_model=list[AuditEntryForCity],
    operation_id="placeHistoryForCity",
    responses=ADMIN_ERRORS,
)
def place_history_for_city(
    access_point_id: PlaceId, session: SessionDep, _key: Admin, response: Response
) -> list[AuditEntryForCity]:
    """A place's history with each steward change's `actor_id`, as `GET /v1/stewards` lists it."""
    response.headers["Cache-Control"] = "no-store"
    return history.for_city(session, access_point_id)


def _link_for(session: Session, token: str, place_id: int) -> StewardLink:
    """The valid link of this token, for this place; else 401 or 403."""
    link = stewards.verify(session, token, datetime.now(UTC))
    stewards.check_place(link, place_id)
    return link


def _stored(session: Session, place_id: int) -> AccessPoint:
    place = session.get(AccessPoint, place_id)
    if place is None:
        raise NotFound("Ce lieu n'existe plus : demandez à l'équipe de la Métropole.")
    return place


def _within_limit(request: Request, link: StewardLink) -> None:
    """Count a write with this link, as a key's writes are counted (api.auth.keys)."""
    limits = getattr(request.app.state, "rate_limits", None)
    if limits is not None and (refused := limits.steward_write(link.id or 0)) is not None:
        raise RateLimited(refused.detail, headers=refused.headers())


def _answer(response: Response, answer: StewardView) -> StewardView:
    """The steward's view of their place after a write (published by the write service)."""
    response.headers["ETag"] = answer.etag
    response.headers.update(PRIVATE)
    return answer


@steward_router.get(
    "/{token}/places/{access_point_id}",
    response_model=StewardView,
    operation_id="stewardPlace",
    responses=LINK_ERRORS,
)
def steward_place(
    token: Token, access_point_id: PlaceId, session: SessionDep, response: Response
) -> StewardView:
    """The steward's place, its ETag and its hours as a grid."""
    link = _link_for(session, token, access_point_id)
    answer = steward_edits.view(_stored(session, access_point_id), link)
    response.headers["ETag"] = answer.etag
    response.headers.update(PRIVATE)
    return answer


@steward_router.put(
    "/{token}/places/{access_point_id}",
    response_model=StewardView,
    operation_id="stewardSavePlace",
    responses=WRITE_ERRORS,
)
def steward_save(
    token: Token,
    access_point_id: PlaceId,
    body: StewardEdit,
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    response: Response,
    if_match: IfMatch = None,
) -> StewardView:
    """Save the steward's changes on the version they read; it also confirms the place."""
    link = _link_for(session, token, access_point_id)
    tag = require_if_match(if_match, access_point_id)
    _within_limit(request, link)
    stored = steward_edits.save(session, link, tag, body, now_paris().date(), runtime.read_model)
    return _answer(response, steward_edits.view(stored, link))


@steward_router.post(
    "/{token}/places/{access_point_id}/confirm",
    response_model=StewardView,
    operation_id="stewardConfirmPlace",
    responses=WRITE_ERRORS,
)
def steward_confirm(
    token: Token,
    access_point_id: PlaceId,
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    response: Response,
    if_match: IfMatch = None,
) -> StewardView:
    """« Ces informations sont à jour »: set the place's `confirmed_on` to today, nothing else."""
    link = _link_for(session, token, access_point_id)
    tag = require_if_match(if_match, access_point_id)
    _within_limit(request, link)
    stored = steward_edits.confirm(session, link, tag, now_paris().date(), runtime.read_model)
    return _answer(response, steward_edits.view(stored, link))


_REFUSAL_TITLES = {
    "steward_link_invalid": "Lien non valide",
    "steward_link_revoked": "Lien retiré",
    "steward_link_expired": "Lien expiré",
    "steward_wrong_place": "Lien d'un autre lieu",
    "not_found": "Lieu introuvable",
}


def _page(session: Session, token: str, place_id: int | None) -> Response:
    try:
        link = stewards.verify(session, token, datetime.now(UTC))
        wanted = link.access_point_id if place_id is None else place_id
        stewards.check_place(link, wanted)
        place = _stored(session, wanted)
    except AppError as refusal:
        # Never the form: a French page saying what is wrong, with the error's status.
        context: dict[str, Any] = {
            "refusal": {"title": _REFUSAL_TITLES.get(refusal.kind), "text": refusal.detail}
        }
        page = html_page("steward.html", context, status_code=refusal.status_code)
        page.headers.update(PRIVATE)
        return page
    form: dict[str, Any] = {
        "place": place,
        "steward": link.steward_name,
        "api": f"/v1/steward/{token}/places/{place.id}",
        "days": DAYS_FR,
        "equipment": EQUIPMENT_FR,
        "services": [s.value for s in Service],
        "reports": [reports.for_steward(r) for r in reports.listed(session, "open", place.id)],
        "paris": PARIS,
        "periods": PERIODS,
    }
    page = html_page("steward.html", form)
    page.headers.update(PRIVATE)
    return page


@page_router.get(stewards.PAGE_PATH + "{token}")
def steward_page(token: Token, session: SessionDep) -> Response:
    """The steward's page for their place."""
    return _page(session, token, None)


@page_router.get(stewards.PAGE_PATH + "{token}/lieux/{access_point_id}")
def steward_page_for(token: Token, access_point_id: PlaceId, session: SessionDep) -> Response:
    """The steward's page for a given place: refused (403) unless it is their own."""
    return _page(session, token, access_point_id)


# One router for the app to include; each route keeps its own class (KeyFirstRoute for admins).
router = APIRouter()
for _part in (admin_router, steward_router, page_router):
    router.include_router(_part)
