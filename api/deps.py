"""Dependencies shared by the routes, declared once as Annotated aliases."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from api.geocoding.service import GeocodingService
from api.read_model import Snapshot
from api.runtime import Runtime
from api.settings import Settings

# The getters below are `async def` on purpose: a plain `def` dependency is run in the thread
# pool, which cost a read request about 0.5 ms of CPU on the benchmark machine.


async def get_runtime(request: Request) -> Runtime:
    """The runtime built by the lifespan."""
    runtime: Runtime = request.app.state.runtime
    return runtime


async def get_snapshot(request: Request) -> Snapshot:
    """The current snapshot; a refresh never changes it under a running request."""
    snapshot: Snapshot = request.app.state.runtime.read_model.current
    return snapshot


async def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.runtime.settings
    return settings


async def get_geocoding(request: Request) -> GeocodingService:
    """The geocoding service."""
    service: GeocodingService = request.app.state.runtime.geocoding
    return service


def get_session(request: Request) -> Iterator[Session]:
    """A database session for the request."""
    with Session(request.app.state.runtime.engine) as session:
        yield session


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
SnapshotDep = Annotated[Snapshot, Depends(get_snapshot)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
GeocodingDep = Annotated[GeocodingService, Depends(get_geocoding)]
