"""A commune or postcode in the query restricts the offline geocoder's answers to it.

tests/fixtures/ban-liberation-dijon-aude.csv holds two look-alike rows (source_position
"approx"): Place de la Libération in Dijon (21231) and one in Narbonne (11262, Aude), both at a
placeholder number 1 and approximate positions: the national import of issue 11, where
« place de la Libération Dijon » landed in the Aude.
"""

import pytest

from api.geocoding.base import AddressRecord, Candidate, CommuneRecord
from api.geocoding.offline import OfflineGeocoder
from seed.ban_addresses import read_ban_addresses
from tests.api.geocoding import load_communes
from tests.data_files import fixture

ROWS = list(read_ban_addresses(fixture("ban-liberation-dijon-aude.csv")))
# Narbonne: INSEE 11262, postcode 11100, town coordinates 43°11′01″ N, 3°00′15″ E.
NARBONNE = CommuneRecord("11262", "Narbonne", "11100", 43.1836, 3.0042, ())
DIJON, AUDE = "21231", "11262"


def geocoder(rows: list[AddressRecord]) -> OfflineGeocoder:
    return OfflineGeocoder([*load_communes(), NARBONNE], rows)


def both() -> OfflineGeocoder:
    return geocoder(ROWS)


def narbonne_only() -> OfflineGeocoder:
    return geocoder([r for r in ROWS if r.insee_code == AUDE])


def codes(found: list[Candidate]) -> set[str]:
    return {c.citycode for c in found} | {a.citycode for c in found for a in c.alternatives}


@pytest.mark.parametrize(
    "q",
    ["place de la Libération Dijon", "place de la liberation, Dijon",
     "Place de la Libération 21000", "place de la liberation 21000 Dijon",
     "place de la liberation dijn"],
)  # fmt: skip
def test_a_named_commune_keeps_the_answer_in_it(q: str) -> None:
    found = both().geocode(q)
    assert found[0].label == "Place de la Libération 21000 Dijon"
    assert codes(found) == {DIJON}


@pytest.mark.parametrize(
    "q",
    [
        "place de la Libération Dijon",
        "place de la liberation, Dijon",
        "place de la liberation 21000",
    ],
)
def test_a_named_commune_without_the_street_says_street_not_found_never_the_aude(q: str) -> None:
    found = narbonne_only().geocode(q)
    assert [(c.label, c.precision, c.street_not_found) for c in found] == [
        ("Dijon", "municipality", True)
    ]
    assert codes(found) == {DIJON}
    assert not found[0].commune_not_found


def test_the_other_commune_named_answers_there() -> None:
    found = both().geocode("place de la liberation narbonne")
    assert [(c.label, c.citycode) for c in found] == [
        ("Place de la Libération 11100 Narbonne", AUDE)
    ]


def test_no_commune_named_offers_both() -> None:
    found = both().geocode("place de la liberation")
    assert {c.citycode for c in found} == {DIJON, AUDE}
    assert not any(c.commune_not_found for c in found)


@pytest.mark.parametrize(
    "q", ["place de la liberation, Trifouilly", "1 place de la liberation 75001"]
)
def test_an_unknown_commune_or_postcode_is_ignored_and_said(q: str) -> None:
    found = both().geocode(q)
    assert {c.citycode for c in found} == {DIJON, AUDE}
    assert all(c.commune_not_found and c.score <= 0.5 for c in found)


def test_a_street_named_like_a_commune_is_still_the_street() -> None:
    # SYNTHETIC: a "Rue de Talant" written without its article, in Dijon.
    rows = [AddressRecord("3", "", "Rue Talant", "21000", DIJON, "Dijon", 47.33, 5.02)]
    found = geocoder(rows).geocode("3 rue talant")
    assert (found[0].label, found[0].citycode) == ("3 Rue Talant 21000 Dijon", DIJON)


def test_a_commune_before_the_number_restricts_too() -> None:
    found = both().geocode("Dijon 1 place de la liberation")
    assert codes(found) == {DIJON}


@pytest.mark.parametrize(
    ("q", "names"),
    [("rue imaginaire quetigni", ["Quetigny"]), ("zzqx wvvk", []),
     ("3 rue x chevigny st sauveur", ["Chevigny-Saint-Sauveur"]), ("x", ["Daix"])],
)  # fmt: skip
def test_commune_suggestions_are_communes_spelt_in_the_words(q: str, names: list[str]) -> None:
    assert both().commune_suggestions(q) == names


def test_a_secondary_postcode_names_its_commune() -> None:
    # Paris (75056): postcodes 75001 to 75020 and 75116; centre 48.8566 N, 2.3522 E.
    codes = (*(f"750{n:02d}" for n in range(2, 21)), "75116")
    paris = CommuneRecord("75056", "Paris", "75001", 48.8566, 2.3522, (), codes)
    found = geocoder_with(paris).geocode("place de la liberation 75011")
    assert [(c.label, c.street_not_found, c.commune_not_found) for c in found] == [
        ("Paris", True, False)
    ]


def geocoder_with(commune: CommuneRecord) -> OfflineGeocoder:
    return OfflineGeocoder([*load_communes(), NARBONNE, commune], ROWS)
