"""The communes of France: one page at a time, by department, EPCI or name prefix."""

from typing import Any

import orjson
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from api.deps import SnapshotDep
from api.http.caching import conditional
from api.http.errors import ERROR_RESPONSES
from api.http.paging import page_start
from api.http.query_model import openapi_parameters, parse_query
from api.read_model.commune_index import index_of
from models.commune import CommunePublic
from seed.communes import ATTRIBUTION, DIJON_METROPOLE, LICENCE

router = APIRouter(prefix="/v1/communes", tags=["communes"])


class CommuneParams(BaseModel):
    """Filters on communes (every one given must hold) and a page."""

    model_config = ConfigDict(extra="forbid")

    department: str | None = Field(
        default=None,
        pattern=r"^(\d{2,3}|2[ABab])$",
        description="Department code (21, 2A, 971...).",
        examples=["21"],
    )
    epci: str | None = Field(
        default=None,
        pattern=r"^\d{9}$",
        description=f"SIREN of the EPCI; {DIJON_METROPOLE} is Dijon Métropole (its 23 communes).",
        examples=[DIJON_METROPOLE],
    )
    name: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="Start of the name, case and accents aside (« chen » finds Chenôve).",
        examples=["saint-ap"],
    )
    page: int = Field(default=1, ge=1, le=100_000, description="Page number, from 1.")
    size: int = Field(default=100, ge=1, le=1000, description="Communes per page (max 1000).")


class CommunePage(BaseModel):
    """One page of communes, by name."""

    items: list[CommunePublic]
    total: int
    page: int
    size: int
    query: dict[str, Any]
    attribution: str
    licence: str


@router.get(
    "",
    response_model=CommunePage,
    operation_id="listCommunes",
    responses={404: ERROR_RESPONSES[404], 422: ERROR_RESPONSES[422]},
    openapi_extra=openapi_parameters(CommuneParams),
)
async def list_communes(request: Request, snapshot: SnapshotDep) -> Response:
    """Communes of France by name, one page at a time, filtered by department, EPCI or name."""
    params = parse_query(request, CommuneParams)
    index = index_of(snapshot)
    matching = index.select(params.department, params.epci, params.name)
    start = page_start(len(matching), params.page, params.size)
    meta = {
        "total": len(matching),
        "page": params.page,
        "size": params.size,
        "query": params.model_dump(mode="json", exclude_none=True),
        "attribution": ATTRIBUTION,
        "licence": LICENCE,
    }
    items = b",".join(index.rows(matching[start : start + params.size]))
    body = b'{"items":[' + items + b"]," + orjson.dumps(meta)[1:]
    return conditional(request, body)
