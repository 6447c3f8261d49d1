"""Streets of the address base and fuzzy street search (api/geocoding/offline_streets.py), over
the BAN fixture's addresses (and the seed's places, as the read model adds them)."""

import dataclasses
from datetime import UTC, datetime
from functools import cache

import pytest

from api.geocoding.known_addresses import place_addresses
from api.geocoding.offline_communes import CommuneIndex
from api.geocoding.offline_streets import (
    MIN_STREET_SIMILARITY,
    Street,
    StreetIndex,
    holds,
    query_key,
    street_match,
    street_similarity,
)
from models.access_point import AccessPointPublic
from models.address import AddressRecord
from seed.ban_addresses import read_ban_addresses
from seed.loader import ACCESS_POINTS_FILE, read_seed_file
from tests.api.geocoding import FIXTURE, load_communes

DIJON, QUETIGNY = "21231", "21515"


@cache
def addresses() -> tuple[AddressRecord, ...]:
    return tuple(read_ban_addresses(FIXTURE))


def make_index(records: tuple[AddressRecord, ...] | list[AddressRecord]) -> StreetIndex:
    communes = CommuneIndex(load_communes(), records)
    return StreetIndex(records, communes.display_name)


@cache
def index() -> StreetIndex:
    return make_index(addresses())


def street(key: str) -> Street:
    return next(s for s in index().streets if s.key == key)


def labels(hits: list[tuple[Street, float]]) -> list[str]:
    return [s.label for s, _ in hits]


def test_addresses_group_by_commune_and_normalised_name() -> None:
    droit = street("rue de l ecole de droit")
    assert (droit.kind, droit.name, droit.label) == (
        "rue",
        "ecole droit",
        "Rue de l'École de Droit",
    )
    assert sorted(droit.numbers) == [(3, ""), (7, "")]
    assert (droit.insee_code, droit.postcode, droit.commune) == (DIJON, "21000", "Dijon")
    assert len({(s.insee_code, s.key) for s in index().streets}) == len(index().streets)


def test_numbers_keep_their_suffix_and_point_at_their_record() -> None:
    sully, granville = street("rue sully"), street("place granville")
    assert list(sully.numbers) == [(64, "e")]
    assert list(granville.numbers) == [(10, "bis")]
    record = addresses()[granville.numbers[10, "bis"]]
    assert (record.housenumber, record.rep, record.street) == ("10", "bis", "Place Granville")


def test_the_address_base_comes_before_the_places() -> None:
    # The read model indexes the BAN, then the places' own addresses: the BAN's record wins.
    now = datetime(2025, 7, 1, tzinfo=UTC)
    seed = read_seed_file(ACCESS_POINTS_FILE)["access_points"]
    places = [AccessPointPublic.model_validate(p | {"id": 1, "updated_at": now}) for p in seed]
    records = [*addresses(), *place_addresses(places)]
    claudel = next(s for s in make_index(records).streets if s.key == "rue camille claudel")
    first = claudel.numbers[14, ""]
    assert first < len(addresses())
    assert records[first] == next(a for a in addresses() if a.street == "Rue Camille Claudel")


def test_a_number_that_is_not_digits_sorts_as_zero() -> None:
    odd = dataclasses.replace(addresses()[1], housenumber="A")  # Rue Camille Claudel
    claudel = next(s for s in make_index([odd]).streets if s.key == "rue camille claudel")
    assert list(claudel.numbers) == [(0, "")]


def test_the_commune_shown_is_its_current_name() -> None:
    former = dataclasses.replace(addresses()[0], commune="Dijon (ancienne)")
    assert make_index([former]).streets[0].commune == "Dijon"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("rue de la liberte", ("rue", "liberte")),
        ("boulevard mansart", ("boulevard", "mansart")),
        ("bouelvard mansart", ("boulevard", "mansart")),  # a misspelt type is still a type
        ("camille claudel", ("", "camille claudel")),
    ],
)
def test_query_key(typed: str, key: tuple[str, str]) -> None:
    assert query_key(typed) == key


