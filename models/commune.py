"""Communes of the service area (Dijon Métropole), keyed by INSEE code."""

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from models.access_point import InseeCode, Postcode


class CommuneBase(SQLModel):
    """A commune: a postcode alone does not name one (several share 21121, 21160, ...)."""

    insee_code: InseeCode = Field(primary_key=True)
    name: str = Field(min_length=1, max_length=100)
    postcode: Postcode
    latitude: float = Field(ge=-90, le=90, description="Centroid of the commune's polygon.")
    longitude: float = Field(ge=-180, le=180, description="Centroid of the commune's polygon.")
    former_names: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, default=list)
    )


class Commune(CommuneBase, table=True):
    """A commune as stored."""

    __tablename__ = "commune"


class CommunePublic(CommuneBase):
    """A commune as the API returns it."""
