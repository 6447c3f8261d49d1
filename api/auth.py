"""API keys: creation, verification in constant time, and the scope dependency."""

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import Request
from sqlmodel import Session, select

from api.deps import SessionDep
from api.errors import Forbidden, Unauthorized
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
        raise Unauthorized("invalid API key")
    if key.revoked_at is not None:
        raise Unauthorized("this API key was revoked")
    expires = key.expires_at
    if expires is not None and (expires if expires.tzinfo else expires.replace(tzinfo=UTC)) <= now:
        raise Unauthorized("this API key has expired")
    return key


def presented_secret(request: Request) -> str | None:
    """The key sent as `Authorization: Bearer <key>` or `X-API-Key: <key>`."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("x-api-key") or None


def require(scope: Scope) -> Callable[..., ApiKey]:
    """A dependency that admits only keys holding `scope` (or admin)."""

    def dependency(request: Request, session: SessionDep) -> ApiKey:
        secret = presented_secret(request)
        if not secret:
            raise Unauthorized("this operation needs an API key: Authorization: Bearer <key>")
        key = verify(session, secret, datetime.now(UTC))
        if not key.allows(scope):
            raise Forbidden(f"this API key lacks the {scope.value!r} scope")
        return key

    return dependency
