"""GET /v1/transit/lines and /v1/transit/stops (api/transit/routes.py): the feed as GeoJSON,
404 `transit_not_imported` without one, and the OpenAPI document says exactly that."""

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from api.transit.schema import TransitLinesAnswer, TransitStopsAnswer
from tests.api.transit.test_in_answers import import_feed
from tests.transit_feed import divia_feed


def test_without_a_feed_both_answer_404_transit_not_imported(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory()
    for path in ("/v1/transit/lines", "/v1/transit/stops"):
        answer = client.get(path)
        assert answer.status_code == 404
        assert answer.json() == {
            "error": "transit_not_imported",
            "detail": "aucun réseau de transport n'est importé (panda transit import FLUX.zip)",
        }


def test_lines_and_stops_as_geojson(
    client_factory: Callable[..., TestClient], tmp_path: Path
) -> None:
    client = client_factory()
    import_feed(client, divia_feed(tmp_path / "divia.zip"))
    lines = client.get("/v1/transit/lines")
    assert lines.headers["content-type"] == "application/geo+json"
    body = TransitLinesAnswer.model_validate(lines.json())
    by_name = {f.properties.short_name: f for f in body.features}
    assert sorted(by_name) == ["L4", "L6", "T2"]
    t2 = by_name["T2"]
    assert (t2.properties.mode, t2.properties.long_name) == ("tram", "Dijon Valmy - Chenôve Centre")
    assert t2.geometry is not None and t2.geometry.type == "LineString"
    assert t2.geometry.coordinates[0] == (5.046389, 47.365556)
    # A bus line of one stop in the fixture cannot be drawn: null geometry, not a dot.
    assert by_name["L4"].geometry is None
    assert body.feed.name == "Divia Mobilités" and body.feed.expired is False
    stops = TransitStopsAnswer.model_validate(client.get("/v1/transit/stops").json())
    toison = next(f for f in stops.features if f.properties.name == "Toison d'Or")
    assert toison.properties.lines == ["T2", "L6"]
    assert toison.geometry.coordinates == (5.051944, 47.355278)
    assert len(stops.features) == 9
    etag = lines.headers["etag"]
    assert client.get("/v1/transit/lines", headers={"If-None-Match": etag}).status_code == 304


def test_the_openapi_document_describes_both_exactly(
    client_factory: Callable[..., TestClient],
) -> None:
    document = client_factory().get("/openapi.json").json()
    for path, model in (
        ("/v1/transit/lines", "TransitLinesAnswer"),
        ("/v1/transit/stops", "TransitStopsAnswer"),
    ):
        responses = document["paths"][path]["get"]["responses"]
        assert responses["200"]["content"] == {
            "application/geo+json": {"schema": {"$ref": f"#/components/schemas/{model}"}}
        }
        assert "404" in responses
    line = document["components"]["schemas"]["LinePropertiesOut"]
    assert set(line["properties"]) == {"id", "short_name", "long_name", "mode", "color"}
