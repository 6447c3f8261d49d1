import pytest

from models.overseas import (
    calling_code_of,
    department_of,
    department_of_place,
    place_clock,
    time_zone_of,
)


@pytest.mark.parametrize(
    ("code", "department"),
    [
        ("21231", "21"),
        ("2A004", "2A"),
        ("20000", "2A"),
        ("20200", "2B"),
        ("97105", "971"),
        ("97209", "972"),
        ("97133", "977"),
        ("97150", "978"),
        ("97701", "977"),
        ("98818", "988"),
        ("", None),
        ("ABC", None),
    ],
)
def test_department_of_insee_codes_and_postcodes(code: str, department: str | None) -> None:
    assert department_of(code) == department


def test_department_of_place_prefers_the_insee_code() -> None:
    assert department_of_place("97801", "97150") == "978"
    assert department_of_place(None, "97200") == "972"
    assert department_of_place(None, None) is None


@pytest.mark.parametrize(
    ("department", "zone", "code"),
    [
        ("971", "America/Guadeloupe", "590"),
        ("972", "America/Martinique", "596"),
        ("973", "America/Cayenne", "594"),
        ("974", "Indian/Reunion", "262"),
        ("975", "America/Miquelon", "508"),
        ("976", "Indian/Mayotte", "262"),
        ("977", "America/St_Barthelemy", "590"),
        ("978", "America/Marigot", "590"),
        ("986", "Pacific/Wallis", "681"),
        ("987", "Pacific/Tahiti", "689"),
        ("988", "Pacific/Noumea", "687"),
        ("21", "Europe/Paris", "33"),
        (None, "Europe/Paris", "33"),
    ],
)
def test_time_zone_and_calling_code_of_department(
    department: str | None, zone: str, code: str
) -> None:
    assert (time_zone_of(department), calling_code_of(department)) == (zone, code)


def test_place_clock_of_a_martinique_place() -> None:
    assert place_clock("97209", "97200") == ("America/Martinique", "972")
    assert place_clock(None, None) == ("Europe/Paris", None)
