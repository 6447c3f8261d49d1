"""GET /metrics through the real app: request counters by route template, read-model gauges,
geocoder calls and fallbacks (against the local fake address service), and its headers."""

import time
from collections.abc import Callable

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.app import create_app
from api.settings import Settings
from tests.api.geocoding.test_ban import FakeBan, fake  # noqa: F401  (fake: the fixture)
from tests.api.geocoding.test_service import start
from tests.conftest import add_places, make_access_point

PLACE = "/v1/access-points/{access_point_id}"
CLAUDEL = {"q": "14 rue Camille Claudel 21000 Dijon", "limit": 1}

Samples = dict[tuple[str, ...], float]


def scrape(client: TestClient, name: str) -> Samples:
    """One scrape: the samples called `name`, keyed by their label values in declared order."""
    response = client.get("/metrics")
    assert response.status_code == 200
    return {
        tuple(sample.labels.values()): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
        if sample.name == name
    }


def first_id(client: TestClient) -> int:
    """The id of a place the app serves."""
    place_id: int = client.app.state.runtime.read_model.current.places[0].id  # type: ignore[attr-defined]
    return place_id


def test_metrics_counts_requests_by_route_template_and_status(seeded_client: TestClient) -> None:
    place_id = first_id(seeded_client)
    seeded_client.get(f"/v1/access-points/{place_id}")
    seeded_client.get(f"/v1/access-points/{place_id}")
    seeded_client.get("/v1/access-points/999999")
    seeded_client.get("/health")
    seeded_client.post("/health")
    assert scrape(seeded_client, "panda_http_requests_total") == {
        ("GET", PLACE, "200"): 2.0,
        ("GET", PLACE, "404"): 1.0,
        ("GET", "/health", "200"): 1.0,
        ("POST", "/health", "405"): 1.0,
    }


def test_metrics_times_requests_by_route_template(seeded_client: TestClient) -> None:
    place_id = first_id(seeded_client)
    seeded_client.get(f"/v1/access-points/{place_id}")
    seeded_client.get("/v1/access-points/999999")
    seeded_client.get("/health")
    counts = scrape(seeded_client, "panda_http_request_duration_seconds_count")
    assert counts == {("GET", PLACE): 2.0, ("GET", "/health"): 1.0}


def test_metrics_label_head_requests_with_their_get_route(seeded_client: TestClient) -> None:
    assert seeded_client.head(f"/v1/access-points/{first_id(seeded_client)}").status_code == 200
    assert seeded_client.head("/v1/access-points/999999").status_code == 404
    assert seeded_client.head("/nope").status_code == 404
    assert scrape(seeded_client, "panda_http_requests_total") == {
        ("HEAD", PLACE, "200"): 1.0,
        ("HEAD", PLACE, "404"): 1.0,
        ("HEAD", "unmatched", "404"): 1.0,
    }


def test_metrics_unknown_paths_and_methods_share_fixed_labels(seeded_client: TestClient) -> None:
    for path in ("/nope/1", "/nope/2", "/wp-login.php", "/v1/access-points/1/nope"):
        assert seeded_client.get(path).status_code == 404
    seeded_client.request("BREW", "/health")
    assert scrape(seeded_client, "panda_http_requests_total") == {
        ("GET", "unmatched", "404"): 4.0,
        ("other", "/health", "405"): 1.0,
    }


def test_metrics_count_an_unhandled_error_as_500(
    client_factory: Callable[..., TestClient], database_url: str
) -> None:
    client_factory().__exit__(None, None, None)  # leaves a fresh, empty schema
    app = create_app(
        Settings(database_url=database_url, load_seed_when_empty=False, snapshot_refresh_s=3600)
    )

    async def boom(item: int) -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/boom/{item}", boom, methods=["GET"])
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/boom/1").status_code == 500
        assert scrape(client, "panda_http_requests_total") == {("GET", "/boom/{item}", "500"): 1.0}


def test_metrics_counts_the_scrape_itself_after_it(seeded_client: TestClient) -> None:
    scrape(seeded_client, "panda_http_requests_total")
    assert scrape(seeded_client, "panda_http_requests_total") == {("GET", "/metrics", "200"): 1.0}


