"""seed.formats.lieux_mediation_read: whole CSV and JSON files of the standard to rows."""

import gc
import json
from typing import Any

import pytest

from seed.formats.base import FormatError
from seed.formats.lieux_mediation_read import read_lieux_mediation_csv, read_lieux_mediation_json
from seed.formats.lieux_mediation_stream import NO_ROWS, WHOLE_ROW
from tests.data_files import fixture

DIJON_CSV = fixture("lieux-mediation-dijon.csv")
# PANDA Grésilles in the standard's JSON form, with the seed's facts.
GRESILLES: dict[str, Any] = {
    "id": "mednumBFC_TL_2_",
    "pivot": "00000000000000",
    "nom": "PANDA Grésilles",
    "commune": "Dijon",
    "code_postal": "21000",
    "code_insee": "21231",
    "adresse": "14 rue Camille Claudel",
    "latitude": 47.32968,
    "longitude": 5.069047,
    "telephone": "+33380488414",
    "source": "mednum-bfc",
    "date_maj": "2021-03-05",
    "services": ["Accès internet et matériel informatique"],
}


def json_bytes(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()


def test_csv_file_is_read_whole() -> None:
    result = read_lieux_mediation_csv(DIJON_CSV.read_bytes(), None)
    assert result.format_name == "lieux-mediation-numerique v1 csv"
    assert [row.line for row in result.rows] == [2, 3, 4]
    assert [row.fields["commune"] for row in result.rows] == ["Dijon", "Dijon", "Quetigny"]
    assert all(row.errors == [] for row in result.rows)


def test_csv_read_leaves_the_collector_running() -> None:
    assert gc.isenabled()
    read_lieux_mediation_csv(DIJON_CSV.read_bytes(), None)
    assert gc.isenabled()


def test_json_list_of_objects() -> None:
    result = read_lieux_mediation_json(json_bytes([GRESILLES]), None)
    assert result.format_name == "lieux-mediation-numerique v1 json"
    (row,) = result.rows
    assert row.errors == []
    assert (row.line, row.fields["name"], row.fields["latitude"]) == (
        1,
        "PANDA Grésilles",
        47.32968,
    )
    assert row.fields["services"] == ["Accès internet et matériel informatique"]


def test_json_numbers_and_strings_read_alike() -> None:
    as_text = GRESILLES | {"latitude": "47.32968", "longitude": "5.069047"}
    rows = read_lieux_mediation_json(json_bytes([GRESILLES, as_text | {"id": "b"}]), None).rows
    assert rows[0].fields["latitude"] == rows[1].fields["latitude"] == 47.32968


def test_json_pipe_separated_text_is_split() -> None:
    place = GRESILLES | {"services": "Accès internet et matériel informatique|Aide aux démarches"}
    (row,) = read_lieux_mediation_json(json_bytes([place]), None).rows
    assert len(row.fields["services"]) == 2


def test_json_data_wrapper_bom_and_source_argument() -> None:
    data = b"\xef\xbb\xbf" + json_bytes({"data": [GRESILLES]})
    (row,) = read_lieux_mediation_json(data, "import-dijon").rows
    assert row.fields["source"] == "import-dijon"


def test_json_unknown_keys_are_reported_once() -> None:
    places = [GRESILLES | {"remarque": "x"}, GRESILLES | {"id": "b", "remarque": "y"}]
    assert read_lieux_mediation_json(json_bytes(places), None).unknown_columns == ["remarque"]


def test_json_item_that_is_not_an_object_is_a_row_error() -> None:
    rows = read_lieux_mediation_json(json_bytes([GRESILLES, "PANDA"]), None).rows
    (error,) = rows[1].errors
    assert (error.line, error.field, error.value) == (2, WHOLE_ROW, "PANDA")


@pytest.mark.parametrize("value", [True, {"fr": "PANDA"}, [["PANDA"]]])
def test_json_value_of_a_wrong_type_is_reported_once(value: Any) -> None:
    (row,) = read_lieux_mediation_json(json_bytes([GRESILLES | {"nom": value}]), None).rows
    (error,) = row.errors  # not again as an empty required `nom`
    assert (error.field, error.reason) == (
        "nom",
        "du texte, un nombre ou une liste de ceux-ci est attendu",
    )


def test_json_duplicate_ids_are_flagged() -> None:
    rows = read_lieux_mediation_json(json_bytes([GRESILLES, GRESILLES]), None).rows
    assert rows[0].errors == []
    assert rows[1].errors[0].reason == "identifiant en double : déjà utilisé ligne 1"


def test_json_v01_keys_make_a_v01_read() -> None:
    old = {k: v for k, v in GRESILLES.items() if k != "services"} | {"courriel": "a@exemple.fr"}
    result = read_lieux_mediation_json(json_bytes([old]), None)
    assert result.format_name == "lieux-mediation-numerique v0.1 json"
    assert result.rows[0].fields["emails"] == ["a@exemple.fr"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[{", "n'est pas du JSON valide en UTF-8"),
        (b"\xff[]", "n'est pas du JSON valide en UTF-8"),
        (b'{"lieux": []}', r"une liste de lieux est attendue, ou \{\"data\": \[\.\.\.\]\}"),
        (b'"PANDA"', "une liste de lieux est attendue"),
        (b"[]", NO_ROWS),
        (b'{"data": []}', NO_ROWS),
        (b"[" * 40 + b"]" * 40, "imbriqué"),
    ],
)
def test_json_documents_that_cannot_be_read(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        read_lieux_mediation_json(data, None)


def test_json_missing_required_key_refuses_the_file() -> None:
    place = {k: v for k, v in GRESILLES.items() if k != "date_maj"}
    with pytest.raises(FormatError, match="colonnes obligatoires absentes : date_maj"):
        read_lieux_mediation_json(json_bytes([place]), None)
