"""Which communes a query may mean (api/geocoding/offline_communes.py), over the seed's 23
communes of Dijon Métropole and the BAN fixture's addresses."""

from functools import cache

import pytest

from api.geocoding.base import GeocodeHints
from api.geocoding.normalise import parse_address
from api.geocoding.offline_communes import (
    COMMUNE_NOT_FOUND_WEIGHT,
    COMMUNE_REACH_M,
    CommuneIndex,
    Hypothesis,
)
from models.geo import geodesic_distance_m
from seed.ban_addresses import read_ban_addresses
from tests.api.geocoding import FIXTURE, load_communes

DIJON, QUETIGNY, CHENOVE, TALANT = "21231", "21515", "21166", "21617"
# 21121: Ahuy, Daix, Fontaine-lès-Dijon and Hauteville-lès-Dijon share it.
SHARED_POSTCODE = frozenset({"21003", "21223", "21278", "21315"})


@cache
def index() -> CommuneIndex:
    return CommuneIndex(load_communes(), list(read_ban_addresses(FIXTURE)))


def readings(q: str, hints: GeocodeHints | None = None) -> list[Hypothesis]:
    return index().hypotheses(parse_address(q), hints)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("dijon", DIJON),
        ("quetigny", QUETIGNY),
        ("chenove", CHENOVE),
        ("neuilly crimolois", "21452"),
        ("crimolois", "21452"),  # former names
        ("neuilly les dijon", "21452"),
    ],
)
def test_a_name_or_former_name_means_its_commune(text: str, code: str) -> None:
    assert index().by_name(text) == (frozenset({code}), 1.0)


def test_the_first_word_of_a_compound_name_means_it_a_little_less() -> None:
    assert index().by_name("chevigny") == (frozenset({"21171"}), 0.95)
    assert index().by_name("fontaine") == (frozenset({"21278"}), 0.95)
    assert index().by_name("saint") is None  # Saint-Apollinaire is not "saint"


def test_one_typo_is_tolerated_at_a_cost() -> None:
    found = index().by_name("quetigni")
    assert found is not None and found[0] == frozenset({QUETIGNY})
    assert 0.85 <= found[1] < 1.0


@pytest.mark.parametrize("text", ["dij", "talent", "paris", "narbonne"])
def test_short_or_unknown_names_mean_nothing(text: str) -> None:
    assert index().by_name(text) is None


def test_display_name_is_the_current_name_else_the_fallback() -> None:
    assert index().display_name("21452", "Neuilly-lès-Dijon") == "Neuilly-Crimolois"
    assert index().display_name("11262", "Narbonne") == "Narbonne"


def test_suggestions_name_the_communes_a_query_spells() -> None:
    assert index().suggestions("3 allee des jardins quetigni", 3) == ["Quetigny"]
    assert index().suggestions("plombieres", 3) == ["Plombières-lès-Dijon"]
    assert index().suggestions("14 rue camille claudel", 3) == []


def test_suggestions_are_at_most_limit() -> None:
    found = index().suggestions("dijon", 2)
    assert found[0] == "Dijon" and len(found) == 2
    assert all("Dijon" in name for name in found)


def test_completion_from_three_letters() -> None:
    found = index().complete("quet", None)
    assert [(c.label, c.citycode, c.precision) for c in found] == [
        ("Quetigny", QUETIGNY, "municipality")
    ]
    assert 0.225 <= found[0].score < 0.45
    assert index().complete("qu", None) == []


def test_completion_keeps_to_the_hinted_commune() -> None:
    assert index().complete("quet", GeocodeHints(citycode=DIJON)) == []
    hinted = index().complete("quet", GeocodeHints(postcode="21800"))
    assert [c.citycode for c in hinted] == [QUETIGNY]


def test_a_commune_alone_keeps_its_score_communes_sharing_a_postcode_halve_it() -> None:
    [dijon] = index().municipalities(frozenset({DIJON}), 0.8)
    assert (dijon.label, dijon.score, dijon.postcode) == ("Dijon", 0.8, "21000")
    shared = index().municipalities(SHARED_POSTCODE, 0.8)
    assert [c.citycode for c in shared] == sorted(SHARED_POSTCODE)
    assert {c.score for c in shared} == {0.4}
    assert index().municipalities(frozenset(), 1.0) == []
    assert index().municipalities(None, 1.0) == []
    assert index().municipalities(frozenset({"11262"}), 1.0) == []  # not ours


