"""Writes: API keys and scopes, ETag / If-Match, soft and hard delete, the audit trail."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from models.api_key import ApiKey
from tests.conftest import bearer, make_access_point, make_key

NEW_PLACE = make_access_point(source="city", source_id="g-1").model_dump(mode="json")


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    return client_factory(places=[make_access_point(source="city", source_id="existing")])


@pytest.fixture
def writer(client: TestClient) -> dict[str, str]:
    return bearer(make_key(client, "write"))


def existing_id(client: TestClient) -> int:
    return int(client.get("/v1/access-points").json()["items"][0]["id"])


def current(client: TestClient, place_id: int) -> dict[str, str]:
    """An If-Match header naming the place's current version."""
    return {"If-Match": client.get(f"/v1/access-points/{place_id}").headers["etag"]}


def test_create_without_key_is_401(client: TestClient) -> None:
    response = client.post("/v1/access-points", json=NEW_PLACE)
    assert (response.status_code, response.json()["error"]) == (401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"


def test_create_with_wrong_key_is_401(client: TestClient) -> None:
    response = client.post("/v1/access-points", json=NEW_PLACE, headers=bearer("pk_nope_x"))
    assert (response.status_code, response.json()["detail"]) == (401, "clé d'API invalide")
    english = bearer("pk_nope_x") | {"Accept-Language": "en"}
    response = client.post("/v1/access-points", json=NEW_PLACE, headers=english)
    assert (response.status_code, response.json()["detail"]) == (401, "invalid API key")


def test_create_with_read_only_scope_is_403(client: TestClient) -> None:
    headers = {"X-API-Key": make_key(client, "import")}
    response = client.post("/v1/access-points", json=NEW_PLACE, headers=headers)
    assert (response.status_code, response.json()["detail"]) == (
        403,
        "cette clé d'API n'a pas le droit « write » : demandez une clé qui l'a",
    )


def test_create_with_revoked_key_is_401(client: TestClient) -> None:
    secret = make_key(client, "write")
    with Session(client.app.state.runtime.engine) as session:  # type: ignore[attr-defined]
        key = session.get(ApiKey, 1)
        assert key is not None
        key.revoked_at = datetime.now(UTC)
        session.add(key)
        session.commit()
    response = client.post("/v1/access-points", json=NEW_PLACE, headers=bearer(secret))
    assert (response.status_code, response.json()["detail"]) == (
        401,
        "cette clé d'API a été révoquée",
    )


def test_create_with_expired_key_is_401(client: TestClient) -> None:
    secret = make_key(client, "write", expires_at=datetime.now(UTC) - timedelta(days=1))
    english = bearer(secret) | {"Accept-Language": "en"}
    response = client.post("/v1/access-points", json=NEW_PLACE, headers=english)
    assert response.json()["detail"] == "this API key has expired"


def test_create_is_201_and_readable_at_once(client: TestClient, writer: dict[str, str]) -> None:
    response = client.post("/v1/access-points", json=NEW_PLACE, headers=writer)
    assert response.status_code == 201
    read = client.get(response.headers["location"])
    assert (read.json()["source_id"], read.headers["etag"]) == ("g-1", response.headers["etag"])


def test_create_duplicate_source_id_is_409(client: TestClient, writer: dict[str, str]) -> None:
    body = NEW_PLACE | {"source_id": "existing"}
    assert client.post("/v1/access-points", json=body, headers=writer).status_code == 409


def test_create_invalid_hours_is_422(client: TestClient, writer: dict[str, str]) -> None:
    body = NEW_PLACE | {"opening_hours": "lundi 9h"}
    response = client.post("/v1/access-points", json=body, headers=writer)
    assert response.status_code == 422
    assert "opening_hours" in response.json()["detail"]


def test_create_unknown_field_is_422(client: TestClient, writer: dict[str, str]) -> None:
    body = NEW_PLACE | {"colour": "red"}
    response = client.post("/v1/access-points", json=body, headers=writer)
    assert (response.status_code, response.json()["detail"]) == (
        422,
        "colour : paramètre inconnu : retirez-le ou corrigez son nom",
    )


def test_patch_changes_only_sent_fields(client: TestClient, writer: dict[str, str]) -> None:
    place_id = existing_id(client)
    body = {"equipment": {"computer": 4, "printer": 1}}
    headers = writer | current(client, place_id)
    response = client.patch(f"/v1/access-points/{place_id}", json=body, headers=headers)
    assert response.json()["equipment"] == {"computer": 4, "printer": 1}
    assert response.json()["name"] == "PANDA Grésilles"
    nearest = client.get(
        "/v1/access-points/nearest", params={"lat": 47.33, "lon": 5.07, "equipment": "printer"}
    )
    assert nearest.json()["count"] == 1


def test_patch_with_stale_if_match_is_412(client: TestClient, writer: dict[str, str]) -> None:
    place_id = existing_id(client)
    etag = client.get(f"/v1/access-points/{place_id}").headers["etag"]
    first = client.patch(
        f"/v1/access-points/{place_id}",
        json={"phone": "+33380000000"},
        headers=writer | {"If-Match": etag},
    )
    second = client.patch(
        f"/v1/access-points/{place_id}",
        json={"phone": "+33380111111"},
        headers=writer | {"If-Match": etag},
    )
    assert (first.status_code, second.status_code) == (200, 412)
    assert client.get(f"/v1/access-points/{place_id}").json()["phone"] == "+33380000000"


def test_patch_stale_412_names_the_current_etag(client: TestClient, writer: dict[str, str]) -> None:
    place_id = existing_id(client)
    stale = current(client, place_id)
    first = client.patch(
        f"/v1/access-points/{place_id}", json={"phone": "+33380000000"}, headers=writer | stale
    )
    second = client.patch(
        f"/v1/access-points/{place_id}", json={"phone": "+33380111111"}, headers=writer | stale
    )
    tag = first.headers["etag"]
    assert (second.headers["etag"], second.json()) == (
        tag,
        {
            "error": "precondition_failed",
            "detail": f"Ce lieu a été modifié entre-temps (ETag actuel {tag}) : relisez-le et "
            "refaites votre modification",
        },
    )


def test_patch_without_if_match_is_428(client: TestClient, writer: dict[str, str]) -> None:
    place_id = existing_id(client)
    response = client.patch(
        f"/v1/access-points/{place_id}", json={"phone": "+33380000000"}, headers=writer
    )
    assert (response.status_code, response.json()) == (
        428,
        {
            "error": "precondition_required",
            "detail": "cette écriture demande un en-tête If-Match : envoyez l'ETag de "
            f"GET /v1/access-points/{place_id} (ou `*` pour remplacer la version actuelle)",
        },
    )
    assert client.get(f"/v1/access-points/{place_id}").json()["phone"] == "+33380488414"


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_put_and_delete_without_if_match_are_428(
    client: TestClient, writer: dict[str, str], method: str
) -> None:
    place_id = existing_id(client)
    body = NEW_PLACE | {"source_id": "existing"} if method == "PUT" else None
    response = client.request(method, f"/v1/access-points/{place_id}", json=body, headers=writer)
    assert (response.status_code, response.json()["error"]) == (428, "precondition_required")
    assert client.get(f"/v1/access-points/{place_id}").json()["status"] == "open"


def test_patch_with_weak_etag_is_412(client: TestClient, writer: dict[str, str]) -> None:
    place_id = existing_id(client)
    weak = {"If-Match": "W/" + current(client, place_id)["If-Match"]}
    response = client.patch(
        f"/v1/access-points/{place_id}", json={"phone": "+33380000000"}, headers=writer | weak
    )
    assert (response.status_code, response.json()["error"]) == (412, "precondition_failed")
    assert client.get(f"/v1/access-points/{place_id}").json()["phone"] == "+33380488414"


def test_patch_with_star_if_match_writes(client: TestClient, writer: dict[str, str]) -> None:
    place_id = existing_id(client)
    response = client.patch(
        f"/v1/access-points/{place_id}",
        json={"phone": "+33380000000"},
        headers=writer | {"If-Match": "*"},
    )
    assert (response.status_code, response.json()["phone"]) == (200, "+33380000000")


def test_patch_with_list_naming_current_etag_writes(
    client: TestClient, writer: dict[str, str]
) -> None:
    place_id = existing_id(client)
    tags = {"If-Match": f'"0000", {current(client, place_id)["If-Match"]}'}
    response = client.patch(
        f"/v1/access-points/{place_id}", json={"phone": "+33380000000"}, headers=writer | tags
    )
    assert response.status_code == 200


def test_put_replaces_with_current_if_match(client: TestClient, writer: dict[str, str]) -> None:
    place_id = existing_id(client)
    etag = client.get(f"/v1/access-points/{place_id}").headers["etag"]
    body = NEW_PLACE | {"source_id": "existing", "name": "PANDA Grésilles (rénové)"}
    response = client.put(
        f"/v1/access-points/{place_id}", json=body, headers=writer | {"If-Match": etag}
    )
    assert (response.status_code, response.json()["name"]) == (200, "PANDA Grésilles (rénové)")


def test_delete_marks_closed(client: TestClient, writer: dict[str, str]) -> None:
    place_id = existing_id(client)
    response = client.delete(
        f"/v1/access-points/{place_id}", headers=writer | current(client, place_id)
    )
    status = client.get(f"/v1/access-points/{place_id}").json()["opening_status"]
    assert (response.json()["status"], status["label"]) == ("closed", "Fermé définitivement")


def test_hard_delete_needs_admin(client: TestClient, writer: dict[str, str]) -> None:
    place_id = existing_id(client)
    url = f"/v1/access-points/{place_id}?hard=true"
    refused = client.delete(url, headers=writer | current(client, place_id))
    admin = bearer(make_key(client, "admin"))
    deleted = client.delete(url, headers=admin | current(client, place_id))
    assert (refused.status_code, deleted.status_code) == (403, 204)
    assert client.get(f"/v1/access-points/{place_id}").status_code == 404


def test_history_records_who_what_before_after(client: TestClient, writer: dict[str, str]) -> None:
    place_id = existing_id(client)
    headers = writer | current(client, place_id)
    client.patch(f"/v1/access-points/{place_id}", json={"phone": "+33380000000"}, headers=headers)
    history = client.get(f"/v1/access-points/{place_id}/history").json()
    assert [entry["action"] for entry in history] == ["create", "update"]
    assert history[1]["actor"] == "test-key"
    assert history[1]["changes"] == {"phone": {"before": "+33380488414", "after": "+33380000000"}}


def test_write_to_unknown_id_is_404(client: TestClient, writer: dict[str, str]) -> None:
    headers = writer | {"If-Match": "*"}
    response = client.patch(
        "/v1/access-points/999", json={"phone": "+33380000000"}, headers=headers
    )
    assert (response.status_code, response.json()["error"]) == (404, "not_found")


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/v1/access-points/nearest", "/v1/access-points/search"])
def test_a_write_on_nearest_or_search_is_405_not_a_bad_id(
    client: TestClient, writer: dict[str, str], method: str, path: str
) -> None:
    # The id takes digits only: "nearest" is not refused as an id, the method is refused.
    headers = writer | {"If-Match": "*"}
    response = client.request(method, path, headers=headers, json={"name": "x"})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


def test_a_place_id_that_is_not_digits_is_404_for_every_method(
    client: TestClient, writer: dict[str, str]
) -> None:
    for method in ("GET", "PUT", "PATCH", "DELETE"):
        response = client.request(method, "/v1/access-points/abc", headers=writer)
        assert response.status_code == 404, method
    paths = client.get("/openapi.json").json()["paths"]
    assert {"put", "patch", "delete", "get"} <= set(paths["/v1/access-points/{access_point_id}"])
