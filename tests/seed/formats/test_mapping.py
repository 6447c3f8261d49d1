"""The declarative CSV mapping: loading TOML mappings and reading files with them."""

import re
from pathlib import Path

import pytest

from models.access_point import AccessPointCreate
from models.commune import Commune
from models.text import fold_place_name
from seed import build_dijon_seed
from seed.formats.base import FormatError, ParsedRow, ReadResult, RowError
from seed.formats.mapping import MappingError, load_mapping, read_mapped_csv
from seed.sources.bfc_ternum import COLUMNS, row_to_access_point
from tests.data_files import fixture, project_file, reference
from tests.seed import seed_communes

BFC_MAPPING = project_file("seed/mappings/bfc-ternum.toml")
BFC_SAMPLE = fixture("bfc-ternum-sample.csv")
IMPORTING_DOC = project_file("docs/importing.md")
# Lines (physical, header = 1) of the real census' rows with cells that cannot be read: all
# outside Dijon Métropole.
CENSUS_LINES_WITH_ERRORS = [144, 146, 161, 162, 170, 173, 179, 181, 191, 193, 194, 200]
CENSUS_LINES_WITH_ERRORS += [266, 392, 454, 689]

# An invented file shape: one hours column per day, `+`-separated codes, French yes/no.
EXAMPLE_MAPPING = """
[defaults]
source = "exemple"

[columns]
source_id = "id"
name = "nom"
address = "adresse"
postcode = "cp"
commune = "ville"
latitude = "lat"
longitude = "lon"
phone = "tel"
support_modes = "accompagnement"
wheelchair_accessible = "pmr"
source_updated_on = "maj"

[fields.support_modes]
separator = "+"
values = { seul = "En autonomie", aide = "Accompagnement individuel" }

[fields.wheelchair_accessible]
values = { oui = "yes", non = "no" }

[fields.source_updated_on]
date_format = "%d/%m/%Y"

[hours]
kind = "per_day"
monday = "lundi"
tuesday = "mardi"
wednesday = "mercredi"
thursday = "jeudi"
friday = "vendredi"
saturday = "samedi"
sunday = "dimanche"
"""
EXAMPLE_HEADER = "id,nom,adresse,cp,ville,lat,lon,tel,accompagnement,pmr,maj,"
EXAMPLE_HEADER += "lundi,mardi,mercredi,jeudi,vendredi,samedi,dimanche"

UNKNOWN_KEY = "paramètre inconnu : retirez-le ou corrigez son nom"


def example_row(**cells: str) -> str:
    """One CSV line of the invented shape: placeholder values, overridden by `cells`."""
    row = {
        "id": "ex-1",
        "nom": "Lieu Exemple",
        "adresse": "1 rue Exemple",
        "cp": "21000",
        "ville": "Dijon",
        "lat": "47.32",
        "lon": "5.04",
        "tel": "",
        "accompagnement": "",
        "pmr": "",
        "maj": "",
        **dict.fromkeys(
            ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"), ""
        ),
    }
    row.update(cells)
    return ",".join(f'"{value}"' if "," in value else value for value in row.values())


def read_example(*lines: str, mapping: str = EXAMPLE_MAPPING) -> ReadResult:
    """Read lines (header first) of the invented shape, UTF-8."""
    return read_mapped_csv("\n".join(lines).encode(), load_mapping(mapping))


def one_row(**cells: str) -> ParsedRow:
    """The single parsed row of a file with one example row."""
    (row,) = read_example(EXAMPLE_HEADER, example_row(**cells)).rows
    return row


def code_block(markdown: str, kind: str) -> str:
    """The first fenced code block of a kind (`csv`, `toml`) in a Markdown text."""
    match = re.search(rf"```{kind}\n(.*?)```", markdown, re.DOTALL)
    assert match is not None
    return match.group(1)


@pytest.fixture(scope="module")
def bfc() -> ReadResult:
    """The census-shaped sample read with the shipped mapping."""
    return read_mapped_csv(BFC_SAMPLE.read_bytes(), load_mapping(BFC_MAPPING))


