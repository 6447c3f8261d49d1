"""What every geocoder answers, takes and raises (api/geocoding/base.py)."""

import dataclasses

import pytest

from api.geocoding.base import (
    Candidate,
    GeocodeHints,
    GeocoderUnavailable,
    InvalidQuery,
    housenumber_label,
)

GRESILLES = Candidate(
    "14 Rue Camille Claudel 21000 Dijon", 47.32968, 5.069047, 0.98, "housenumber",
    "21231", "21000", "offline",
)  # fmt: skip


@pytest.mark.parametrize(
    ("number", "rep", "label"),
    [("14", "", "14"), ("64", "e", "64E"), ("2", "h", "2H"), ("10", "bis", "10 bis"),
     ("1", "ter", "1 ter")],
)  # fmt: skip
def test_a_house_number_as_labels_write_it(number: str, rep: str, label: str) -> None:
    # The seed's "64E rue Sully", "2H rue Darius Milhaud", "10 bis place Granville", "1 ter rue
    # de Beaune".
    assert housenumber_label(number, rep) == label


def test_unavailable_tells_when_to_retry_if_it_can() -> None:
    assert GeocoderUnavailable("quota").retry_after_s is None
    error = GeocoderUnavailable("quota", retry_after_s=2.5)
    assert (str(error), error.retry_after_s) == ("quota", 2.5)


def test_an_invalid_query_is_a_value_error_told_in_both_languages() -> None:
    error = InvalidQuery("query too long", fr="requête trop longue")
    assert isinstance(error, ValueError)
    assert (str(error), error.fr) == ("query too long", "requête trop longue")
    assert InvalidQuery("empty query").fr == "empty query"


def test_a_candidate_found_precisely_is_no_fallback_by_default() -> None:
    assert (GRESILLES.street_not_found, GRESILLES.commune_not_found) == (False, False)
    assert (GRESILLES.alternatives, GRESILLES.street_match) == ((), 0.0)


def test_candidates_are_values_nobody_changes() -> None:
    assert dataclasses.replace(GRESILLES) == GRESILLES
    assert hash(GRESILLES) == hash(dataclasses.replace(GRESILLES))
    assert dataclasses.replace(GRESILLES, score=0.5) != GRESILLES
    with pytest.raises(dataclasses.FrozenInstanceError):
        GRESILLES.score = 1.0  # type: ignore[misc]


def test_a_street_not_found_carries_its_alternatives() -> None:
    dijon = Candidate("Dijon", 47.3228, 5.0374, 0.5, "municipality", "21231", "21000", "offline")
    answer = dataclasses.replace(dijon, street_not_found=True, alternatives=(GRESILLES,))
    assert answer.alternatives[0].label == "14 Rue Camille Claudel 21000 Dijon"


def test_hints_restrict_nothing_unless_given() -> None:
    assert dataclasses.astuple(GeocodeHints()) == (None, None, None, None)
    assert GeocodeHints(citycode="21231").postcode is None
