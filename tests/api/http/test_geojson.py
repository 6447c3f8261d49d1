"""GeoJSON (api/http/geojson.py): [longitude, latitude], and the answer's metadata kept."""

import orjson
from fastapi.testclient import TestClient

from api.http.geojson import feature, feature_collection

GRESILLES = {
    "id": 12,
    "name": "PANDA Grésilles",
    "latitude": 47.329680,
    "longitude": 5.069047,
    "commune": "Dijon",
}


def test_a_feature_is_a_point_written_longitude_first() -> None:
    assert feature(GRESILLES) == {
        "type": "Feature",
        "id": 12,
        "geometry": {"type": "Point", "coordinates": [5.069047, 47.329680]},
        "properties": {"id": 12, "name": "PANDA Grésilles", "commune": "Dijon"},
    }


def test_a_feature_leaves_its_input_alone() -> None:
    given = dict(GRESILLES)
    feature(given)
    assert given == GRESILLES


def test_a_feature_without_id_has_a_null_id() -> None:
    place = {k: v for k, v in GRESILLES.items() if k != "id"}
    assert feature(place)["id"] is None


def test_a_collection_carries_the_metadata_as_foreign_members() -> None:
    meta = {"total": 1, "attribution": "MedNum BFC", "licence": "Licence Ouverte 2.0"}
    parsed = orjson.loads(feature_collection([GRESILLES], meta))
    assert parsed["type"] == "FeatureCollection"
    assert {k: parsed[k] for k in meta} == meta
    assert [f["geometry"]["coordinates"] for f in parsed["features"]] == [[5.069047, 47.32968]]
    assert list(parsed) == ["type", "total", "attribution", "licence", "features"]


def test_an_empty_collection_is_valid() -> None:
    assert orjson.loads(feature_collection([], {})) == {"type": "FeatureCollection", "features": []}


def test_the_api_answers_geojson_with_the_places_positions(seeded_client: TestClient) -> None:
    plain = seeded_client.get("/v1/access-points?size=5").json()
    geo = seeded_client.get("/v1/access-points?size=5&format=geojson")
    assert geo.headers["content-type"].startswith("application/geo+json")
    features = geo.json()["features"]
    assert [f["geometry"]["coordinates"] for f in features] == [
        [p["longitude"], p["latitude"]] for p in plain["items"]
    ]
