"""seed.formats.lieux_mediation_rows: a header to its layout, cells to one ParsedRow."""

import pytest

from models.vocabulary import Audience, SpecificSupport, TrainingLabel
from seed.formats.base import FormatError, ParsedRow
from seed.formats.lieux_mediation_columns import BY_NAME, COLUMNS
from seed.formats.lieux_mediation_rows import (
    build_row,
    detect_layout,
    flag_duplicate_ids,
)
from tests.data_files import fixture

DIJON_CSV = fixture("lieux-mediation-dijon.csv")
V1_HEADER = DIJON_CSV.read_text("utf-8").splitlines()[0].split(",")
REQUIRED_ONLY = ["id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"]
# Association ORE (Quetigny), as the seed holds it, in the standard's cells.
ORE = {
    "id": "mednumBFC_TL_697_",
    "pivot": "00000000000000",
    "nom": "Association ORE",
    "commune": "Quetigny",
    "code_postal": "21800",
    "code_insee": "21515",
    "adresse": "3 allée des jardins",
    "latitude": "47.317517",
    "longitude": "5.119736",
    "telephone": "03 80 48 23 96",
    "horaires": "Tu-Sa 09:00-17:00",
    "source": "mednum-bfc",
    "date_maj": "2022-05-17",
    "modalites_accompagnement": "En autonomie|Accompagnement individuel",
}
V1 = detect_layout(V1_HEADER)


def test_v1_header_is_v1_with_every_column_known() -> None:
    assert V1.version == "1"
    assert [column for _, column in V1.columns] == list(COLUMNS)
    assert V1.unknown == ()


def test_header_names_are_matched_ignoring_case_and_spaces() -> None:
    layout = detect_layout(
        [" ID", "Pivot", "NOM ", "commune", "code_postal", "adresse", "date_maj"]
    )
    assert [name for name, _ in layout.columns][:3] == [" ID", "Pivot", "NOM "]
    assert layout.columns[0][1] is BY_NAME["id"]


def test_unknown_columns_are_kept_in_order_and_blank_names_ignored() -> None:
    layout = detect_layout([*REQUIRED_ONLY, "remarque", "", "Code BAN"])
    assert layout.unknown == ("remarque", "Code BAN")


def test_v01_names_make_a_v01_layout_with_v1_columns() -> None:
    layout = detect_layout([*REQUIRED_ONLY, "courriel", "cle_ban"])
    assert layout.version == "0.1"
    assert ("courriel", BY_NAME["courriels"]) in layout.columns
    assert layout.unknown == ("cle_ban",)  # no v1 column reads it


def test_a_v1_only_column_makes_a_v1_file_despite_old_names() -> None:
    layout = detect_layout([*REQUIRED_ONLY, "courriel", "itinerance"])
    assert layout.version == "1"
    assert layout.unknown == ("courriel",)


def test_missing_required_columns_are_named_in_the_standard_s_order() -> None:
    with pytest.raises(FormatError, match=r"^colonnes obligatoires absentes : pivot, date_maj$"):
        detect_layout(["id", "nom", "commune", "code_postal", "adresse"])


def test_duplicated_columns_are_refused() -> None:
    with pytest.raises(FormatError, match=r"^colonnes en double : nom$"):
        detect_layout([*REQUIRED_ONLY, "Nom "])


def test_splitters_and_separators_by_version() -> None:
    v01 = detect_layout([*REQUIRED_ONLY, "courriel", "site_web", "services"])
    site, services = BY_NAME["site_web"], BY_NAME["services"]
    assert V1.splitter(site).split("https://a.fr|https://b.fr") == ["https://a.fr", "https://b.fr"]
    assert (V1.separator(site), v01.separator(services), v01.separator(site)) == ("|", ";", None)
    sites = "https://a.fr/?x=1,2, https://b.fr"
    assert v01.splitter(site).split(sites) == ["https://a.fr/?x=1,2", " https://b.fr"]


def test_file_name_of_a_field() -> None:
    layout = detect_layout(["ID", *REQUIRED_ONLY[1:]])
    assert layout.file_name("source_id") == "ID"
    assert layout.file_name("latitude") == "latitude"  # not in the file: the field's own name


def test_build_row_converts_every_kind() -> None:
    row = build_row(4, ORE, V1, None)
    assert row.errors == []
    assert row.line == 4
    assert row.fields["source_id"] == "mednumBFC_TL_697_"
    assert row.fields["pivot"] is None
    assert (row.fields["latitude"], row.fields["longitude"]) == (47.317517, 5.119736)
    assert row.fields["phone"] == "+33380482396"
    assert row.fields["source_updated_on"].isoformat() == "2022-05-17"
    assert row.fields["support_modes"] == ["En autonomie", "Accompagnement individuel"]
    assert row.fields["source"] == "mednum-bfc"
    assert row.columns["support_modes"] == "modalites_accompagnement"
    assert row.fields["summary"] is None  # an absent optional cell is an empty value


def test_build_row_source_argument_wins_over_the_column() -> None:
    row = build_row(2, ORE, V1, "import-quetigny")
    assert row.fields["source"] == "import-quetigny"
    assert "source" not in row.columns


