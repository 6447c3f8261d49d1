"""seed.formats.mapping_hours: day columns or an OSM column of a mapped CSV to OSM hours."""

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from seed.formats.mapping_hours import (
    CellError,
    CellErrors,
    HoursSpec,
    hours_columns,
    parse_cell,
    read_hours,
    week_to_osm,
    with_public_holidays_off,
)

SPEC: TypeAdapter[Any] = TypeAdapter(HoursSpec)
# The census' layout: two columns a day (seed/mappings/bfc-ternum.toml).
HALF_DAYS = SPEC.validate_python(
    {
        "kind": "half_days",
        "monday": ["lundi matin", "lundi après-midi"],
        "tuesday": ["mardi matin", "mardi après-midi"],
    }
)
PER_DAY = SPEC.validate_python(
    {"kind": "per_day", "monday": "Lundi", "tuesday": "Mardi", "saturday": "Samedi"}
)
OSM = SPEC.validate_python({"kind": "osm", "column": "horaires", "placeholders": ["NC"]})


@pytest.mark.parametrize(
    ("cell", "ranges"),
    [
        ("9h-12h", [("09:00", "12:00")]),
        ("8h30 - 12h", [("08:30", "12:00")]),
        ("09:00 - 12:00 / 13:30 - 17:00", [("09:00", "12:00"), ("13:30", "17:00")]),
        ("de 9h à 12h et 14h à 18h", [("09:00", "12:00"), ("14:00", "18:00")]),
        ("9.30–12h", [("09:30", "12:00")]),
        ("20h-24h", [("20:00", "24:00")]),
        ("  FERMÉ ", []),
        ("—", []),
        ("", []),
    ],
)
def test_parse_cell(cell: str, ranges: list[tuple[str, str]]) -> None:
    assert parse_cell("Lundi", cell) == ranges


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("9-12", "horaire illisible"),  # no h or colon: not guessed
        ("9h12h", "horaire illisible"),
        ("matin", "horaire illisible"),
        ("14h-12h", "horaire impossible"),
        ("9h-9h", "horaire impossible"),
        ("25h-26h", "horaire impossible"),
        ("9h60-12h", "horaire impossible"),
        ("20h-24h30", "horaire impossible"),
    ],
)
def test_parse_cell_refusals_name_column_and_cell(cell: str, reason: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_cell("Lundi", cell)
    assert (caught.value.column, caught.value.cell) == ("Lundi", cell)
    assert caught.value.reason.startswith(reason)
    assert str(caught.value) == f"Lundi: {caught.value.reason} {cell!r}"


def test_week_groups_equal_consecutive_days_and_joins_touching_ranges() -> None:
    days = {"monday": ("L",), "tuesday": ("M",), "wednesday": ("Me",), "friday": ("V",)}
    row = {"L": "9h-12h / 12h-17h", "M": "9h-17h", "Me": "10h-12h", "V": "10h-12h"}
    assert week_to_osm(days, row) == "Mo-Tu 09:00-17:00; We 10:00-12:00; Fr 10:00-12:00"


def test_week_sorts_and_merges_overlapping_ranges_of_two_columns() -> None:
    days = {"monday": ("matin", "après-midi")}
    assert week_to_osm(days, {"matin": "14h-18h", "après-midi": "9h-15h"}) == "Mo 09:00-18:00"


def test_blank_week_is_unknown_not_closed() -> None:
    assert week_to_osm({"monday": ("L",)}, {"L": "fermé"}) is None
    assert week_to_osm({"monday": ("L",)}, {}) is None


def test_week_reports_every_bad_cell_at_once() -> None:
    with pytest.raises(CellErrors) as caught:
        week_to_osm({"monday": ("L",), "tuesday": ("M",)}, {"L": "9-12", "M": "14h-12h"})
    assert [error.column for error in caught.value.errors] == ["L", "M"]


def test_hours_columns_of_each_kind_in_week_order() -> None:
    assert hours_columns(HALF_DAYS) == [
        "lundi matin",
        "lundi après-midi",
        "mardi matin",
        "mardi après-midi",
    ]
    assert hours_columns(PER_DAY) == ["Lundi", "Mardi", "Samedi"]
    assert hours_columns(OSM) == ["horaires"]


def test_read_hours_of_half_days() -> None:
    row = {"lundi matin": "9h-12h", "lundi après-midi": "14h-18h", "mardi matin": "9h-12h"}
    assert read_hours(HALF_DAYS, row) == "Mo 09:00-12:00,14:00-18:00; Tu 09:00-12:00"


def test_read_hours_of_an_osm_column_normalises_and_reads_placeholders_as_empty() -> None:
    assert read_hours(OSM, {"horaires": " Tu-Sa 09:00-17:00 "}) == "Tu-Sa 09:00-17:00"
    assert read_hours(OSM, {"horaires": " nc "}) is None
    assert read_hours(OSM, {}) is None


def test_read_hours_of_a_bad_osm_cell() -> None:
    with pytest.raises(CellErrors) as caught:
        read_hours(OSM, {"horaires": "du mardi au samedi"})
    (error,) = caught.value.errors
    assert (error.column, error.cell) == ("horaires", "du mardi au samedi")


def test_public_holidays_off_is_added_unless_the_hours_state_them() -> None:
    spec = SPEC.validate_python({"kind": "per_day", "monday": "L", "public_holidays": "off"})
    assert read_hours(spec, {"L": "9h-12h"}) == "Mo 09:00-12:00; PH closed"  # canonical form
    assert with_public_holidays_off("Mo 09:00-12:00; PH 10:00-12:00") == (
        "Mo 09:00-12:00; PH 10:00-12:00"
    )
    assert read_hours(spec, {"L": ""}) is None  # no hours: nothing to close


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "per_day"},  # no day at all
        {"kind": "half_days", "monday": ["un seul"]},
        {"kind": "osm", "column": "h", "lundi": "L"},  # unknown key
        {"kind": "weekly", "monday": "L"},
        {"kind": "per_day", "monday": "L", "public_holidays": "on"},
    ],
)
def test_invalid_specs_are_refused(spec: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        SPEC.validate_python(spec)
