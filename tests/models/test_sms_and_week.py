"""SMS text and day-by-day hours, without HTTP."""

from datetime import UTC, date, datetime

from sqlmodel import Session, select

from models import gsm7
from models.access_point import AccessPoint, AccessPointPublic
from models.sms import sms_text
from models.weekly_hours import DayHours, day_hours
from tests.conftest import make_access_point

# The default place's hours: Mo,Tu,Th 09-12,14-18; We 10-12,14-18; Fr,Sa 09-12,14-17; no PH.


def public(**overrides: object) -> AccessPointPublic:
    fields = make_access_point(**overrides).model_dump()
    return AccessPointPublic(**fields, id=1, updated_at=datetime.now(UTC))


def test_sms_gives_today_hours_when_open_today() -> None:
    text = sms_text(public(), datetime(2025, 7, 15, 10, 0))
    assert text.splitlines()[2] == "Aujourd'hui : 09:00-12:00, 14:00-18:00"


def test_sms_gives_today_hours_during_lunch_break() -> None:
    text = sms_text(public(), datetime(2025, 7, 15, 12, 30))
    assert text.splitlines()[2] == "Aujourd'hui : 09:00-12:00, 14:00-18:00"


def test_sms_after_closing_gives_next_opening() -> None:
    text = sms_text(public(), datetime(2025, 7, 15, 18, 30))
    assert text.splitlines()[2] == "Fermé maintenant, ouvre demain à 10:00"


def test_sms_saturday_evening_names_monday() -> None:
    text = sms_text(public(), datetime(2025, 7, 19, 17, 30))
    assert text.splitlines()[2] == "Fermé maintenant, ouvre lundi à 09:00"


def test_sms_gives_next_opening_on_closed_day() -> None:
    text = sms_text(public(), datetime(2025, 7, 20, 10, 0))
    assert text.splitlines()[2] == "Fermé maintenant, ouvre demain à 09:00"


def test_sms_on_holiday_without_rule_says_call_first() -> None:
    text = sms_text(public(), datetime(2025, 7, 14, 10, 0))
    assert text.splitlines()[2] == "Jour férié : horaires non confirmés, appelez avant"


def test_sms_before_unstated_holiday_says_call_first() -> None:
    text = sms_text(public(), datetime(2025, 7, 13, 10, 0))
    assert text.splitlines()[2] == (
        "Fermé maintenant, demain jour férié : horaires non confirmés, appelez avant"
    )


def test_sms_on_holiday_with_ph_off_gives_next_opening() -> None:
    text = sms_text(public(opening_hours="Mo-Fr 09:00-12:00; PH off"), datetime(2025, 7, 14, 10))
    assert text.splitlines()[2] == "Fermé maintenant, ouvre demain à 09:00"


def test_sms_without_hours_says_to_check() -> None:
    text = sms_text(public(opening_hours=None), datetime(2025, 7, 15, 10, 0))
    assert text.splitlines()[2] == "Horaires : à vérifier par téléphone"


def test_sms_long_name_is_cut_to_two_sms() -> None:
    text = sms_text(public(name="Centre " * 42), datetime(2025, 7, 15, 10, 0))
    assert (gsm7.septets(text), gsm7.segments(text)) == (300, 2)
    assert text.splitlines()[0] == " ".join(["Centre"] * 29) + "..."
    assert text.endswith("Tél. 03 80 48 84 14")


def test_sms_short_text_is_one_sms() -> None:
    text = sms_text(public(), datetime(2025, 7, 15, 10, 0))
    assert (len(text), gsm7.segments(text)) == (110, 1)


def test_sms_transliterates_to_the_gsm_alphabet() -> None:
    place = public(name="Médiathèque « Côte-d’Or »", address="2 rue de l’Île", commune="Chenôve")
    lines = sms_text(place, datetime(2025, 7, 15, 10, 0)).splitlines()
    assert lines[:2] == ['Médiathèque " Cote-d\'Or "', "2 rue de l'Ile, 21000 Chenove"]


