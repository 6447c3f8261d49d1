"""The `holidays` package against the hand-written table it replaced, 2020-2040.

`tests/fixtures/public-holidays-table-2020-2040.json` is what the table gave (the old
`holidays_of(year, department)`, written once before it was removed), for every department
and overseas collectivity. Every day of every year is compared; each difference is listed
below with the text that settles it. No day of the table is missing from the library: nothing
had to be kept as an addition of our own. The days both keep stand on the Code du travail:
L3133-1 (the eleven national days), L3134-13 (Alsace-Moselle: Good Friday, 26 December),
L3422-2 with loi n° 83-550 and décret n° 83-1003 (the abolition of slavery in each overseas
department; Saint-Barthélemy and Saint-Martin since décret n° 2012-553).
"""

import json
from datetime import date

from models.public_holidays import (
    SUBDIVISIONS,
    _ph_days,
    holidays_of,
    library_days,
    local_holidays,
    national_holidays,
)
from tests.data_files import fixture

TABLE = json.loads(fixture("public-holidays-table-2020-2040.json").read_text(encoding="utf-8"))
YEARS = range(TABLE["years"][0], TABLE["years"][1] + 1)
_CUSTOM = (
    "a day off by local custom, not in the Code du travail (L3133-1 national, L3422-2 abolition)"
)
_PACIFIC = "a day of the territory's own labour law"
# Days the library keeps that the table did not: (department, the library's French name) ->
# what settles it. All are settled in the library's favour: they are days off that people
# keep there, so hours that do not state them are told « horaires non confirmés » (and
# closed by `PH off`), never promised open. The Pacific collectivities make their own labour
# law (Polynésie française: loi organique n° 2004-192; Nouvelle-Calédonie: loi organique
# n° 99-209), so the Code du travail's list does not bind them; the table knew none of
# their days.
ADDED_BY_LIBRARY = {
    ("971", "Vendredi saint"): f"Guadeloupe, {_CUSTOM}",
    ("971", "Mi-Carême"): f"Guadeloupe, carnival, {_CUSTOM}",
    ("971", "Fête de Victor Schoelcher"): f"Guadeloupe, 21 July, {_CUSTOM}",
    ("972", "Vendredi saint"): f"Martinique, {_CUSTOM}",
    ("972", "Fête de Victor Schoelcher"): f"Martinique, 21 July, {_CUSTOM}",
    ("978", "Fête de Victor Schoelcher"): f"Saint-Martin, 21 July, {_CUSTOM}",
    ("986", "Saint Pierre Chanel"): f"Wallis-et-Futuna, 28 April, {_PACIFIC}",
    ("986", "Saints Pierre et Paul"): f"Wallis-et-Futuna, 29 June, {_PACIFIC}",
    ("986", "Fête du Territoire"): "Wallis-et-Futuna, 29 July: its statute, loi n° 61-814",
    ("987", "Vendredi saint"): f"Polynésie française, {_PACIFIC}",
    ("987", "Arrivée de l'Évangile"): f"Polynésie française, 5 March since 1978, {_PACIFIC}",
    ("987", "Fête de l'autonomie"): f"Polynésie française, 29 June 1985-2024, {_PACIFIC}",
    ("987", "Matāri'i"): f"Polynésie française, 20 November since 2025, {_PACIFIC}",
    ("988", "Fête de la Citoyenneté"): f"Nouvelle-Calédonie, 24 September, {_PACIFIC}",
}


def _differences() -> tuple[list[str], dict[tuple[str, str], int], list[str]]:
    """(days of the table the library lacks, days the library adds by (department, name),
    names that differ on a day both keep)."""
    missing: list[str] = []
    added: dict[tuple[str, str], int] = {}
    renamed: list[str] = []
    for department in [None, *TABLE["departments"]]:
        old = {**TABLE["national"], **TABLE["local"].get(department or "", {})}
        subdivision = SUBDIVISIONS.get(department or "")
        for year in YEARS:
            new = {day.isoformat(): name for day, name in holidays_of(year, department).items()}
            for day in sorted(set(old) | set(new)):
                if not day.startswith(str(year)) or old.get(day) == new.get(day):
                    continue
                if day not in new:
                    missing.append(f"{department} {day} {old[day]}")
                elif day not in old:
                    for name in library_days(year, subdivision)[date.fromisoformat(day)]:
                        key = (str(department), name)
                        added[key] = added.get(key, 0) + 1
                else:
                    renamed.append(f"{department} {day}: {old[day]!r} -> {new[day]!r}")
    return missing, added, renamed


def test_every_day_of_the_table_is_a_library_holiday() -> None:
    missing, _added, _renamed = _differences()
    # A day here needs the legal text that states it and an addition in models/public_holidays.
    assert missing == []


def test_every_day_the_library_adds_is_settled() -> None:
    _missing, added, _renamed = _differences()
    unsettled = sorted(set(added) - set(ADDED_BY_LIBRARY))
    assert unsettled == [], unsettled
    # A settlement nothing needs any more is removed.
    assert sorted(set(ADDED_BY_LIBRARY) - set(added)) == []


def test_names_people_read_are_the_table_s_or_tell_both_feasts_of_a_day() -> None:
    _missing, _added, renamed = _differences()
    # Where the table named only the national feast of a day that is also the department's
    # abolition day, the name now tells both, the dated one first.
    assert renamed == [
        '972 2031-05-22: "Jeudi de l\'Ascension" -> '
        "\"22 mai — Abolition de l'esclavage ; Jeudi de l'Ascension\"",
        '972 2036-05-22: "Jeudi de l\'Ascension" -> '
        "\"22 mai — Abolition de l'esclavage ; Jeudi de l'Ascension\"",
        "973 2030-06-10: 'Lundi de Pentecôte' -> "
        '"10 juin — Abolition de l\'esclavage ; Lundi de Pentecôte"',
    ]


def test_the_library_national_days_are_the_days_ph_rules_know() -> None:
    # The days opening-hours-py's `PH` counts and the library's national ones agree, so a
    # department's own days (local_holidays) are exactly those the hours cannot state.
    for year in YEARS:
        assert set(national_holidays(year)) == _ph_days(year), year


def test_local_holidays_are_the_department_days_beyond_the_national_ones() -> None:
    for department in TABLE["departments"]:
        for year in YEARS:
            expected = set(holidays_of(year, department)) - set(national_holidays(year))
            assert set(local_holidays(year, department)) == expected, (department, year)
