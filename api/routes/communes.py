"""The communes of the service area."""

from fastapi import APIRouter

from api.deps import SnapshotDep
from models.commune import CommunePublic

router = APIRouter(prefix="/v1/communes", tags=["communes"])


@router.get("", response_model=list[CommunePublic], operation_id="listCommunes")
async def list_communes(snapshot: SnapshotDep) -> list[CommunePublic]:
    """The 23 communes of Dijon Métropole, by name."""
    return snapshot.communes
