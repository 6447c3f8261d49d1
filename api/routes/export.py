"""Bulk exports for partners: the national standard's CSV and GeoJSON."""

from fastapi import APIRouter
from starlette.responses import Response

from api.clock import now_paris
from api.deps import SnapshotDep
from api.exporting import export_geojson, export_standard_csv
from api.responses import GEOJSON

router = APIRouter(prefix="/v1/export", tags=["export"])


@router.get(
    "/lieux-mediation-numerique.csv",
    operation_id="exportStandardCsv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "Lieux de médiation numérique"}},
)
async def export_csv(snapshot: SnapshotDep) -> Response:
    """Every place not closed, as the national standard "Lieux de médiation numérique" CSV."""
    text = export_standard_csv(snapshot, now_paris().date())
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="lieux-mediation-numerique.csv"'},
    )


@router.get(
    "/access-points.geojson",
    operation_id="exportGeoJSON",
    response_class=Response,
    responses={200: {"content": {GEOJSON: {}}, "description": "FeatureCollection"}},
)
async def export_geojson_file(snapshot: SnapshotDep) -> Response:
    """Every place not closed, as a GeoJSON FeatureCollection."""
    return Response(export_geojson(snapshot), media_type=GEOJSON)
