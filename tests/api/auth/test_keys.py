"""API keys (api/auth/keys.py): secrets shown once, verified by prefix and hash, scopes enforced,
and on a KeyFirstRoute the key checked before a byte of the body is read."""

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import Engine
from sqlmodel import Session, select

from api.auth.keys import (
    KEY_PREFIX,
    KeyFirstRoute,
    create_key,
    hash_key,
    presented_secret,
    require,
    verify,
)
from api.http.errors import AppError, Unauthorized
from api.http.rate_limits import RateLimits
from api.settings import Settings
from models.api_key import ApiKey, Scope

NOW = datetime(2025, 7, 15, 10, 0, tzinfo=UTC)


def request_with(headers: dict[str, str]) -> Request:
    raw = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
    return Request({"type": "http", "method": "GET", "path": "/", "headers": raw})


def test_hash_is_the_hex_sha256_of_the_secret() -> None:
    assert hash_key("pk_abc_def") == hashlib.sha256(b"pk_abc_def").hexdigest()
    assert hash_key("pk_abc_def") != hash_key("pk_abc_deg")


def test_created_key_stores_the_hash_never_the_secret(session: Session) -> None:
    key, secret = create_key(session, "ville", [Scope.WRITE])
    stored = session.exec(select(ApiKey).where(ApiKey.id == key.id)).one()
    assert secret.startswith(f"{KEY_PREFIX}{stored.prefix}_")
    assert stored.key_hash == hash_key(secret)
    assert secret not in stored.model_dump_json()
    assert len(stored.prefix) == 12 and len(secret) > len(KEY_PREFIX) + 12 + 40


def test_created_keys_differ_and_scopes_are_sorted_once(session: Session) -> None:
    first, first_secret = create_key(session, "a", [Scope.WRITE, Scope.IMPORT, Scope.WRITE])
    second, second_secret = create_key(session, "b", [Scope.WRITE])
    assert first.scopes == ["import", "write"]
    assert first.prefix != second.prefix and first_secret != second_secret


def test_a_created_key_verifies(session: Session) -> None:
    key, secret = create_key(session, "ville", [Scope.WRITE])
    assert verify(session, secret, NOW).id == key.id


@pytest.mark.parametrize(
    "forge",
    [
        lambda secret: secret[:-1] + ("A" if secret[-1] != "A" else "B"),  # right prefix, bad hash
        lambda secret: "pk_0123456789ab_" + secret.split("_", 2)[2],  # unknown prefix
        lambda secret: "",
        lambda secret: secret.removeprefix(KEY_PREFIX),  # the prefix alone matches no hash
    ],
)
def test_a_wrong_secret_is_refused(session: Session, forge: Any) -> None:
    _key, secret = create_key(session, "ville", [Scope.WRITE])
    with pytest.raises(Unauthorized) as refused:
        verify(session, forge(secret), NOW)
    assert refused.value.text.en == "invalid API key"
    assert refused.value.headers == {"WWW-Authenticate": "Bearer"}


def test_a_revoked_key_is_refused(session: Session) -> None:
    key, secret = create_key(session, "ville", [Scope.WRITE])
    key.revoked_at = NOW - timedelta(days=1)
    session.add(key)
    session.commit()
    with pytest.raises(Unauthorized) as refused:
        verify(session, secret, NOW)
    assert refused.value.text.en == "this API key was revoked"


def test_a_key_expires_at_its_moment_not_before(session: Session) -> None:
    expires = NOW + timedelta(hours=1)
    key, secret = create_key(session, "ville", [Scope.WRITE], expires_at=expires)
    session.expire_all()  # read back from the database (SQLite gives a naive datetime)
    assert verify(session, secret, expires - timedelta(seconds=1)).id == key.id
    for moment in (expires, expires + timedelta(days=1)):
        with pytest.raises(Unauthorized) as refused:
            verify(session, secret, moment)
        assert refused.value.text.en == "this API key has expired"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Authorization": "Bearer pk_a_b"}, "pk_a_b"),
        ({"Authorization": "bearer   pk_a_b  "}, "pk_a_b"),
        ({"X-API-Key": "pk_c_d"}, "pk_c_d"),
        ({"Authorization": "Bearer pk_a_b", "X-API-Key": "pk_c_d"}, "pk_a_b"),
        ({"Authorization": "Bearer ", "X-API-Key": "pk_c_d"}, "pk_c_d"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, None),
        ({"X-API-Key": ""}, None),
        ({}, None),
    ],
)
def test_presented_secret(headers: dict[str, str], expected: str | None) -> None:
    assert presented_secret(request_with(headers)) == expected


