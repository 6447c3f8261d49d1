"""A hard-deleted place's id is never given to another place, so no place inherits the history
of one that is gone (SQLite reused the largest id before schema 0007)."""

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.conftest import bearer, make_access_point, make_key


def test_a_place_created_after_a_hard_delete_gets_a_new_id_and_its_own_history(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory()
    key = bearer(make_key(client, "write", "admin"))
    body = make_access_point().model_dump(mode="json")
    first = client.post("/v1/access-points", json=body, headers=key)
    url = first.headers["location"]
    gone = client.delete(f"{url}?hard=true", headers=key | {"If-Match": first.headers["etag"]})
    assert gone.status_code == 204, gone.text
    again = make_access_point(source_id="another").model_dump(mode="json")
    second = client.post("/v1/access-points", json=again, headers=key)
    assert second.json()["id"] > first.json()["id"]
    history = client.get(second.headers["location"] + "/history").json()
    assert [entry["action"] for entry in history] == ["create"]