@pytest.fixture(scope="module")
def census() -> ReadResult:
    """The whole real census read with the shipped mapping (reference data)."""
    path = reference(build_dijon_seed.DATASET_CSV)
    return read_mapped_csv(path.read_bytes(), load_mapping(BFC_MAPPING))


@pytest.fixture(scope="module")
def communes() -> list[Commune]:
    """The 23 communes of Dijon Métropole."""
    return seed_communes()


@pytest.fixture(scope="module")
def metropole_records(communes: list[Commune]) -> list[tuple[int, dict[str, str]]]:
    """(line, record) of the sample rows whose `ville` is one of the 23 communes."""
    return records_in(BFC_SAMPLE, communes)


def records_in(path: Path, communes: list[Commune]) -> list[tuple[int, dict[str, str]]]:
    """(line, record) of a census-shaped file's rows whose `ville` is one of the communes."""
    names = {fold_place_name(n) for c in communes for n in (c.name, *c.former_names)}
    records = build_dijon_seed.read_csv(path, COLUMNS)
    return [(line, row) for line, row in records if fold_place_name(row["ville"]) in names]


def test_load_mapping_reads_shipped_bfc_mapping() -> None:
    mapping = load_mapping(BFC_MAPPING)
    assert mapping.source == "mednum-bfc"
    assert mapping.columns["networks"] == mapping.columns["national_programmes"] == "code_label"
    assert mapping.hours is not None and mapping.hours.kind == "half_days"
    assert len(mapping.used_columns()) == 28


def test_read_mapped_csv_bfc_reads_every_row(bfc: ReadResult) -> None:
    assert [row.line for row in bfc.rows] == list(range(2, 14))
    assert bfc.unknown_columns == ["departement"]
    assert bfc.format_name == "mapped"


def test_read_mapped_csv_bfc_odd_cells_are_row_errors(bfc: ReadResult) -> None:
    assert [row.line for row in bfc.rows if row.errors] == [10, 11, 12]


def test_read_mapped_csv_bfc_reversed_hours_is_row_error(bfc: ReadResult) -> None:
    row = bfc.rows[10 - 2]
    assert row.errors == [
        RowError(
            10,
            "mardi matin",
            "14h-12h",
            "horaire impossible : heure invalide ou fermeture avant l'ouverture "
            "(exemple : 8h30-12h)",
        )
    ]
    assert "opening_hours" not in row.fields


def test_read_mapped_csv_bfc_unknown_accomp_code_lists_allowed_codes(bfc: ReadResult) -> None:
    error = bfc.rows[11 - 2].errors[0]
    assert error == RowError(
        11,
        "code_accomp",
        "oui",
        "n'est pas une des valeurs prévues par la correspondance : A, L, RDV, G, R",
    )


def test_read_mapped_csv_bfc_short_phone_is_row_error(bfc: ReadResult) -> None:
    assert bfc.rows[12 - 2].errors == [
        RowError(
            12,
            "contact_tel",
            "36 46",
            "n'est pas un numéro de téléphone valide (attendu : 10 chiffres "
            "commençant par 0, ou +33 suivi de 9 chiffres ; "
            "outre-mer, +590, +596, +594, +262… suivi du numéro)",
        )
    ]


def test_read_mapped_csv_bfc_metropole_rows_have_no_errors(
    bfc: ReadResult, metropole_records: list[tuple[int, dict[str, str]]]
) -> None:
    assert [line for line, _ in metropole_records] == list(range(2, 9))
    assert [bfc.rows[line - 2].errors for line, _ in metropole_records] == [[]] * 7


@pytest.mark.reference
def test_read_mapped_csv_census_reads_697_rows_with_errors_outside_metropole(
    census: ReadResult, communes: list[Commune]
) -> None:
    metropole = records_in(reference(build_dijon_seed.DATASET_CSV), communes)
    assert [row.line for row in census.rows] == list(range(2, 699))
    assert census.unknown_columns == ["departement"]
    assert [row.line for row in census.rows if row.errors] == CENSUS_LINES_WITH_ERRORS
    assert len(metropole) == 68
    assert [census.rows[line - 2].errors for line, _ in metropole] == [[]] * 68


