"""The communes of the service area."""

from fastapi import APIRouter, Request
from pydantic import TypeAdapter
from starlette.responses import Response

from api.deps import SnapshotDep
from api.http_cache import conditional
from models.commune import CommunePublic

router = APIRouter(prefix="/v1/communes", tags=["communes"])
_COMMUNES = TypeAdapter(list[CommunePublic])


@router.get("", response_model=list[CommunePublic], operation_id="listCommunes")
async def list_communes(request: Request, snapshot: SnapshotDep) -> Response:
    """The 23 communes of Dijon Métropole, by name."""
    return conditional(request, _COMMUNES.dump_json(snapshot.communes))
