"""HTTP conventions: HEAD on every GET route; ETag, Cache-Control and 304 on every public read."""

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.app import create_app
from api.settings import Settings
from models.commune import Commune
from seed.upsert import bump_data_version
from tests.api.transit.test_in_answers import import_feed
from tests.app_routes import get_paths
from tests.conftest import bearer, make_access_point, make_key
from tests.transit_feed import divia_feed

PLACE = "{place}"
TOKEN = "{steward_token}"
ADDRESS = "14 rue Camille Claudel 21000 Dijon"
READ_CACHE = "public, max-age=60"
# A query that makes each route answer 200, and a file for each static folder.
QUERIES = {
    "/v1/access-points/search": f"?address={ADDRESS}",
    "/v1/access-points/nearest": "?lat=47.3216&lon=5.0415&open_at=2025-07-15T10:00",
    "/v1/access-points/{access_point_id}/week": "?start=2025-07-14",
    "/v1/geocode": "?q=14 rue Camille Claudel",
    "/embed": f"?address={ADDRESS}",
    "/v1/map/outlines": "?west=4.9&south=47.2&east=5.2&north=47.4",
}
NAMES = {
    "/static/{name}": "counsellor.css",
    "/static/docs/{name}": "swagger-ui.css",
    "/static/leaflet/{name}": "leaflet.js",
}
# The same header on HEAD as on GET (a nonce makes the CSP of /embed and /redoc differ).
SAME_HEADERS = ("content-type", "etag", "cache-control", "content-disposition")


# The `client` fixture stores one workshop and one session: on a fresh database, both id 1.
WORKSHOP_VALUES = {"workshop_id": "1", "session_id": "1", "report_id": "1"}
# Reads of personal data or admin lists: a key is needed (test_workshops.py, test_stewards.py).
KEYED_READS = {
    "/v1/sessions/{session_id}/registrations",
    "/v1/stewards",
    "/v1/stewards/places/{access_point_id}/history",
    "/v1/managed-workshops",
    "/v1/reports",
    "/v1/reports/{report_id}",
    "/v1/subscriptions",
    "/v1/reviews/due",
    "/v1/duplicates",
    "/v1/duplicates/report",
    "/v1/duplicates/places/{access_point_id}",
}


def _get_routes() -> list[tuple[str, str]]:
    app = create_app(Settings(database_url="sqlite://"))
    routes = []
    values = {"access_point_id": PLACE, "name": "{name}", "token": TOKEN, **WORKSHOP_VALUES}
    for route, path in get_paths(app, values):
        if route in KEYED_READS:
            continue
        routes.append(
            (route, path.replace("{name}", NAMES.get(route, "")) + QUERIES.get(route, ""))
        )
    return routes


GET_ROUTES = _get_routes()
PUBLIC_READS = [
    "/v1/access-points?size=5",
    "/v1/access-points/nearest" + QUERIES["/v1/access-points/nearest"],
    f"/v1/access-points/search?address={ADDRESS}",
    "/v1/access-points/{place}",
    "/v1/access-points/{place}/week?start=2025-07-14",
    "/v1/access-points/{place}/sms",
    "/v1/access-points/{place}/history",
    "/v1/geocode?q=14 rue Camille Claudel",
    "/v1/communes",
    "/v1/export/lieux-mediation-numerique.csv",
    "/v1/export/access-points.geojson",
    "/v1/sessions/1",
    "/v1/workshops/1",
    "/v1/workshops/1/calendar.ics",
    "/v1/access-points/{place}/workshops.ics",
]


@pytest.fixture
def client(client_factory: Callable[..., TestClient], tmp_path: Path) -> TestClient:
    client = client_factory(places=[make_access_point()])
    # The transit layers answer 404 until a feed is imported: import the fixture's.
    import_feed(client, divia_feed(tmp_path / "divia.zip"))
    admin = bearer(make_key(client, "admin"))
    place = place_id(client)
    workshop = {"title": "Je recherche, je me connecte", "organiser_id": place, "venue_id": place}
    assert client.post("/v1/workshops", headers=admin, json=workshop).status_code == 201
    times = {"starts_at": "2030-03-19T10:00:00", "ends_at": "2030-03-19T12:00:00"}
    assert client.post("/v1/workshops/1/sessions", headers=admin, json=times).status_code == 201
    link = {"access_point_id": place, "steward_name": "Camille Martin"}
    issued = client.post("/v1/stewards", headers=admin, json=link)
    assert issued.status_code == 201, issued.text
    # The steward's routes open with the link's token: the last segment of its URL.
    client.steward_token = issued.json()["url"].rsplit("/", 1)[-1]  # type: ignore[attr-defined]
    return client


def filled(client: TestClient, path: str) -> str:
    """A walked path with the fixture's place and steward token in it."""
    token: str = client.steward_token  # type: ignore[attr-defined]
    return path.replace(PLACE, str(place_id(client))).replace(TOKEN, token)


def place_id(client: TestClient) -> int:
    identifier: int = client.get("/v1/access-points").json()["items"][0]["id"]
    return identifier


def test_walk_covers_the_reads_and_pages() -> None:
    routes = {route for route, _path in GET_ROUTES}
    assert {"/health", "/v1/communes", "/docs", "/redoc", "/", "/embed"} <= routes
    assert {path.split("?")[0] for path in PUBLIC_READS} <= {
        path.split("?")[0] for _route, path in GET_ROUTES
    }


