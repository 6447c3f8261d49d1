"""The duplicates API: the city team lists, decides, reads the report and a place's
duplicates (401, 403, 404, 422); a steward reads theirs and splits (401, 403)."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.stewards import links as stewards
from tests.conftest import add_places, bearer, make_access_point, make_key

WHERE = {"address": "14 rue Camille Claudel"}


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    places = [
        make_access_point(name="PANDA Grésilles", source="census", source_id="2", **WHERE),
        make_access_point(name="Médiathèque Champollion", source="census", source_id="55",
                          phone=None, **WHERE),
        make_access_point(name="Kelle Fabrik", source="city", source_id="k",
                          address="2 rue des Corroyeurs", latitude=47.317, longitude=5.045),
    ]  # fmt: skip
    return client_factory(places=places)


def ids(client: TestClient) -> dict[str, int]:
    items = client.get("/v1/access-points").json()["items"]
    return {p["name"]: p["id"] for p in items}


def admin(client: TestClient) -> dict[str, str]:
    return bearer(make_key(client, "admin"))


def test_list_pairs_side_by_side(client: TestClient) -> None:
    answer = client.get("/v1/duplicates", headers=admin(client))
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    [pair] = answer.json()
    assert (pair["score"], pair["status"], pair["decision"]) == (94, "grouped", None)
    assert {pair["a"]["name"], pair["b"]["name"]} == {"PANDA Grésilles", "Médiathèque Champollion"}
    assert client.get("/v1/duplicates?status=to_review", headers=admin(client)).json() == []
    assert client.get("/v1/duplicates?commune=Talant", headers=admin(client)).json() == []


def test_list_needs_an_admin_key(client: TestClient) -> None:
    assert client.get("/v1/duplicates").status_code == 401
    read_key = bearer(make_key(client, "write"))
    assert client.get("/v1/duplicates", headers=read_key).status_code == 403


def test_decide_split_then_listed_as_distinct(client: TestClient) -> None:
    found = ids(client)
    headers = admin(client)
    body = {"a": found["PANDA Grésilles"], "b": found["Médiathèque Champollion"]}
    answer = client.post("/v1/duplicates/decisions", json={**body, "decision": "split"},
                         headers=headers)  # fmt: skip
    assert answer.status_code == 200
    assert (answer.json()["decision"], answer.json()["decided_by"]) == ("split", "test-key")
    [pair] = client.get("/v1/duplicates", headers=headers).json()
    assert (pair["status"], pair["decision"]) == ("distinct", "split")
    of = client.get(f"/v1/duplicates/places/{body['a']}", headers=headers).json()
    assert of == [
        {"id": body["b"], "source": "census", "source_id": "55", "score": 94, "status": "distinct"}
    ]


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"a": 1, "b": 1, "decision": "confirm"}, 422, "duplicate_same_record"),
        ({"a": 1, "b": 999_999, "decision": "split"}, 404, "duplicate_place_not_found"),
        ({"a": 1, "b": 2, "decision": "maybe"}, 422, "invalid_request"),
        ({"a": 0, "b": 2, "decision": "split"}, 422, "invalid_request"),
        ({"a": 1, "b": 2, "decision": "split", "extra": 1}, 422, "invalid_request"),
    ],
)
def test_decide_bad_input_4xx_nothing_changed(
    client: TestClient, body: dict[str, object], status: int, error: str
) -> None:
    headers = admin(client)
    answer = client.post("/v1/duplicates/decisions", json=body, headers=headers)
    assert (answer.status_code, answer.json()["error"]) == (status, error)
    assert [p["decision"] for p in client.get("/v1/duplicates", headers=headers).json()] == [None]


def test_report(client: TestClient) -> None:
    answer = client.get("/v1/duplicates/report", headers=admin(client)).json()
    assert (answer["groups"], answer["records_in_groups"]) == (1, 2)
    assert answer["groups_by_sources"] == [{"key": "census", "groups": 1}]
    assert answer["conflicts"] == []


def test_steward_sees_and_splits(client: TestClient) -> None:
    found = ids(client)
    place, other = found["PANDA Grésilles"], found["Médiathèque Champollion"]
    with Session(client.app.state.runtime.engine) as session:  # type: ignore[attr-defined]
        _link, token = stewards.issue(session, place, "Camille Martin", 30)
    path = f"/v1/steward/{token}/places/{place}/duplicates"
    seen = client.get(path)
    assert seen.status_code == 200
    assert seen.headers["cache-control"] == "no-store"
    assert [(e["id"], e["status"]) for e in seen.json()] == [(other, "grouped")]
    split = client.post(f"{path}/split", json={"other": other})
    assert split.status_code == 200
    assert split.json()["decided_by"] == "steward:Camille Martin"
    assert [(e["id"], e["status"]) for e in client.get(path).json()] == [(other, "distinct")]


def test_steward_refused_for_another_place_or_bad_token(client: TestClient) -> None:
    found = ids(client)
    place, other = found["PANDA Grésilles"], found["Kelle Fabrik"]
    with Session(client.app.state.runtime.engine) as session:  # type: ignore[attr-defined]
        _link, token = stewards.issue(session, place, "Camille Martin", 30)
    wrong = client.post(f"/v1/steward/{token}/places/{other}/duplicates/split",
                        json={"other": place})  # fmt: skip
    assert (wrong.status_code, wrong.json()["error"]) == (403, "steward_wrong_place")
    bad = client.get(f"/v1/steward/st_nope/places/{place}/duplicates")
    assert bad.status_code == 401
    same = client.post(f"/v1/steward/{token}/places/{place}/duplicates/split",
                       json={"other": place})  # fmt: skip
    assert (same.status_code, same.json()["error"]) == (422, "duplicate_same_record")


def test_confirmed_group_survives_a_reimport_that_changes_both(client: TestClient) -> None:
    found = ids(client)
    headers = admin(client)
    far, panda = found["Kelle Fabrik"], found["PANDA Grésilles"]
    body = {"a": far, "b": panda, "decision": "confirm"}
    assert client.post("/v1/duplicates/decisions", json=body, headers=headers).status_code == 200
    changed = [
        make_access_point(name="Kelle Fabrik (fablab)", source="city", source_id="k",
                          address="2 rue des Corroyeurs", latitude=47.317, longitude=5.045),
        make_access_point(name="PANDA des Grésilles", source="census", source_id="2",
                          phone="+33380000000", **WHERE),
    ]  # fmt: skip
    add_places(client, changed)
    of = client.get(f"/v1/duplicates/places/{far}", headers=headers).json()
    assert [(e["id"], e["status"]) for e in of] == [(panda, "grouped")]
