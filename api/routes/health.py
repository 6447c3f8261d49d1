"""Liveness for load balancers and the container HEALTHCHECK."""

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import SnapshotDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """The service is up and serving this many places at this data version."""

    status: str
    places: int
    data_version: int


@router.get("/health", response_model=Health, operation_id="health")
async def health(snapshot: SnapshotDep) -> Health:
    """Up, with the number of places served."""
    return Health(status="ok", places=len(snapshot), data_version=snapshot.version)
