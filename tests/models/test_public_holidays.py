"""French public holidays: the days opening-hours-py knows, with their names."""

from datetime import date

from models.public_holidays import easter_sunday, holiday_name, holidays_of, next_holiday


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
