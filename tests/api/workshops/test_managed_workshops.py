"""`GET /v1/managed-workshops`, the steward page's read of its place's workshops (issue 12):
those the place organises, even without a session, recent and cancelled sessions included,
never cached; and the registration list a steward opens is never cached either."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.api.workshops.test_routes_read import PERSON, _move_to_the_past
from tests.api.workshops.test_routes_write import TIMES, Places, steward
from tests.conftest import make_access_point


@pytest.fixture
def two(client_factory: Callable[..., TestClient]) -> Places:
    made = [make_access_point(source="city", source_id=f"m-{n}") for n in (1, 2)]
    return Places(client_factory(places=made, rate_limit_enabled=False))


def test_a_steward_lists_their_places_workshops_only_and_it_is_not_cached(two: Places) -> None:
    client, mine = two.client, steward(two.token)
    empty = client.get("/v1/managed-workshops", headers=mine)
    assert (empty.status_code, empty.json()) == (200, [])
    assert empty.headers["cache-control"] == "no-store"
    bare = client.post("/v1/workshops", headers=mine, json=two.workshop_body(two.mine)).json()
    held = client.post("/v1/workshops", headers=mine, json=two.workshop_body(two.mine)).json()
    theirs = steward(two.stranger)
    client.post("/v1/workshops", headers=theirs, json=two.workshop_body(two.other))
    path = f"/v1/workshops/{held['id']}/sessions"
    past, later = (
        client.post(path, headers=mine, json=TIMES).json()["items"][0]["id"] for _ in "ab"
    )
    _move_to_the_past(two.engine, past)  # 40 days back: no longer listed
    client.patch(
        f"/v1/sessions/{later}",
        headers=mine,
        json={"status": "cancelled", "cancel_reason": "Travaux"},
    )
    listed = client.get("/v1/managed-workshops", headers=mine)
    assert listed.status_code == 200, listed.text
    assert [w["id"] for w in listed.json()] == [bare["id"], held["id"]]
    assert listed.json()[0]["next_sessions"] == []
    [cancelled] = listed.json()[1]["next_sessions"]
    assert (cancelled["id"], cancelled["cancel_reason"]) == (later, "Travaux")


def test_recent_sessions_stay_listed_and_admins_see_every_workshop(two: Places) -> None:
    client, mine = two.client, steward(two.token)
    owned = client.post("/v1/workshops", headers=mine, json=two.workshop_body(two.mine)).json()
    other = client.post("/v1/workshops", headers=two.admin, json=two.workshop_body(two.other))
    session_id = client.post(
        f"/v1/workshops/{owned['id']}/sessions",
        headers=mine,
        json={"starts_at": "2020-01-01T10:00:00", "ends_at": "2020-01-01T12:00:00"},
    ).json()["items"][0]["id"]
    # Ended an hour ago: still listed, to mark who came.
    client.patch(
        f"/v1/sessions/{session_id}",
        headers=two.admin,
        json={"starts_at": _ago(3), "ends_at": _ago(1)},
    )
    [listed] = client.get("/v1/managed-workshops", headers=mine).json()
    assert [s["id"] for s in listed["next_sessions"]] == [session_id]
    every = client.get("/v1/managed-workshops", headers=two.admin).json()
    assert [w["id"] for w in every] == [owned["id"], other.json()["id"]]


def test_a_counsellor_key_or_a_bad_token_is_refused(two: Places) -> None:
    client = two.client
    assert client.get("/v1/managed-workshops", headers=two.counsellor).status_code == 403
    bad = client.get("/v1/managed-workshops", headers=steward(two.token[:-4] + "AAAA"))
    assert (bad.status_code, bad.json()["error"]) == (401, "steward_link_invalid")
    assert client.get("/v1/managed-workshops").status_code == 401


def test_the_registration_list_a_steward_reads_is_never_cached(two: Places) -> None:
    client, mine = two.client, steward(two.token)
    owned = client.post("/v1/workshops", headers=mine, json=two.workshop_body(two.mine)).json()
    created = client.post(f"/v1/workshops/{owned['id']}/sessions", headers=mine, json=TIMES)
    session_id = created.json()["items"][0]["id"]
    client.post(f"/v1/sessions/{session_id}/registrations", headers=two.counsellor, json=PERSON)
    read = client.get(f"/v1/sessions/{session_id}/registrations", headers=mine)
    assert read.status_code == 200, read.text
    assert read.headers["cache-control"] == "no-store"
    assert "etag" not in read.headers
    assert [r["first_name"] for r in read.json()] == ["Nadia"]


def _ago(hours: int) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).isoformat()


def test_the_route_is_documented_with_the_steward_header_and_error_bodies(two: Places) -> None:
    operation = two.client.get("/openapi.json").json()["paths"]["/v1/managed-workshops"]["get"]
    assert operation["operationId"] == "listManagedWorkshops"
    assert [p["name"] for p in operation["parameters"]] == ["X-Steward-Token"]
    error_body = {"$ref": "#/components/schemas/ErrorBody"}
    for code in ("401", "403", "422"):
        schema = operation["responses"][code]["content"]["application/json"]["schema"]
        assert schema == error_body or error_body in schema["anyOf"], code
    internal = operation["responses"]["500"]["content"]["application/json"]["schema"]
    assert internal == {"$ref": "#/components/schemas/InternalErrorBody"}