def test_sms_of_every_seed_place_is_gsm_and_two_sms_at_most(seeded_session: Session) -> None:
    places = seeded_session.exec(select(AccessPoint)).all()
    moments = [datetime(2025, 7, d, h, 0) for d, h in ((14, 10), (15, 10), (15, 19), (20, 10))]
    texts = [sms_text(AccessPointPublic.model_validate(p), at) for p in places for at in moments]
    assert len(texts) == 68 * 4
    for text in texts:
        assert set(text) <= gsm7.BASIC | gsm7.EXTENSION, text
        extended = sum(char in gsm7.EXTENSION for char in text)
        assert gsm7.septets(text) == len(text) + extended
        assert gsm7.segments(text) == (1 if gsm7.septets(text) <= 160 else 2)


def test_day_hours_midnight_end_reads_24_00() -> None:
    assert day_hours("Sa 10:00-24:00", date(2025, 7, 19)).label == "10:00–24:00"


def test_day_hours_unknown_without_expression() -> None:
    assert day_hours(None, date(2025, 7, 19)).label == "Horaires non renseignés"


def test_day_hours_names_holiday_and_says_hours_unconfirmed() -> None:
    day = day_hours("Mo-Fr 09:00-12:00", date(2025, 7, 14))
    assert day == DayHours(
        date(2025, 7, 14),
        "lundi",
        (),
        "Jour férié : horaires non confirmés",
        "14 juillet — Fête nationale",
    )


def test_day_hours_holiday_with_ph_rule_gives_its_hours() -> None:
    day = day_hours("Mo-Fr 09:00-18:00; PH 10:00-12:00", date(2025, 11, 11))
    assert (day.holiday, day.label) == ("11 novembre — Armistice 1918", "10:00–12:00")


def test_day_hours_holiday_with_ph_off_is_closed() -> None:
    day = day_hours("Mo-Fr 09:00-12:00; PH off", date(2025, 4, 21))
    assert (day.holiday, day.label) == ("Lundi de Pâques", "Fermé")


def test_day_hours_ordinary_day_has_no_holiday() -> None:
    assert day_hours("Mo-Fr 09:00-12:00", date(2025, 7, 15)).holiday is None


def test_day_hours_overseas_are_in_local_time() -> None:
    day = day_hours("Mo-Fr 09:00-17:00", date(2026, 12, 2), time_zone="America/Guadeloupe")
    assert (day.intervals, day.label) == ((("09:00", "17:00"),), "09:00–17:00")


def test_day_hours_of_an_abolition_day_closed_by_ph_off() -> None:
    day = day_hours(
        "Mo-Fr 09:00-17:00; PH off",
        date(2026, 5, 22),
        time_zone="America/Martinique",
        department="972",
    )
    assert (day.label, day.holiday) == ("Fermé", "22 mai — Abolition de l'esclavage")


def guadeloupe(**overrides: object) -> AccessPointPublic:
    """A test place in Pointe-à-Pitre (97120), open weekday mornings, with a local number."""
    fields: dict[str, object] = {
        "address": "1 rue de l'Exemple",
        "postcode": "97110",
        "commune": "Pointe-à-Pitre",
        "insee_code": "97120",
        "latitude": 16.2411,
        "longitude": -61.5331,
        "phone": "+590590123456",
        "opening_hours": "Mo-Fr 09:00-12:00",
    }
    return public(**(fields | overrides))


def test_sms_of_an_overseas_place_speaks_its_local_time() -> None:
    # Wednesday 2 December 2026, 13:30 UTC: 09:30 in Guadeloupe (open), 14:30 in Paris.
    text = sms_text(guadeloupe(), datetime(2026, 12, 2, 13, 30, tzinfo=UTC))
    assert text.splitlines()[2:] == ["Aujourd'hui : 09:00-12:00", "Tél. 05 90 12 34 56"]
    # 17:00 UTC is 13:00 there: closed until tomorrow 09:00, their time.
    later = sms_text(guadeloupe(), datetime(2026, 12, 2, 17, 0, tzinfo=UTC))
    assert later.splitlines()[2] == "Fermé maintenant, ouvre demain à 09:00"


def test_sms_of_an_overseas_place_knows_its_own_holiday() -> None:
    # 27 May: abolition of slavery in Guadeloupe, a holiday the hours do not state.
    text = sms_text(guadeloupe(), datetime(2026, 5, 27, 14, 0, tzinfo=UTC))
    assert text.splitlines()[2] == "Jour férié : horaires non confirmés, appelez avant"