@pytest.mark.parametrize(
    ("field", "absent"),
    [("networks", []), ("opening_hours", None), ("phone", None), ("support_modes", [])],
)
def test_read_mapped_csv_bfc_metropole_field_matches_converter(
    bfc: ReadResult,
    communes: list[Commune],
    metropole_records: list[tuple[int, dict[str, str]]],
    field: str,
    absent: object,
) -> None:
    for line, record in metropole_records:
        place = row_to_access_point(record, line, communes)
        assert place is not None
        # A field left out of the row takes the model's default.
        actual = bfc.rows[line - 2].fields.get(field, absent)
        assert (line, actual) == (line, getattr(place, field))


def test_read_mapped_csv_bfc_metropole_validates_to_converter_place(
    bfc: ReadResult,
    communes: list[Commune],
    metropole_records: list[tuple[int, dict[str, str]]],
) -> None:
    for line, record in metropole_records:
        place = row_to_access_point(record, line, communes)
        fields = bfc.rows[line - 2].fields
        assert (line, AccessPointCreate.model_validate(fields)) == (line, place)


def test_read_mapped_csv_bfc_insee_code_only_in_metropole(
    bfc: ReadResult, metropole_records: list[tuple[int, dict[str, str]]]
) -> None:
    with_code = [row.line for row in bfc.rows if "insee_code" in row.fields]
    assert with_code == [line for line, _ in metropole_records]


def test_read_mapped_csv_bfc_keeps_commune_spelling_outside_metropole(bfc: ReadResult) -> None:
    assert bfc.rows[9 - 2].fields["commune"] == "NUITS ST GEORGES"


def test_read_mapped_csv_bfc_reads_abbreviated_commune_name(bfc: ReadResult) -> None:
    fields = bfc.rows[6 - 2].fields
    assert (fields["commune"], fields["insee_code"]) == ("Chevigny-Saint-Sauveur", "21171")


def test_read_mapped_csv_bfc_panda_rule_covers_universite(bfc: ReadResult) -> None:
    panda = [row.fields for row in bfc.rows if "PANDA" in row.fields.get("networks", [])]
    assert len(panda) == 4
    universite = next(fields for fields in panda if fields["name"] == "PANDA Université")
    assert universite["networks"] == ["PANDA", "Réseau Dijon métropole"]
    assert universite["equipment"] == {"computer": None}
    assert universite["services"] == ["Accès internet et matériel informatique"]


def test_read_mapped_csv_per_day_reads_colon_ranges_with_slash() -> None:
    row = one_row(lundi="09:00 - 12:00 / 13:30 - 17:00", mardi="09:00 - 12:00 / 13:30 - 17:00")
    assert row.fields["opening_hours"] == "Mo-Tu 09:00-12:00,13:30-17:00"


def test_read_mapped_csv_per_day_reads_h_ranges_with_et_and_ferme() -> None:
    row = one_row(mercredi="9h-12h et 14h-17h", jeudi="fermé", vendredi="8h30-12h")
    assert row.fields["opening_hours"] == "We 09:00-12:00,14:00-17:00; Fr 08:30-12:00"


def test_read_mapped_csv_per_day_all_empty_leaves_hours_out() -> None:
    assert "opening_hours" not in one_row().fields


def test_read_mapped_csv_per_day_all_closed_leaves_hours_out() -> None:
    row = one_row(**dict.fromkeys(("lundi", "mardi", "samedi"), "Fermé"))
    assert "opening_hours" not in row.fields


def test_read_mapped_csv_per_day_bad_cell_names_column_and_value() -> None:
    row = one_row(lundi="9h-12h", mardi="le matin")
    assert row.errors == [
        RowError(2, "mardi", "le matin", "horaire illisible (exemple : 8h30-12h)")
    ]
    assert "opening_hours" not in row.fields