def similarity(typed: str, key: str) -> float:
    return street_similarity(typed, query_key(typed), street(key))


def test_similarity_is_one_only_for_the_exact_street() -> None:
    assert similarity("rue camille claudel", "rue camille claudel") == 1.0
    assert similarity("rue claudel camille", "rue camille claudel") == pytest.approx(0.98)
    assert 0.9 < similarity("rue camile claudel", "rue camille claudel") < 0.98


def test_a_district_name_after_the_street_keeps_it_close() -> None:
    assert similarity("rue camille claudel gresilles", "rue camille claudel") >= 0.98 * 0.85


def test_the_street_type_weighs_heavily() -> None:
    no_type = similarity("camille claudel", "rue camille claudel")
    other_type = similarity("avenue camille claudel", "rue camille claudel")
    assert other_type < MIN_STREET_SIMILARITY < no_type < 0.98
    assert similarity("rue de la liberte", "place de la liberation") < 0.5


def test_match_finds_the_street_typed_and_refuses_far_ones() -> None:
    assert labels(index().match("rue camile claudel", None)) == ["Rue Camille Claudel"]
    assert labels(index().match("bouelvard mansart", None)) == ["Boulevard Mansart"]
    assert labels(index().match("rue de la liberte", None)) == ["Rue de la Liberté"]
    assert labels(index().match("place de la liberation", None)) == ["Place de la Libération"]
    assert index().match("avenue camille claudel", None) == []
    assert index().match("rue de la liberation", None) == []


def test_match_keeps_to_the_communes_given() -> None:
    assert index().match("rue camille claudel", frozenset({QUETIGNY})) == []
    both = index().match("allee des jardins", frozenset({QUETIGNY, DIJON}))
    assert [(s.label, s.insee_code, sim) for s, sim in both] == [
        ("Allée des Jardins", QUETIGNY, 1.0)
    ]


def test_complete_from_the_words_begun() -> None:
    [(found, weight)] = index().complete("rue cam", None)
    assert found.label == "Rue Camille Claudel" and 0.225 * 0.9 < weight < 0.45
    [(other_type, lower)] = index().complete("avenue cam", None)
    assert other_type is found and lower < weight  # another type than the street's
    assert index().complete("rue ca", None) == []  # two letters complete nothing
    assert index().complete("jard", frozenset({DIJON})) == []
    assert labels(index().complete("saint", None)) == ["Place Saint-Michel", "Place Saint-Bénigne"]


def test_closest_names_for_a_street_not_found() -> None:
    closest = index().closest("rue des fleur", None, 3)
    assert len(closest) == 3
    assert closest[0][0].label == "Rue des Fleurs"
    assert [sim for _, sim in closest] == sorted((sim for _, sim in closest), reverse=True)
    in_quetigny = index().closest("rue des fleur", frozenset({QUETIGNY}), 5)
    assert {s.insee_code for s, _ in in_quetigny} == {QUETIGNY}
    assert len(in_quetigny) == sum(s.insee_code == QUETIGNY for s in index().streets)


def test_street_match_is_the_share_of_typed_words_found() -> None:
    claudel = street("rue camille claudel")
    assert street_match("camille claudel", claudel) == 1.0
    assert street_match("cam", claudel) == 1.0  # begun
    assert street_match("camile zola", claudel) == 0.5  # one typo, one other word
    assert street_match("ca", claudel) == 0.0
    assert street_match("", claudel) == 0.0


def test_holds_a_word_of_the_street_name() -> None:
    assert holds("longvic", street("rue de longvic"))
    assert holds("claudle", street("rue camille claudel"))  # one typo
    assert not holds("buffon", street("rue camille claudel"))
    assert not holds("saint", street("place saint michel"))  # glue names nothing alone
    assert not holds("de", street("rue de longvic"))  # too short
