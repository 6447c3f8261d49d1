"""GeoJSON FeatureCollections in: Point features with our field names or the standard's."""

from typing import Any

import orjson

from models.access_point import AccessPointCreate
from seed.formats.base import (
    FormatError,
    ParsedRow,
    ReadResult,
    RowError,
    check_depth,
    check_header,
)

_WRITABLE = set(AccessPointCreate.model_fields)
# Derived or per-answer members our own GeoJSON carries; they are not written back.
_IGNORED = {"id", "updated_at", "equipment_status", "opening_status", "distance_m"}


def read_geojson(data: bytes, source: str | None) -> ReadResult:
    """Rows from a FeatureCollection; `line` is the feature's 1-based position."""
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise FormatError("le fichier n'est pas du JSON valide") from exc
    check_depth(document)
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise FormatError('un objet GeoJSON avec "type": "FeatureCollection" est attendu')
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise FormatError("la FeatureCollection ne contient aucun lieu (features vide)")
    unknown: set[str] = set()
    rows = [
        _row(position, feature, source, unknown) for position, feature in enumerate(features, 1)
    ]
    return ReadResult(rows=rows, format_name="geojson", unknown_columns=sorted(unknown))


def _row(position: int, feature: Any, source: str | None, unknown: set[str]) -> ParsedRow:
    row = ParsedRow(line=position)
    if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
        row.errors.append(
            RowError(position, "feature", None, "un objet Feature avec ses properties est attendu")
        )
        return row
    properties: dict[str, Any] = feature["properties"]
    check_header(list(properties), f"l'objet {position} (properties)")
    unknown.update(set(properties) - _WRITABLE - _IGNORED)
    row.fields = {k: v for k, v in properties.items() if k in _WRITABLE}
    row.columns = {k: f"properties.{k}" for k in row.fields}
    if source:
        row.fields["source"] = source
    geometry = feature.get("geometry")
    if geometry is not None:
        _take_point(row, geometry)
    return row


def _take_point(row: ParsedRow, geometry: Any) -> None:
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    valid = (
        isinstance(geometry, dict)
        and geometry.get("type") == "Point"
        and isinstance(coordinates, list)
        and len(coordinates) >= 2
        and all(isinstance(c, int | float) for c in coordinates[:2])
    )
    if not valid:
        row.errors.append(
            RowError(
                row.line,
                "geometry",
                geometry,
                "un Point [longitude, latitude] est attendu (exemple : [5.0415, 47.3216])",
            )
        )
        return
    assert isinstance(coordinates, list)
    row.fields["longitude"], row.fields["latitude"] = coordinates[0], coordinates[1]
    row.columns |= {"longitude": "geometry.coordinates[0]", "latitude": "geometry.coordinates[1]"}
