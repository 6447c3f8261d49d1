"""Tests of the offline geocoder; loaders of the shared reference data and the BAN fixture."""

import csv
from dataclasses import dataclass
from pathlib import Path

from api.geocoding.base import CommuneRecord
from models.text import fold_place_name

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ban-dijon-sample.csv"


@dataclass(frozen=True)
class Place:
    """A row of bfc-ternum-dataset.csv in Dijon Métropole: an address and its real position."""

    address: str
    postcode: str
    city: str
    latitude: float
    longitude: float
    insee_code: str


def load_communes() -> list[CommuneRecord]:
    """The 23 communes of Dijon Métropole, from the shared reference file."""
    with open(SHARED_DATA / "dijon-metropole-communes.csv", encoding="utf-8") as file:
        return [
            CommuneRecord(
                insee_code=row["code_insee"],
                name=row["nom"],
                postcode=row["code_postal"],
                latitude=float(row["centroid_lat"]),
                longitude=float(row["centroid_lon"]),
                former_names=tuple(n for n in row["former_names"].split("|") if n),
            )
            for row in csv.DictReader(file)
        ]


def metro_places() -> list[Place]:
    """Rows of the MedNum BFC census whose `ville` (folded, St → Saint) is one of the 23."""
    by_name = {fold_place_name(c.name): c.insee_code for c in load_communes()}
    with open(SHARED_DATA / "bfc-ternum-dataset.csv", encoding="utf-8") as file:
        return [
            Place(
                row["adresse"],
                row["code_postal"],
                row["ville"],
                float(row["lat"]),
                float(row["lon"]),
                by_name[fold_place_name(row["ville"])],
            )
            for row in csv.DictReader(file)
            if fold_place_name(row["ville"]) in by_name
        ]
