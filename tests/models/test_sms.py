"""models/sms.py: a place's SMS on its own clock, two SMS at most, and numbers as dialled."""

from datetime import UTC, datetime
from typing import Any

import pytest

from models import gsm7
from models.access_point import AccessPointPublic
from models.sms import SMS_MAX_CHARS, SMS_MAX_SEGMENTS, national, sms_text
from seed.loader import ACCESS_POINTS_FILE, read_seed_file

UPDATED = datetime(2025, 1, 1, tzinfo=UTC)
# An invented place in Basse-Terre (INSEE 97105, postcode 97100, the commune's centroid).
BASSE_TERRE: dict[str, Any] = {
    "name": "Lieu d'essai Basse-Terre",
    "address": "1 rue d'essai",
    "postcode": "97100",
    "commune": "Basse-Terre",
    "insee_code": "97105",
    "latitude": 16.0002,
    "longitude": -61.7284,
    "phone": "+590590123456",
    "opening_hours": "Mo-Fr 08:00-12:00",
}


def seed_place(**overrides: Any) -> AccessPointPublic:
    """PANDA Grésilles as the seed publishes it, with some fields replaced."""
    records = read_seed_file(ACCESS_POINTS_FILE)["access_points"]
    record = next(r for r in records if r["name"] == "PANDA Grésilles")
    return AccessPointPublic.model_validate({**record, "id": 1, "updated_at": UPDATED, **overrides})


@pytest.mark.parametrize(
    ("phone", "dialled"),
    [
        ("+33380488414", "03 80 48 84 14"),
        ("+33612345678", "06 12 34 56 78"),
        ("+590590123456", "05 90 12 34 56"),  # Guadeloupe
        ("+596596123456", "05 96 12 34 56"),  # Martinique
        ("+594594123456", "05 94 12 34 56"),  # Guyane
        ("+262262123456", "02 62 12 34 56"),  # La Réunion
        ("+262639123456", "06 39 12 34 56"),  # Mayotte
    ],
)
def test_ten_digit_numbers_are_given_as_dialled_at_home(phone: str, dialled: str) -> None:
    assert national(phone) == dialled


@pytest.mark.parametrize(
    "phone",
    [
        "+508411234",  # Saint-Pierre-et-Miquelon: six digits, no leading 0
        "+68940123456",  # French Polynesia: eight digits
        "+687271234",  # New Caledonia
        "+3338048841",  # one digit short
        "+333804884140",  # one digit too many
        "+41791234567",  # not French
        "03 80 48 84 14",  # not E.164
    ],
)
def test_other_numbers_are_left_as_they_are(phone: str) -> None:
    assert national(phone) == phone


def test_two_sms_hold_two_concatenated_parts() -> None:
    assert SMS_MAX_CHARS == SMS_MAX_SEGMENTS * gsm7.CONCATENATED_PART == 306


def test_a_seed_place_sms_is_name_address_hours_phone() -> None:
    text = sms_text(seed_place(), datetime(2025, 7, 15, 8, tzinfo=UTC))  # 10:00 in Dijon
    assert text.splitlines() == [
        "PANDA Grésilles",
        "14 rue Camille Claudel, 21000 Dijon",
        "Aujourd'hui : 09:00-12:00, 14:00-18:00",
        "Tél. 03 80 48 84 14",
    ]


def test_a_place_without_phone_has_no_phone_line() -> None:
    text = sms_text(seed_place(phone=None), datetime(2025, 7, 15, 8, tzinfo=UTC))
    assert len(text.splitlines()) == 3
    assert "Tél." not in text


def test_an_aware_moment_is_read_on_the_place_clock() -> None:
    # 11:00 UTC is 13:00 in Dijon, after the morning; the same instant is 07:00 in Guadeloupe.
    at = datetime(2025, 7, 15, 11, tzinfo=UTC)
    dijon = sms_text(seed_place(opening_hours="Mo-Fr 08:00-12:00"), at)
    guadeloupe = sms_text(seed_place(**BASSE_TERRE), at)
    assert dijon.splitlines()[2] == "Fermé maintenant, ouvre demain à 08:00"
    assert guadeloupe.splitlines()[2] == "Aujourd'hui : 08:00-12:00"


def test_an_overseas_place_gives_its_number_as_dialled_there() -> None:
    text = sms_text(seed_place(**BASSE_TERRE), datetime(2025, 7, 15, 11, tzinfo=UTC))
    assert text.splitlines()[-1] == "Tél. 05 90 12 34 56"


def test_an_overseas_place_follows_its_own_holidays() -> None:
    # 27 May, abolition of slavery: a holiday in Guadeloupe, not in the métropole.
    at = datetime(2025, 5, 27, 13, tzinfo=UTC)  # 09:00 in Guadeloupe
    guadeloupe = sms_text(seed_place(**BASSE_TERRE), at).splitlines()[2]
    dijon = sms_text(seed_place(opening_hours="Mo-Fr 08:00-17:00"), at).splitlines()[2]
    assert guadeloupe == "Jour férié : horaires non confirmés, appelez avant"
    assert dijon == "Aujourd'hui : 08:00-17:00"


def test_a_long_name_is_cut_at_a_word_and_the_rest_kept() -> None:
    name = "Espace numérique d'essai de la Métropole " * 7
    text = sms_text(seed_place(name=name.strip()), datetime(2025, 7, 15, 8, tzinfo=UTC))
    first, *rest = text.splitlines()
    kept = first.removesuffix("...")
    assert kept != first and not kept.endswith(" ")
    # A prefix of the name (in the GSM alphabet) that ends where a word ends.
    whole = gsm7.to_gsm7(name.strip())
    assert whole.startswith(kept) and whole[len(kept)] == " "
    assert rest[-1] == "Tél. 03 80 48 84 14"
    assert gsm7.segments(text) == SMS_MAX_SEGMENTS
    assert gsm7.septets(text) <= SMS_MAX_CHARS


def test_an_overlong_address_still_fits_two_sms() -> None:
    # The name cannot absorb it all: two SMS is the hard limit, whatever is lost.
    place = seed_place(address="Bâtiment d'essai " * 17)
    text = sms_text(place, datetime(2025, 7, 15, 8, tzinfo=UTC))
    assert gsm7.is_gsm7(text)
    assert gsm7.segments(text) == SMS_MAX_SEGMENTS


TRAM = "Tram T1, bus L3 et L6, arrêt République : 4 min à pied"


def test_the_nearest_stop_goes_after_the_address_in_the_gsm_alphabet() -> None:
    text = sms_text(seed_place(), datetime(2025, 7, 15, 8, tzinfo=UTC), TRAM)
    lines = text.splitlines()
    assert lines[2] == "Tram T1, bus L3 et L6, arret République : 4 min à pied"
    assert lines[-1] == "Tél. 03 80 48 84 14"
    assert gsm7.segments(text) <= SMS_MAX_SEGMENTS


def test_a_stop_that_does_not_fit_whole_is_left_out_rather_than_cut() -> None:
    # Every field long: the name shortened to its least, the phone would still be cut.
    long_address = "Bâtiment " + "très " * 40 + "long, 1 rue d'essai"
    place = seed_place(name="Centre " * 20, address=long_address[:200])
    at = datetime(2025, 7, 15, 8, tzinfo=UTC)
    text = sms_text(place, at, TRAM * 2)
    assert "arret" not in text
    assert text == sms_text(place, at)
