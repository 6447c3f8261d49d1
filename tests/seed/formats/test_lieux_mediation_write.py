"""seed.formats.lieux_mediation_write: places to the standard's v1.0.2 CSV, read back the same."""

import csv
import io
from datetime import date

import pytest

from models.access_point import AccessPointCreate
from seed.formats.lieux_mediation_columns import COLUMNS
from seed.formats.lieux_mediation_read import read_lieux_mediation_csv
from seed.formats.lieux_mediation_write import (
    SUMMARY_MAX,
    Place,
    export_ids,
    write_lieux_mediation_csv,
)
from tests.conftest import make_access_point
from tests.data_files import fixture

DIJON_CSV = fixture("lieux-mediation-dijon.csv")
DAY = date(2025, 3, 4)


def fixture_places() -> list[AccessPointCreate]:
    """The three places of the fixture, as the model holds them."""
    rows = read_lieux_mediation_csv(DIJON_CSV.read_bytes(), None).rows
    return [AccessPointCreate.model_validate(row.fields) for row in rows]


def cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_fixture_places_are_written_back_byte_for_byte() -> None:
    assert write_lieux_mediation_csv(fixture_places()) == DIJON_CSV.read_text("utf-8")


def test_written_file_reads_back_as_the_same_places() -> None:
    places = [make_access_point(source_id="essai-1", summary="Accès libre\r\nle mardi")]
    text = write_lieux_mediation_csv(places, default_date=DAY)
    (row,) = read_lieux_mediation_csv(text.encode(), None).rows
    assert row.errors == []
    back = AccessPointCreate.model_validate(row.fields)
    # What the standard has columns for; networks or equipment are ours only.
    standard = {column.field for column in COLUMNS} - {"source_updated_on", "summary"}
    assert back.model_dump(include=standard) == places[0].model_dump(include=standard)
    assert back.summary == "Accès libre\nle mardi"
    assert back.source_updated_on == DAY


def test_header_is_the_32_columns_and_lines_end_with_lf() -> None:
    text = write_lieux_mediation_csv([], default_date=DAY)
    assert text == ",".join(column.name for column in COLUMNS) + "\n"


def test_no_dated_fact_takes_the_default_date_then_given_dates_win() -> None:
    place = make_access_point(source_id="essai-1")
    assert cells(write_lieux_mediation_csv([place], default_date=DAY))[0]["date_maj"] == (
        "2025-03-04"
    )
    dated = place.model_copy(update={"source_updated_on": date(2022, 12, 30)})
    assert cells(write_lieux_mediation_csv([dated], default_date=DAY))[0]["date_maj"] == (
        "2022-12-30"
    )
    given = write_lieux_mediation_csv([dated], DAY, dates=[date(2024, 1, 2)])
    assert cells(given)[0]["date_maj"] == "2024-01-02"


def test_dates_must_match_the_places() -> None:
    with pytest.raises(ValueError):
        write_lieux_mediation_csv([make_access_point()], dates=[])


def test_export_ids_prefix_only_ids_shared_by_two_sources() -> None:
    places: list[Place] = [
        make_access_point(source="mednum-bfc", source_id="1"),
        make_access_point(source="ville-dijon", source_id="1"),
        make_access_point(source="ville-dijon", source_id="2"),
    ]
    assert export_ids(places) == ["mednum-bfc:1", "ville-dijon:1", "2"]


def test_unknown_pivot_is_written_as_the_placeholder() -> None:
    (row,) = cells(write_lieux_mediation_csv([make_access_point(pivot=None)], DAY))
    assert row["pivot"] == "00000000000000"


def test_formula_like_text_is_quoted_but_phone_and_coordinates_are_not() -> None:
    place = make_access_point(
        name='=HYPERLINK("x")', source_id="-1", longitude=-1.5536, latitude=47.2184
    )
    (row,) = cells(write_lieux_mediation_csv([place], DAY))
    assert (row["nom"], row["id"]) == ('\'=HYPERLINK("x")', "'-1")
    assert (row["telephone"], row["longitude"]) == ("+33380488414", "-1.5536")
    (back,) = read_lieux_mediation_csv(write_lieux_mediation_csv([place], DAY).encode(), None).rows
    assert (back.fields["name"], back.fields["source_id"]) == ('=HYPERLINK("x")', "-1")


def test_long_summary_is_cut_to_the_standard_s_limit_with_an_ellipsis() -> None:
    place = make_access_point(summary="=" + "a" * 400)
    (row,) = cells(write_lieux_mediation_csv([place], DAY))
    summary = row["presentation_resume"]
    assert len(summary) == SUMMARY_MAX
    assert summary.startswith("'=aaa") and summary.endswith("a…")


def test_summary_at_the_limit_is_kept_whole() -> None:
    place = make_access_point(summary="a" * SUMMARY_MAX)
    assert cells(write_lieux_mediation_csv([place], DAY))[0]["presentation_resume"] == (
        "a" * SUMMARY_MAX
    )


def test_list_items_cannot_break_the_list() -> None:
    place = make_access_point(
        websites=["https://exemple.fr/?a=1|2"], other_training_labels=["Label A|B", "Label C"]
    )
    (row,) = cells(write_lieux_mediation_csv([place], DAY))
    assert row["site_web"] == "https://exemple.fr/?a=1%7C2"
    assert row["autres_formations_labels"] == "Label A/B|Label C"


def test_lists_and_enumerations_are_written_as_values() -> None:
    place = make_access_point(networks=["PANDA"], support_modes=["En autonomie", "À distance"])
    (row,) = cells(write_lieux_mediation_csv([place], DAY))
    assert row["modalites_accompagnement"] == "En autonomie|À distance"