def test_build_row_without_any_source_is_an_error_on_the_column() -> None:
    row = build_row(2, ORE | {"source": " "}, V1, None)
    (error,) = row.errors
    assert error.field == "source"
    assert error.reason.startswith("aucune source")


def test_build_row_empty_required_cell_is_an_error_but_empty_pivot_is_not() -> None:
    row = build_row(2, ORE | {"nom": "  ", "pivot": ""}, V1, None)
    assert [(e.field, e.reason) for e in row.errors] == [
        ("nom", "obligatoire selon le standard, mais vide")
    ]
    assert row.fields["pivot"] is None


def test_build_row_records_each_bad_cell_and_goes_on() -> None:
    row = build_row(3, ORE | {"date_maj": "17 mai 2022", "horaires": "mardi"}, V1, None)
    assert [e.field for e in row.errors] == ["horaires", "date_maj"]
    assert row.fields["name"] == "Association ORE"


def test_build_row_missing_coordinates_are_left_to_the_geocoder() -> None:
    row = build_row(2, ORE | {"latitude": "", "longitude": ""}, V1, None)
    assert row.errors == []
    assert "latitude" not in row.fields and "longitude" not in row.fields


def test_build_row_half_a_location_is_an_error_and_dropped() -> None:
    row = build_row(2, ORE | {"longitude": ""}, V1, None)
    (error,) = row.errors
    assert (error.field, error.reason) == (
        "longitude",
        "latitude est donnée sans longitude : donnez les deux ou aucune",
    )
    assert "latitude" not in row.fields


def test_build_row_swapped_location_quotes_both_cells() -> None:
    row = build_row(2, ORE | {"latitude": "5.119736", "longitude": "47.317517"}, V1, None)
    (error,) = row.errors
    assert (error.field, error.value) == ("latitude", ("5.119736", "47.317517"))
    assert "inversées" in error.reason
    assert "latitude" not in row.fields and "longitude" not in row.fields


def test_build_row_unreadable_coordinate_drops_the_other_one() -> None:
    row = build_row(2, ORE | {"latitude": "47°19'"}, V1, None)
    assert [e.field for e in row.errors] == ["latitude"]
    assert "longitude" not in row.fields


def test_build_row_respells_the_etapes_numeriques_label() -> None:
    row = build_row(2, ORE | {"formations_labels": "Étapes numériques (La Poste)"}, V1, None)
    assert row.fields["training_labels"] == [str(TrainingLabel.ETAPES_NUMERIQUES)]


def test_build_row_localises_a_pacific_phone() -> None:
    noumea = ORE | {"code_insee": "98818", "code_postal": "98800", "telephone": "28 12 34"}
    noumea |= {"latitude": "-22.27", "longitude": "166.45"}
    assert build_row(2, noumea, V1, None).fields["phone"] == "+687281234"


def test_build_row_of_a_v01_file_translates_its_lists() -> None:
    layout = detect_layout([*REQUIRED_ONLY, "source", "publics_accueillis", "courriel"])
    cells = {name: ORE.get(name, "") for name in REQUIRED_ONLY} | {
        "source": "mednum-bfc",
        "publics_accueillis": "Surdité ; Seniors (+ 65 ans)",
        "courriel": "numerique@association-ore.fr",
    }
    row = build_row(2, cells, layout, None)
    assert row.errors == []
    assert row.fields["audiences"] == [str(Audience.SENIORS)]
    assert row.fields["specific_support"] == [str(SpecificSupport.DEAFNESS)]
    assert row.columns["specific_support"] == "publics_accueillis"
    assert row.fields["emails"] == ["numerique@association-ore.fr"]


def test_build_row_json_list_in_a_single_value_column_is_an_error() -> None:
    row = build_row(1, ORE | {"nom": ["Association ORE", "ORE"]}, V1, None)
    (error,) = row.errors
    assert (error.field, error.reason) == ("nom", "une seule valeur est attendue, pas une liste")


def rows_with_ids(*ids: str | None) -> list[ParsedRow]:
    return [
        ParsedRow(line, fields={} if i is None else {"source_id": i})
        for line, i in enumerate(ids, 2)
    ]


def test_flag_duplicate_ids_marks_each_later_repeat() -> None:
    rows = rows_with_ids("a", "b", "a", None, "a")
    flag_duplicate_ids(rows, V1)
    assert [len(r.errors) for r in rows] == [0, 0, 1, 0, 1]
    error = rows[4].errors[0]
    assert (error.line, error.field, error.value) == (6, "id", "a")
    assert error.reason == "identifiant en double : déjà utilisé ligne 2"


def test_flag_duplicate_ids_carries_earlier_rows_between_calls() -> None:
    first_line: dict[str, int] = {}
    flag_duplicate_ids(rows_with_ids("a"), V1, first_line)
    (later,) = [ParsedRow(40, fields={"source_id": "a"})]
    flag_duplicate_ids([later], V1, first_line)
    assert later.errors[0].reason.endswith("ligne 2")
