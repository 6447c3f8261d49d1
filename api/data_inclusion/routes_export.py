"""The places in data·inclusion's schema v1, for the national hub to harvest: structures and
services, one page at a time."""

from math import ceil

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from api.clock import today_paris
from api.data_inclusion.answers import DataInclusionServicePage, DataInclusionStructurePage
from api.data_inclusion.export import page_body, records_of
from api.deps import SnapshotDep
from api.http.caching import conditional
from api.http.errors import ERROR_RESPONSES
from api.http.paging import page_start
from api.http.query_model import openapi_parameters, parse_query

router = APIRouter(prefix="/v1/data-inclusion", tags=["data·inclusion"])


class ExportPageParams(BaseModel):
    """A page of the export."""

    model_config = ConfigDict(extra="forbid")

    page: int = Field(default=1, ge=1, le=100_000, description="Page number, from 1.")
    size: int = Field(default=100, ge=1, le=1000, description="Records per page (max 1000).")


# The routes are plain `def`: the first request of a snapshot or a day builds its records
# (about 19 s at 100,000 places, docs/benchmarks.md), in the thread pool rather than the
# event loop, so that every other request is answered meanwhile.
def _page(request: Request, snapshot: SnapshotDep, kind: str) -> Response:
    params = parse_query(request, ExportPageParams)
    records = records_of(snapshot, today_paris()).of(kind)
    start = page_start(len(records), params.page, params.size)
    meta = {
        "total": len(records),
        "page": params.page,
        "size": params.size,
        "pages": ceil(len(records) / params.size),
        "query": params.model_dump(mode="json"),
        "attribution": snapshot.attribution,
        "licence": snapshot.licence,
    }
    return conditional(request, page_body(records[start : start + params.size], meta))


@router.get(
    "/structures",
    response_model=DataInclusionStructurePage,
    operation_id="listDataInclusionStructures",
    responses={404: ERROR_RESPONSES[404], 422: ERROR_RESPONSES[422]},
    openapi_extra=openapi_parameters(ExportPageParams),
)
def list_structures(request: Request, snapshot: SnapshotDep) -> Response:
    """Every place not closed and dated, as a data·inclusion v1 structure, by source and id."""
    return _page(request, snapshot, "structures")


@router.get(
    "/services",
    response_model=DataInclusionServicePage,
    operation_id="listDataInclusionServices",
    responses={404: ERROR_RESPONSES[404], 422: ERROR_RESPONSES[422]},
    openapi_extra=openapi_parameters(ExportPageParams),
)
def list_services(request: Request, snapshot: SnapshotDep) -> Response:
    """Each of those places' « Service d'accompagnement au numérique », by source and id."""
    return _page(request, snapshot, "services")
