"""Who may write a workshop or read its registrations: one function each.

An actor is an API key (`admin` writes workshops and sessions, `register` books seats) or a
steward: the holder of a link for one place (api/stewards/links.py), who sends its token as
`X-Steward-Token: <token>` and manages the workshops that place organises.

The token is checked like a key (api.auth.keys.KeyFirstRoute): before the body is read, in a
session of its own, then counted against the link's write limit. When a request sends both
an API key and a steward token, the key is the one used.
"""

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.auth.keys import KeyFirstRoute, presented_secret, require
from api.deps import SessionDep
from api.http.errors import Forbidden, RateLimited
from api.http.rate_limits import RateLimits
from api.stewards import links as stewards
from models.api_key import ApiKey, Scope
from models.registration import Registration
from models.steward import StewardLink
from models.workshop import Workshop

STEWARD_HEADER = "X-Steward-Token"
STEWARD_HEADER_DOC = (
    "A steward's link token (the end of their page's address), instead of an API key: the "
    "steward manages the workshops their place organises. Ignored when an API key is sent."
)


@dataclass(frozen=True)
class Actor:
    """Who is asking: a key (by id and name), whether admin, and the place they steward."""

    name: str
    key_id: int | None
    admin: bool
    steward_of: int | None = None

    @property
    def label(self) -> str:
        """How the audit trail and the read log name the actor; never a secret."""
        return f"key:{self.key_id}:{self.name}" if self.key_id is not None else self.name


def actor_of(key: ApiKey) -> Actor:
    """The actor behind an admitted API key."""
    return Actor(key.name, key.id, key.allows(Scope.ADMIN))


def steward_actor(link: StewardLink) -> Actor:
    """The actor behind an admitted steward link: `steward:<name>`, for its place only."""
    return Actor(
        name=stewards.actor(link), key_id=None, admin=False, steward_of=link.access_point_id
    )


def may_manage(actor: Actor, workshop: Workshop) -> bool:
    """Whether the actor may change a workshop and its sessions, and see every registration."""
    return actor.admin or (
        actor.steward_of is not None and actor.steward_of == workshop.organiser_id
    )


def may_see(actor: Actor, workshop: Workshop, registration: Registration) -> bool:
    """Whether the actor may read (or cancel) one registration: its booking key, or a manager."""
    return may_manage(actor, workshop) or (
        actor.key_id is not None and registration.booking_key_id == actor.key_id
    )


def ensure_manager(actor: Actor, workshop: Workshop) -> None:
    """Forbidden unless the actor may manage the workshop (StewardWrongPlace for a steward)."""
    if may_manage(actor, workshop):
        return
    if actor.steward_of is not None:
        raise stewards.StewardWrongPlace(
            "Ce lien d'intendance est celui d'un autre lieu : seuls les référents du lieu qui "
            "organise cet atelier, et les administrateurs, peuvent le gérer.",
            en="this steward link is for another place: only the stewards of the organising "
            "place, and admins, manage this workshop",
        )
    raise Forbidden(
        "seuls les administrateurs et les référents du lieu organisateur gèrent cet atelier",
        en="only admins and the stewards of the organising place manage this workshop",
    )


def presented_steward_token(request: Request) -> str | None:
    """The steward token sent as `X-Steward-Token`, unless an API key is sent too."""
    if presented_secret(request):
        return None
    return request.headers.get(STEWARD_HEADER) or None


def admit_steward(request: Request, session: Session) -> StewardLink:
    """The request's steward link if valid and within its rate limit (as api.auth.keys.admit does
    for a key); else StewardLinkRefused (401) or RateLimited. The place is checked later,
    against the workshop (ensure_manager)."""
    token = presented_steward_token(request) or ""
    link = stewards.verify(session, token, datetime.now(UTC))
    limits: RateLimits | None = getattr(request.app.state, "rate_limits", None)
    if limits is not None and (refused := limits.steward_write(link.id or 0)) is not None:
        raise RateLimited(refused.detail, headers=refused.headers())
    return link


def _admit_steward_alone(request: Request) -> StewardLink:
    with Session(request.app.state.runtime.engine) as session:
        return admit_steward(request, session)


# The 401 and 403 of routes that admit a steward, for their OpenAPI `responses`.
STEWARD_401 = (
    "No key or steward token, or an invalid, revoked or expired one (with a steward token: "
    "`steward_link_invalid`, `steward_link_revoked`, `steward_link_expired`)."
)
STEWARD_403 = (
    "The key lacks the scope, or the steward's place does not organise this workshop "
    "(`steward_wrong_place`)."
)

StewardHeader = Annotated[str | None, Header(alias=STEWARD_HEADER, description=STEWARD_HEADER_DOC)]


def _key_or_steward(scope: Scope) -> Callable[..., Actor]:
    """A dependency admitting a key holding `scope` (api.auth.keys.require), or a steward token.

    On a StewardFirstRoute the token was admitted before the body was read: taken as it is.
    """
    by_key = require(scope)

    def dependency(
        request: Request,
        session: SessionDep,
        _token: StewardHeader = None,  # read from the request; declared for the OpenAPI
    ) -> Actor:
        admitted = getattr(request.state, "steward_link", None)
        if isinstance(admitted, StewardLink):
            return steward_actor(admitted)
        if presented_steward_token(request) is not None:
            return steward_actor(admit_steward(request, session))
        return actor_of(by_key(request, session))

    dependency.required_scope = scope  # type: ignore[attr-defined]  # for KeyFirstRoute
    dependency.admits_steward = True  # type: ignore[attr-defined]  # for StewardFirstRoute
    return dependency


def _admits_steward(dependant: Dependant) -> bool:
    return any(
        getattr(sub.call, "admits_steward", False) or _admits_steward(sub)
        for sub in dependant.dependencies
    )


class StewardFirstRoute(KeyFirstRoute):
    """A KeyFirstRoute whose steward token, when one is sent instead of a key, is admitted
    before the body is read too: a bad token gets its 401 without a byte of the body read."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The route's handler, behind the key check, or the token check for a steward."""
        by_key = super().get_route_handler()
        if not _admits_steward(self.dependant):
            return by_key
        handler = APIRoute.get_route_handler(self)

        async def steward_first(request: Request) -> Response:
            if presented_steward_token(request) is None:
                return await by_key(request)
            request.state.steward_link = await run_in_threadpool(_admit_steward_alone, request)
            return await handler(request)

        return steward_first


def _booker(key: Annotated[ApiKey, Depends(require(Scope.REGISTER))]) -> Actor:
    return actor_of(key)


# Writes of workshops and sessions: an admin key, or a steward of the organising place.
ManagerDep = Annotated[Actor, Depends(_key_or_steward(Scope.ADMIN))]
# Booking a seat (scope `register`, or admin).
BookerDep = Annotated[Actor, Depends(_booker)]
# Reading, cancelling, marking registrations: their booking key, an admin, or a steward of
# the organising place.
KeeperDep = Annotated[Actor, Depends(_key_or_steward(Scope.REGISTER))]