@pytest.mark.parametrize(("route", "path"), GET_ROUTES, ids=[r for r, _p in GET_ROUTES])
def test_head_answers_as_get_without_the_body(client: TestClient, route: str, path: str) -> None:
    url = filled(client, path)
    get = client.get(url)
    head = client.head(url)
    assert (get.status_code, head.status_code, head.content) == (200, 200, b"")
    assert {h: head.headers.get(h) for h in SAME_HEADERS} == {
        h: get.headers.get(h) for h in SAME_HEADERS
    }
    if "etag" in get.headers:
        assert head.headers["content-length"] == str(len(get.content))


def test_head_health_and_communes_have_no_body(client: TestClient) -> None:
    for url in ("/health", "/v1/communes"):
        head = client.head(url)
        assert (head.status_code, head.content) == (200, b"")
        assert head.headers["content-type"] == "application/json"
    assert client.head("/v1/communes").headers["etag"] == client.get("/v1/communes").headers["etag"]


def test_head_on_a_write_only_route_is_405(client: TestClient) -> None:
    response = client.head("/v1/imports")
    assert (response.status_code, response.headers["allow"]) == (405, "POST")


def test_head_with_current_etag_is_304(client: TestClient) -> None:
    etag = client.get("/v1/communes").headers["etag"]
    response = client.head("/v1/communes", headers={"If-None-Match": etag})
    assert (response.status_code, response.content) == (304, b"")


@pytest.mark.parametrize("path", PUBLIC_READS)
def test_public_read_has_etag_cache_control_and_304(client: TestClient, path: str) -> None:
    url = path.replace(PLACE, str(place_id(client)))
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["cache-control"] == READ_CACHE
    etag = response.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = client.get(url, headers={"If-None-Match": etag})
    assert (again.status_code, again.content) == (304, b"")
    assert (again.headers["etag"], again.headers["cache-control"]) == (etag, READ_CACHE)
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_export_csv_keeps_its_type_and_download_name(client: TestClient) -> None:
    response = client.get("/v1/export/lieux-mediation-numerique.csv")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="lieux-mediation-numerique.csv"'
    )


def _etags(client: TestClient, paths: list[str]) -> dict[str, str]:
    identifier = str(place_id(client))
    return {path: client.get(path.replace(PLACE, identifier)).headers["etag"] for path in paths}


def test_changed_place_changes_the_etags_of_what_shows_it(client: TestClient) -> None:
    paths = [p for p in PUBLIC_READS if "geocode" not in p and "communes" not in p]
    before = _etags(client, paths)
    writer = bearer(make_key(client, "write")) | {"If-Match": "*"}
    change = {"name": "PANDA Grésilles (rénové)", "opening_hours": "Mo-Fr 09:00-17:00"}
    url = f"/v1/access-points/{place_id(client)}"
    assert client.patch(url, json=change, headers=writer).status_code == 200
    after = _etags(client, paths)
    assert [p for p in paths if before[p] == after[p]] == []


def test_changed_commune_changes_the_communes_etag(client: TestClient) -> None:
    before = client.get("/v1/communes").headers["etag"]
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with Session(runtime.engine) as session:
        commune = session.get(Commune, "21231")
        assert commune is not None
        commune.former_names = ["Divio"]
        session.add(commune)
        bump_data_version(session)
        session.commit()
    runtime.read_model.refresh()
    assert client.get("/v1/communes").headers["etag"] != before


def test_new_address_changes_the_geocode_etag(client: TestClient) -> None:
    url = "/v1/geocode?q=3 rue Jean XXIII Dijon"
    before = client.get(url)
    writer = bearer(make_key(client, "write"))
    place = make_access_point(name="Espace Jean XXIII", address="3 rue Jean XXIII")
    created = client.post("/v1/access-points", json=place.model_dump(mode="json"), headers=writer)
    assert created.status_code == 201
    after = client.get(url)
    assert after.json() != before.json()
    assert after.headers["etag"] != before.headers["etag"]


def test_writes_and_imports_are_never_publicly_cached(client: TestClient) -> None:
    writer = bearer(make_key(client, "write"))
    importer = bearer(make_key(client, "import"))
    body = make_access_point(source_id="new-1").model_dump(mode="json")
    url = f"/v1/access-points/{place_id(client)}"
    answers = [
        client.post("/v1/access-points", json=body, headers=writer),
        client.patch(url, json={"phone": None}, headers=writer | {"If-Match": "*"}),
        client.post("/v1/imports?format=geojson&dry_run=true", content=b"{}", headers=importer),
        client.get("/v1/access-points/not-a-number"),
    ]
    # A place id takes digits only: "not-a-number" is no place path (404).
    assert [a.status_code for a in answers] == [201, 200, 422, 404]
    assert [a.headers.get("cache-control") for a in answers] == [None] * 4


def test_error_answers_carry_no_validator(client: TestClient) -> None:
    response = client.get("/v1/access-points/999999/week")
    assert response.status_code == 404
    assert ("etag" in response.headers, "cache-control" in response.headers) == (False, False)


def test_counsellor_page_revalidates_with_its_etag(client: TestClient) -> None:
    page = client.get("/")
    assert (page.headers["cache-control"], page.headers["x-frame-options"]) == ("no-cache", "DENY")
    again = client.get("/", headers={"If-None-Match": page.headers["etag"]})
    assert (again.status_code, again.content) == (304, b"")
