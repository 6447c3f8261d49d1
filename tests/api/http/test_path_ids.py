"""The path ids declared once: what a route with them accepts, refuses and documents."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.http.path_ids import MAX_ID, PlaceId, RowId


@pytest.fixture
def client() -> TestClient:
    app = FastAPI()

    @app.get("/places/{place_id}")
    def place(place_id: PlaceId) -> int:
        return place_id

    @app.get("/rows/{row_id}")
    def row(row_id: RowId) -> int:
        return row_id

    return TestClient(app)


@pytest.mark.parametrize("value", [1, 38, MAX_ID])
def test_an_id_within_postgresql_integer_is_taken(client: TestClient, value: int) -> None:
    assert client.get(f"/places/{value}").json() == value
    assert client.get(f"/rows/{value}").json() == value


@pytest.mark.parametrize("value", ["0", "-1", str(MAX_ID + 1), "abc"])
def test_zero_negative_too_large_or_not_a_number_is_refused(client: TestClient, value: str) -> None:
    assert client.get(f"/places/{value}").status_code == 422
    assert client.get(f"/rows/{value}").status_code == 422


def test_the_document_states_the_bounds_and_the_place_id_says_what_it_is(
    client: TestClient,
) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    place = paths["/places/{place_id}"]["get"]["parameters"][0]
    row = paths["/rows/{row_id}"]["get"]["parameters"][0]
    assert place["schema"]["minimum"] == row["schema"]["minimum"] == 1
    assert place["schema"]["maximum"] == row["schema"]["maximum"] == 2_147_483_647
    assert place["description"] == "Place id."
    assert "description" not in row
