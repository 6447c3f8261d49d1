"""GET /v1/geocode (api/geocoding/routes.py) through the app on the seed, offline geocoder."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

CLAUDEL = "14 rue Camille Claudel 21000 Dijon"


def geocode(client: TestClient, **params: str | int) -> dict[str, Any]:
    response = client.get("/v1/geocode", params=params)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_an_address_of_the_seed_is_found_at_its_number(seeded_client: TestClient) -> None:
    assert geocode(seeded_client, q=CLAUDEL) == {
        "query": CLAUDEL,
        "items": [
            {
                "label": "14 Rue Camille Claudel 21000 Dijon",
                "latitude": 47.32968,
                "longitude": 5.069047,
                "score": 1.0,
                "precision": "housenumber",
                "citycode": "21231",
                "postcode": "21000",
                "geocoder": "offline",
                "commune_not_found": False,
            }
        ],
    }


def test_the_query_is_echoed_as_typed(seeded_client: TestClient) -> None:
    typed = "  14 RUE camille claudel dijon "
    answer = geocode(seeded_client, q=typed)
    assert answer["query"] == typed
    assert answer["items"][0]["label"] == "14 Rue Camille Claudel 21000 Dijon"


def test_an_unknown_commune_is_flagged(seeded_client: TestClient) -> None:
    [item] = geocode(seeded_client, q="14 rue Camille Claudel 75001", limit=1)["items"]
    assert (item["citycode"], item["commune_not_found"]) == ("21231", True)
    assert item["score"] <= 0.5


def test_a_commune_begun_is_completed(seeded_client: TestClient) -> None:
    [item] = geocode(seeded_client, q="quet")["items"]
    assert (item["label"], item["precision"], item["citycode"]) == (
        "Quetigny",
        "municipality",
        "21515",
    )


def test_nothing_found_is_an_empty_list(seeded_client: TestClient) -> None:
    assert geocode(seeded_client, q="xyzzy qwerty")["items"] == []


@pytest.mark.parametrize(("limit", "count"), [(1, 1), (3, 3), (20, 7)])
def test_no_more_candidates_than_the_limit_best_first(
    seeded_client: TestClient, limit: int, count: int
) -> None:
    # "dijon": Dijon itself, then the six communes named "... lès-Dijon" (or formerly so).
    items = geocode(seeded_client, q="dijon", limit=limit)["items"]
    assert len(items) == count
    assert items[0]["label"] == "Dijon"
    assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)
    assert all(0 <= i["score"] <= 1 for i in items)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": ""}, "q"),
        ({"q": "a" * 201}, "q"),
        ({}, "q"),
        ({"q": "\x01Dijon"}, "q"),
        ({"q": "Dijon", "limit": 0}, "limit"),
        ({"q": "Dijon", "limit": 21}, "limit"),
        ({"q": "Dijon", "limit": "cinq"}, "limit"),
    ],
)
def test_a_bad_query_is_422(
    seeded_client: TestClient, params: dict[str, str | int], field: str
) -> None:
    response = seeded_client.get("/v1/geocode", params=params)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"
    assert response.json()["detail"].startswith(f"{field} ")


def test_answers_are_cacheable_and_revalidated(seeded_client: TestClient) -> None:
    first = seeded_client.get("/v1/geocode", params={"q": CLAUDEL})
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=60"
    again = seeded_client.get("/v1/geocode", params={"q": CLAUDEL}, headers={"If-None-Match": etag})
    assert (again.status_code, again.content) == (304, b"")
    other = seeded_client.get("/v1/geocode", params={"q": "quet"})
    assert other.headers["etag"] != etag


def test_the_limit_defaults_to_five(seeded_client: TestClient) -> None:
    assert len(geocode(seeded_client, q="dijon")["items"]) == 5
