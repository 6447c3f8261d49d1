"""The ids a path carries, declared once: positive and within PostgreSQL's integer."""

from typing import Annotated

from fastapi import Path

MAX_ID = 2_147_483_647
PlaceId = Annotated[int, Path(ge=1, le=MAX_ID, description="Place id.")]
# A workshop's, a session's, a registration's or a steward link's id.
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]