def test_nearest_commune_within_reach() -> None:
    at_centroid = index().nearest(47.3228, 5.0374)
    assert at_centroid is not None
    assert (at_centroid.label, at_centroid.score) == ("Dijon", 1.0)
    assert index().nearest(43.1836, 3.0042) is None  # Narbonne


def test_nearest_is_by_centroid_and_scores_fall_with_distance() -> None:
    # PANDA Grésilles lies in Dijon, yet nearer the centroid of Saint-Apollinaire.
    lat, lon = 47.329680, 5.069047
    distance, code = min(
        (geodesic_distance_m(lat, lon, c.latitude, c.longitude), c.insee_code)
        for c in load_communes()
    )
    found = index().nearest(lat, lon)
    assert found is not None
    assert (found.citycode, found.score) == (code, round(1 - distance / COMMUNE_REACH_M, 4))
    assert code == "21540"


def test_city_and_postcode_agreeing_give_one_sure_reading() -> None:
    assert readings("14 rue Camille Claudel 21000 Dijon") == [
        Hypothesis("rue camille claudel", frozenset({DIJON}), 1.0)
    ]


def test_a_city_wins_over_a_contradicting_postcode_at_a_cost() -> None:
    assert readings("14 rue Camille Claudel 21800 Dijon") == [
        Hypothesis("rue camille claudel", frozenset({DIJON}), 0.9)
    ]


def test_an_unknown_city_with_a_known_postcode_keeps_the_postcode() -> None:
    assert readings("14 rue Camille Claudel 21000 Paris") == [
        Hypothesis("rue camille claudel", frozenset({DIJON}), 0.7)
    ]


@pytest.mark.parametrize(
    "q", ["14 rue Camille Claudel 75001", "14 rue Camille Claudel 75001 Paris"]
)
def test_an_unknown_commune_is_ignored_and_said(q: str) -> None:
    assert readings(q) == [
        Hypothesis("rue camille claudel", None, COMMUNE_NOT_FOUND_WEIGHT, commune_not_found=True)
    ]


def test_a_shared_postcode_allows_each_of_its_communes() -> None:
    assert readings("5 rue des Ponnieres 21121") == [
        Hypothesis("rue des ponnieres", SHARED_POSTCODE, 0.9)
    ]


def test_a_commune_named_at_the_end_of_the_street_is_peeled_off() -> None:
    assert readings("3 allee des jardins quetigny") == [
        Hypothesis(
            "allee des jardins quetigny", None, 0.9, named=frozenset({QUETIGNY}), tail="quetigny"
        ),
        Hypothesis("allee des jardins", frozenset({QUETIGNY}), 1.0),
    ]


def test_a_commune_after_an_article_belongs_to_the_street() -> None:
    # "7 rue de Longvic" is a street of Chenôve, not an address in Longvic.
    assert readings("7 rue de Longvic") == [Hypothesis("rue de longvic", None, 0.9)]


def test_a_commune_before_the_number_names_the_commune() -> None:
    assert readings("Chenove 2 place Pierre Meunier") == [
        Hypothesis("place pierre meunier", None, 0.9, named=frozenset({CHENOVE})),
        Hypothesis("place pierre meunier", frozenset({CHENOVE}), 1.0),
    ]


def test_hints_restrict_every_reading_and_drop_the_empty_ones() -> None:
    hinted = readings("3 allee des jardins quetigny", GeocodeHints(citycode=QUETIGNY))
    assert [h.communes for h in hinted] == [frozenset({QUETIGNY})] * 2
    assert readings("14 rue Camille Claudel 21000 Dijon", GeocodeHints(citycode=TALANT)) == []
    by_postcode = readings("14 rue Camille Claudel", GeocodeHints(postcode="21121"))
    assert [h.communes for h in by_postcode] == [SHARED_POSTCODE]
    both = readings("14 rue Camille Claudel", GeocodeHints(citycode="21278", postcode="21121"))
    assert [h.communes for h in both] == [frozenset({"21278"})]
