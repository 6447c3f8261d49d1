"""Search with PANDA_GEOCODER=ban and ban+offline against a local fake address service."""

from collections.abc import Callable

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.geocoding.test_ban import FakeBan, fake  # noqa: F401  (the fixture)

PARAMS = {"address": "14 rue Camille Claudel 21000 Dijon", "limit": 1}


def start(database_url: str, server: FakeBan, mode: str) -> TestClient:
    settings = Settings(
        database_url=database_url,
        geocoder=mode,  # type: ignore[arg-type]
        ban_domain=server.domain,
        ban_scheme="http",
        geocoder_timeout_s=0.5,
        snapshot_refresh_s=3600,
    )
    return TestClient(create_app(settings))


def test_search_with_ban_uses_the_service(
    fake: FakeBan,  # noqa: F811
    client_factory: Callable[..., TestClient],
    database_url: str,
) -> None:
    client_factory(seed=True).__exit__(None, None, None)  # leaves a seeded database
    with start(database_url, fake, "ban") as client:
        body = client.get("/v1/access-points/search", params=PARAMS).json()
    assert (body["location"]["geocoder"], body["items"][0]["name"]) == ("ban", "PANDA Grésilles")
    assert fake.requests[0][0] == "/search"


def test_search_with_ban_down_is_503_with_retry_after(
    fake: FakeBan,  # noqa: F811
    client_factory: Callable[..., TestClient],
    database_url: str,
) -> None:
    fake.mode = "500"
    client_factory(seed=True).__exit__(None, None, None)
    with start(database_url, fake, "ban") as client:
        response = client.get("/v1/access-points/search", params=PARAMS)
    assert (response.status_code, response.json()["error"]) == (503, "service_unavailable")
    assert response.headers["retry-after"] == "30"


def test_search_with_ban_down_falls_back_offline(
    fake: FakeBan,  # noqa: F811
    client_factory: Callable[..., TestClient],
    database_url: str,
) -> None:
    fake.mode = "500"
    client_factory(seed=True).__exit__(None, None, None)
    with start(database_url, fake, "ban+offline") as client:
        body = client.get("/v1/access-points/search", params=PARAMS).json()
    assert (body["location"]["geocoder"], body["items"][0]["name"]) == (
        "offline",
        "PANDA Grésilles",
    )