def test_read_mapped_csv_osm_hours_are_normalised() -> None:
    mapping = 'columns = { source_id = "id" }\nhours = { kind = "osm", column = "horaires" }'
    data = b'id,horaires\nex-1,"Mo-Fr  09:00-12:00"\nex-2,lundi\n'
    first, second = read_mapped_csv(data, load_mapping(mapping), source="exemple").rows
    assert first.fields["opening_hours"] == "Mo-Fr 09:00-12:00"
    assert second.errors == [
        RowError(
            3,
            "horaires",
            "lundi",
            "n'est pas un horaire OpenStreetMap (exemple : Mo-Fr 09:00-12:00)",
        )
    ]


def test_read_mapped_csv_reads_cp1252_semicolon_file() -> None:
    header = EXAMPLE_HEADER.replace(",", ";")
    line = "ex-1;Médiathèque Exemple;1 rue Exemple;21000;Dijon;47,32;5,04" + ";" * 11
    rows = read_mapped_csv(
        f"{header}\n{line}\n".encode("cp1252"), load_mapping(EXAMPLE_MAPPING)
    ).rows
    assert rows[0].errors == []
    assert rows[0].fields["name"] == "Médiathèque Exemple"
    assert (rows[0].fields["latitude"], rows[0].fields["longitude"]) == (47.32, 5.04)


def test_read_mapped_csv_drops_utf8_bom() -> None:
    data = ("\ufeff" + EXAMPLE_HEADER + "\n" + example_row()).encode()
    result = read_mapped_csv(data, load_mapping(EXAMPLE_MAPPING))
    assert result.rows[0].fields["source_id"] == "ex-1"


def test_read_mapped_csv_utf8_only_rejects_cp1252_bytes() -> None:
    mapping = load_mapping('[file]\nencoding = "utf-8"\n[columns]\nsource_id = "id"')
    data = "id,nom\nex-1,Mairie Exemple é\n".encode("cp1252")
    with pytest.raises(
        FormatError, match=r"^ce n'est pas du texte utf-8 : l'octet 27 est illisible$"
    ):
        read_mapped_csv(data, mapping, source="exemple")


def test_read_mapped_csv_missing_mapped_columns_is_format_error() -> None:
    header = EXAMPLE_HEADER.replace("tel,", "").replace(",dimanche", "")
    with pytest.raises(FormatError, match=r"^colonnes absentes de l'en-tête : tel, dimanche$"):
        read_example(header, "x")


def test_read_mapped_csv_header_only_is_format_error() -> None:
    with pytest.raises(
        FormatError, match=r"^le fichier a un en-tête mais aucune ligne de données$"
    ):
        read_example(EXAMPLE_HEADER)


def test_read_mapped_csv_empty_file_is_format_error() -> None:
    with pytest.raises(FormatError, match=r"^le fichier est vide : pas de ligne d'en-tête$"):
        read_mapped_csv(b"", load_mapping(EXAMPLE_MAPPING))


def test_read_mapped_csv_without_source_is_format_error() -> None:
    mapping = load_mapping('columns = { source_id = "id" }')
    with pytest.raises(FormatError, match=r"^aucune source : indiquez \[defaults\] source"):
        read_mapped_csv(b"id\nex-1\n", mapping)


def test_read_mapped_csv_source_argument_overrides_mapping() -> None:
    mapping = load_mapping('[defaults]\nsource = "exemple"\n[columns]\nsource_id = "id"')
    result = read_mapped_csv(b"id\nex-1\n", mapping, source="autre")
    assert result.rows[0].fields == {"source": "autre", "source_id": "ex-1"}


def test_read_mapped_csv_reports_unknown_columns() -> None:
    result = read_example(EXAMPLE_HEADER + ",remarques", example_row() + ",rien")
    assert result.unknown_columns == ["remarques"]


