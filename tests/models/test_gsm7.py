"""The GSM 03.38 alphabet: transliteration, length in septets, SMS count."""

import pytest

from models.gsm7 import is_gsm7, segments, septets, to_gsm7


def test_to_gsm7_replaces_typographic_signs() -> None:
    assert to_gsm7("« Côte-d’Or » 09:00–12:00…") == '" Cote-d\'Or " 09:00-12:00...'


def test_to_gsm7_keeps_letters_of_the_alphabet() -> None:
    assert to_gsm7("éèàùìòÇÉäöñüÄÖÑÜ€[]") == "éèàùìòÇÉäöñüÄÖÑÜ€[]"


def test_to_gsm7_drops_accents_outside_the_alphabet() -> None:
    assert to_gsm7("Chenôve, garçon, fenêtre, île, âge, Noël, œuvre") == (
        "Chenove, garcon, fenetre, ile, age, Noel, oeuvre"
    )


def test_to_gsm7_unknown_character_becomes_question_mark() -> None:
    assert to_gsm7("a😀b") == "a?b"


def test_is_gsm7_refuses_en_dash_and_o_circumflex() -> None:
    assert (is_gsm7("09:00-12:00 é"), is_gsm7("09:00–12:00"), is_gsm7("ô")) == (True, False, False)


def test_septets_counts_extension_characters_twice() -> None:
    assert septets("a€[]{}") == 11


def test_septets_refuses_characters_outside_the_alphabet() -> None:
    with pytest.raises(ValueError, match=r"not in the GSM 03\.38 alphabet"):
        septets("–")


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),
        ("€" * 81, 2),
        # An escape and its character are never split: 152 + 2 does not fit in 153.
        ("a" * 152 + "€" + "a" * 152, 3),
    ],
)
def test_segments_counts_160_then_153_per_part(text: str, count: int) -> None:
    assert segments(text) == count
