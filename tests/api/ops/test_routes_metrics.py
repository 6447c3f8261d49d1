"""GET /metrics (api/ops/routes_metrics.py): the registry's exposition, never cached, in the
format the scraper asks for, and left out of the API's document."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry, Counter
from prometheus_client.parser import text_string_to_metric_families


def test_the_text_format_by_default(seeded_client: TestClient) -> None:
    seeded_client.get("/v1/health/live")
    response = seeded_client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    samples = [
        sample
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
        if sample.name == "panda_http_requests_total"
    ]
    assert any(s.labels.get("route") == "/v1/health/live" and s.value >= 1 for s in samples)
    assert not response.text.rstrip().endswith("# EOF")


def test_openmetrics_when_asked(seeded_client: TestClient) -> None:
    accept = "application/openmetrics-text; version=1.0.0; charset=utf-8"
    response = seeded_client.get("/metrics", headers={"Accept": accept})
    assert response.headers["content-type"].startswith("application/openmetrics-text")
    assert response.text.rstrip().endswith("# EOF")


def test_it_exposes_the_app_registry_and_only_it(seeded_client: TestClient) -> None:
    registry = CollectorRegistry()
    Counter("panda_test_probe", "A counter of this test only.", registry=registry).inc(3)
    seeded_client.app.state.metrics_registry = registry  # type: ignore[attr-defined]
    text = seeded_client.get("/metrics").text
    samples = {
        sample.name: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }
    assert samples["panda_test_probe_total"] == 3.0
    assert all(name.startswith("panda_test_probe") for name in samples)


def test_not_in_the_openapi_document(seeded_client: TestClient) -> None:
    assert "/metrics" not in seeded_client.get("/openapi.json").json()["paths"]


def test_absent_when_metrics_are_off(client_factory: Callable[..., TestClient]) -> None:
    assert client_factory(metrics_enabled=False).get("/metrics").status_code == 404