def test_metrics_places_and_version_gauges_match_what_is_served(
    seeded_client: TestClient,
) -> None:
    health = seeded_client.get("/health").json()
    assert scrape(seeded_client, "panda_places_served") == {(): 68.0}
    assert health["places"] == 68
    assert scrape(seeded_client, "panda_read_model_version") == {(): health["data_version"]}


def test_metrics_read_model_age_restarts_with_a_new_snapshot(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory()
    holder = client.app.state.runtime.read_model  # type: ignore[attr-defined]
    holder.installed_at = time.monotonic() - 100.0
    assert scrape(client, "panda_read_model_age_seconds")[()] >= 100.0
    add_places(client, [make_access_point()])
    assert scrape(client, "panda_read_model_age_seconds")[()] < 100.0
    assert scrape(client, "panda_places_served") == {(): 1.0}


def test_metrics_count_offline_geocoder_calls_by_outcome(seeded_client: TestClient) -> None:
    assert seeded_client.get("/v1/geocode", params=CLAUDEL).status_code == 200
    assert seeded_client.get("/v1/geocode", params={"q": "!!!"}).status_code == 422
    assert scrape(seeded_client, "panda_geocoder_calls_total") == {
        ("offline", "ok"): 1.0,
        ("offline", "invalid"): 1.0,
    }
    assert scrape(seeded_client, "panda_geocoder_fallbacks_total") == {(): 0.0}


def test_metrics_count_a_fallback_when_the_address_service_fails(
    fake: FakeBan,  # noqa: F811
    client_factory: Callable[..., TestClient],
    database_url: str,
) -> None:
    fake.mode = "500"
    client_factory(seed=True).__exit__(None, None, None)  # leaves a seeded database
    with start(database_url, fake, "ban+offline") as client:
        body = client.get("/v1/geocode", params=CLAUDEL).json()
        calls = scrape(client, "panda_geocoder_calls_total")
        fallbacks = scrape(client, "panda_geocoder_fallbacks_total")
    assert body["items"][0]["geocoder"] == "offline"
    assert calls == {("ban", "unavailable"): 1.0, ("offline", "ok"): 1.0}
    assert fallbacks == {(): 1.0}
    assert len(fake.requests) == 2  # the service was asked, and retried once


def test_metrics_count_address_service_answers_without_fallback(
    fake: FakeBan,  # noqa: F811
    client_factory: Callable[..., TestClient],
    database_url: str,
) -> None:
    client_factory(seed=True).__exit__(None, None, None)
    with start(database_url, fake, "ban+offline") as client:
        body = client.get("/v1/geocode", params=CLAUDEL).json()
        calls = scrape(client, "panda_geocoder_calls_total")
        fallbacks = scrape(client, "panda_geocoder_fallbacks_total")
    assert body["items"][0]["geocoder"] == "ban"
    assert (calls, fallbacks) == ({("ban", "ok"): 1.0}, {(): 0.0})


def test_metrics_response_is_uncached_prometheus_text(seeded_client: TestClient) -> None:
    response = seeded_client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert "# TYPE panda_http_requests_total counter" in response.text
    assert "/metrics" not in seeded_client.get("/openapi.json").json()["paths"]


def test_metrics_registry_belongs_to_one_app(client_factory: Callable[..., TestClient]) -> None:
    first, second = client_factory(), client_factory()
    first.get("/health")
    assert scrape(first, "panda_http_requests_total") == {("GET", "/health", "200"): 1.0}
    assert scrape(second, "panda_http_requests_total") == {}


def test_metrics_disabled_is_not_found(
    client_factory: Callable[..., TestClient], database_url: str
) -> None:
    client_factory().__exit__(None, None, None)  # leaves a fresh, empty schema
    settings = Settings(
        database_url=database_url,
        load_seed_when_empty=False,
        metrics_enabled=False,
        snapshot_refresh_s=3600,
    )
    with TestClient(create_app(settings)) as client:
        response = client.get("/metrics")
        assert (response.status_code, response.json()["error"]) == (404, "not_found")
        assert not hasattr(client.app.state, "metrics_registry")  # type: ignore[attr-defined]