def test_read_mapped_csv_value_not_in_enumeration_lists_mapped_values() -> None:
    row = one_row(accompagnement="seul+visio")
    assert row.fields["support_modes"] == ["En autonomie"]
    assert row.errors == [
        RowError(
            2,
            "accompagnement",
            "visio",
            "n'est pas une des valeurs prévues par la correspondance : seul, aide",
        )
    ]


def test_read_mapped_csv_enumeration_without_values_lists_standard_values() -> None:
    mapping = 'columns = { source_id = "id", fees = "tarif" }\ndefaults = { source = "exemple" }'
    (row,) = read_mapped_csv(b"id,tarif\nex-1,Gratis\n", load_mapping(mapping)).rows
    reason = (
        "n'est pas une valeur connue ; valeurs possibles : Gratuit, Gratuit sous condition, Payant"
    )
    assert row.errors == [RowError(2, "tarif", "Gratis", reason)]


def test_read_mapped_csv_unmapped_drop_ignores_other_values() -> None:
    mapping = EXAMPLE_MAPPING.replace(
        'aide = "Accompagnement individuel" }',
        'aide = "Accompagnement individuel" }\nunmapped = "drop"',
    )
    (row,) = read_example(
        EXAMPLE_HEADER, example_row(accompagnement="visio+aide+seul"), mapping=mapping
    ).rows
    # The standard's order, not the cell's.
    assert row.fields["support_modes"] == ["En autonomie", "Accompagnement individuel"]
    assert row.errors == []


def test_read_mapped_csv_fold_ignores_case_and_accents() -> None:
    mapping = """
    defaults = { source = "exemple" }
    columns = { source_id = "id", fees = "tarif" }
    fields.fees = { fold = true }
    """
    rows = read_mapped_csv(b"id,tarif\nex-1,GRATUIT\nex-2,payant\n", load_mapping(mapping)).rows
    assert [row.fields["fees"] for row in rows] == [["Gratuit"], ["Payant"]]


def test_read_mapped_csv_scalar_values_table_maps_yes_no() -> None:
    assert one_row(pmr="oui").fields["wheelchair_accessible"] == "yes"


def test_read_mapped_csv_formats_phone_as_e164() -> None:
    assert one_row(tel="03 80 00 00 00").fields["phone"] == "+33380000000"


def test_read_mapped_csv_invalid_phone_is_row_error() -> None:
    assert one_row(tel="12").errors == [
        RowError(
            2,
            "tel",
            "12",
            "n'est pas un numéro de téléphone valide (attendu : 10 chiffres "
            "commençant par 0, ou +33 suivi de 9 chiffres ; "
            "outre-mer, +590, +596, +594, +262… suivi du numéro)",
        )
    ]


def test_read_mapped_csv_bad_date_is_row_error() -> None:
    reason = "n'est pas une date au format %d/%m/%Y"
    assert one_row(maj="2024-03-01").errors == [RowError(2, "maj", "2024-03-01", reason)]


def test_read_mapped_csv_without_coordinates_leaves_them_out() -> None:
    row = one_row(lat="", lon="")
    assert ("latitude" in row.fields, "longitude" in row.fields, row.errors) == (False, False, [])


def test_read_mapped_csv_one_coordinate_only_is_row_error() -> None:
    reason = "vide alors que latitude est donnée : donnez les deux ou aucune"
    assert one_row(lon="").errors == [RowError(2, "lon", "", reason)]


def test_read_mapped_csv_counts_physical_lines_across_quoted_newlines() -> None:
    mapping = """
    file = { skip_rows = 2 }
    defaults = { source = "exemple" }
    columns = { source_id = "id", description = "texte" }
    """
    data = b'Export du 01/01/2024\n\nid,texte\nex-1,"deux\nlignes"\nex-2,simple\n'
    rows = read_mapped_csv(data, load_mapping(mapping)).rows
    assert [(row.line, row.fields["description"]) for row in rows] == [
        (4, "deux\nlignes"),
        (6, "simple"),
    ]


