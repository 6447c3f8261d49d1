"""HTTP semantics from the outside probe (issue 17): a 405's Allow names every method of the
path; If-Match takes `*` only alone; a place's history never names its steward."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.stewards import links as stewards
from models.audit import AuditEntry
from tests.conftest import bearer, make_access_point, make_key

NAME = "Camille Martin"


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    return client_factory(places=[make_access_point(source="city", source_id="sem-1")])


def place_id(client: TestClient) -> int:
    return int(client.get("/v1/access-points").json()["items"][0]["id"])


def engine_session(client: TestClient) -> Session:
    return Session(client.app.state.runtime.engine)  # type: ignore[attr-defined]


# 405: every method of every route matching the path, HEAD beside GET.


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("OPTIONS", "/v1/access-points/1", "GET, HEAD, PUT, PATCH, DELETE"),
        ("POST", "/v1/access-points/1", "GET, HEAD, PUT, PATCH, DELETE"),
        ("PUT", "/v1/access-points", "GET, HEAD, POST"),
        ("DELETE", "/v1/stewards", "GET, HEAD, POST"),
        ("HEAD", "/v1/imports", "POST"),
    ],
)
def test_405_allow_names_every_method_of_the_path(
    client: TestClient, method: str, path: str, allow: str
) -> None:
    response = client.request(method, path)
    assert (response.status_code, response.headers["allow"]) == (405, allow)
    if method != "HEAD":
        assert response.json()["error"] == "method_not_allowed"
        assert response.json()["detail"].endswith(f"méthodes acceptées : {allow}")


# If-Match: `*` alone, or a list of quoted tags (RFC 9110 13.1.1).


def patch(client: TestClient, if_match: str) -> Any:
    headers = bearer(make_key(client, "write")) | {"If-Match": if_match}
    url = f"/v1/access-points/{place_id(client)}"
    return client.patch(url, json={"phone": "+33380000000"}, headers=headers)


@pytest.mark.parametrize("if_match", ['*, "0000"', '"0000", *', "*, *", "0000", '"0000" "1"'])
def test_malformed_if_match_is_400_and_writes_nothing(client: TestClient, if_match: str) -> None:
    before = client.get(f"/v1/access-points/{place_id(client)}").json()
    response = patch(client, if_match)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_if_match"
    assert response.json()["detail"].startswith("en-tête If-Match mal formé")
    assert client.get(f"/v1/access-points/{place_id(client)}").json() == before


def test_star_in_a_list_is_400_on_the_steward_route_too(client: TestClient) -> None:
    with engine_session(client) as session:
        _link, token = stewards.issue(session, place_id(client), NAME)
    url = f"/v1/steward/{token}/places/{place_id(client)}"
    response = client.put(url, json={}, headers={"If-Match": '"0000", *'})
    assert (response.status_code, response.json()["error"]) == (400, "invalid_if_match")


@pytest.mark.parametrize("if_match", ["*", " * ", "{tag}", '"0000", {tag}', '"0000",,{tag}'])
def test_well_formed_if_match_still_writes(client: TestClient, if_match: str) -> None:
    tag = client.get(f"/v1/access-points/{place_id(client)}").headers["etag"]
    assert patch(client, if_match.replace("{tag}", tag)).status_code == 200


def test_openapi_documents_the_if_match_grammar(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/v1/access-points/{access_point_id}"]
    (if_match,) = [p for p in operation["patch"]["parameters"] if p["name"] == "if-match"]
    assert "invalid_if_match" in if_match["description"]
    assert "pattern" in if_match["schema"]
    assert "400" in operation["patch"]["responses"]


# History: a steward is « intendant du lieu » to everyone; the city team gets an opaque id.


def steward_saves(client: TestClient) -> str:
    """A steward's link changes the place once; returns the link's token."""
    with engine_session(client) as session:
        _link, token = stewards.issue(session, place_id(client), NAME)
    url = f"/v1/steward/{token}/places/{place_id(client)}"
    etag = client.get(url).headers["etag"]
    saved = client.put(url, json={"phone": "03 80 48 84 15"}, headers={"If-Match": etag})
    assert saved.status_code == 200, saved.text
    return token


def test_public_history_shows_the_role_never_the_name(client: TestClient) -> None:
    steward_saves(client)
    response = client.get(f"/v1/access-points/{place_id(client)}/history")
    assert response.status_code == 200
    assert NAME not in response.text
    last = response.json()[-1]
    assert (last["actor"], last["action"]) == ("intendant du lieu", "update")
    assert "actor_id" not in last
    # The stored record is a fact and stays as written.
    with engine_session(client) as session:
        stored = session.get(AuditEntry, last["id"])
        assert stored is not None and stored.actor == f"steward:{NAME}"


def test_city_team_reads_the_opaque_id_of_the_link(client: TestClient) -> None:
    steward_saves(client)
    admin = bearer(make_key(client, "admin"))
    url = f"/v1/stewards/places/{place_id(client)}/history"
    response = client.get(url, headers=admin)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert NAME not in response.text
    first, *_, last = response.json()
    assert (first["actor"], first["actor_id"]) == ("seed", None)
    (link,) = client.get("/v1/stewards", headers=admin).json()
    assert last["actor"] == "intendant du lieu"
    assert last["actor_id"] == link["actor_id"]
    assert last["actor_id"].startswith("steward:") and NAME not in last["actor_id"]


@pytest.mark.parametrize("scope", [None, "write"])
def test_history_for_the_city_needs_an_admin_key(client: TestClient, scope: str | None) -> None:
    headers = bearer(make_key(client, scope)) if scope else {}
    response = client.get(f"/v1/stewards/places/{place_id(client)}/history", headers=headers)
    assert response.status_code == (403 if scope else 401)
