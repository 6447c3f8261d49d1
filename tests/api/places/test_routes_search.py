"""GET /v1/geocode and /v1/access-points/search with the offline geocoder and the seed."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from models.address import AddressRecord
from models.geo import geodesic_distance_m
from seed.address_import import replace_addresses
from seed.ban_addresses import read_ban_addresses
from tests.data_files import fixture

GRESILLES = (47.329680, 5.069047)


def test_geocode_finds_gresilles_address(seeded_client: TestClient) -> None:
    item = seeded_client.get("/v1/geocode", params={"q": "14 rue Camille Claudel Dijon"}).json()[
        "items"
    ][0]
    assert item["precision"] == "housenumber"
    assert geodesic_distance_m(*GRESILLES, item["latitude"], item["longitude"]) < 50


@pytest.mark.parametrize(("q", "citycode"), [("quetigny", "21515"), ("neuilly les dijon", "21452")])
def test_geocode_commune_names(seeded_client: TestClient, q: str, citycode: str) -> None:
    item = seeded_client.get("/v1/geocode", params={"q": q}).json()["items"][0]
    assert (item["precision"], item["citycode"], item["geocoder"]) == (
        "municipality",
        citycode,
        "offline",
    )


@pytest.mark.parametrize("q", ["   ", "!!!", "a\x00b", "x" * 201])
def test_geocode_unusable_query_is_422(seeded_client: TestClient, q: str) -> None:
    response = seeded_client.get("/v1/geocode", params={"q": q})
    assert response.status_code == 422
    assert response.json()["error"] in ("invalid_parameter", "invalid_request")


@pytest.mark.parametrize("q", ["<script>alert(1)</script>", "'; DROP TABLE address; --", "🏠🏠"])
def test_geocode_hostile_text_is_never_500(seeded_client: TestClient, q: str) -> None:
    assert seeded_client.get("/v1/geocode", params={"q": q}).status_code in (200, 422)


def test_search_lists_gresilles_first(seeded_client: TestClient) -> None:
    params = {"address": "14 rue Camille Claudel 21000 Dijon", "limit": 3}
    body = seeded_client.get("/v1/access-points/search", params=params).json()
    assert body["items"][0]["name"] == "PANDA Grésilles"
    assert (body["location"]["precision"], body["outside_service_area"]) == ("housenumber", False)


def test_search_applies_filters(seeded_client: TestClient) -> None:
    params = {"address": "quetigny", "network": "PANDA", "limit": 1}
    body = seeded_client.get("/v1/access-points/search", params=params).json()
    assert body["items"][0]["networks"][0] == "PANDA"
    assert body["location"]["citycode"] == "21515"


def test_search_unknown_street_falls_back_to_commune(seeded_client: TestClient) -> None:
    params = {"address": "rue imaginaire quetigni"}
    location = seeded_client.get("/v1/access-points/search", params=params).json()["location"]
    assert (location["label"], location["precision"]) == ("Quetigny", "municipality")


def test_search_nothing_found_is_404(seeded_client: TestClient) -> None:
    response = seeded_client.get("/v1/access-points/search", params={"address": "zzqx wvvk"})
    assert (response.status_code, response.json()["error"]) == (404, "address_not_found")
    assert response.json()["suggestions"] == []


def test_search_missing_address_is_422(seeded_client: TestClient) -> None:
    assert seeded_client.get("/v1/access-points/search").status_code == 422


def test_search_geojson(seeded_client: TestClient) -> None:
    params = {"address": "quetigny", "format": "geojson", "limit": 2}
    body = seeded_client.get("/v1/access-points/search", params=params).json()
    assert (body["type"], len(body["features"]), body["location"]["citycode"]) == (
        "FeatureCollection",
        2,
        "21515",
    )


def test_geocode_completes_a_typed_street_prefix(seeded_client: TestClient) -> None:
    items = seeded_client.get("/v1/geocode", params={"q": "14 rue cam"}).json()["items"]
    assert (items[0]["label"], items[0]["precision"]) == (
        "14 Rue Camille Claudel 21000 Dijon",
        "housenumber",
    )
    assert geodesic_distance_m(*GRESILLES, items[0]["latitude"], items[0]["longitude"]) < 50


def test_geocode_completes_a_commune_prefix(seeded_client: TestClient) -> None:
    items = seeded_client.get("/v1/geocode", params={"q": "quet"}).json()["items"]
    assert [(i["label"], i["precision"]) for i in items] == [("Quetigny", "municipality")]


@pytest.mark.parametrize("q", ["14 rue ca", "di", "ca"])
def test_geocode_two_letters_suggest_nothing(seeded_client: TestClient, q: str) -> None:
    response = seeded_client.get("/v1/geocode", params={"q": q})
    assert (response.status_code, response.json()["items"]) == (200, [])


def test_search_unknown_street_says_so_and_offers_streets(seeded_client: TestClient) -> None:
    params = {"address": "12 av mal foch dijon", "limit": 1}
    body = seeded_client.get("/v1/access-points/search", params=params).json()
    assert body["street_not_found"] is True
    assert (body["location"]["label"], body["location"]["precision"]) == ("Dijon", "municipality")
    alternatives = body["alternatives"]
    assert 1 <= len(alternatives) <= 5
    assert {a["citycode"] for a in alternatives} == {"21231"}
    assert all(a["label"].endswith(" 21000 Dijon") for a in alternatives)
    assert all(a["precision"] in ("housenumber", "street") for a in alternatives)
    assert all(47.2 < a["latitude"] < 47.4 and 4.9 < a["longitude"] < 5.2 for a in alternatives)


def test_search_known_street_is_not_flagged(seeded_client: TestClient) -> None:
    params = {"address": "14 rue Camille Claudel 21000 Dijon", "limit": 1}
    body = seeded_client.get("/v1/access-points/search", params=params).json()
    assert (body["street_not_found"], body["alternatives"]) == (False, [])


# SYNTHETIC positions for a real street name, to test one name known in one or two communes.
def liberte(insee: str, commune: str, latitude: float) -> AddressRecord:
    return AddressRecord("1", "", "Rue de la Liberté", "21000", insee, commune, latitude, 5.0)


def client_with(client_factory: Callable[..., TestClient], rows: list[AddressRecord]) -> TestClient:
    client = client_factory(seed=True)
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with Session(runtime.engine) as session:
        replace_addresses(session, rows, None)
    runtime.read_model.refresh()
    return client


def test_search_street_known_in_one_commune_answers_it(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_with(client_factory, [liberte("21231", "Dijon", 47.32)])
    body = client.get("/v1/access-points/search", params={"address": "rue de la liberte"}).json()
    assert (body["location"]["label"], body["location"]["precision"]) == (
        "Rue de la Liberté 21000 Dijon",
        "street",
    )
    assert (body["street_not_found"], body["alternatives"]) == (False, [])


def test_search_street_known_in_two_communes_offers_the_other(
    client_factory: Callable[..., TestClient],
) -> None:
    rows = [liberte("21617", "Talant", 47.33), liberte("21166", "Chenôve", 47.29)]
    client = client_with(client_factory, rows)
    body = client.get("/v1/access-points/search", params={"address": "rue de la liberte"}).json()
    labels = {body["location"]["label"], *(a["label"] for a in body["alternatives"])}
    assert labels == {"Rue de la Liberté 21000 Talant", "Rue de la Liberté 21000 Chenôve"}
    assert body["street_not_found"] is False


def test_search_unknown_street_without_commune_is_404(seeded_client: TestClient) -> None:
    # The seed's places know no Rue de la Liberté, and no commune is named to fall back on.
    params = {"address": "rue de la liberte"}
    response = seeded_client.get("/v1/access-points/search", params=params)
    assert (response.status_code, response.json()["error"]) == (404, "address_not_found")


def test_geocode_lands_exactly_on_gresilles_and_keeps_the_commune(
    seeded_client: TestClient,
) -> None:
    item = seeded_client.get("/v1/geocode", params={"q": "14 rue Camille Claudel Dijon"}).json()[
        "items"
    ][0]
    assert (item["latitude"], item["longitude"]) == GRESILLES
    assert (item["citycode"], item["commune_not_found"]) == ("21231", False)


# The fixture's two look-alike Places de la Libération, Dijon and Narbonne (Aude).
LIBERATIONS = list(read_ban_addresses(fixture("ban-liberation-dijon-aude.csv")))


@pytest.mark.parametrize("rows", [LIBERATIONS, LIBERATIONS[1:]], ids=["both", "aude-only"])
def test_search_named_commune_lands_there_never_in_the_aude(
    client_factory: Callable[..., TestClient], rows: list[AddressRecord]
) -> None:
    client = client_with(client_factory, rows)
    params = {"address": "place de la Libération Dijon", "limit": 3}
    body = client.get("/v1/access-points/search", params=params).json()
    assert (body["location"]["citycode"], body["commune_not_found"]) == ("21231", False)
    assert {a["citycode"] for a in body["alternatives"]} <= {"21231"}
    assert all(i["insee_code"].startswith("21") for i in body["items"])
    items = client.get("/v1/geocode", params={"q": "place de la Libération Dijon"}).json()["items"]
    assert {i["citycode"] for i in items} == {"21231"}


def test_geocode_unknown_commune_is_flagged(client_factory: Callable[..., TestClient]) -> None:
    client = client_with(client_factory, LIBERATIONS)
    items = client.get(
        "/v1/geocode", params={"q": "1 place de la liberation, Trifouilly-les-Oies"}
    ).json()["items"]
    assert items and all(i["commune_not_found"] for i in items)
    body = client.get(
        "/v1/access-points/search",
        params={"address": "1 place de la liberation, Trifouilly-les-Oies"},
    )
    assert body.json()["commune_not_found"] is True


def test_geocode_answers_the_address_base_point_not_the_place(
    client_factory: Callable[..., TestClient],
) -> None:
    # SYNTHETIC address-base point for the seed's Chenôve place (issue 11 measured 712 m).
    row = AddressRecord("2", "", "Place Pierre Meunier", "21300", "21166", "Chenôve", 47.293, 5.009)
    client = client_with(client_factory, [row])
    params = {"q": "2 place Pierre-Meunier, 21300 Chenôve"}
    item = client.get("/v1/geocode", params=params).json()["items"][0]
    assert (item["latitude"], item["longitude"], item["precision"]) == (
        47.293,
        5.009,
        "housenumber",
    )
    page = client.get("/v1/access-points", params={"commune": "Chenôve"}).json()
    [place] = [p for p in page["items"] if p["name"] == "Espace Public Numérique de Chenôve"]
    assert (place["latitude"], place["longitude"]) == (47.299079, 5.011769)  # its own point
