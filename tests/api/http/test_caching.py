"""Embedding: CORS for reads only, ETag / Cache-Control and 304 on reads."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.conftest import make_access_point

NEAREST = "/v1/access-points/nearest?lat=47.3216&lon=5.0415&open_at=2025-07-15T10:00"


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    return client_factory(places=[make_access_point()])


def preflight(client: TestClient, method: str, origin: str = "https://partner.example") -> int:
    headers = {"Origin": origin, "Access-Control-Request-Method": method}
    return client.options("/v1/access-points", headers=headers).status_code


def test_read_from_any_origin_is_allowed(client: TestClient) -> None:
    response = client.get(NEAREST, headers={"Origin": "https://partner.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers


def test_preflight_for_read_is_allowed(client: TestClient) -> None:
    assert preflight(client, "GET") == 200


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_preflight_for_write_is_refused(client: TestClient, method: str) -> None:
    assert preflight(client, method) == 400


def test_allow_list_restricts_origins(database_url: str) -> None:
    settings = Settings(database_url=database_url, cors_origins=["https://ville.example"])
    with TestClient(create_app(settings)) as restricted:
        allowed = restricted.get("/health", headers={"Origin": "https://ville.example"})
        other = restricted.get("/health", headers={"Origin": "https://other.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://ville.example"
    assert "access-control-allow-origin" not in other.headers


def test_read_carries_etag_and_cache_control(client: TestClient) -> None:
    response = client.get(NEAREST)
    assert response.headers["cache-control"] == "public, max-age=60"
    assert response.headers["etag"].startswith('"')


def test_read_with_current_etag_is_304(client: TestClient) -> None:
    etag = client.get(NEAREST).headers["etag"]
    response = client.get(NEAREST, headers={"If-None-Match": etag})
    assert (response.status_code, response.content) == (304, b"")


def test_read_with_old_etag_is_200(client: TestClient) -> None:
    response = client.get(NEAREST, headers={"If-None-Match": '"old"'})
    assert response.status_code == 200


def test_place_read_304_with_its_etag(client: TestClient) -> None:
    place_id = client.get("/v1/access-points").json()["items"][0]["id"]
    etag = client.get(f"/v1/access-points/{place_id}").headers["etag"]
    headers = {"If-None-Match": etag}
    assert client.get(f"/v1/access-points/{place_id}", headers=headers).status_code == 304