def test_read_mapped_csv_row_with_extra_cells_is_row_error() -> None:
    mapping = load_mapping('defaults = { source = "exemple" }\ncolumns = { source_id = "id" }')
    (row,) = read_mapped_csv(b"id,nom\nex-1,a,b\n", mapping).rows
    assert row.errors == [RowError(2, "(row)", 3, "la ligne a 3 cellules, l'en-tête 2")]


def test_read_mapped_csv_rules_add_values_and_equipment() -> None:
    mapping = """
    defaults = { source = "exemple" }
    columns = { source_id = "id", name = "nom", networks = "reseaux" }
    [[rules]]
    if_column = "nom"
    matches = "^Espace"
    then = { networks = ["Réseau exemple"] }
    [[rules]]
    if_field = "networks"
    contains = "Réseau exemple"
    then = { equipment = { computer = "unknown", printer = 2 } }
    """
    data = "id,nom,reseaux\nex-1,Espace Exemple,Réseau exemple|Autre\nex-2,Lieu,\n".encode()
    first, second = read_mapped_csv(data, load_mapping(mapping)).rows
    assert first.fields["networks"] == ["Réseau exemple", "Autre"]
    assert first.fields["equipment"] == {"computer": None, "printer": 2}
    assert "equipment" not in second.fields


def test_load_mapping_unknown_key_names_its_path() -> None:
    with pytest.raises(MappingError) as caught:
        load_mapping('[file]\ndelimter = ";"\n[columns]\nsource_id = "id"')
    assert caught.value.problems == [("file.delimter", UNKNOWN_KEY)]


def test_load_mapping_unknown_option_of_a_field_names_its_path() -> None:
    with pytest.raises(MappingError) as caught:
        load_mapping('[columns]\nsource_id = "id"\nfees = "t"\n[fields.fees]\nsplit = ","')
    assert caught.value.problems == [("fields.fees.split", UNKNOWN_KEY)]


def test_load_mapping_unknown_field_names_its_path() -> None:
    with pytest.raises(MappingError) as caught:
        load_mapping('[columns]\nsource_id = "id"\nnom = "nom"')
    assert [path for path, _ in caught.value.problems] == ["columns.nom"]
    assert caught.value.problems[0][1].startswith("unknown field 'nom' (fields: access_modes, ")


def test_load_mapping_value_outside_enumeration_names_its_path() -> None:
    mapping = '[columns]\nsource_id = "id"\nfees = "t"\n[fields.fees]\nvalues = { libre = "Libre" }'
    with pytest.raises(MappingError) as caught:
        load_mapping(mapping)
    ((path, reason),) = caught.value.problems
    assert path == "fields.fees.values.libre"
    assert reason.startswith("Input should be 'Gratuit', 'Gratuit sous condition' or 'Payant'")


def test_load_mapping_missing_source_id_is_error() -> None:
    with pytest.raises(MappingError) as caught:
        load_mapping('[columns]\nname = "nom"')
    assert caught.value.problems == [
        ("columns.source_id", "required: it identifies a place across imports")
    ]


def test_load_mapping_bad_hours_kind_names_its_path() -> None:
    with pytest.raises(MappingError) as caught:
        load_mapping('[columns]\nsource_id = "id"\n[hours]\nkind = "weekly"\nmonday = "lundi"')
    ((path, reason),) = caught.value.problems
    assert path == "hours"
    assert reason.startswith("« weekly » n'est pas une valeur connue de 'kind' ; valeurs possibles")


def test_load_mapping_rule_with_two_conditions_is_error() -> None:
    mapping = """
    columns = { source_id = "id" }
    [[rules]]
    if_column = "a"
    matches = "x"
    if_field = "name"
    contains = "y"
    then = {}
    """
    with pytest.raises(MappingError) as caught:
        load_mapping(mapping)
    assert caught.value.problems == [
        ("rules[0]", "donnez soit if_column et matches, soit if_field et contains")
    ]


def test_load_mapping_invalid_constant_names_its_path() -> None:
    mapping = '[defaults]\nequipment = { computer = "many" }\n[columns]\nsource_id = "id"'
    with pytest.raises(MappingError) as caught:
        load_mapping(mapping)
    assert [path for path, _ in caught.value.problems] == ["defaults.equipment"]


