"""near_transit and near_transit_line (api/transit/filters.py) on list, nearest and search."""

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.transit.test_in_answers import import_feed
from tests.transit_feed import divia_feed

NEAR_GIROUD = {"lat": 47.364205, "lon": 5.049559}


def names(answer: dict[str, object]) -> list[str]:
    return [item["name"] for item in answer["items"]]  # type: ignore[attr-defined,index]


def test_places_with_a_stop_within_n_metres_and_of_a_line(
    client_factory: Callable[..., TestClient], tmp_path: Path
) -> None:
    client = client_factory(seed=True)
    import_feed(client, divia_feed(tmp_path / "divia.zip"))
    within = client.get("/v1/access-points", params={"near_transit": 130, "size": 100}).json()
    # Onlineformapro Dijon is 120 m from Giroud; Pôle Emploi Dijon Nord 149 m.
    assert names(within) == ["Onlineformapro Dijon"]
    wider = client.get("/v1/access-points", params={"near_transit": 600, "size": 100}).json()
    assert {"Onlineformapro Dijon", "Agence Pôle Emploi Dijon Nord"} <= set(names(wider))
    for item in wider["items"]:
        assert item["transit"]["stops"][0]["distance_m"] <= 600
    # L6 stops only at Toison d'Or; t2 in any case.
    bus = client.get("/v1/access-points", params={"near_transit_line": "L6", "size": 100}).json()
    for item in bus["items"]:
        assert any(
            "L6" in [line["short_name"] for line in stop["lines"]] and stop["distance_m"] <= 600
            for stop in item["transit"]["stops"]
        )
    assert bus["total"] >= 1
    tram = client.get(
        "/v1/access-points/nearest",
        params={**NEAR_GIROUD, "near_transit_line": "t2", "near_transit": 200, "limit": 5},
    ).json()
    # The two Onlineformapro places (Giroud 120 m, and 8c rue Jeanne Barret) and Pôle Emploi.
    assert names(tram)[0] == "Onlineformapro Dijon"
    assert set(names(tram)) == {
        "Onlineformapro Dijon",
        "Onlineformapro",
        "Agence Pôle Emploi Dijon Nord",
    }
    assert tram["query"]["near_transit_line"] == "t2"


def test_an_unknown_line_or_no_feed_is_a_422(
    client_factory: Callable[..., TestClient], tmp_path: Path
) -> None:
    client = client_factory(seed=True)
    answer = client.get("/v1/access-points", params={"near_transit": 400})
    assert answer.status_code == 422
    assert answer.json()["detail"] == (
        "near_transit et near_transit_line demandent un réseau de transport importé ; "
        "aucun ne l'est (panda transit import FLUX.zip)"
    )
    import_feed(client, divia_feed(tmp_path / "divia.zip"))
    answer = client.get("/v1/access-points", params={"near_transit_line": "T9"})
    assert answer.status_code == 422
    assert answer.json() == {
        "error": "invalid_parameter",
        "detail": "ligne « T9 » inconnue du réseau Divia Mobilités ; lignes : T2, L4, L6",
    }
    assert client.get("/v1/access-points", params={"near_transit": 0}).status_code == 422
    assert client.get("/v1/access-points", params={"near_transit": 2001}).status_code == 422
