"""Communes of France, keyed by INSEE code, with their postcodes, EPCI and time zone."""

from sqlalchemy import JSON, Column, String
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
    # Every postcode serving the commune; `postcode` is the first (several share one).
    postcodes: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, default=list)
    )
    department: str | None = Field(default=None, max_length=3, index=True)
    region: str | None = Field(default=None, max_length=2)
    # SIREN of the commune's EPCI (242100410 for Dijon Métropole); None for the few outside any.
    epci: str | None = Field(default=None, max_length=9, index=True)
    time_zone: str = Field(
        default="Europe/Paris", sa_column=Column(String(40), nullable=False, default="Europe/Paris")
    )


class Commune(CommuneBase, table=True):
    """A commune as stored."""

    __tablename__ = "commune"


class CommunePublic(CommuneBase):
    """A commune as the API returns it."""
