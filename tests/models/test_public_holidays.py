"""French public holidays: the days opening-hours-py knows, with their names."""

from datetime import date

from models.public_holidays import (
    calendar_of,
    easter_sunday,
    holiday_name,
    holidays_of,
    local_holiday_name,
    next_holiday,
    next_local_holiday,
)


def test_holidays_of_2025_are_the_eleven_named() -> None:
    assert holidays_of(2025) == {
        date(2025, 1, 1): "1er janvier — Jour de l'an",
        date(2025, 4, 21): "Lundi de Pâques",
        date(2025, 5, 1): "1er mai — Fête du Travail",
        date(2025, 5, 8): "8 mai — Victoire 1945",
        date(2025, 5, 29): "Jeudi de l'Ascension",
        date(2025, 6, 9): "Lundi de Pentecôte",
        date(2025, 7, 14): "14 juillet — Fête nationale",
        date(2025, 8, 15): "15 août — Assomption",
        date(2025, 11, 1): "1er novembre — Toussaint",
        date(2025, 11, 11): "11 novembre — Armistice 1918",
        date(2025, 12, 25): "25 décembre — Noël",
    }


def test_holidays_of_every_calendar_year_has_a_name_for_each_day() -> None:
    # opening-hours-py's French calendar runs 2000-2076; every day it counts gets a real name.
    for year in range(2000, 2077):
        names = holidays_of(year).values()
        assert "Jour férié" not in names and len(names) in (10, 11), year


def test_holiday_name_of_ordinary_day_is_none() -> None:
    assert holiday_name(date(2025, 7, 15)) is None


def test_next_holiday_crosses_the_year_end() -> None:
    assert next_holiday(date(2025, 12, 25)) == date(2026, 1, 1)


def test_next_holiday_is_strictly_after() -> None:
    assert next_holiday(date(2025, 7, 13)) == date(2025, 7, 14)
    assert next_holiday(date(2025, 7, 14)) == date(2025, 8, 15)


def test_easter_sunday_of_known_years() -> None:
    assert [easter_sunday(y) for y in (2000, 2024, 2025, 2026, 2038)] == [
        date(2000, 4, 23),
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2026, 4, 5),
        date(2038, 4, 25),
    ]


def test_holiday_name_of_abolition_days_by_department() -> None:
    days = {
        "971": date(2026, 5, 27),
        "972": date(2026, 5, 22),
        "973": date(2026, 6, 10),
        "974": date(2026, 12, 20),
        "976": date(2026, 4, 27),
        "977": date(2026, 10, 9),
        "978": date(2026, 5, 28),
    }
    for department, day in days.items():
        assert holiday_name(day, department) is not None, department
        assert "Abolition de l'esclavage" in (local_holiday_name(day, department) or "")
        assert holiday_name(day) is None, department


def test_holidays_of_alsace_moselle_add_good_friday_and_saint_stephen() -> None:
    added = set(holidays_of(2026, "67")) - set(holidays_of(2026))
    assert added == {date(2026, 4, 3), date(2026, 12, 26)}


def test_next_holiday_of_a_department_includes_its_own_days() -> None:
    assert next_holiday(date(2026, 5, 14), "972") == date(2026, 5, 22)
    assert next_holiday(date(2026, 5, 14)) == date(2026, 5, 25)


def test_next_local_holiday_skips_the_national_days() -> None:
    assert next_local_holiday(date(2026, 1, 1), "974") == date(2026, 12, 20)
    assert next_local_holiday(date(2026, 1, 1), "21") is None


def test_calendar_of_is_none_for_departments_without_days_of_their_own() -> None:
    assert [calendar_of(d) for d in ("21", None, "972", "67")] == [None, None, "972", "67"]
