"""GET /v1/access-points and /v1/access-points/{id}: filters, pages, errors."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from api.http.responses import PlacePage
from tests.conftest import add_places, make_access_point

PLACES = [
    make_access_point(name="PANDA Grésilles", source_id="a"),
    make_access_point(
        name="Médiathèque Michel Etiévant",
        address="Allée de la Mairie",
        postcode="21600",
        commune="Longvic",
        insee_code="21355",
        latitude=47.285342,
        longitude=5.061143,
        networks=[],
        equipment=None,
        opening_hours=None,
        wheelchair_accessible="yes",
        services=["Aide aux démarches administratives"],
        source_id="b",
    ),
]


@pytest.fixture
def client(client_factory: Callable[..., TestClient]) -> TestClient:
    client = client_factory(seed=False, places=PLACES)
    return client


def names(response_json: dict[str, object]) -> list[str]:
    return [item["name"] for item in response_json["items"]]  # type: ignore[attr-defined]


def test_list_orders_by_name_and_pages(client: TestClient) -> None:
    body = client.get("/v1/access-points", params={"size": 1, "page": 2}).json()
    assert (names(body), body["total"], body["page"], body["size"]) == (
        ["PANDA Grésilles"],
        2,
        2,
        1,
    )


def test_list_answer_matches_documented_model(client: TestClient) -> None:
    assert PlacePage.model_validate(client.get("/v1/access-points").json()).total == 2


def test_list_page_past_the_end_is_404(client: TestClient) -> None:
    response = client.get("/v1/access-points", params={"page": 3, "size": 1})
    assert response.status_code == 404
    assert response.json() == {
        "error": "page_out_of_range",
        "detail": "page : la page 3 est au-delà de la dernière (2)",
    }
    english = client.get("/v1/access-points?page=3&size=1", headers={"Accept-Language": "en"})
    assert english.json()["detail"] == "page 3 is past the last page (2)"


def test_list_size_over_100_is_422(client: TestClient) -> None:
    assert client.get("/v1/access-points", params={"size": 101}).status_code == 422


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"commune": "21355"}, ["Médiathèque Michel Etiévant"]),
        ({"commune": "LONGVIC"}, ["Médiathèque Michel Etiévant"]),
        ({"network": "PANDA"}, ["PANDA Grésilles"]),
        ({"equipment": "computer"}, ["PANDA Grésilles"]),
        ({"service": "Aide aux démarches administratives"}, ["Médiathèque Michel Etiévant"]),
        ({"wheelchair_accessible": "unknown"}, ["PANDA Grésilles"]),
        ({"q": "etievant"}, ["Médiathèque Michel Etiévant"]),
        ({"open_at": "2025-07-15T10:00"}, ["PANDA Grésilles"]),
        ({"open_at": "2025-07-20T10:00"}, []),
    ],
)
def test_list_filters(client: TestClient, params: dict[str, str], expected: list[str]) -> None:
    assert names(client.get("/v1/access-points", params=params).json()) == expected


def test_list_geojson_carries_total(client: TestClient) -> None:
    body = client.get("/v1/access-points", params={"format": "geojson"}).json()
    assert (body["type"], body["total"], len(body["features"])) == ("FeatureCollection", 2, 2)


def test_get_one_returns_the_place(client: TestClient) -> None:
    first = client.get("/v1/access-points", params={"q": "PANDA"}).json()["items"][0]
    body = client.get(f"/v1/access-points/{first['id']}").json()
    assert (body["name"], body["equipment_status"]) == ("PANDA Grésilles", "stated")


def test_get_one_unknown_id_is_404(client: TestClient) -> None:
    response = client.get("/v1/access-points/999")
    assert (response.status_code, response.json()["error"]) == (404, "not_found")


@pytest.mark.parametrize("bad_id", ["0", "99999999999"])
def test_get_one_impossible_id_is_422(client: TestClient, bad_id: str) -> None:
    assert client.get(f"/v1/access-points/{bad_id}").status_code == 422


def test_get_one_id_that_is_not_digits_is_no_place_path(client: TestClient) -> None:
    # Ids take digits only (so that /nearest and /search are never read as ids): 404.
    response = client.get("/v1/access-points/abc")
    assert (response.status_code, response.json()["error"]) == (404, "not_found")


def test_unknown_route_is_404_in_error_vocabulary(client: TestClient) -> None:
    assert client.get("/v1/nope").json() == {
        "error": "not_found",
        "detail": "aucune ressource à l'adresse /v1/nope : vérifiez le chemin (routes de "
        "l'API : /docs)",
    }
    english = client.get("/v1/nope", headers={"Accept-Language": "en"}).json()
    assert english == {"error": "not_found", "detail": "Not Found"}


def test_place_without_equipment_says_unknown(client: TestClient) -> None:
    body = client.get("/v1/access-points", params={"q": "etievant"}).json()["items"][0]
    assert (body["equipment"], body["equipment_status"]) == (None, "unknown")


def test_list_place_with_ph_off_is_closed_on_bastille_day(
    client_factory: Callable[..., TestClient],
) -> None:
    place = make_access_point(opening_hours="Mo-Fr 09:00-12:00; PH off")
    client = client_factory(places=[place])
    closed = client.get("/v1/access-points", params={"open_at": "2025-07-14T10:00"}).json()
    opened = client.get("/v1/access-points", params={"open_at": "2025-07-15T10:00"}).json()
    assert (closed["total"], opened["total"]) == (0, 1)


def test_list_open_at_holiday_keeps_only_places_with_a_ph_rule(
    client_factory: Callable[..., TestClient],
) -> None:
    stated = make_access_point(
        name="Avec règle PH", opening_hours="Mo-Fr 09:00-18:00; PH 10:00-12:00"
    )
    silent = make_access_point(name="Sans règle PH", opening_hours="Mo-Fr 09:00-18:00")
    client = client_factory(places=[stated, silent])
    body = client.get("/v1/access-points", params={"open_at": "2025-07-14T11:00"}).json()
    assert (body["total"], names(body)) == (1, ["Avec règle PH"])


def walk(client: TestClient, size: int, **filters: str) -> list[str]:
    """Every name, following `next_after` from the first page."""
    names_seen: list[str] = []
    params: dict[str, object] = {"size": size, **filters}
    while True:
        body = client.get("/v1/access-points", params=params).json()
        names_seen += names(body)
        if body["next_after"] is None:
            return names_seen
        params["after"] = body["next_after"]


def test_after_walks_the_list_in_the_pages_order(seeded_client: TestClient) -> None:
    everything = names(seeded_client.get("/v1/access-points", params={"size": 100}).json())
    assert walk(seeded_client, 7) == everything and len(everything) == 68
    assert walk(seeded_client, 3, open_weekend="true") == names(
        seeded_client.get("/v1/access-points", params={"size": 100, "open_weekend": "true"}).json()
    )


def test_after_stays_put_when_places_come_before_it(client: TestClient) -> None:
    first = client.get("/v1/access-points", params={"size": 1}).json()
    assert (names(first), first["next_after"]) == (
        ["Médiathèque Michel Etiévant"],
        first["next_after"],
    )
    add_places(client, [make_access_point(name="AAA Premier lieu", source_id="new-first")])
    # Page 2 would now repeat the Médiathèque; the cursor goes on after it.
    after = client.get("/v1/access-points", params={"size": 1, "after": first["next_after"]}).json()
    assert (names(after), after["next_after"]) == (["PANDA Grésilles"], None)
    again = client.get("/v1/access-points", params={"size": 1, "page": 2}).json()
    assert names(again) == ["Médiathèque Michel Etiévant"]


@pytest.mark.parametrize(
    ("params", "kind"),
    [({"after": "1:x", "page": 2}, "invalid_parameter"), ({"after": "x"}, "invalid_request")],
)
def test_after_with_page_or_malformed_is_422(
    client: TestClient, params: dict[str, object], kind: str
) -> None:
    answer = client.get("/v1/access-points", params=params)
    assert (answer.status_code, answer.json()["error"]) == (422, kind)


def test_after_with_page_1_is_the_cursor_alone(client: TestClient) -> None:
    first = client.get("/v1/access-points", params={"size": 1}).json()
    answer = client.get(
        "/v1/access-points", params={"size": 1, "page": 1, "after": first["next_after"]}
    )
    assert names(answer.json()) == ["PANDA Grésilles"]
