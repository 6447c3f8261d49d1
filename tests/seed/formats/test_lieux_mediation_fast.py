"""seed.formats.lieux_mediation_fast: the compiled row builder gives build_row's rows exactly,
or raises so that the careful way builds the row again."""

import csv
from typing import Any

import pytest

from seed.formats import lieux_mediation_fast
from seed.formats.base import ParsedRow
from seed.formats.lieux_mediation_fast import Fallback, compile_csv_row
from seed.formats.lieux_mediation_rows import build_row, detect_layout
from tests.data_files import fixture

DIJON_CSV = fixture("lieux-mediation-dijon.csv")
with DIJON_CSV.open(encoding="utf-8", newline="") as handle:
    HEADER, *DIJON_ROWS = list(csv.reader(handle))
V1 = detect_layout(HEADER)
AT = {name: at for at, name in enumerate(HEADER)}


def changed(cells: list[str], **values: str) -> list[str]:
    """A copy of a row's cells with some columns changed."""
    copy = list(cells)
    for name, value in values.items():
        copy[AT[name]] = value
    return copy


def as_tuple(row: ParsedRow) -> tuple[Any, ...]:
    """Everything of a row, its fields' and columns' order included."""
    return row.line, list(row.fields.items()), list(row.columns.items()), row.errors


def careful(line: int, cells: list[str], header: list[str], source: str | None) -> ParsedRow:
    return build_row(line, dict(zip(header, cells, strict=False)), detect_layout(header), source)


@pytest.mark.parametrize("source", [None, "import-dijon"])
def test_fixture_rows_equal_the_careful_rows(source: str | None) -> None:
    fast = compile_csv_row(HEADER, V1, source)
    for line, cells in enumerate(DIJON_ROWS, 2):
        assert as_tuple(fast(line, cells)) == as_tuple(careful(line, cells, HEADER, source))


def test_formula_quotes_and_spaces_are_undone_as_the_careful_way_does() -> None:
    cells = changed(DIJON_ROWS[0], nom="  '=PANDA ", services=" '-a | b |", complement_adresse=" ")
    row = compile_csv_row(HEADER, V1, None)(2, cells)
    assert as_tuple(row) == as_tuple(careful(2, cells, HEADER, None))
    assert (row.fields["name"], row.fields["services"]) == ("=PANDA", ["-a", "b"])
    assert row.fields["address_complement"] is None


def test_v01_rows_equal_the_careful_rows() -> None:
    header = ["id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj", "source"]
    header += ["publics_accueillis", "services", "site_web"]
    cells = ["v01-1", "", "Lieu d'essai", "Dijon", "21000", "1 rue de l'Essai", "01/03/2025"]
    cells += ["ville-essai", "Surdité ; Seniors (+ 65 ans)", "Accéder à du matériel ; Inconnu"]
    cells += ["https://a.example/?q=1,2, https://b.example"]
    layout = detect_layout(header)
    assert layout.version == "0.1"
    row = compile_csv_row(header, layout, None)(2, cells)
    assert as_tuple(row) == as_tuple(careful(2, cells, header, None))
    assert row.fields["websites"] == ["https://a.example/?q=1,2", "https://b.example"]


def test_blank_extra_cells_are_accepted() -> None:
    fast = compile_csv_row(HEADER, V1, None)
    row = fast(2, [*DIJON_ROWS[0], "", "  "])
    assert as_tuple(row) == as_tuple(fast(2, DIJON_ROWS[0]))


@pytest.mark.parametrize(
    "cells",
    [
        DIJON_ROWS[0][:-1],  # a cell short
        [*DIJON_ROWS[0], "valeur"],  # a cell more, not blank
        changed(DIJON_ROWS[0], nom=" "),  # required by the standard
        changed(DIJON_ROWS[0], date_maj=""),
        changed(DIJON_ROWS[0], longitude=""),  # half a location
        changed(DIJON_ROWS[0], latitude="5.069047", longitude="47.32968"),  # swapped
        changed(DIJON_ROWS[0], source=""),  # no import source
    ],
)
def test_rows_it_cannot_vouch_for_fall_back(cells: list[str]) -> None:
    with pytest.raises(Fallback):
        compile_csv_row(HEADER, V1, None)(2, cells)


@pytest.mark.parametrize(
    "values", [{"date_maj": "hier"}, {"horaires": "lundi"}, {"latitude": "47,3,2"}]
)
def test_a_bad_value_raises_a_value_error(values: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        compile_csv_row(HEADER, V1, None)(2, changed(DIJON_ROWS[0], **values))
    assert careful(2, changed(DIJON_ROWS[0], **values), HEADER, None).errors


def test_a_source_argument_makes_the_source_column_unneeded() -> None:
    row = compile_csv_row(HEADER, V1, "import-dijon")(2, changed(DIJON_ROWS[0], source=""))
    assert row.fields["source"] == "import-dijon"
    assert "source" not in row.columns


def test_empty_coordinates_are_left_out_for_the_geocoder() -> None:
    cells = changed(DIJON_ROWS[1], latitude="", longitude="")
    row = compile_csv_row(HEADER, V1, None)(3, cells)
    assert "latitude" not in row.fields and "latitude" not in row.columns
    assert as_tuple(row) == as_tuple(careful(3, cells, HEADER, None))


def test_rows_share_no_list_although_values_are_cached() -> None:
    fast = compile_csv_row(HEADER, V1, None)
    first, second = fast(2, DIJON_ROWS[0]), fast(3, DIJON_ROWS[0])
    first.fields["services"].append("changé")
    assert second.fields["services"] == ["Accès internet et matériel informatique"]
    assert fast(4, DIJON_ROWS[0]).fields["services"] == ["Accès internet et matériel informatique"]


def test_past_the_cache_limit_values_are_still_right(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lieux_mediation_fast, "CACHE_LIMIT", 1)
    fast = compile_csv_row(HEADER, V1, None)
    for _ in range(2):
        for line, cells in enumerate(DIJON_ROWS, 2):
            assert as_tuple(fast(line, cells)) == as_tuple(careful(line, cells, HEADER, None))


def test_a_failed_conversion_is_not_cached() -> None:
    fast = compile_csv_row(HEADER, V1, None)
    bad = changed(DIJON_ROWS[0], date_maj="hier")
    for _ in range(2):
        with pytest.raises(ValueError):
            fast(2, bad)
