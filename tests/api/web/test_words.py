"""The French words and formats the pages share: equipment names, distances, phones."""

from api.web.words import EQUIPMENT_FR, VAGUE_LOCATION, format_distance, format_phone
from models.vocabulary import Equipment


def test_every_equipment_has_a_french_name() -> None:
    assert set(EQUIPMENT_FR) == set(Equipment)
    assert EQUIPMENT_FR[Equipment.WIFI] == "Wi-Fi"


def test_a_french_number_is_written_in_pairs_and_others_as_they_are() -> None:
    assert format_phone("+33380488414") == "03 80 48 84 14"
    assert format_phone("+590590123456") == "+590590123456"
    assert format_phone("+3338048841") == "+3338048841"  # too short to be a French number


def test_distances_are_rounded_as_people_say_them() -> None:
    assert format_distance(12) == "à moins de 50 m"
    assert format_distance(349) == "à 350 m"
    assert format_distance(1234) == "à 1,2 km"


def test_a_place_known_only_by_its_commune_is_told_to_the_kilometre() -> None:
    assert format_distance(20, "municipality") == "à environ 1 km"
    assert format_distance(12_600, "municipality") == "à environ 13 km"
    assert "précisément" in VAGUE_LOCATION