def test_load_mapping_invalid_toml_is_error() -> None:
    with pytest.raises(MappingError, match=r"^\(toml\): "):
        load_mapping("[columns\nsource_id = 1")


def test_docs_complete_example_reads_as_documented() -> None:
    example = IMPORTING_DOC.read_text(encoding="utf-8").split("## A complete example")[1]
    csv_text, toml_text = (code_block(example, kind) for kind in ("csv", "toml"))
    result = read_mapped_csv(csv_text.encode("cp1252"), load_mapping(toml_text))
    first, second = result.rows
    assert (first.errors, second.errors, result.unknown_columns) == ([], [], ["Remarques"])
    assert first.fields["opening_hours"] == (
        "Tu 10:00-12:00,14:00-18:00; We 10:00-18:00; Fr 14:00-18:00; Sa 10:00-12:00"
    )
    assert second.fields["opening_hours"] == (
        "Mo-Tu 09:00-12:00,13:30-17:00; Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00"
    )
    assert (first.fields["typology"], first.fields["equipment"]) == (["BIB"], {"computer": None})
    assert "latitude" not in second.fields


def test_load_mapping_half_days_need_two_columns_per_day() -> None:
    with pytest.raises(MappingError) as caught:
        load_mapping('columns = { source_id = "id" }\nhours = { kind = "half_days", monday = "x" }')
    assert [path for path, _ in caught.value.problems] == ["hours.monday"]


def test_load_mapping_equipment_column_is_error_pointing_to_rules() -> None:
    with pytest.raises(MappingError) as caught:
        load_mapping('columns = { source_id = "id", equipment = "postes" }')
    assert caught.value.problems == [
        ("columns.equipment", "set it in [defaults] or in a rule's then, e.g. { computer = 4 }")
    ]


def test_mapping_error_is_a_format_error() -> None:
    with pytest.raises(FormatError):
        load_mapping("columns = {}")


HOLIDAYS_OFF_MAPPING = EXAMPLE_MAPPING.replace(
    '[hours]\nkind = "per_day"\n', '[hours]\nkind = "per_day"\npublic_holidays = "off"\n'
)


def test_read_mapped_csv_public_holidays_off_adds_ph_off() -> None:
    line = example_row(lundi="9h-12h", mardi="9h-12h")
    (row,) = read_example(EXAMPLE_HEADER, line, mapping=HOLIDAYS_OFF_MAPPING).rows
    assert row.fields["opening_hours"] == "Mo-Tu 09:00-12:00; PH closed"
    assert row.fields["source"] == "exemple"


def test_read_mapped_csv_public_holidays_off_leaves_rows_without_hours() -> None:
    (row,) = read_example(EXAMPLE_HEADER, example_row(), mapping=HOLIDAYS_OFF_MAPPING).rows
    assert "opening_hours" not in row.fields


def test_read_mapped_csv_public_holidays_off_keeps_a_row_own_ph_rule() -> None:
    mapping = (
        'columns = { source_id = "id" }\n'
        'hours = { kind = "osm", column = "horaires", public_holidays = "off" }'
    )
    data = b'id,horaires\nex-1,"Mo-Fr 09:00-12:00; PH 10:00-11:00"\nex-2,Sa 10:00-12:00\n'
    first, second = read_mapped_csv(data, load_mapping(mapping), source="exemple").rows
    assert first.fields["opening_hours"] == "Mo-Fr 09:00-12:00; PH 10:00-11:00"
    assert second.fields["opening_hours"] == "Sa 10:00-12:00; PH closed"


def test_read_mapped_csv_without_public_holidays_key_adds_nothing() -> None:
    assert one_row(lundi="9h-12h").fields["opening_hours"] == "Mo 09:00-12:00"


