"""Which point answers a house number, abbreviations read as words, and how ties are broken."""

from api.geocoding.base import AddressRecord
from api.geocoding.offline import OfflineGeocoder
from tests.api.geocoding import load_communes, metro_places

CHENOVE = "21166"


def chenove_place() -> AddressRecord:
    """The seed's Espace Public Numérique de Chenôve, 2 place Pierre Meunier, at its own point."""
    place = next(p for p in metro_places() if p.address == "2 place Pierre Meunier")
    return AddressRecord(
        "2", "", "place Pierre Meunier", "21300", CHENOVE, "Chenôve",
        place.latitude, place.longitude,
    )  # fmt: skip


# SYNTHETIC point standing in for the address base's (issue 11 measured 712 m between them).
BAN_ROW = AddressRecord(
    "2", "", "Place Pierre Meunier", "21300", CHENOVE, "Chenôve", 47.2930, 5.0090
)


def test_the_address_base_point_answers_a_number_a_place_also_knows() -> None:
    geocoder = OfflineGeocoder(load_communes(), [BAN_ROW, chenove_place()])
    found = geocoder.geocode("2 place Pierre-Meunier, 21300 Chenôve")[0]
    assert (found.label, found.precision) == ("2 Place Pierre Meunier 21300 Chenôve", "housenumber")
    assert (found.latitude, found.longitude) == (BAN_ROW.latitude, BAN_ROW.longitude)


def test_a_place_alone_still_answers_its_number() -> None:
    place = chenove_place()
    found = OfflineGeocoder(load_communes(), [place]).geocode("2 place Pierre Meunier Chenôve")[0]
    assert (found.latitude, found.longitude) == (place.latitude, place.longitude)


# SYNTHETIC streets (invented positions) in Talant: abbreviations and ties.
def talant(street: str, latitude: float, number: str = "3") -> AddressRecord:
    return AddressRecord(number, "", street, "21240", "21617", "Talant", latitude, 5.0)


def test_abbreviated_types_inside_the_name_find_the_street() -> None:
    rows = [talant("Rue du Chemin Neuf", 47.33), talant("Rue Neuve", 47.34)]
    found = OfflineGeocoder(load_communes(), rows).geocode("3 r du ch neuf")[0]
    assert (found.label, found.precision) == ("3 Rue du Chemin Neuf 21240 Talant", "housenumber")


def test_abbreviated_and_written_out_meet_both_ways() -> None:
    rows = [talant("Imp. du Sq Darcy", 47.33)]  # the index side abbreviated, the query not
    found = OfflineGeocoder(load_communes(), rows).geocode("3 impasse du square darcy talant")[0]
    assert (found.precision, found.score) == ("housenumber", 1.0)


def test_equal_scores_go_to_the_street_holding_more_of_the_typed_name() -> None:
    rows = [talant("Rue Imaginaire", 47.33, "1"), talant("Rue Imaginaire Haute", 47.34, "1")]
    found = OfflineGeocoder(load_communes(), rows).geocode("rue imaginaire haute quartier nord")
    assert found[0].score == found[1].score
    assert [c.label for c in found[:2]] == [
        "Rue Imaginaire Haute 21240 Talant",  # label order would put it second
        "Rue Imaginaire 21240 Talant",
    ]
    assert found[0].street_match > found[1].street_match


def test_fully_equal_candidates_keep_the_order_they_were_found_in() -> None:
    rows = [talant("Rue Imaginaire", 47.33, "1"), talant("Rue Imaginaire", 47.34, "1")]
    rows[0] = AddressRecord("1", "", "Rue Imaginaire", "21800", "21515", "Quetigny", 47.31, 5.1)
    found = OfflineGeocoder(load_communes(), rows).geocode("1 rue imaginaire")
    assert [c.citycode for c in found[:2]] == ["21515", "21617"]
    reverse = OfflineGeocoder(load_communes(), rows[::-1]).geocode("1 rue imaginaire")
    assert [c.citycode for c in reverse[:2]] == ["21617", "21515"]
