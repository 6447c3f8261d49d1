"""Search with PANDA_GEOCODER=ban and ban+offline against a local fake address service."""

from collections.abc import Callable

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.api.geocoding.test_ban import FakeBan, fake, feature  # noqa: F401  (fake: the fixture)

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


def test_search_outside_the_metropole_is_answered_and_flagged(
    fake: FakeBan,  # noqa: F811
    client_factory: Callable[..., TestClient],
    database_url: str,
) -> None:
    # A real address outside Dijon Métropole (Beaune), as in the MedNum BFC census.
    fake.features = [
        feature("8 Avenue du Parc 21200 Beaune", 47.025661, 4.830892, 0.95, "housenumber",
                "21054", "21200")
    ]  # fmt: skip
    client_factory(seed=True).__exit__(None, None, None)
    with start(database_url, fake, "ban") as client:
        params = {"address": "8 av du parc beaune"}
        body = client.get("/v1/access-points/search", params=params).json()
    assert (body["outside_service_area"], body["location"]["citycode"]) == (True, "21054")
    assert body["count"] == 10


def test_search_ambiguous_street_lists_alternatives(
    fake: FakeBan,  # noqa: F811
    client_factory: Callable[..., TestClient],
    database_url: str,
) -> None:
    # One street name in two communes (real addresses of the census), scored alike.
    fake.features = [
        feature("Rue Maurice Ravel 21000 Dijon", 47.301142, 5.041164, 0.71, "street",
                "21231", "21000"),
        feature("Rue Maurice Ravel 25200 Montbéliard", 47.499355, 6.798311, 0.70, "street",
                "25388", "25200"),
    ]  # fmt: skip
    client_factory(seed=True).__exit__(None, None, None)
    with start(database_url, fake, "ban") as client:
        body = client.get(
            "/v1/access-points/search", params={"address": "rue maurice ravel"}
        ).json()
    assert body["location"]["citycode"] == "21231"
    assert [a["citycode"] for a in body["alternatives"]] == ["25388"]
