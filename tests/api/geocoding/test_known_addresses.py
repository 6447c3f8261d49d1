"""Addresses the offline geocoder learns from the places (api/geocoding/known_addresses.py):
only an address line that starts with a house number gives one, at the place's position."""

from datetime import UTC, datetime
from typing import Any

import pytest

from api.geocoding.known_addresses import numbered_address, place_addresses
from models.access_point import AccessPointPublic
from models.address import AddressRecord
from seed.loader import ACCESS_POINTS_FILE, read_seed_file

SEED: list[dict[str, Any]] = read_seed_file(ACCESS_POINTS_FILE)["access_points"]


def seed_place(address: str, **changes: Any) -> AccessPointPublic:
    """The seed's place at this address, as the API serves it."""
    fields = next(p for p in SEED if p["address"] == address)
    now = datetime(2025, 7, 1, tzinfo=UTC)
    return AccessPointPublic.model_validate(fields | {"id": 1, "updated_at": now} | changes)


@pytest.mark.parametrize(
    ("address", "line"),
    [
        ("14 rue Camille Claudel", "14 rue Camille Claudel"),
        ("2H rue Darius Milhaud", "2H rue Darius Milhaud"),
        ("10 bis place Granville", "10 bis place Granville"),
        ("3-5 rue Jean XXIII", "3-5 rue Jean XXIII"),
        ("7bis rue du Chapeau Rouge", "7bis rue du Chapeau Rouge"),
        # The seed's Grésilles address with the postal box of its Longvic line.
        ("14 rue Camille Claudel - BP 77", "14 rue Camille Claudel"),
        ("14  rue Camille   Claudel", "14 rue Camille Claudel"),
    ],
)
def test_a_numbered_line_without_its_postal_box(address: str, line: str) -> None:
    assert numbered_address(address) == line


@pytest.mark.parametrize(
    "address",
    [
        "Rue Mère Javouhey",
        "Mairie de Longvic - Allée de la Mairie - BP 77",
        "Cité Dampierre 6 rue Chancelier de l'Hospital",
        "Atheneum. Centre culturel universitaire",
    ],
)
def test_a_line_without_a_leading_number_gives_none(address: str) -> None:
    assert numbered_address(address) is None


@pytest.mark.parametrize(
    ("address", "number", "rep", "street"),
    [
        ("14 rue Camille Claudel", "14", "", "Rue Camille Claudel"),
        ("64E rue Sully", "64", "e", "Rue Sully"),
        ("2H rue Darius Milhaud", "2", "h", "Rue Darius Milhaud"),
        ("10 bis place Granville", "10", "bis", "Place Granville"),
        ("1 ter rue de Beaune", "1", "ter", "Rue de Beaune"),
        ("7bis rue du Chapeau Rouge", "7", "bis", "Rue du Chapeau Rouge"),
        ("3-5 rue Jean XXIII", "3", "", "Rue Jean XXIII"),
        ("21-25 rue Balzac", "21", "", "Rue Balzac"),
    ],
)
def test_a_place_gives_its_number_suffix_and_street(
    address: str, number: str, rep: str, street: str
) -> None:
    place = seed_place(address)
    assert place_addresses([place]) == [
        AddressRecord(
            housenumber=number,
            rep=rep,
            street=street,
            postcode=place.postcode,
            insee_code=place.insee_code or "",
            commune=place.commune,
            latitude=place.latitude,
            longitude=place.longitude,
        )
    ]


def test_places_without_number_or_commune_code_give_nothing() -> None:
    places = [
        seed_place("Rue Mère Javouhey"),
        seed_place("Place Coluche"),
        seed_place("14 rue Camille Claudel", insee_code=None),
    ]
    assert place_addresses(places) == []


def test_leading_zeros_go_and_zero_stays() -> None:
    claudel = seed_place("14 rue Camille Claudel")
    padded = claudel.model_copy(update={"address": "014 rue Camille Claudel"})
    zero = claudel.model_copy(update={"address": "0 rue Camille Claudel"})
    assert [r.housenumber for r in place_addresses([padded, zero])] == ["14", "0"]


def test_every_numbered_place_of_the_seed_is_learnt() -> None:
    now = datetime(2025, 7, 1, tzinfo=UTC)
    places = [
        AccessPointPublic.model_validate(p | {"id": i, "updated_at": now})
        for i, p in enumerate(SEED, 1)
    ]
    records = place_addresses(places)
    numbered = [p for p in places if numbered_address(p.address) is not None]
    assert len(records) == len(numbered) > 0
    assert all(r.street[0].isupper() and r.housenumber.isdigit() for r in records)
