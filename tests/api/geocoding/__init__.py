"""Tests of the offline geocoder; loaders of the seed's communes and places, and the BAN fixture."""

from dataclasses import dataclass

from api.geocoding.base import CommuneRecord
from seed.loader import ACCESS_POINTS_FILE, COMMUNES_FILE, read_seed_file
from tests.data_files import fixture

FIXTURE = fixture("ban-dijon-sample.csv")


@dataclass(frozen=True)
class Place:
    """A place of the seed (the MedNum BFC census in Dijon Métropole): its address and position."""

    address: str
    postcode: str
    city: str
    latitude: float
    longitude: float
    insee_code: str


def load_communes() -> list[CommuneRecord]:
    """The 23 communes of Dijon Métropole, from the project's seed."""
    return [
        CommuneRecord(
            insee_code=c["insee_code"],
            name=c["name"],
            postcode=c["postcode"],
            latitude=c["latitude"],
            longitude=c["longitude"],
            former_names=tuple(c["former_names"]),
        )
        for c in read_seed_file(COMMUNES_FILE)["communes"]
    ]


def metro_places() -> list[Place]:
    """The seed's 68 places, all in the 23 communes, as the census placed them."""
    return [
        Place(
            p["address"],
            p["postcode"],
            p["commune"],
            p["latitude"],
            p["longitude"],
            p["insee_code"],
        )
        for p in read_seed_file(ACCESS_POINTS_FILE)["access_points"]
    ]
