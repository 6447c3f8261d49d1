"""SMS text and day-by-day hours, without HTTP."""

from datetime import UTC, date, datetime

from models.access_point import AccessPointPublic
from models.sms import sms_text
from models.weekly_hours import day_hours
from tests.conftest import make_access_point


def public(**overrides: object) -> AccessPointPublic:
    fields = make_access_point(**overrides).model_dump()
    return AccessPointPublic(**fields, id=1, updated_at=datetime.now(UTC))


def test_sms_gives_today_hours_when_open_today() -> None:
    text = sms_text(public(), datetime(2025, 7, 15, 10, 0))
    assert text.splitlines()[2] == "Aujourd'hui : 09:00–12:00, 14:00–18:00"


def test_sms_gives_next_opening_on_closed_day() -> None:
    text = sms_text(public(), datetime(2025, 7, 20, 10, 0))
    assert text.splitlines()[2] == "Fermé, ouvre demain à 09:00"


def test_sms_without_hours_says_to_check() -> None:
    text = sms_text(public(opening_hours=None), datetime(2025, 7, 15, 10, 0))
    assert text.splitlines()[2] == "Horaires : à vérifier par téléphone"


def test_sms_long_name_is_cut_to_320() -> None:
    text = sms_text(public(name="Centre " * 42), datetime(2025, 7, 15, 10, 0))
    assert len(text) <= 320 and text.endswith("Tél. 03 80 48 84 14")


def test_day_hours_midnight_end_reads_24_00() -> None:
    assert day_hours("Sa 10:00-24:00", date(2025, 7, 19)).label == "10:00–24:00"


def test_day_hours_unknown_without_expression() -> None:
    assert day_hours(None, date(2025, 7, 19)).label == "Horaires non renseignés"
