"""API keys: creation, verification in constant time, and the scope dependency."""

import hashlib
import hmac
import secrets
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from fastapi import Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool

from api.deps import SessionDep
from api.http.errors import Forbidden, RateLimited, Unauthorized
from api.http.rate_limits import RateLimits
from models.api_key import ApiKey, Scope

KEY_PREFIX = "pk_"


def hash_key(secret: str) -> str:
    """SHA-256 of a key: keys are 256-bit random, so a slow hash would add nothing."""
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(
    session: Session, name: str, scopes: list[Scope], expires_at: datetime | None = None
) -> tuple[ApiKey, str]:
    """Store a new key and return it with its secret, which is shown once and never stored."""
    prefix = secrets.token_hex(6)
    secret = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(
        name=name,
        prefix=prefix,
        key_hash=hash_key(secret),
        scopes=sorted({s.value for s in scopes}),
        expires_at=expires_at,
    )
    session.add(key)
    session.commit()
    session.refresh(key)
    return key, secret


def verify(session: Session, secret: str, now: datetime) -> ApiKey:
    """The key matching a secret; raise Unauthorized for unknown, revoked or expired ones."""
    parts = secret.removeprefix(KEY_PREFIX).split("_", 1)
    key = session.exec(select(ApiKey).where(ApiKey.prefix == parts[0])).first()
    # Compare even when no key matched, so timing does not reveal which prefixes exist.
    expected = key.key_hash if key else hash_key("")
    if not hmac.compare_digest(expected, hash_key(secret)) or key is None:
        raise Unauthorized("clé d'API invalide", en="invalid API key")
    if key.revoked_at is not None:
        raise Unauthorized("cette clé d'API a été révoquée", en="this API key was revoked")
    expires = key.expires_at
    if expires is not None and (expires if expires.tzinfo else expires.replace(tzinfo=UTC)) <= now:
        raise Unauthorized("cette clé d'API a expiré", en="this API key has expired")
    return key


def presented_secret(request: Request) -> str | None:
    """The key sent as `Authorization: Bearer <key>` or `X-API-Key: <key>`."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("x-api-key") or None


def require(scope: Scope) -> Callable[..., ApiKey]:
    """A dependency that admits only keys holding `scope` (or admin), within their rate limit.

    On a KeyFirstRoute the key was admitted before the body was read: it is taken as it is.
    """

    def dependency(request: Request, session: SessionDep) -> ApiKey:
        admitted = getattr(request.state, "api_key", None)
        if isinstance(admitted, ApiKey) and admitted.allows(scope):
            return admitted
        return admit(request, session, scope)

    dependency.required_scope = scope  # type: ignore[attr-defined]  # for KeyFirstRoute
    return dependency


def admit(request: Request, session: Session, scope: Scope) -> ApiKey:
    """The request's key if it is valid, within its rate limit and holds `scope`; else
    Unauthorized, RateLimited or Forbidden."""
    secret = presented_secret(request)
    if not secret:
        raise Unauthorized(
            "cette opération demande une clé d'API : Authorization: Bearer <clé>",
            en="this operation needs an API key: Authorization: Bearer <key>",
        )
    key = verify(session, secret, datetime.now(UTC))
    limits: RateLimits | None = getattr(request.app.state, "rate_limits", None)
    if limits is not None and (refused := limits.key_write(key.id or 0)) is not None:
        raise RateLimited(refused.detail, headers=refused.headers())
    if not key.allows(scope):
        raise Forbidden(
            f"cette clé d'API n'a pas le droit « {scope.value} » : demandez une clé qui l'a",
            en=f"this API key lacks the {scope.value!r} scope",
        )

    return key


class KeyFirstRoute(APIRoute):
    """An APIRoute that admits its API key before FastAPI reads the request's body.

    FastAPI reads and parses a JSON body before it solves any dependency (FastAPI 0.165,
    `routing.get_request_handler`), so with `require` alone a caller without a key would make
    the server read its body first. Here the key the route's `require` asks for is admitted
    first, in a session of its own, and handed to `require` through `request.state`: a request
    without a valid key gets its 401 or 403 before a byte of its body is read.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The route's handler, behind the key check when the route requires a key."""
        handler = super().get_route_handler()
        scope = _required_scope(self.dependant)
        if scope is None:
            return handler

        async def key_first(request: Request) -> Response:
            request.state.api_key = await run_in_threadpool(_admit_alone, request, scope)
            return await handler(request)

        return key_first


def _required_scope(dependant: Dependant) -> Scope | None:
    """The scope of the first `require(scope)` among a route's dependencies."""
    for sub in dependant.dependencies:
        found = getattr(sub.call, "required_scope", None) or _required_scope(sub)
        if isinstance(found, Scope):
            return found
    return None


def _admit_alone(request: Request, scope: Scope) -> ApiKey:
    with Session(request.app.state.runtime.engine) as session:
        return admit(request, session, scope)
