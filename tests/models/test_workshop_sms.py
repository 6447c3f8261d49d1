"""The seat's SMS (models/workshop_sms.py): GSM 03.38 only, two SMS at most, the essentials kept."""

from datetime import datetime

from models import gsm7
from models.opening_hours import PARIS
from models.workshop_sms import SeatMessage, seat_sms

START = datetime(2030, 3, 19, 10, tzinfo=PARIS)
END = datetime(2030, 3, 19, 12, tzinfo=PARIS)


def message(**overrides: object) -> SeatMessage:
    fields: dict[str, object] = {
        "title": "Je recherche, je me connecte",
        "starts_at": START,
        "ends_at": END,
        "place_name": "PANDA Grésilles",
        "address": "14 rue Camille Claudel, 21000 Dijon",
        "what_to_bring": "« votre smartphone chargé »",
        "phone": "+33380488414",
    }
    return SeatMessage(**(fields | overrides))  # type: ignore[arg-type]


def test_seat_sms_says_workshop_when_where_what_to_bring_and_phone() -> None:
    assert seat_sms(message()) == (
        "Atelier : Je recherche, je me connecte\nmardi 19/03/2030 10:00-12:00\n"
        'PANDA Grésilles, 14 rue Camille Claudel, 21000 Dijon\nApportez : " votre smartphone '
        'chargé "\nTél. 03 80 48 84 14'
    )


def test_seat_sms_on_the_waiting_list_tells_the_position() -> None:
    assert seat_sms(message(waiting_position=3)).startswith("Liste d'attente (position 3) : ")


def test_seat_sms_too_long_is_shortened_to_two_sms_keeping_date_address_phone() -> None:
    text = seat_sms(message(title="Atelier numérique " * 20, what_to_bring="un stylo " * 40))
    assert gsm7.is_gsm7(text) and gsm7.segments(text) <= 2
    assert "mardi 19/03/2030 10:00-12:00" in text
    assert "14 rue Camille Claudel, 21000 Dijon" in text
    assert text.endswith("Tél. 03 80 48 84 14")
