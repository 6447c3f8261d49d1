"""Bulk exports for partners: the national standard's CSV and GeoJSON."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.deps import SnapshotDep
from api.http.caching import conditional
from api.http.responses import GEOJSON, GeoJSONBytes
from api.import_export.exporting import changes_cursor, export_geojson, export_standard_csv
from api.read_model.freshness import stale_flags

router = APIRouter(prefix="/v1/export", tags=["export"])
CSV_DOWNLOAD = {"Content-Disposition": 'attachment; filename="lieux-mediation-numerique.csv"'}
CURSOR_HEADER = "X-Changes-Cursor"
# Both exports say where the change feed continues from: a copy stays in sync from there.
CURSOR_DOC = {
    CURSOR_HEADER: {
        "description": "The `since` to follow GET /v1/changes from after this copy.",
        "schema": {"type": "string", "pattern": "^[0-9]{1,12}$"},
    }
}


class CSVBytes(Response):
    """A CSV file (Starlette adds `; charset=utf-8`)."""

    media_type = "text/csv"


@router.get(
    "/lieux-mediation-numerique.csv",
    operation_id="exportStandardCsv",
    response_class=Response,
    responses={
        200: {
            "content": {"text/csv": {}},
            "description": "Lieux de médiation numérique",
            "headers": CURSOR_DOC,
        }
    },
)
async def export_csv(request: Request, snapshot: SnapshotDep) -> Response:
    """Every place not closed and dated, as the national standard "Lieux de médiation numérique"."""
    text = export_standard_csv(snapshot)
    headers = CSV_DOWNLOAD | {CURSOR_HEADER: changes_cursor(snapshot)}
    return conditional(request, text.encode("utf-8"), cls=CSVBytes, headers=headers)


@router.get(
    "/access-points.geojson",
    operation_id="exportGeoJSON",
    response_class=Response,
    responses={
        200: {
            "content": {GEOJSON: {}},
            "description": "FeatureCollection; `changes_cursor` is the cursor header's value.",
            "headers": CURSOR_DOC,
        }
    },
)
async def export_geojson_file(request: Request, snapshot: SnapshotDep) -> Response:
    """Every place not closed, as a GeoJSON FeatureCollection."""
    body = export_geojson(snapshot, stale_flags(request, snapshot))
    return conditional(
        request, body, cls=GeoJSONBytes, headers={CURSOR_HEADER: changes_cursor(snapshot)}
    )
