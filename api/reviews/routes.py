"""Review periods: the city team (scope `admin`) lists the places due and sets a place's period;
a steward sets their own place's period."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from api import clock
from api.auth.keys import KeyFirstRoute, require
from api.deps import RuntimeDep, SessionDep
from api.http.errors import RateLimited, responses
from api.http.path_ids import PlaceId
from api.reviews.answers import DueEntry, PeriodAnswer, PeriodChange, due_entry, stored_answer
from api.reviews.due import due_places
from api.reviews.periods import set_period
from api.stewards import links as stewards
from models.api_key import ApiKey, Scope

admin_router = APIRouter(prefix="/v1/reviews", tags=["reviews"], route_class=KeyFirstRoute)
steward_router = APIRouter(prefix="/v1/steward", tags=["reviews"])

Admin = Annotated[ApiKey, Depends(require(Scope.ADMIN))]
Token = Annotated[str, Path(min_length=1, max_length=120, description="The link's token.")]
ADMIN_ERRORS = responses(401, 403, 404, 422)


@admin_router.get(
    "/due", response_model=list[DueEntry], operation_id="listDueReviews", responses=ADMIN_ERRORS
)
def list_due(
    session: SessionDep, _key: Admin, response: Response, without_steward: bool = False
) -> list[DueEntry]:
    """Places due for a check, oldest due first (scope `admin`); `without_steward=true`: only
    those no reminder can reach (no active steward with an e-mail address)."""
    response.headers["Cache-Control"] = "no-store"
    due = due_places(session, clock.today_paris(), datetime.now(UTC))
    return [due_entry(d) for d in due if not (without_steward and d.reachable)]


@admin_router.put(
    "/places/{access_point_id}",
    response_model=PeriodAnswer,
    operation_id="setReviewPeriod",
    responses=ADMIN_ERRORS,
)
def set_review_period(
    access_point_id: PlaceId,
    body: PeriodChange,
    session: SessionDep,
    runtime: RuntimeDep,
    key: Admin,
) -> PeriodAnswer:
    """Set a place's review period: 1, 3, 6 or 12 months, or null for never (audited)."""
    place = set_period(
        session, access_point_id, body.review_period_months, key.name, runtime.read_model
    )
    return stored_answer(place)


@steward_router.put(
    "/{token}/places/{access_point_id}/review-period",
    response_model=PeriodAnswer,
    operation_id="stewardSetReviewPeriod",
    responses=responses(401, 403, 404, 422),
)
def steward_review_period(
    token: Token,
    access_point_id: PlaceId,
    body: PeriodChange,
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    response: Response,
) -> PeriodAnswer:
    """The steward sets how often their place is to be checked (audited as their change)."""
    link = stewards.verify(session, token, datetime.now(UTC))
    stewards.check_place(link, access_point_id)
    limits = getattr(request.app.state, "rate_limits", None)
    if limits is not None and (refused := limits.steward_write(link.id or 0)) is not None:
        raise RateLimited(refused.detail, headers=refused.headers())
    response.headers.update({"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})
    place = set_period(
        session,
        access_point_id,
        body.review_period_months,
        stewards.actor(link),
        runtime.read_model,
    )
    return stored_answer(place)


router = APIRouter()
for _part in (admin_router, steward_router):
    router.include_router(_part)
