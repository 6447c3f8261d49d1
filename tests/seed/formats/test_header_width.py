"""A file's header is checked in one pass and holds at most MAX_COLUMNS names
(seed/formats/base.py check_header), in every format that has one."""

import json

import pytest

from seed.formats.base import MAX_COLUMNS, FormatError, check_header
from seed.formats.geojson import read_geojson
from seed.formats.lieux_mediation_columns import REQUIRED
from seed.formats.lieux_mediation_read import read_lieux_mediation_json
from seed.formats.lieux_mediation_rows import detect_layout
from seed.formats.mapping import load_mapping, read_mapped_csv


def wide(extra: int) -> list[str]:
    """The standard's required columns, then `extra` columns of our own."""
    return [*REQUIRED, *(f"x{n}" for n in range(extra))]


def test_header_of_max_columns_is_read() -> None:
    layout = detect_layout(wide(MAX_COLUMNS - len(REQUIRED)))
    assert len(layout.unknown) == MAX_COLUMNS - len(REQUIRED)


def test_header_over_max_columns_is_refused() -> None:
    with pytest.raises(FormatError) as refused:
        detect_layout(wide(MAX_COLUMNS - len(REQUIRED) + 1))
    assert str(refused.value) == f"l'en-tête a 501 colonnes : {MAX_COLUMNS} au plus sont acceptées"
    assert refused.value.en == "501 columns: at most 500 are accepted"


def test_header_of_100000_columns_is_refused_before_any_other_check() -> None:
    # Duplicates and all: the width is refused first, so nothing looks at 100,000 names.
    with pytest.raises(FormatError, match="l'en-tête a 100007 colonnes"):
        detect_layout([*wide(50_000), *wide(50_000)[len(REQUIRED) :]])


def test_duplicated_columns_are_still_named() -> None:
    with pytest.raises(FormatError, match=r"^colonnes en double : nom, x1$"):
        detect_layout([*wide(3), "NOM", " x1"])


def test_check_header_names_a_column_with_a_control_character() -> None:
    with pytest.raises(FormatError, match=r"^l'en-tête, colonne 2 : caractère de contrôle U"):
        check_header(["id", "n\x1bom"])


def test_json_places_with_too_many_keys_are_refused() -> None:
    place = {name: "x" for name in wide(MAX_COLUMNS)}
    with pytest.raises(FormatError, match="l'en-tête a 507 colonnes"):
        read_lieux_mediation_json(json.dumps([place]).encode(), "ville")


def test_geojson_feature_with_too_many_properties_is_refused() -> None:
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [5.04, 47.32]},
        "properties": {f"p{n}": n for n in range(MAX_COLUMNS + 1)},
    }
    document = {"type": "FeatureCollection", "features": [feature]}
    with pytest.raises(FormatError, match=r"^l'objet 1 \(properties\) a 501 colonnes"):
        read_geojson(json.dumps(document).encode(), "ville")


def test_mapped_csv_with_too_many_columns_is_refused() -> None:
    columns = 'source_id = "Id"\nname = "Nom"\naddress = "Adresse"\n'
    mapping = load_mapping(f'[defaults]\nsource = "ville"\n[columns]\n{columns}')
    header = ";".join(["Id", "Nom", "Adresse", *(f"c{n}" for n in range(MAX_COLUMNS))])
    with pytest.raises(FormatError, match="l'en-tête a 503 colonnes"):
        read_mapped_csv(f"{header}\n1;Lieu;1 rue\n".encode(), mapping)
