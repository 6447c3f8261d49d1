"""Liveness for load balancers and the container HEALTHCHECK."""

from datetime import date
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from api import clock
from api.deps import RuntimeDep, SnapshotDep
from api.migrations.upgrade import SchemaState, head_revision, probe_revision, schema_state
from api.read_model import Snapshot

router = APIRouter(tags=["health"])


class TransitHealth(BaseModel):
    """The imported public-transport feed: an ended calendar is flagged, not hidden."""

    name: str
    end_date: date
    expired: bool = Field(description="Its calendar ended: « horaires de transport expirés ».")


class Health(BaseModel):
    """The service is up, serving this many places, on a database at this schema revision."""

    status: Literal["ok", "unavailable"]
    places: int
    data_version: int
    database: Literal["ok", "unreachable"]
    schema_status: SchemaState | Literal["unknown"] = Field(
        serialization_alias="schema",
        description="head (up to date), behind, ahead (upgraded by newer code), missing, "
        "or unknown when the database does not answer.",
    )
    revision: str | None = Field(description="The database's schema revision.")
    head_revision: str = Field(description="The newest schema revision this code knows.")
    transit: TransitHealth | None = Field(
        default=None, description="The transit feed in use; null when none is imported."
    )


class Liveness(BaseModel):
    """The process answers requests."""

    status: Literal["ok"]


@router.get("/v1/health/live", response_model=Liveness, operation_id="healthLive")
async def live() -> Liveness:
    """Alive: the process answers, without asking the database (`/health` asks it)."""
    return Liveness(status="ok")


def _database_revision(engine: Engine) -> tuple[Literal["ok", "unreachable"], str | None]:
    try:
        return "ok", probe_revision(engine)
    except SQLAlchemyError:
        return "unreachable", None


@router.get(
    "/health",
    response_model=Health,
    operation_id="health",
    responses={503: {"model": Health, "description": "Database unreachable, schema not at head."}},
)
def health(snapshot: SnapshotDep, runtime: RuntimeDep, response: Response) -> Health:
    """Up, with the number of places served and the database's schema revision."""
    database, revision = _database_revision(runtime.engine)
    state = schema_state(revision) if database == "ok" else "unknown"
    healthy = state == "head"
    if not healthy:
        response.status_code = 503
    return Health(
        status="ok" if healthy else "unavailable",
        places=len(snapshot),
        data_version=snapshot.version,
        database=database,
        schema_status=state,
        revision=revision,
        head_revision=head_revision(),
        transit=_transit(snapshot),
    )


def _transit(snapshot: Snapshot) -> TransitHealth | None:
    network = snapshot.transit.network
    if network is None:
        return None
    feed = network.feed
    return TransitHealth(
        name=feed.name, end_date=feed.end_date, expired=feed.expired(clock.today_paris())
    )
