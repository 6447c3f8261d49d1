"""The report API: anyone sends (202, 404, 422, 429), the city team lists, answers and closes
(401, 403, 404, 409), a steward reads the open reports of their place; readers see
`reported_closed_on` until a decision."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.clock import today_paris
from api.stewards import links as stewards
from tests.conftest import bearer, make_access_point, make_key

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    places = [make_access_point(source="city", source_id=f"r-{n}") for n in (1, 2)]
    return client_factory(places=places)


def ids(client: TestClient) -> list[int]:
    return sorted(p["id"] for p in client.get("/v1/access-points").json()["items"])


def send(client: TestClient, place_id: int, **body: Any) -> Any:
    return client.post(f"/v1/access-points/{place_id}/reports", json=body)


def admin(client: TestClient) -> dict[str, str]:
    return bearer(make_key(client, "admin"))


def test_report_is_received_and_listed_for_the_city_team(client: TestClient) -> None:
    place_id = ids(client)[0]
    answer = send(client, place_id, kind="hours", text=HOSTILE, contact="06 12 34 56 78")
    assert answer.status_code == 202
    assert answer.json()["status"] == "received"
    listed = client.get("/v1/reports", headers=admin(client))
    assert listed.status_code == 200
    assert listed.headers["cache-control"] == "no-store"
    [report] = listed.json()
    assert report["access_point_id"] == place_id
    assert (report["kind"], report["kind_label"], report["text"]) == ("hours", "Horaires", HOSTILE)
    assert (report["contact"], report["status"]) == ("06 12 34 56 78", "open")


def test_honeypot_report_is_answered_alike_and_dropped(client: TestClient) -> None:
    answer = send(client, ids(client)[0], kind="other", website="https://spam.example")
    assert answer.status_code == 202
    assert answer.json()["status"] == "received"
    assert client.get("/v1/reports", headers=admin(client)).json() == []


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"kind": "wrong"},
        {"kind": "hours", "text": "x" * 1001},
        {"kind": "hours", "contact": "y" * 201},
        {"kind": "hours", "email": "a@b.fr"},
        {"kind": "hours", "text": "a\x00b"},
    ],
)
def test_bad_report_is_422(client: TestClient, body: dict[str, Any]) -> None:
    answer = send(client, ids(client)[0], **body)
    assert answer.status_code == 422
    assert answer.json()["error"] == "invalid_request"


def test_report_on_unknown_place_is_404(client: TestClient) -> None:
    answer = send(client, 99_999, kind="hours")
    assert answer.status_code == 404
    assert answer.json()["error"] == "not_found"


def test_reports_past_the_address_limit_are_429(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory(places=[make_access_point()], rate_limit_reports="2/hour")
    place_id = ids(client)[0]
    assert [send(client, place_id, kind="other").status_code for _ in range(3)] == [202, 202, 429]
    refused = send(client, place_id, kind="other")
    assert refused.json()["error"] == "rate_limited"
    assert "signalements depuis cette adresse" in refused.json()["detail"]
    assert int(refused.headers["retry-after"]) >= 1


def test_reports_past_the_place_limit_are_429(client_factory: Callable[..., TestClient]) -> None:
    places = [make_access_point(source_id=f"p-{n}") for n in (1, 2)]
    client = client_factory(places=places, rate_limit_reports_per_place="1/day")
    first, second = ids(client)
    assert send(client, first, kind="other").status_code == 202
    refused = send(client, first, kind="other")
    assert refused.status_code == 429
    assert "signalements sur ce lieu" in refused.json()["detail"]
    assert send(client, second, kind="other").status_code == 202


def test_closed_for_good_report_shows_on_the_place_until_closed(client: TestClient) -> None:
    place_id = ids(client)[0]
    before = client.get(f"/v1/access-points/{place_id}")
    assert before.json()["reported_closed_on"] is None
    send(client, place_id, kind="closed_for_good")
    after = client.get(f"/v1/access-points/{place_id}")
    assert after.json()["reported_closed_on"] == today_paris().isoformat()
    assert after.headers["etag"] != before.headers["etag"]
    geojson = client.get("/v1/access-points", params={"format": "geojson"}).json()
    shown = {f["properties"]["id"]: f["properties"] for f in geojson["features"]}
    assert shown[place_id]["reported_closed_on"] == today_paris().isoformat()
    headers = admin(client)
    [report] = client.get("/v1/reports", headers=headers).json()
    closed = client.post(
        f"/v1/reports/{report['id']}/close",
        json={"outcome": "no_error", "answer": "Vérifié par téléphone : ouvert."},
        headers=headers,
    )
    assert closed.status_code == 200
    body = closed.json()
    assert (body["status"], body["outcome"], body["outcome_label"]) == (
        "closed",
        "no_error",
        "pas d'erreur",
    )
    assert body["closed_by"] == "test-key"
    assert client.get(f"/v1/access-points/{place_id}").json()["reported_closed_on"] is None
    again = client.post(
        f"/v1/reports/{report['id']}/close", json={"outcome": "spam"}, headers=headers
    )
    assert again.status_code == 409
    assert again.json()["error"] == "report_closed"


def test_place_closed_outcome_closes_the_place_and_history_says_who(client: TestClient) -> None:
    place_id = ids(client)[0]
    send(client, place_id, kind="closed_for_good", contact="a@b.fr")
    headers = admin(client)
    [report] = client.get("/v1/reports", headers=headers).json()
    client.post(
        f"/v1/reports/{report['id']}/close", json={"outcome": "place_closed"}, headers=headers
    )
    place = client.get(f"/v1/access-points/{place_id}").json()
    assert (place["status"], place["reported_closed_on"]) == ("closed", None)
    history = client.get(f"/v1/access-points/{place_id}/history").json()
    actions = [(e["actor"], e["action"]) for e in history][-2:]
    assert actions == [("signalement public", "report_open"), ("test-key", "report_close")]
    assert "a@b.fr" not in str(history)


def test_answer_then_show(client: TestClient) -> None:
    send(client, ids(client)[0], kind="phone")
    headers = admin(client)
    [report] = client.get("/v1/reports", headers=headers).json()
    answered = client.post(
        f"/v1/reports/{report['id']}/answer", json={"text": "Nous vérifions."}, headers=headers
    )
    assert answered.status_code == 200
    assert (answered.json()["answer"], answered.json()["status"]) == ("Nous vérifions.", "open")
    shown = client.get(f"/v1/reports/{report['id']}", headers=headers)
    assert shown.json()["answer"] == "Nous vérifions."
    assert client.get("/v1/reports/999", headers=headers).status_code == 404
    assert client.get("/v1/reports", params={"status": "closed"}, headers=headers).json() == []
    assert len(client.get("/v1/reports", params={"status": "all"}, headers=headers).json()) == 1


def test_admin_routes_need_an_admin_key(client: TestClient) -> None:
    assert client.get("/v1/reports").status_code == 401
    writer = bearer(make_key(client, "write"))
    assert client.get("/v1/reports", headers=writer).status_code == 403
    refused = client.post("/v1/reports/1/close", json={"outcome": "spam"}, headers=writer)
    assert refused.status_code == 403


def test_bad_decisions_are_422(client: TestClient) -> None:
    send(client, ids(client)[0], kind="phone")
    headers = admin(client)
    for path, body in (("close", {"outcome": "maybe"}), ("answer", {"text": "x" * 2001})):
        assert client.post(f"/v1/reports/1/{path}", json=body, headers=headers).status_code == 422


def test_steward_reads_the_open_reports_of_their_place_without_contacts(
    client: TestClient,
) -> None:
    first, second = ids(client)
    send(client, first, kind="equipment", text="Plus d'imprimante", contact="a@b.fr")
    send(client, second, kind="hours")
    with Session(client.app.state.runtime.engine) as session:  # type: ignore[attr-defined]
        _link, token = stewards.issue(session, first, "Camille Martin")
    answer = client.get(f"/v1/steward/{token}/places/{first}/reports")
    assert answer.status_code == 200
    [report] = answer.json()
    assert (report["kind"], report["text"]) == ("equipment", "Plus d'imprimante")
    assert "contact" not in report
    assert client.get(f"/v1/steward/{token}/places/{second}/reports").status_code == 403
    assert client.get(f"/v1/steward/st_nope_x/places/{first}/reports").status_code == 401


def test_a_blank_answer_is_stored_as_none(client: TestClient) -> None:
    send(client, ids(client)[0], kind="phone")
    headers = admin(client)
    answered = client.post("/v1/reports/1/answer", json={"text": "\r\n "}, headers=headers)
    assert (answered.status_code, answered.json()["answer"]) == (200, None)
    closed = client.post(
        "/v1/reports/1/close", json={"outcome": "spam", "answer": "  "}, headers=headers
    )
    assert (closed.status_code, closed.json()["answer"]) == (200, None)