def test_load_mapping_public_holidays_other_value_names_its_path() -> None:
    with pytest.raises(MappingError) as caught:
        load_mapping(
            HOLIDAYS_OFF_MAPPING.replace('public_holidays = "off"', 'public_holidays = "on"')
        )
    assert [path for path, _ in caught.value.problems] == ["hours.public_holidays"]


def with_keys(toml: str, mapping: str = EXAMPLE_MAPPING) -> str:
    """The example mapping with TOML keys added before its first table."""
    return toml + "\n" + mapping


def test_read_mapped_csv_field_placeholder_is_unknown_not_an_error() -> None:
    mapping = EXAMPLE_MAPPING + '\n[fields.phone]\nplaceholders = ["NC", "-"]\n'
    rows = read_example(
        EXAMPLE_HEADER, example_row(tel="nc"), example_row(id="ex-2", tel="-"), mapping=mapping
    ).rows
    assert [(row.errors, "phone" in row.fields) for row in rows] == [([], False), ([], False)]


def test_read_mapped_csv_hours_placeholder_reads_as_an_empty_cell() -> None:
    mapping = EXAMPLE_MAPPING + 'placeholders = ["00:00 - 00:00"]\n'
    rows = read_example(
        EXAMPLE_HEADER, example_row(lundi="9h-12h", mardi="00:00 - 00:00"), mapping=mapping
    ).rows
    assert (rows[0].errors, rows[0].fields["opening_hours"]) == ([], "Mo 09:00-12:00")


def test_read_mapped_csv_hours_placeholder_everywhere_leaves_hours_unknown() -> None:
    mapping = EXAMPLE_MAPPING + 'placeholders = ["00:00 - 00:00"]\n'
    days = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    line = example_row(**dict.fromkeys(days, "00:00 - 00:00"))
    (row,) = read_example(EXAMPLE_HEADER, line, mapping=mapping).rows
    assert (row.errors, "opening_hours" in row.fields) == ([], False)


OVERSEAS_MAPPING = EXAMPLE_MAPPING.replace("[fields.", 'insee_code = "insee"\n\n[fields.', 1)
OVERSEAS_HEADER = EXAMPLE_HEADER + ",insee"


def test_read_mapped_csv_overseas_phone_takes_its_department_code() -> None:
    cells = {"cp": "97110", "ville": "Pointe-à-Pitre", "lat": "16.2411", "lon": "-61.5331"}
    line = example_row(**cells, tel="0590 12 34 56") + ",97120"
    (row,) = read_example(OVERSEAS_HEADER, line, mapping=OVERSEAS_MAPPING).rows
    assert (row.errors, row.fields["phone"]) == ([], "+590590123456")


def test_read_mapped_csv_local_new_caledonia_phone_takes_its_code() -> None:
    line = example_row(cp="98800", ville="Nouméa", tel="27 12 34") + ",98818"
    (row,) = read_example(OVERSEAS_HEADER, line, mapping=OVERSEAS_MAPPING).rows
    assert [e.reason for e in row.errors if e.field == "tel"] == []
    assert row.fields["phone"] == "+687271234"


def test_read_mapped_csv_time_zone_of_other_department_rejects_the_row() -> None:
    mapping = with_keys('time_zone = "America/Guadeloupe"')
    (row,) = read_example(EXAMPLE_HEADER, example_row(lundi="9h-12h"), mapping=mapping).rows
    assert row.errors == [
        RowError(
            2,
            "cp",
            "21000",
            "la correspondance donne les horaires à l'heure de America/Guadeloupe, "
            "mais ce lieu (département 21) vit à l'heure de Europe/Paris",
        )
    ]


def test_read_mapped_csv_time_zone_of_its_department_is_accepted() -> None:
    mapping = with_keys('time_zone = "Europe/Paris"')
    (row,) = read_example(EXAMPLE_HEADER, example_row(lundi="9h-12h"), mapping=mapping).rows
    assert row.errors == []


def test_load_mapping_unknown_time_zone_is_a_mapping_error() -> None:
    with pytest.raises(MappingError, match="time_zone"):
        load_mapping(with_keys('time_zone = "Europe/Dijon"'))
