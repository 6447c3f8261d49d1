"""Webhook subscriptions for the city team (`/v1/subscriptions`, scope `admin`)."""

from typing import Annotated

from fastapi import APIRouter, Depends, status

from api.auth.keys import KeyFirstRoute, require
from api.clock import utc_now
from api.deps import SessionDep
from api.http.errors import InvalidBody, responses
from api.http.path_ids import RowId
from api.outbox import subscriptions
from api.outbox.subscriptions import SubscriptionCreate, SubscriptionIssued, SubscriptionPublic
from models.api_key import ApiKey, Scope

router = APIRouter(prefix="/v1/subscriptions", tags=["subscriptions"], route_class=KeyFirstRoute)
Admin = Annotated[ApiKey, Depends(require(Scope.ADMIN))]
ADMIN_ERRORS = responses(401, 403, 404, 422)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=SubscriptionIssued,
    operation_id="createSubscription",
    responses=ADMIN_ERRORS,
)
def create_subscription(
    body: SubscriptionCreate, session: SessionDep, key: Admin
) -> SubscriptionIssued:
    """Subscribe a URL to events (scope `admin`); its signing `secret` is shown this once."""
    try:
        stored, secret = subscriptions.create(session, body, f"key:{key.id}:{key.name}")
    except ValueError as exc:
        raise InvalidBody(str(exc)) from exc
    return SubscriptionIssued(**subscriptions.public(stored).model_dump(), secret=secret)


@router.get(
    "",
    response_model=list[SubscriptionPublic],
    operation_id="listSubscriptions",
    responses=ADMIN_ERRORS,
)
def list_subscriptions(session: SessionDep, _key: Admin) -> list[SubscriptionPublic]:
    """The active subscriptions, oldest first (scope `admin`); never a secret."""
    return [subscriptions.public(s) for s in subscriptions.listed(session)]


@router.delete(
    "/{subscription_id}",
    response_model=SubscriptionPublic,
    operation_id="removeSubscription",
    responses=ADMIN_ERRORS,
)
def remove_subscription(
    subscription_id: RowId, session: SessionDep, _key: Admin
) -> SubscriptionPublic:
    """Stop a subscription (scope `admin`); its pending deliveries are parked."""
    return subscriptions.public(subscriptions.remove(session, subscription_id, utc_now()))
