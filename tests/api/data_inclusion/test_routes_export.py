"""GET /v1/data-inclusion/structures and /services: pages of the export, each status."""

import pytest
from fastapi.testclient import TestClient

PATHS = ["/v1/data-inclusion/structures", "/v1/data-inclusion/services"]


@pytest.mark.parametrize("path", PATHS)
def test_a_page_carries_the_hub_paging_fields_and_the_credits(
    seeded_client: TestClient, path: str
) -> None:
    response = seeded_client.get(path, params={"page": 7, "size": 10})
    body = response.json()
    assert response.status_code == 200
    assert {k: body[k] for k in ("total", "page", "size", "pages", "query")} == {
        "total": 68,
        "page": 7,
        "size": 10,
        "pages": 7,
        "query": {"page": 7, "size": 10},
    }
    assert len(body["items"]) == 8
    assert body["attribution"] == "MedNum BFC (multi-coop/data-bfc-ternum)"


def test_structures_and_services_come_in_the_same_order(seeded_client: TestClient) -> None:
    structures = seeded_client.get(PATHS[0], params={"size": 1000}).json()["items"]
    services = seeded_client.get(PATHS[1], params={"size": 1000}).json()["items"]
    assert [s["id"] for s in structures] == [s["structure_id"] for s in services]
    assert [s["id"] for s in structures] == sorted(s["id"] for s in structures)
    assert {s["nom"] for s in services} == {"Service d'accompagnement au numérique"}
    assert all(
        s["score_qualite"] == v["score_qualite"] for s, v in zip(structures, services, strict=True)
    )


def test_a_page_past_the_last_is_404(seeded_client: TestClient) -> None:
    response = seeded_client.get(PATHS[1], params={"page": 2})
    assert (response.status_code, response.json()) == (
        404,
        {"error": "page_out_of_range", "detail": "page : la page 2 est au-delà de la dernière (1)"},
    )


@pytest.mark.parametrize("query", [{"size": 0}, {"size": 1001}, {"page": 0}, {"sort": "nom"}])
def test_bad_paging_is_422(seeded_client: TestClient, query: dict[str, object]) -> None:
    response = seeded_client.get(PATHS[0], params=query)
    assert (response.status_code, response.json()["error"]) == (422, "invalid_request")


def test_an_unchanged_page_answers_304(seeded_client: TestClient) -> None:
    first = seeded_client.get(PATHS[0])
    again = seeded_client.get(PATHS[0], headers={"If-None-Match": first.headers["etag"]})
    assert (first.status_code, again.status_code) == (200, 304)


def test_an_empty_database_has_one_empty_page(client_factory) -> None:  # type: ignore[no-untyped-def]
    body = client_factory().get(PATHS[0]).json()
    assert (body["items"], body["total"], body["pages"]) == ([], 0, 0)
