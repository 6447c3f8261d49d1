"""GET /v1/changes through the app: every status it answers, writes seen in order."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlmodel import Session

from seed.change_log import LOG
from tests.conftest import bearer, make_access_point, make_key


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    return client_factory(seed=True)


def follow(client: TestClient, since: str, limit: int = 25) -> tuple[list[dict[str, object]], str]:
    """Every entry after `since`, page by page; the cursor to continue from."""
    entries: list[dict[str, object]] = []
    while True:
        body = client.get("/v1/changes", params={"since": since, "limit": limit}).json()
        entries += body["items"]
        since = body["next"]
        if not body["more"]:
            return entries, since


def test_from_the_start_every_seed_place_comes_once(client: TestClient) -> None:
    entries, cursor = follow(client, "0")
    listed = client.get("/v1/access-points", params={"size": 100}).json()["items"]
    assert sorted(e["id"] for e in entries) == sorted(p["id"] for p in listed)
    assert cursor == "1" and follow(client, cursor) == ([], "1")


def test_writes_come_in_order_with_a_tombstone_for_a_deletion(client: TestClient) -> None:
    _entries, cursor = follow(client, "0")
    writer = bearer(make_key(client, "write", "admin"))
    new = make_access_point(source="essai", source_id="n-1").model_dump(mode="json")
    place = client.post("/v1/access-points", json=new, headers=writer).json()
    etag = client.get(f"/v1/access-points/{place['id']}").headers["etag"]
    client.patch(
        f"/v1/access-points/{place['id']}",
        json={"name": "Nouveau nom"},
        headers=writer | {"If-Match": etag},
    )
    etag = client.get(f"/v1/access-points/{place['id']}").headers["etag"]
    gone = client.delete(
        f"/v1/access-points/{place['id']}?hard=true", headers=writer | {"If-Match": etag}
    )
    assert gone.status_code == 204
    entries, _cursor = follow(client, cursor)
    assert [(e["version"], e["id"], e["deleted"], e["source_id"]) for e in entries] == [
        (2, place["id"], True, "n-1"),
        (3, place["id"], True, "n-1"),
        (4, place["id"], True, "n-1"),
    ]


def test_a_changed_place_comes_with_its_state_now(client: TestClient) -> None:
    _entries, cursor = follow(client, "0")
    writer = bearer(make_key(client, "write"))
    first = client.get("/v1/access-points").json()["items"][0]
    etag = client.get(f"/v1/access-points/{first['id']}").headers["etag"]
    client.patch(
        f"/v1/access-points/{first['id']}",
        json={"phone": "+33380000000"},
        headers=writer | {"If-Match": etag},
    )
    (entry,), _ = follow(client, cursor)
    assert (entry["id"], entry["deleted"], entry["place"]["phone"]) == (
        first["id"],
        False,
        "+33380000000",
    )


def test_a_malformed_cursor_is_422(client: TestClient) -> None:
    answer = client.get("/v1/changes", params={"since": "hier"})
    assert (answer.status_code, answer.json()["error"]) == (422, "invalid_request")


def test_a_cursor_past_the_database_is_410_unknown(client: TestClient) -> None:
    answer = client.get("/v1/changes", params={"since": "99"})
    assert (answer.status_code, answer.json()["error"]) == (410, "cursor_unknown")


def test_a_cursor_older_than_the_log_is_410_expired_telling_to_copy_again(
    client: TestClient,
) -> None:
    with Session(client.app.state.runtime.engine) as session:  # type: ignore[attr-defined]
        session.execute(delete(LOG))
        session.commit()
    answer = client.get("/v1/changes", params={"since": "0"}, headers={"Accept-Language": "fr"})
    body = answer.json()
    assert (answer.status_code, body["error"], body["horizon"]) == (410, "cursor_expired", "1")
    assert "copiez de nouveau tous les lieux" in body["detail"]
    assert client.get("/v1/changes", params={"since": "1"}).json()["items"] == []


def test_the_limit_is_bounded(client: TestClient) -> None:
    assert client.get("/v1/changes", params={"limit": 1001}).status_code == 422
    assert len(client.get("/v1/changes", params={"limit": 3}).json()["items"]) == 3
