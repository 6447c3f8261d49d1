"""seed.formats.geojson: FeatureCollections of Point features to rows in our field names."""

import json
from typing import Any

import pytest

from seed.formats.base import MAX_COLUMNS, FormatError
from seed.formats.geojson import read_geojson

# PANDA Grésilles as our own GeoJSON gives it (properties in our names, derived members too).
GRESILLES: dict[str, Any] = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [5.069047, 47.32968]},
    "properties": {
        "id": 12,
        "name": "PANDA Grésilles",
        "address": "14 rue Camille Claudel",
        "postcode": "21000",
        "commune": "Dijon",
        "insee_code": "21231",
        "source": "mednum-bfc",
        "source_id": "mednumBFC_TL_2_",
        "opening_status": "open",
        "distance_m": 120.5,
    },
}


def collection(*features: Any) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def feature(**properties: Any) -> dict[str, Any]:
    return GRESILLES | {"properties": GRESILLES["properties"] | properties}


def test_feature_becomes_a_row_of_our_fields_with_its_point() -> None:
    result = read_geojson(collection(GRESILLES), None)
    assert result.format_name == "geojson"
    (row,) = result.rows
    assert row.line == 1
    assert row.errors == []
    assert row.fields["name"] == "PANDA Grésilles"
    assert (row.fields["latitude"], row.fields["longitude"]) == (47.32968, 5.069047)
    assert row.columns["name"] == "properties.name"
    assert row.columns["latitude"] == "geometry.coordinates[1]"


def test_derived_members_are_dropped_silently() -> None:
    result = read_geojson(collection(GRESILLES), None)
    assert {"id", "opening_status", "distance_m"}.isdisjoint(result.rows[0].fields)
    assert result.unknown_columns == []


def test_unknown_properties_are_listed_once_sorted() -> None:
    result = read_geojson(collection(feature(zz=1, nom="x"), feature(nom="y")), None)
    assert result.unknown_columns == ["nom", "zz"]
    assert "nom" not in result.rows[0].fields


def test_source_argument_wins_over_the_property() -> None:
    (row,) = read_geojson(collection(GRESILLES), "ville-exemple").rows
    assert row.fields["source"] == "ville-exemple"


def test_feature_without_geometry_is_left_to_the_geocoder() -> None:
    (row,) = read_geojson(collection(GRESILLES | {"geometry": None}), None).rows
    assert row.errors == []
    assert "latitude" not in row.fields


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "LineString", "coordinates": [[5.0, 47.0], [5.1, 47.1]]},
        {"type": "Point", "coordinates": [5.0]},
        {"type": "Point", "coordinates": ["5.0", "47.3"]},
        {"type": "Point"},
        [5.069047, 47.32968],
    ],
)
def test_anything_but_a_point_is_a_row_error(geometry: Any) -> None:
    (row,) = read_geojson(collection(GRESILLES | {"geometry": geometry}), None).rows
    (error,) = row.errors
    assert (error.line, error.field, error.value) == (1, "geometry", geometry)
    assert "latitude" not in row.fields


def test_a_third_coordinate_is_ignored() -> None:
    point = {"type": "Point", "coordinates": [5.069047, 47.32968, 245.0]}
    (row,) = read_geojson(collection(GRESILLES | {"geometry": point}), None).rows
    assert (row.fields["latitude"], row.fields["longitude"]) == (47.32968, 5.069047)


@pytest.mark.parametrize("item", ["texte", {"type": "Feature"}, {"properties": [1]}])
def test_feature_without_properties_is_a_row_error(item: Any) -> None:
    rows = read_geojson(collection(GRESILLES, item), None).rows
    assert rows[0].errors == []
    (error,) = rows[1].errors
    assert (error.line, error.field) == (2, "feature")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{pas du json", "le fichier n'est pas du JSON valide"),
        (b'{"type": "Feature"}', "FeatureCollection"),
        (b"[]", "FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": []}', "features vide"),
        (b'{"type": "FeatureCollection"}', "features vide"),
    ],
)
def test_documents_that_are_no_collection_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        read_geojson(data, None)


def test_too_deep_document_is_refused() -> None:
    deep: Any = "x"
    for _ in range(40):
        deep = [deep]
    with pytest.raises(FormatError, match="imbriqué"):
        read_geojson(collection(feature(description=deep)), None)


def test_too_many_properties_are_refused_naming_the_feature() -> None:
    wide = {f"p{n}": 1 for n in range(MAX_COLUMNS + 1)}
    with pytest.raises(FormatError, match=r"^l'objet 2 \(properties\) a 501 colonnes"):
        read_geojson(collection(GRESILLES, GRESILLES | {"properties": wide}), None)
