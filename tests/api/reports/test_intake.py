"""The shared intake: limits per address and per place before anything is stored."""

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.conftest import make_access_point


def test_a_refused_report_stores_nothing(client_factory: Callable[..., TestClient]) -> None:
    client = client_factory(places=[make_access_point()], rate_limit_reports_per_place="1/day")
    place_id = client.get("/v1/access-points").json()["items"][0]["id"]
    path = f"/v1/access-points/{place_id}/reports"
    assert client.post(path, json={"kind": "closed_for_good"}).status_code == 202
    assert client.post(path, json={"kind": "hours"}).status_code == 429
    history = client.get(f"/v1/access-points/{place_id}/history").json()
    assert [e["action"] for e in history].count("report_open") == 1


def test_without_limits_reports_are_taken(client_factory: Callable[..., TestClient]) -> None:
    client = client_factory(places=[make_access_point()], rate_limit_enabled=False)
    place_id = client.get("/v1/access-points").json()["items"][0]["id"]
    path = f"/v1/access-points/{place_id}/reports"
    assert {client.post(path, json={"kind": "other"}).status_code for _ in range(25)} == {202}
