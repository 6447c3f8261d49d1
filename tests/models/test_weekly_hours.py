"""models/weekly_hours.py: a week of opening hours, day by day, as people read them."""

from datetime import date, timedelta

import pytest

from models.opening_hours import HOLIDAY_UNCONFIRMED, WEEKDAYS_FR
from models.weekly_hours import DayHours, day_hours, week_hours
from seed.loader import ACCESS_POINTS_FILE, read_seed_file


def seed_hours(name: str) -> str:
    places = read_seed_file(ACCESS_POINTS_FILE)["access_points"]
    hours: str = next(p for p in places if p["name"] == name)["opening_hours"]
    return hours


GRESILLES = seed_hours("PANDA Grésilles")
# Alsace-Moselle keeps 26 December (Saint-Étienne) and Good Friday; `PH` rules do not know them.
MOSELLE = "57"


def test_week_of_a_seed_place_with_a_holiday_it_says_nothing_about() -> None:
    week = week_hours(GRESILLES, date(2025, 7, 14))
    assert [(d.weekday, d.label) for d in week] == [
        ("lundi", HOLIDAY_UNCONFIRMED),
        ("mardi", "09:00–12:00, 14:00–18:00"),
        ("mercredi", "10:00–12:00, 14:00–18:00"),
        ("jeudi", "09:00–12:00, 14:00–18:00"),
        ("vendredi", "09:00–12:00, 14:00–17:00"),
        ("samedi", "09:00–12:00, 14:00–17:00"),
        ("dimanche", "Fermé"),
    ]
    assert week[0].holiday == "14 juillet — Fête nationale"
    assert [d.holiday for d in week[1:]] == [None] * 6
    assert week[1].intervals == (("09:00", "12:00"), ("14:00", "18:00"))


def test_a_week_may_start_on_any_day_and_names_each_by_its_date() -> None:
    thursday = date(2025, 7, 17)
    week = week_hours(GRESILLES, thursday)
    assert [d.day for d in week] == [thursday + timedelta(days=n) for n in range(7)]
    assert [d.weekday for d in week] == [WEEKDAYS_FR[(3 + n) % 7] for n in range(7)]


def test_an_evening_past_midnight_is_split_between_the_two_days() -> None:
    friday, saturday = week_hours("Fr 22:00-02:00", date(2025, 7, 18))[:2]
    assert (friday.intervals, saturday.intervals) == (
        (("22:00", "24:00"),),
        (("00:00", "02:00"),),
    )


def test_open_all_day_reads_midnight_to_24_00() -> None:
    assert day_hours("24/7", date(2025, 7, 20)).intervals == (("00:00", "24:00"),)


def test_a_day_without_hours_is_closed_not_unknown() -> None:
    sunday = day_hours(GRESILLES, date(2025, 7, 20))
    assert sunday == DayHours(date(2025, 7, 20), "dimanche", (), "Fermé", None)


@pytest.mark.parametrize("expression", [None, ""])
def test_unknown_hours_still_name_the_holiday(expression: str | None) -> None:
    day = day_hours(expression, date(2025, 11, 11))
    assert (day.label, day.holiday) == ("Horaires non renseignés", "11 novembre — Armistice 1918")


def test_ph_off_closes_a_national_holiday_and_names_it() -> None:
    day = day_hours("Mo-Fr 09:00-12:00; PH off", date(2025, 7, 14))
    assert (day.intervals, day.label, day.holiday) == ((), "Fermé", "14 juillet — Fête nationale")


def test_a_local_holiday_is_an_ordinary_day_outside_its_department() -> None:
    boxing_day = date(2025, 12, 26)  # a Friday
    day = day_hours("Mo-Sa 09:00-12:00; PH off", boxing_day)
    assert (day.label, day.holiday) == ("09:00–12:00", None)


def test_ph_off_closes_a_local_holiday_in_its_department() -> None:
    day = day_hours("Mo-Sa 09:00-12:00; PH off", date(2025, 12, 26), department=MOSELLE)
    assert (day.label, day.holiday) == ("Fermé", "26 décembre — Saint-Étienne")


def test_ph_hours_are_not_confirmed_on_a_local_holiday() -> None:
    # A `PH 10:00-11:00` rule is evaluated on national holidays only: on a local one the
    # hours it would give are not the ones stated, so they are not confirmed.
    day = day_hours("Mo-Sa 09:00-12:00; PH 10:00-11:00", date(2025, 12, 26), department=MOSELLE)
    assert (day.intervals, day.label) == ((), HOLIDAY_UNCONFIRMED)


def test_week_passes_the_department_to_every_day() -> None:
    week = week_hours("Mo-Sa 09:00-12:00; PH off", date(2025, 12, 22), department=MOSELLE)
    closed = [(d.day, d.holiday) for d in week if d.label == "Fermé"]
    assert closed == [
        (date(2025, 12, 25), "25 décembre — Noël"),
        (date(2025, 12, 26), "26 décembre — Saint-Étienne"),
        (date(2025, 12, 28), None),  # Sunday
    ]


def test_an_overseas_place_has_its_own_holidays() -> None:
    hours = "Mo-Sa 08:00-12:00; PH off"
    options = {"time_zone": "America/Guadeloupe", "department": "971"}
    abolition = day_hours(hours, date(2025, 5, 27), **options)  # type: ignore[arg-type]
    after = day_hours(hours, date(2025, 5, 28), **options)  # type: ignore[arg-type]
    assert (abolition.label, abolition.holiday) == ("Fermé", "27 mai — Abolition de l'esclavage")
    assert (after.label, after.holiday) == ("08:00–12:00", None)
    assert day_hours(hours, date(2025, 5, 27)).label == "08:00–12:00"  # not in the métropole


@pytest.mark.parametrize("day", [date(2025, 3, 30), date(2025, 10, 26)])
def test_clock_change_nights_keep_wall_clock_labels(day: date) -> None:
    # 02:00-03:00 does not exist on 30 March and happens twice on 26 October in Paris.
    assert day_hours("Su 01:00-04:00", day).intervals == (("01:00", "04:00"),)
