"""Exports of the seed: valid against the national standard, GeoJSON for partners."""

import pytest
from fastapi.testclient import TestClient

from tests.seed.formats.test_lieux_mediation import schema_errors


def test_export_of_seed_is_a_csv_line_per_place(seeded_client: TestClient) -> None:
    response = seeded_client.get("/v1/export/lieux-mediation-numerique.csv")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert len(response.text.splitlines()) == 69


@pytest.mark.reference
def test_export_of_seed_validates_against_the_standard(seeded_client: TestClient) -> None:
    response = seeded_client.get("/v1/export/lieux-mediation-numerique.csv")
    assert schema_errors(response.text) == []


def test_export_geojson_has_every_open_place(seeded_client: TestClient) -> None:
    response = seeded_client.get("/v1/export/access-points.geojson")
    body = response.json()
    assert response.headers["content-type"] == "application/geo+json"
    assert (body["type"], len(body["features"])) == ("FeatureCollection", 68)
    assert body["attribution"] == "MedNum BFC (multi-coop/data-bfc-ternum)"
