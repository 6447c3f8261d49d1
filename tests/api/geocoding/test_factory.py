"""The import engine's address locator: what it accepts from the geocoder."""

from types import SimpleNamespace
from typing import Any, cast

import pytest

from api.geocoding.base import Candidate
from api.geocoding.factory import import_locator


def locate(candidate: Candidate) -> tuple[float, float, str] | None:
    geocoding = SimpleNamespace(geocode=lambda offline, address, limit: [candidate])
    return import_locator(cast(Any, geocoding), lambda: cast(Any, None))("1 place X")


def candidate(**overrides: Any) -> Candidate:
    values: dict[str, Any] = {
        "label": "1 Place de la Libération 21000 Dijon", "latitude": 47.3216,
        "longitude": 5.0415, "score": 0.9, "precision": "housenumber", "citycode": "21231",
        "postcode": "21000", "geocoder": "offline",
    }  # fmt: skip
    return Candidate(**{**values, **overrides})


def test_a_good_answer_places_the_row() -> None:
    assert locate(candidate()) == (47.3216, 5.0415, "housenumber")


@pytest.mark.parametrize("overrides", [{"score": 0.49}, {"commune_not_found": True}])
def test_a_weak_answer_or_one_outside_the_commune_places_nothing(overrides: dict[str, Any]) -> None:
    assert locate(candidate(**overrides)) is None
