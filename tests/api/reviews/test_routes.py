"""The review API: the city team's list of due places and a place's period (scope `admin`);
a steward's period for their own place; readers see the due days."""

from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.stewards import links as stewards
from tests.conftest import bearer, make_access_point, make_key


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    places = [
        make_access_point(name="Ancien", source_id="a", source_updated_on=date(2022, 1, 10)),
        make_access_point(name="Autre", source_id="b", source_updated_on=date(2022, 1, 10)),
    ]
    return client_factory(places=places)


def ids(client: TestClient) -> dict[str, int]:
    return {p["name"]: p["id"] for p in client.get("/v1/access-points").json()["items"]}


def test_readers_see_the_period_and_due_days(client: TestClient) -> None:
    place = client.get(f"/v1/access-points/{ids(client)['Ancien']}").json()
    assert place["review_period_months"] == 6
    assert (place["review_due_on"], place["review_overdue_on"]) == ("2022-07-10", "2022-08-10")


def test_city_team_lists_due_places_and_those_without_steward(client: TestClient) -> None:
    headers = bearer(make_key(client, "admin"))
    with Session(client.app.state.runtime.engine) as session:  # type: ignore[attr-defined]
        stewards.issue(session, ids(client)["Ancien"], "Camille", email="c@example.fr")
    listed = client.get("/v1/reviews/due", headers=headers)
    assert listed.status_code == 200
    entries = {e["name"]: e for e in listed.json()}
    assert entries["Ancien"]["reachable_stewards"] == 1
    assert entries["Ancien"]["overdue"] is True
    assert (entries["Autre"]["active_stewards"], entries["Autre"]["reachable_stewards"]) == (0, 0)
    alone = client.get("/v1/reviews/due", params={"without_steward": "true"}, headers=headers)
    assert [e["name"] for e in alone.json()] == ["Autre"]
    assert client.get("/v1/reviews/due").status_code == 401
    writer = bearer(make_key(client, "write"))
    assert client.get("/v1/reviews/due", headers=writer).status_code == 403


def test_city_team_sets_a_period_and_readers_see_the_new_due_day(client: TestClient) -> None:
    headers = bearer(make_key(client, "admin"))
    place_id = ids(client)["Ancien"]
    before = client.get(f"/v1/access-points/{place_id}").headers["etag"]
    answer = client.put(
        f"/v1/reviews/places/{place_id}", json={"review_period_months": 12}, headers=headers
    )
    assert answer.status_code == 200
    assert answer.json() == {
        "access_point_id": place_id,
        "review_period_months": 12,
        "review_due_on": "2023-01-10",
        "review_overdue_on": "2023-02-10",
    }
    after = client.get(f"/v1/access-points/{place_id}")
    assert after.json()["review_due_on"] == "2023-01-10"
    assert after.headers["etag"] != before
    never = client.put(
        f"/v1/reviews/places/{place_id}", json={"review_period_months": None}, headers=headers
    )
    assert never.json()["review_due_on"] is None
    history = client.get(f"/v1/access-points/{place_id}/history").json()
    assert [e["changes"] for e in history if e["action"] == "review_period"] == [
        {"review_period_months": {"before": 6, "after": 12}},
        {"review_period_months": {"before": 12, "after": None}},
    ]


@pytest.mark.parametrize("body", [{"review_period_months": 5}, {}, {"months": 6}])
def test_bad_period_is_422(client: TestClient, body: dict[str, object]) -> None:
    headers = bearer(make_key(client, "admin"))
    place_id = ids(client)["Ancien"]
    answer = client.put(f"/v1/reviews/places/{place_id}", json=body, headers=headers)
    assert answer.status_code == 422


def test_unknown_place_period_is_404(client: TestClient) -> None:
    headers = bearer(make_key(client, "admin"))
    answer = client.put("/v1/reviews/places/999", json={"review_period_months": 3}, headers=headers)
    assert answer.status_code == 404


def test_steward_sets_their_own_places_period_only(client: TestClient) -> None:
    place = ids(client)
    with Session(client.app.state.runtime.engine) as session:  # type: ignore[attr-defined]
        _link, token = stewards.issue(session, place["Ancien"], "Camille")
    path = f"/v1/steward/{token}/places/{place['Ancien']}/review-period"
    answer = client.put(path, json={"review_period_months": 3})
    assert answer.status_code == 200
    assert answer.json()["review_due_on"] == "2022-04-10"
    assert answer.headers["cache-control"] == "no-store"
    other = f"/v1/steward/{token}/places/{place['Autre']}/review-period"
    assert client.put(other, json={"review_period_months": 3}).status_code == 403
    history = client.get(f"/v1/access-points/{place['Ancien']}/history").json()
    assert history[-1]["actor"] == "intendant du lieu"
    page = client.get(f"/intendance/{token}")
    assert '<option value="3" selected>tous les 3 mois</option>' in page.text
