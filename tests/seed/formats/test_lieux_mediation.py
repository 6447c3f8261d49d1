"""Reading and writing the national standard "Lieux de médiation numérique"."""

import csv
import io
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from frictionless import Resource, Schema
from pydantic import ValidationError

from models.access_point import AccessPointCreate, AccessPointPublic
from seed.formats.base import FormatError, ParsedRow
from seed.formats.lieux_mediation import (
    read_lieux_mediation_csv,
    read_lieux_mediation_json,
    write_lieux_mediation_csv,
)
from seed.formats.lieux_mediation_stream import stream_lieux_mediation_csv
from tests.data_files import fixture, reference

EXAMPLE_CSV = "lieux-mediation-numerique.exemple-valide.csv"
SCHEMA_JSON = "lieux-mediation-numerique.schema.json"
DIJON_CSV = fixture("lieux-mediation-dijon.csv")
TODAY = date(2025, 3, 4)

# An invented place in Dijon with only what the standard requires, plus coordinates.
PLACE = {
    "id": "essai-1",
    "pivot": "21210231500017",
    "nom": "Espace numérique d'essai",
    "commune": "Dijon",
    "code_postal": "21000",
    "adresse": "1 rue de l'Exemple",
    "latitude": "47.3220",
    "longitude": "5.0415",
    "source": "Ville d'essai",
    "date_maj": "2024-05-01",
}


