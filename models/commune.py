"""Communes of the service area (Dijon Métropole), keyed by INSEE code."""

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class CommuneBase(SQLModel):
    """A commune: a postcode alone does not name one (several share 21121, 21160, ...)."""

    insee_code: str = Field(primary_key=True, regex=r"^([013-9]\d|2[AB1-9])\d{3}$")
    name: str = Field(min_length=1, max_length=100)
    postcode: str = Field(regex=r"^\d{5}$")
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
