"""French address normalisation and parsing."""

import pytest

from api.geocoding.base import InvalidQuery
from api.geocoding.normalise import (
    ParsedAddress,
    normalise_query,
    normalise_street,
    parse_address,
    split_street_type,
)


@pytest.mark.parametrize(
    "q", ["", "   ", "!!!", "-- ; ,", "a" * 201, "\x00abc", "ab\x1bc", "🙂🙂", "<b></b>", "BP 77"]
)
def test_unusable_queries_are_invalid(q: str) -> None:
    with pytest.raises(InvalidQuery):
        normalise_query(q)
    with pytest.raises(InvalidQuery):
        parse_address(q)


@pytest.mark.parametrize(
    ("q", "expected"),
    [("  14  Rue   Camille-Claudel ", "14 rue camille claudel"),
     ("11 rue de l'Hôpital", "11 rue de l hopital"),
     ("Rue du Sacré-Cœur", "rue du sacre coeur"),
     ("🏠 14 rue Camille Claudel 🙂", "14 rue camille claudel"),
     ("<b>14 rue</b> Camille Claudel", "14 rue camille claudel"),
     ("14 rue Camille Claudel\n21000 Dijon", "14 rue camille claudel 21000 dijon"),
     ("a" * 200, "a" * 200),
     ("n° 3-5 rue Jean XXIII", "3 rue jean xxiii"),
     ("Mairie - BP 77 - 21600 Longvic", "mairie 21600 longvic"),
     ("CS 73310 21033 DIJON CEDEX", "21033 dijon"),
     ("21000 Dijon Cedex 9", "21000 dijon"),
     ("21000 Dijon, France", "21000 dijon")],
)  # fmt: skip
def test_normalise_query(q: str, expected: str) -> None:
    assert normalise_query(q) == expected


@pytest.mark.parametrize(
    ("q", "number", "rep"),
    [("12 rue X", "12", None), ("12bis rue X", "12", "bis"), ("12 bis rue X", "12", "bis"),
     ("2H  rue Darius Milhaud", "2", "h"), ("64E rue Sully", "64", "e"), ("3-5 rue X", "3", None),
     ("21-25 rue Balzac", "21", None), ("1 ter rue de Beaune", "1", "ter"),
     ("12 b av Foch", "12", "b"), ("012 rue X", "12", None), ("rue X", None, None),
     ("Cité Dampierre 6 rue Chancelier", "6", None)],
)  # fmt: skip
def test_house_numbers(q: str, number: str | None, rep: str | None) -> None:
    parsed = parse_address(q)
    assert (parsed.housenumber, parsed.rep) == (number, rep)


@pytest.mark.parametrize(
    ("abbreviated", "street"),
    [("av Foch", "avenue foch"), ("ave Foch", "avenue foch"), ("bd Foch", "boulevard foch"),
     ("bld Foch", "boulevard foch"), ("boul Foch", "boulevard foch"), ("pl Foch", "place foch"),
     ("r Foch", "rue foch"), ("imp Foch", "impasse foch"), ("all Foch", "allee foch"),
     ("che Foch", "chemin foch"), ("chem Foch", "chemin foch"), ("rte de Foch", "route de foch"),
     ("r st Pierre", "rue saint pierre"), ("pl Ste Anne", "place sainte anne"),
     ("r du Fg Raines", "rue du faubourg raines"), ("av du Mal Foch", "avenue du marechal foch"),
     ("pl du Gal de Gaulle", "place du general de gaulle"),
     ("r du Dr Chaussier", "rue du docteur chaussier"),
     ("rue du 1er Mai", "rue du 1 mai"), ("rue du 1ère Armée", "rue du 1 armee"),
     ("rue du 2eme Dragons", "rue du 2 dragons"), ("rue du 2e Dragons", "rue du 2 dragons"),
     ("sq Darcy", "square darcy"), ("qu Nicolas Rolin", "quai nicolas rolin"),
     ("crs Fleury", "cours fleury"), ("fbg Raines", "faubourg raines"),
     ("r du ch neuf", "rue du chemin neuf"),
     ("imp de la rte de Paris", "impasse de la route de paris"),
     ("all du sq Carnot", "allee du square carnot"), ("rpt de l Europe", "rond point de l europe")],
)  # fmt: skip
def test_abbreviations_and_ordinals(abbreviated: str, street: str) -> None:
    assert parse_address(f"3 {abbreviated}").street == street
    assert normalise_street(abbreviated) == street


def test_an_initial_r_inside_a_name_is_not_a_street_type() -> None:
    assert normalise_street("Rue R Poincaré") == "rue r poincare"


@pytest.mark.parametrize(
    ("q", "expected"),
    [("14  rue Camille Claudel 21000 Dijon",
      ParsedAddress("14", None, "rue camille claudel", "21000", "dijon")),
     ("Place du Général de Gaulle 21800 CHEVIGNY ST SAUVEUR",
      ParsedAddress(None, None, "place du general de gaulle", "21800", "chevigny saint sauveur")),
     ("14 rue Camille Claudel, Dijon",
      ParsedAddress("14", None, "rue camille claudel", None, "dijon")),
     ("14 rue Camille Claudel, Dijon 21000",
      ParsedAddress("14", None, "rue camille claudel", "21000", "dijon")),
     ("Place Pierre Mendès France 21240 TALANT, France",
      ParsedAddress(None, None, "place pierre mendes france", "21240", "talant")),
     ("Place Pierre Mendès France",
      ParsedAddress(None, None, "place pierre mendes france", None, None)),
     ("Espace Pierre Desproges - 3  rue de l'Espace 21800 QUETIGNY",
      ParsedAddress("3", None, "rue de l espace", "21800", "quetigny", "espace pierre desproges")),
     ("21000", ParsedAddress(None, None, None, "21000", None)),
     ("quetigny", ParsedAddress(None, None, "quetigny", None, None))],
)  # fmt: skip
def test_parse_address(q: str, expected: ParsedAddress) -> None:
    assert parse_address(q) == expected


@pytest.mark.parametrize(
    ("q", "postcode"),
    [("rue X 01000 Bourg", "01000"), ("rue X 98999 Y", "98999"), ("rue X 00999 Y", None),
     ("rue X 99000 Y", None), ("rue du 8 Mai 1945", None), ("rue X 210000", None)],
)  # fmt: skip
def test_postcode_is_a_five_digit_token_in_range(q: str, postcode: str | None) -> None:
    assert parse_address(q).postcode == postcode


@pytest.mark.parametrize(
    ("street", "split"),
    [("rue de la liberte", ("rue", "liberte")), ("place de la liberation", ("place", "liberation")),
     ("grande rue", ("", "grande rue")), ("camille claudel", ("", "camille claudel"))],
)  # fmt: skip
def test_street_type_and_name(street: str, split: tuple[str, str]) -> None:
    assert split_street_type(street) == split


@pytest.mark.parametrize(
    ("written", "street"),
    [("Rue Ch de Gaulle", "rue ch de gaulle"), ("Rue du Lot", "rue du lot"),
     ("Avenue du Gal Leclerc", "avenue du general leclerc")],
)  # fmt: skip
def test_a_type_abbreviation_inside_a_name_needs_an_article_before_it(
    written: str, street: str
) -> None:
    assert normalise_street(written) == street
