"""seed.formats.lieux_mediation_values: one cell of the standard to one value, or why not."""

import re
from datetime import date
from typing import Any

import pytest

from seed.formats.lieux_mediation_values import (
    SCALARS,
    in_france,
    items,
    localise_phone,
    location_problem,
    single,
    to_date,
    to_hours,
    to_number,
    to_phone,
    to_pivot,
    unquote_formula,
)

PIPE = re.compile(r"\|")
# PANDA Grésilles and Association ORE (Quetigny), as the seed places them.
GRESILLES = (47.32968, 5.069047)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("'=SOMME(A1)", "=SOMME(A1)"),
        ("'+33380488414", "+33380488414"),
        ("'-5", "-5"),
        ("'@nom", "@nom"),
        ("'PANDA", "'PANDA"),  # an apostrophe before plain text is the text's own
        ("l'atelier", "l'atelier"),
        ("'", "'"),
    ],
)
def test_unquote_formula_undoes_only_the_export_s_quote(text: str, value: str) -> None:
    assert unquote_formula(text) == value


def test_single_trims_and_unquotes() -> None:
    assert single("  PANDA Grésilles ") == "PANDA Grésilles"
    assert single(" '=1+1 ") == "=1+1"
    assert single("'  =x") == "'  =x"  # the quote guards only a formula start right after it


@pytest.mark.parametrize(("cell", "value"), [(None, ""), ([], ""), (["  Dijon "], "Dijon")])
def test_single_of_absent_and_one_item_cells(cell: Any, value: str) -> None:
    assert single(cell) == value


def test_single_refuses_a_list_of_several() -> None:
    with pytest.raises(ValueError, match="une seule valeur est attendue, pas une liste"):
        single(["Dijon", "Quetigny"])


def test_items_split_trim_and_drop_empties() -> None:
    cell = " En autonomie | |Accompagnement individuel|"
    assert items(cell, PIPE) == ["En autonomie", "Accompagnement individuel"]
    assert items(None, PIPE) == []
    assert items(["  a ", "", "b|c"], PIPE) == ["a", "b|c"]  # a JSON list is not split again


@pytest.mark.parametrize(
    ("text", "day"), [("2022-12-30", date(2022, 12, 30)), ("05/03/2021", date(2021, 3, 5))]
)
def test_to_date_reads_iso_and_french_dates(text: str, day: date) -> None:
    assert to_date(text) == day


@pytest.mark.parametrize("text", ["30-12-2022", "2022-02-30", "12/30/2022", "hier"])
def test_to_date_refuses_other_dates(text: str) -> None:
    with pytest.raises(ValueError, match=r"n'est pas une date AAAA-MM-JJ ou JJ/MM/AAAA"):
        to_date(text)


@pytest.mark.parametrize(
    ("text", "number"), [("47.32968", 47.32968), ("5,069047", 5.069047), ("-21", -21.0)]
)
def test_to_number_reads_dot_or_comma(text: str, number: float) -> None:
    assert to_number(text) == number


@pytest.mark.parametrize("text", ["nan", "inf", "1e3", "4_7", "47.3.2", " 47", ".5", "47°"])
def test_to_number_refuses_anything_but_a_plain_decimal(text: str) -> None:
    with pytest.raises(ValueError, match="n'est pas un nombre décimal"):
        to_number(text)


def test_to_number_refuses_an_overflowing_number() -> None:
    with pytest.raises(ValueError, match="n'est pas un nombre fini"):
        to_number("9" * 400)


def test_to_phone_national_numbers_become_e164() -> None:
    assert to_phone("03 80 48 84 14") == "+33380488414"
    assert to_phone("0590 12 34 56") == "+590590123456"


def test_localise_phone_gives_a_local_pacific_number_its_calling_code() -> None:
    fields = {"phone": "281234", "insee_code": "98818", "postcode": "98800"}
    localise_phone(fields)
    assert fields["phone"] == "+687281234"


def test_localise_phone_leaves_international_and_metropolitan_numbers() -> None:
    fields: dict[str, Any] = {"phone": "+33380488414", "insee_code": "98818"}
    localise_phone(fields)
    assert fields["phone"] == "+33380488414"
    dijon: dict[str, Any] = {"phone": "281234", "insee_code": "21231", "postcode": "21000"}
    localise_phone(dijon)
    assert dijon["phone"] == "281234"  # left for the model to refuse
    no_phone: dict[str, Any] = {"phone": None}
    localise_phone(no_phone)
    assert no_phone == {"phone": None}


def test_to_hours_normalises_valid_hours() -> None:
    assert to_hours("Tu-Sa 09:00-17:00") == "Tu-Sa 09:00-17:00"


def test_to_hours_refuses_with_an_example() -> None:
    with pytest.raises(ValueError, match=r"opening_hours \(exemple : Mo-Fr 09:00-12:00"):
        to_hours("du lundi au vendredi")


def test_to_pivot_compacts_and_reads_the_placeholder_as_unknown() -> None:
    assert to_pivot("212 102 315 00017") == "21210231500017"
    assert to_pivot("00000000000000") is None
    assert to_pivot("0000 0000 0000 00") is None


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [GRESILLES, (47.317517, 5.119736), (-20.88, 55.45), (16.0, -61.7), (-22.27, 166.45)],
)
def test_places_in_france_and_overseas(latitude: float, longitude: float) -> None:
    assert in_france(latitude, longitude)
    assert location_problem(latitude, longitude) is None


def test_swapped_coordinates_are_named_as_such() -> None:
    problem = location_problem(GRESILLES[1], GRESILLES[0])
    assert problem is not None and problem.startswith("latitude et longitude semblent inversées")


def test_a_point_outside_france_is_named() -> None:
    problem = location_problem(0.0, 0.0)
    assert problem is not None and problem.startswith("le point est hors de France")
    assert not in_france(40.4, -3.7)  # Madrid


def test_scalars_cover_every_scalar_kind() -> None:
    assert set(SCALARS) == {"text", "date", "number", "phone", "hours", "pivot"}
    assert SCALARS["text"](" tel quel ") == " tel quel "