class Body(BaseModel):
    name: str


def tiny_app(engine: Engine, rate_limits: RateLimits | None = None) -> FastAPI:
    """Two routes needing the `write` scope, one a KeyFirstRoute; errors as AppError says."""
    app = FastAPI()
    app.state.runtime = SimpleNamespace(engine=engine)
    app.state.rate_limits = rate_limits

    @app.exception_handler(AppError)
    async def _error(request: Request, exc: AppError) -> JSONResponse:
        return JSONResponse({"error": exc.kind}, exc.status_code, headers=exc.headers)

    Writer = Annotated[ApiKey, Depends(require(Scope.WRITE))]

    @app.post("/plain")
    def plain(body: Body, key: Writer) -> dict[str, Any]:
        return {"key": key.name, "name": body.name}

    first = FastAPI().router
    first.route_class = KeyFirstRoute

    @first.post("/first")
    def key_first(body: Body, key: Writer) -> dict[str, Any]:
        return {"key": key.name, "name": body.name}

    app.include_router(first)
    return app


@pytest.fixture
def keys(session: Session) -> dict[str, str]:
    """Secrets of a write key, an admin key and an import-only key."""
    return {
        scope.value: create_key(session, f"{scope.value}-key", [scope])[1]
        for scope in (Scope.WRITE, Scope.ADMIN, Scope.IMPORT)
    }


@pytest.fixture
def client(engine: Engine, keys: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(tiny_app(engine)) as client:
        yield client


@pytest.mark.parametrize("path", ["/plain", "/first"])
@pytest.mark.parametrize("scope", ["write", "admin"])
def test_a_key_with_the_scope_or_admin_is_admitted(
    client: TestClient, keys: dict[str, str], path: str, scope: str
) -> None:
    headers = {"Authorization": f"Bearer {keys[scope]}"}
    response = client.post(path, json={"name": "x"}, headers=headers)
    assert response.status_code == 200
    assert response.json() == {"key": f"{scope}-key", "name": "x"}


@pytest.mark.parametrize("path", ["/plain", "/first"])
def test_a_key_without_the_scope_is_forbidden(
    client: TestClient, keys: dict[str, str], path: str
) -> None:
    response = client.post(path, json={"name": "x"}, headers={"X-API-Key": keys["import"]})
    assert (response.status_code, response.json()) == (403, {"error": "forbidden"})


@pytest.mark.parametrize("path", ["/plain", "/first"])
def test_no_key_or_a_bad_key_is_unauthorized(client: TestClient, path: str) -> None:
    for headers in ({}, {"Authorization": "Bearer pk_0123456789ab_nope"}):
        response = client.post(path, json={"name": "x"}, headers=headers)
        assert (response.status_code, response.json()) == (401, {"error": "unauthorized"})
        assert response.headers["www-authenticate"] == "Bearer"


def test_key_first_route_refuses_before_reading_the_body(
    client: TestClient, keys: dict[str, str]
) -> None:
    # A body that does not parse: the plain route reads it first (422), the other refuses first.
    broken = {"content": b"{not json", "headers": {"Content-Type": "application/json"}}
    assert client.post("/plain", **broken).status_code == 422  # type: ignore[arg-type]
    assert client.post("/first", **broken).status_code == 401  # type: ignore[arg-type]
    forbidden = {**broken["headers"], "X-API-Key": keys["import"]}  # type: ignore[dict-item]
    assert client.post("/first", content=b"{not json", headers=forbidden).status_code == 403
    allowed = {**broken["headers"], "X-API-Key": keys["write"]}  # type: ignore[dict-item]
    assert client.post("/first", content=b"{not json", headers=allowed).status_code == 422


def test_writes_with_one_key_are_limited_per_key(engine: Engine, keys: dict[str, str]) -> None:
    limits = RateLimits(Settings(rate_limit_writes="2/minute"))
    headers = {"Authorization": f"Bearer {keys['write']}"}
    other = {"Authorization": f"Bearer {keys['admin']}"}
    with TestClient(tiny_app(engine, limits)) as client:
        statuses = [client.post("/first", json={"name": "x"}, headers=headers) for _ in range(3)]
        assert [r.status_code for r in statuses] == [200, 200, 429]
        assert statuses[-1].json() == {"error": "rate_limited"}
        assert int(statuses[-1].headers["retry-after"]) >= 1
        # Another key has its own counter.
        assert client.post("/plain", json={"name": "x"}, headers=other).status_code == 200
