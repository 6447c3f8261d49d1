"""Addresses the offline geocoder knows: records of the national address base (BAN)."""

from dataclasses import dataclass

from sqlmodel import Field, SQLModel


@dataclass(frozen=True, slots=True)
class CommuneRecord:
    """A commune: centroid, main postcode, former names and other postcodes (Paris has 20)."""

    insee_code: str
    name: str
    postcode: str
    latitude: float
    longitude: float
    former_names: tuple[str, ...] = ()
    postcodes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AddressRecord:
    """One row of the national address base (BAN): `rep` is "" when the number has none."""

    housenumber: str
    rep: str
    street: str
    postcode: str
    insee_code: str
    commune: str
    latitude: float
    longitude: float


class Address(SQLModel, table=True):
    """An imported BAN address; replaced per commune by `panda addresses import`."""

    __tablename__ = "address"

    id: int | None = Field(default=None, primary_key=True)
    housenumber: str = Field(max_length=20)
    rep: str = Field(default="", max_length=20)
    street: str = Field(max_length=200)
    postcode: str = Field(max_length=5)
    insee_code: str = Field(max_length=5, index=True)
    commune: str = Field(max_length=100)
    latitude: float
    longitude: float

    def record(self) -> AddressRecord:
        """The geocoder's view of this row."""
        return AddressRecord(
            self.housenumber,
            self.rep,
            self.street,
            self.postcode,
            self.insee_code,
            self.commune,
            self.latitude,
            self.longitude,
        )