def csv_text(*rows: dict[str, str], delimiter: str = ",") -> str:
    """A CSV file with the union of the rows' columns, `\\n` line ends."""
    header = list(dict.fromkeys(name for row in rows for name in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, header, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def read_one(**overrides: str) -> ParsedRow:
    """The single row read from PLACE with some cells changed."""
    return read_lieux_mediation_csv(csv_text({**PLACE, **overrides}).encode(), "test").rows[0]


def rejected_columns(row: ParsedRow) -> set[str]:
    """The file's columns that AccessPointCreate rejects, as the import engine reports them."""
    try:
        AccessPointCreate.model_validate(row.fields)
    except ValidationError as exc:
        return {row.columns.get(str(e["loc"][0]), str(e["loc"][0])) for e in exc.errors()}
    return set()


def place(**fields: Any) -> AccessPointCreate:
    """An invented place in Dijon, as our model holds it."""
    base: dict[str, Any] = {
        "name": "Espace numérique d'essai",
        "address": "1 rue de l'Exemple",
        "postcode": "21000",
        "commune": "Dijon",
        "latitude": 47.322,
        "longitude": 5.0415,
        "source": "essai",
        "source_id": "essai-1",
    }
    return AccessPointCreate(**{**base, **fields})


def schema_errors(text: str) -> list[list[Any]]:
    """What frictionless finds wrong in a CSV text against the standard's Table Schema
    (reference data: only `reference` tests call it)."""
    schema = Schema.from_descriptor(json.loads(reference(SCHEMA_JSON).read_text(encoding="utf-8")))
    report = Resource(text.encode("utf-8"), format="csv", schema=schema).validate()
    return report.flatten(["rowNumber", "fieldName", "type", "note"])


def data_rows(text: str) -> list[dict[str, str]]:
    """The data rows of an exported CSV text."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


# The standard's example file (reference data), and our v1 file of Dijon places


@pytest.mark.reference
def test_example_file_reads_as_one_row_without_errors() -> None:
    result = read_lieux_mediation_csv(reference(EXAMPLE_CSV).read_bytes(), None)
    assert [(row.line, row.errors) for row in result.rows] == [(2, [])]


@pytest.mark.reference
def test_example_file_row_passes_the_model() -> None:
    row = read_lieux_mediation_csv(reference(EXAMPLE_CSV).read_bytes(), None).rows[0]
    assert rejected_columns(row) == set()


@pytest.mark.reference
def test_example_file_values_in_our_fields() -> None:
    fields = read_lieux_mediation_csv(reference(EXAMPLE_CSV).read_bytes(), None).rows[0].fields
    assert {k: v for k, v in fields.items() if k not in {"description", "summary"}} == {
        "source_id": "structure-1",
        "pivot": "43493312300029",
        "name": "Anonymal",
        "commune": "Reims",
        "postcode": "51100",
        "insee_code": "51454",
        "address": "12 BIS RUE DE LECLERCQ",
        "address_complement": "Le patio du bois de l'Aulne",
        "latitude": 43.52609,
        "longitude": 5.41423,
        "typology": ["TIERS_LIEUX", "ASSO"],
        "phone": "+33180059880",
        "emails": ["contact@laquincaillerie.tl", "responsable@laquincaillerie.tl"],
        "websites": [
            "https://www.laquincaillerie.tl/",
            "https://m.facebook.com/laquincaillerienumerique/",
        ],
        "opening_hours": "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",
        "source": "Hubik",
        "mobility": ["Itinérant"],
        "parent_organisation": "SIRET de la ville pour une bibliothèque.",
        "source_updated_on": date(2024, 4, 2),
        "services": [
            "Maîtrise des outils numériques du quotidien",
            "Insertion professionnelle via le numérique",
            "Loisirs et créations numériques",
        ],
        "audiences": ["Jeunes", "Femmes"],
        "specific_support": ["Surdité", "Illettrisme", "Langues étrangères (anglais)"],
        "fees": ["Gratuit sous condition", "Payant"],
        "national_programmes": ["Aidants Connect", "Conseillers numériques", "La Croix Rouge"],
        "training_labels": [
            "Formé à « Mon Espace Santé »",
            "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
        ],
        "other_training_labels": ["Label et la bête"],
        "access_modes": ["Se présenter", "Téléphoner"],
        "support_modes": [
            "Dans un atelier collectif",
            "À distance",
            "En autonomie",
            "Accompagnement individuel",
        ],
        "accessibility_sheet_url": "https://acceslibre.beta.gouv.fr/app/29-lampaul-plouarzel/a/bibliotheque-mediatheque/erp/mediatheque-13/",
        "appointment_url": "https://www.rdv-solidarites.fr/",
    }


def test_v1_file_format_is_v1_csv_without_unknown_columns() -> None:
    result = read_lieux_mediation_csv(DIJON_CSV.read_bytes(), None)
    assert (result.format_name, result.unknown_columns) == ("lieux-mediation-numerique v1 csv", [])


def test_v1_file_reads_every_row_without_errors() -> None:
    result = read_lieux_mediation_csv(DIJON_CSV.read_bytes(), None)
    assert [(row.line, row.errors, rejected_columns(row)) for row in result.rows] == [
        (2, [], set()),
        (3, [], set()),
        (4, [], set()),
    ]


def test_v1_file_values_in_our_fields() -> None:
    fields = read_lieux_mediation_csv(DIJON_CSV.read_bytes(), None).rows[2].fields
    assert {k: v for k, v in fields.items() if v not in (None, [])} == {
        "source_id": "mednumBFC_TL_697_",
        "name": "Association ORE",
        "commune": "Quetigny",
        "postcode": "21800",
        "insee_code": "21515",
        "address": "3 allée des jardins",
        "latitude": 47.317517,
        "longitude": 5.119736,
        "phone": "+33380482396",
        "emails": ["numerique@association-ore.fr"],
        "websites": ["https://fablab21.fr"],
        "opening_hours": "Tu-Sa 09:00-17:00",
        "source": "mednum-bfc",
        "source_updated_on": date(2022, 5, 17),
        "support_modes": [
            "En autonomie",
            "Accompagnement individuel",
            "Dans un atelier collectif",
        ],
    }


def test_v1_file_maps_fields_back_to_columns() -> None:
    row = read_lieux_mediation_csv(DIJON_CSV.read_bytes(), None).rows[0]
    assert (row.columns["services"], row.columns["opening_hours"]) == ("services", "horaires")


@pytest.mark.reference
def test_v1_file_is_valid_against_the_standard_schema() -> None:
    assert schema_errors(DIJON_CSV.read_text(encoding="utf-8")) == []


# v0.1 files

V01_PLACE = {
    **PLACE,
    "cle_ban": "21231_1234_00001",
    "courriel": "contact@essai.example",
    "site_web": "https://essai.example/,https://essai.example/agenda",
    "services": "Prendre en main un ordinateur;Accéder à du matériel",
    "publics_accueillis": "Seniors (+ 65 ans);Adultes;Déficience visuelle",
    "conditions_acces": "Gratuit : Je peux accéder gratuitement au lieu et à ses services",
    "labels_nationaux": "France Services;CNFS;APTIC;Fabriques de Territoire",
    "labels_autres": "Label local;Autre label",
    "modalites_accompagnement": "Seul : j'ai accès à du matériel et une connexion;Avec de l'aide",
    "accessibilite": "https://acceslibre.beta.gouv.fr/app/essai/",
}


def read_v01() -> ParsedRow:
    """The invented v0.1 place, read."""
    return read_lieux_mediation_csv(csv_text(V01_PLACE).encode(), "test").rows[0]


def test_v01_header_is_detected() -> None:
    result = read_lieux_mediation_csv(csv_text(V01_PLACE).encode(), "test")
    assert result.format_name == "lieux-mediation-numerique v0.1 csv"


def test_v01_renamed_columns_fill_their_fields() -> None:
    fields = read_v01().fields
    assert (
        fields["emails"],
        fields["other_training_labels"],
        fields["accessibility_sheet_url"],
    ) == (
        ["contact@essai.example"],
        ["Label local", "Autre label"],
        "https://acceslibre.beta.gouv.fr/app/essai/",
    )


def test_v01_values_become_v1_values() -> None:
    fields = read_v01().fields
    assert {
        name: fields[name]
        for name in (
            "services",
            "audiences",
            "specific_support",
            "fees",
            "national_programmes",
            "training_labels",
            "support_modes",
        )
    } == {
        "services": [
            "Maîtrise des outils numériques du quotidien",
            "Accès internet et matériel informatique",
        ],
        "audiences": ["Seniors"],
        "specific_support": ["Déficience visuelle"],
        "fees": ["Gratuit"],
        "national_programmes": ["France Services", "Conseillers numériques"],
        "training_labels": ["Fabriques de Territoire"],
        "support_modes": ["En autonomie", "Accompagnement individuel"],
    }


def test_v01_web_sites_split_on_commas() -> None:
    assert read_v01().fields["websites"] == [
        "https://essai.example/",
        "https://essai.example/agenda",
    ]


def test_v01_row_passes_the_model() -> None:
    assert rejected_columns(read_v01()) == set()


def test_v01_values_are_reported_under_the_old_column() -> None:
    assert read_v01().columns["specific_support"] == "publics_accueillis"


def test_v01_cle_ban_is_reported_unknown() -> None:
    result = read_lieux_mediation_csv(csv_text(V01_PLACE).encode(), "test")
    assert result.unknown_columns == ["cle_ban"]


# Files as cities write them


def test_csv_utf8_bom_is_ignored() -> None:
    data = b"\xef\xbb\xbf" + csv_text(PLACE).encode()
    row = read_lieux_mediation_csv(data, "test").rows[0]
    assert (row.fields["source_id"], row.errors) == ("essai-1", [])


def test_csv_semicolon_delimiter_is_sniffed() -> None:
    data = csv_text({**PLACE, "latitude": "47,3220"}, delimiter=";").encode()
    row = read_lieux_mediation_csv(data, "test").rows[0]
    assert (row.fields["latitude"], row.errors) == (47.322, [])


def test_csv_windows_1252_is_decoded() -> None:
    data = csv_text({**PLACE, "commune": "Chevigny-Saint-Sauveur", "nom": "Médiathèque"}).encode(
        "cp1252"
    )
    assert read_lieux_mediation_csv(data, "test").rows[0].fields["name"] == "Médiathèque"


def test_csv_bom_semicolon_and_windows_1252_together() -> None:
    text = csv_text({**PLACE, "nom": "Maison de quartier Grésilles"}, delimiter=";")
    row = read_lieux_mediation_csv(b"\xef\xbb\xbf" + text.encode("cp1252"), "test").rows[0]
    assert (row.fields["name"], row.errors) == ("Maison de quartier Grésilles", [])


def test_csv_neither_utf8_nor_windows_1252_is_a_format_error() -> None:
    data = csv_text(PLACE).encode() + b"\x81\x8d"
    with pytest.raises(FormatError, match="ni du texte UTF-8 ni du Windows-1252"):
        read_lieux_mediation_csv(data, "test")


def test_csv_unknown_column_is_reported() -> None:
    result = read_lieux_mediation_csv(csv_text({**PLACE, "wifi": "oui"}).encode(), "test")
    assert result.unknown_columns == ["wifi"]


def test_csv_missing_required_columns_are_named() -> None:
    row = {k: v for k, v in PLACE.items() if k not in {"nom", "date_maj"}}
    with pytest.raises(FormatError, match=r"^colonnes obligatoires absentes : nom, date_maj$"):
        read_lieux_mediation_csv(csv_text(row).encode(), "test")


def test_csv_without_coordinate_columns_leaves_them_to_the_geocoder() -> None:
    row = {k: v for k, v in PLACE.items() if k not in {"latitude", "longitude"}}
    parsed = read_lieux_mediation_csv(csv_text(row).encode(), "test").rows[0]
    assert ("latitude" in parsed.fields, parsed.errors) == (False, [])


def test_csv_empty_file_has_no_rows() -> None:
    with pytest.raises(FormatError, match=r"^le fichier ne contient aucune ligne de données$"):
        read_lieux_mediation_csv(b"", "test")


def test_csv_header_only_has_no_rows() -> None:
    header = csv_text(PLACE).splitlines()[0] + "\n"
    with pytest.raises(FormatError, match=r"^le fichier ne contient aucune ligne de données$"):
        read_lieux_mediation_csv(header.encode(), "test")


def test_csv_truncated_last_line_is_a_row_error() -> None:
    text = csv_text(PLACE, {**PLACE, "id": "essai-2"}).rstrip("\n")
    cut = text[: text.rindex("Dijon")]  # the second row stops before its commune
    rows = read_lieux_mediation_csv(cut.encode(), "test").rows
    assert [(e.line, e.field) for row in rows for e in row.errors] == [(3, "code_postal")]


def test_csv_unterminated_quote_is_a_format_error() -> None:
    text = csv_text(PLACE) + 'essai-2,,"Lieu coupé\n'
    with pytest.raises(
        FormatError, match=r"^ligne 3 : une valeur entre guillemets n'est jamais refermée"
    ):
        read_lieux_mediation_csv(text.encode(), "test")


def test_csv_line_numbers_are_physical_lines() -> None:
    first = {**PLACE, "presentation_detail": "Deux\nlignes"}
    text = csv_text(first, {**PLACE, "id": "essai-2", "horaires": "lundi"})
    errors = read_lieux_mediation_csv(text.encode(), "test").rows[1].errors
    assert [error.line for error in errors] == [4]


def test_csv_duplicate_id_is_an_error_on_the_second_row() -> None:
    text = csv_text(PLACE, {**PLACE, "nom": "Autre"})
    rows = read_lieux_mediation_csv(text.encode(), "test").rows
    assert [[(e.line, e.field, e.reason) for e in row.errors] for row in rows] == [
        [],
        [(3, "id", "identifiant en double : déjà utilisé ligne 2")],
    ]


# Values


def test_invalid_hours_are_an_error_on_horaires() -> None:
    errors = read_one(horaires="lundi 9h-12h").errors
    assert [(e.field, e.value) for e in errors] == [("horaires", "lundi 9h-12h")]


def test_hours_are_normalised() -> None:
    assert read_one(horaires="Mo-Fr   09:00-12:00").fields["opening_hours"] == "Mo-Fr 09:00-12:00"


def test_french_national_phone_becomes_international() -> None:
    assert read_one(telephone="03 80 48 82 30").fields["phone"] == "+33380488230"


# An invented place in Pointe-à-Pitre (INSEE 97120), and one in Nouméa (98818).
GUADELOUPE = {"commune": "Pointe-à-Pitre", "code_postal": "97110", "code_insee": "97120"}
GUADELOUPE |= {"latitude": "16.2411", "longitude": "-61.5331"}


def test_guadeloupe_national_phone_takes_its_calling_code() -> None:
    row = read_one(**GUADELOUPE, telephone="0590 12 34 56")
    assert (row.fields["phone"], rejected_columns(row)) == ("+590590123456", set())


def test_martinique_phone_written_with_plus_33_takes_its_calling_code() -> None:
    row = read_one(code_postal="97200", telephone="+33 5 96 12 34 56")
    assert row.fields["phone"] == "+596596123456"


def test_new_caledonia_local_phone_takes_the_calling_code_of_its_department() -> None:
    row = read_one(code_postal="98800", code_insee="98818", telephone="27 12 34")
    assert row.fields["phone"] == "+687271234"


def test_streamed_rows_localise_phones_as_the_careful_reader_does() -> None:
    text = csv_text({**PLACE, "code_postal": "98800", "telephone": "27 12 34"}).encode()
    (row,) = stream_lieux_mediation_csv(io.BytesIO(text), "test").rows
    assert row.fields["phone"] == "+687271234"


def test_invalid_phone_passes_the_reader_and_fails_the_model() -> None:
    row = read_one(telephone="80 48 82")
    assert (row.errors, rejected_columns(row)) == ([], {"telephone"})


def test_invalid_postcode_passes_the_reader_and_fails_the_model() -> None:
    row = read_one(code_postal="2100")
    assert (row.errors, rejected_columns(row)) == ([], {"code_postal"})


def test_swapped_coordinates_are_an_error() -> None:
    errors = read_one(latitude="5.0415", longitude="47.3220").errors
    assert [(e.field, e.reason) for e in errors] == [
        (
            "latitude",
            "latitude et longitude semblent inversées (exemple : latitude 47.3216, "
            "longitude 5.0415)",
        )
    ]


def test_coordinates_outside_france_are_an_error() -> None:
    errors = read_one(latitude="40.4168", longitude="-3.7038").errors  # Madrid
    assert [(e.field, e.reason) for e in errors] == [
        (
            "latitude",
            "le point est hors de France : vérifiez latitude et longitude (exemple "
            ": 47.3216, 5.0415)",
        )
    ]


def test_overseas_coordinates_are_accepted() -> None:
    row = read_one(latitude="-20.8823", longitude="55.4504")  # Saint-Denis, La Réunion
    assert (row.fields["latitude"], row.errors) == (-20.8823, [])


def test_latitude_without_longitude_is_an_error() -> None:
    errors = read_one(longitude="").errors
    assert [(e.field, e.reason) for e in errors] == [
        ("longitude", "latitude est donnée sans longitude : donnez les deux ou aucune")
    ]


def test_french_date_is_accepted() -> None:
    assert read_one(date_maj="01/05/2024").fields["source_updated_on"] == date(2024, 5, 1)


def test_other_date_format_is_an_error() -> None:
    errors = read_one(date_maj="2024/05/01").errors
    assert [(e.field, e.value) for e in errors] == [("date_maj", "2024/05/01")]


def test_empty_required_cell_is_an_error() -> None:
    errors = read_one(adresse=" ").errors
    assert [(e.field, e.reason) for e in errors] == [
        ("adresse", "obligatoire selon le standard, mais vide")
    ]


def test_list_values_are_trimmed_without_empties() -> None:
    row = read_one(frais_a_charge=" Gratuit || Payant |")
    assert row.fields["fees"] == ["Gratuit", "Payant"]


def test_etapes_numeriques_label_with_space_is_the_model_value() -> None:
    row = read_one(formations_labels="Étapes numériques (La Poste)")
    assert (row.fields["training_labels"], rejected_columns(row)) == (
        ["Étapes numériques(La Poste)"],
        set(),
    )


def test_unknown_pivot_placeholder_reads_as_none() -> None:
    assert read_one(pivot="00000000000000").fields["pivot"] is None


def test_source_argument_wins_over_the_source_column() -> None:
    assert read_one().fields["source"] == "test"


def test_source_column_is_used_without_source_argument() -> None:
    row = read_lieux_mediation_csv(csv_text(PLACE).encode(), None).rows[0]
    assert (row.fields["source"], row.columns["source"]) == ("Ville d'essai", "source")


def test_no_source_at_all_is_a_row_error() -> None:
    row = read_lieux_mediation_csv(csv_text({**PLACE, "source": ""}).encode(), None).rows[0]
    assert [e.field for e in row.errors] == ["source"]


# JSON


def test_json_reads_arrays_and_pipe_separated_strings() -> None:
    obj = {**PLACE, "latitude": 47.322, "typologie": ["BIB"], "frais_a_charge": "Gratuit|Payant"}
    row = read_lieux_mediation_json(json.dumps([obj]).encode(), "test").rows[0]
    assert (row.fields["latitude"], row.fields["typology"], row.fields["fees"], row.errors) == (
        47.322,
        ["BIB"],
        ["Gratuit", "Payant"],
        [],
    )


def test_json_data_wrapper_is_accepted() -> None:
    result = read_lieux_mediation_json(json.dumps({"data": [PLACE]}).encode(), "test")
    assert result.rows[0].fields["source_id"] == "essai-1"


def test_json_line_is_the_object_index() -> None:
    objects = [PLACE, {**PLACE, "id": "essai-2", "horaires": "lundi"}]
    rows = read_lieux_mediation_json(json.dumps(objects).encode(), "test").rows
    assert [(e.line, e.field) for row in rows for e in row.errors] == [(2, "horaires")]


def test_json_other_document_is_a_format_error() -> None:
    with pytest.raises(FormatError, match="une liste de lieux est attendue"):
        read_lieux_mediation_json(b'{"places": []}', "test")


# Export


@pytest.mark.reference
def test_export_validates_against_the_standard_schema() -> None:
    places = [
        place(
            pivot=None,
            phone="+33380488230",
            typology=["BIB"],
            mobility=["Fixe"],
            services=["Aide aux démarches administratives"],
            audiences=["Seniors"],
            specific_support=["Langues étrangères (autres)"],
            fees=["Gratuit"],
            national_programmes=["Relais numérique (Emmaüs Connect)"],
            training_labels=["Étapes numériques(La Poste)", "ORDI 3.0"],
            access_modes=["Ce lieu n'accueille pas de public"],
            support_modes=["À distance"],
            summary="x" * 400,
        ),
        place(source_id="essai-2", latitude=48.3904, longitude=-4.4861, name="=Brest"),
        place(source="autre", name="Même id, autre source"),
        place(source_id="essai-3", summary="=" + "x" * 400),
    ]
    assert schema_errors(write_lieux_mediation_csv(places, TODAY)) == []


@pytest.mark.reference
def test_export_header_is_the_schema_fields_in_order() -> None:
    schema = json.loads(reference(SCHEMA_JSON).read_text(encoding="utf-8"))
    header = write_lieux_mediation_csv([], TODAY).rstrip("\n").split(",")
    assert header == [field["name"] for field in schema["fields"]]


def test_export_writes_unknown_pivot_as_zeros() -> None:
    assert data_rows(write_lieux_mediation_csv([place()], TODAY))[0]["pivot"] == "00000000000000"


def test_export_date_maj_defaults_to_the_given_date() -> None:
    assert data_rows(write_lieux_mediation_csv([place()], TODAY))[0]["date_maj"] == "2025-03-04"


def test_export_date_maj_is_the_facts_date_never_the_record_update() -> None:
    updated = datetime(2024, 12, 31, 23, 30, tzinfo=UTC)  # 1 January in Paris
    fields = place().model_dump() | {"facts_date": date(2022, 12, 30)}
    public = AccessPointPublic(**fields, facts_date_basis="publication", id=1, updated_at=updated)
    assert data_rows(write_lieux_mediation_csv([public], TODAY))[0]["date_maj"] == "2022-12-30"


def test_export_neutralises_formulas() -> None:
    text = write_lieux_mediation_csv([place(name="=HYPERLINK(1)", address="@SUM(1)")], TODAY)
    row = data_rows(text)[0]
    assert (row["nom"], row["adresse"]) == ("'=HYPERLINK(1)", "'@SUM(1)")


def test_export_keeps_phone_and_negative_longitude_as_they_are() -> None:
    text = write_lieux_mediation_csv([place(phone="+33380488230", longitude=-1.5)], TODAY)
    row = data_rows(text)[0]
    assert (row["telephone"], row["longitude"]) == ("+33380488230", "-1.5")


def test_export_prefixes_ids_shared_by_two_sources() -> None:
    text = write_lieux_mediation_csv([place(), place(source="autre")], TODAY)
    assert [row["id"] for row in data_rows(text)] == ["essai:essai-1", "autre:essai-1"]


def test_export_shortens_summary_to_the_standard_limit() -> None:
    row = data_rows(write_lieux_mediation_csv([place(summary="mot " * 100)], TODAY))[0]
    assert (len(row["presentation_resume"]), row["presentation_resume"][-1]) == (280, "…")


def test_export_round_trip_is_identical() -> None:
    places = [
        place(
            summary="Résumé, avec « guillemets » et ; points-virgules",
            description='Deux\r\nlignes et un "mot"',
            websites=["https://essai.example/a|b", "https://essai.example/"],
            other_training_labels=["A|B"],
            opening_hours="Mo-Fr 09:00-12:00; PH off",
            training_labels=["Étapes numériques(La Poste)"],
            name="-Essai",
        ),
        place(source_id="essai-2", phone="+33380488230", longitude=-4.4861, latitude=48.39),
    ]
    first = write_lieux_mediation_csv(places, TODAY)
    rows = read_lieux_mediation_csv(first.encode(), None).rows
    again = [AccessPointCreate.model_validate(row.fields) for row in rows]
    assert write_lieux_mediation_csv(again, TODAY) == first
