"""GET /v1/stale: the places whose facts need reconfirming, for the city's data team."""

from datetime import UTC, date
from typing import Any

import orjson
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from api import clock
from api.deps import SessionDep
from api.http.caching import conditional
from api.http.errors import responses
from api.http.paging import page_start
from api.http.query_model import openapi_parameters, parse_query
from api.http.responses import Credits
from api.read_model import Snapshot, queries
from api.read_model.commune_index import commune_code
from api.read_model.serialise import credits
from models.facts_date import FactsDateBasis
from models.vocabulary import PlaceStatus

router = APIRouter(prefix="/v1", tags=["stewards"])


class StaleParams(BaseModel):
    """Filters and a page."""

    model_config = ConfigDict(extra="forbid")

    commune: str | None = Field(
        default=None, max_length=100, description="INSEE code (21231) or name of a commune."
    )
    source: str | None = Field(
        default=None, min_length=1, max_length=100, description="Only places of this source."
    )
    page: int = Field(default=1, ge=1, le=100_000, description="Page number, from 1.")
    size: int = Field(default=20, ge=1, le=100, description="Items per page (max 100).")


class StalePlace(BaseModel):
    """A place to reconfirm, with what is known of its facts' date."""

    id: int
    name: str
    commune: str
    insee_code: str | None
    facts_date: date | None = Field(description="Null when nothing tells when its facts held.")
    facts_date_basis: FactsDateBasis | None
    source: str
    steward_link_active: bool = Field(
        description="Whether the place has a steward link neither revoked nor expired."
    )


class StalePage(Credits):
    """Stale places, oldest facts first (undated first), one page at a time."""

    items: list[StalePlace]
    total: int
    page: int
    size: int
    today: date = Field(description="The day (Paris) the age of the facts is counted from.")
    stale_after_days: int = Field(description="Facts older than this many days are stale.")
    query: dict[str, Any]


@router.get(
    "/stale",
    response_model=StalePage,
    operation_id="listStalePlaces",
    responses=responses(404, 422, s404="A page past the last one."),
    openapi_extra=openapi_parameters(StaleParams),
)
def stale_places(request: Request, session: SessionDep) -> Response:
    """Places not closed whose facts are older than PANDA_STALE_AFTER_DAYS, or undated."""
    params = parse_query(request, StaleParams)
    runtime = request.app.state.runtime
    snapshot: Snapshot = runtime.read_model.current
    insee_code = _commune_code(snapshot, params.commune)
    today, days = clock.today_paris(), runtime.settings.stale_after_days
    flags = snapshot.stale_flags(today, days)
    chosen = [
        i
        for i, place in enumerate(snapshot.places)
        if flags[i]
        and place.status is not PlaceStatus.CLOSED
        and (insee_code is None or place.insee_code == insee_code)
        and (params.source is None or place.source == params.source)
    ]
    chosen.sort(key=lambda i: _oldest_first(snapshot, i))
    start = page_start(len(chosen), params.page, params.size)
    stewarded = queries.places_with_active_steward(session, clock.now_paris().astimezone(UTC))
    page = [_item(snapshot, i, stewarded) for i in chosen[start : start + params.size]]
    meta = {
        "total": len(chosen),
        "page": params.page,
        "size": params.size,
        "today": today.isoformat(),
        "stale_after_days": days,
        "query": params.model_dump(mode="json", exclude_none=True),
    }
    body = orjson.dumps(meta | credits(snapshot) | {"items": page})
    return conditional(request, body)


def _commune_code(snapshot: Snapshot, commune: str | None) -> str | None:
    if commune is None:
        return None
    return commune_code(snapshot, commune)


def _oldest_first(snapshot: Snapshot, index: int) -> tuple[int, str, int]:
    place = snapshot.places[index]
    day = place.facts_date.toordinal() if place.facts_date else 0
    return (day, place.name, place.id)


def _item(snapshot: Snapshot, index: int, stewarded: set[int]) -> dict[str, Any]:
    place = snapshot.places[index]
    return {
        "id": place.id,
        "name": place.name,
        "commune": place.commune,
        "insee_code": place.insee_code,
        "facts_date": place.facts_date.isoformat() if place.facts_date else None,
        "facts_date_basis": place.facts_date_basis,
        "source": place.source,
        "steward_link_active": place.id in stewarded,
    }
