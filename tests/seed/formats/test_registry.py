"""seed.formats.registry: which reader a file goes to, and the shipped mappings by name."""

import io
import json

import pytest

from seed.formats.base import FormatError, ReadResult, RowStream
from seed.formats.registry import (
    FORMATS,
    HEAD_BYTES,
    MAPPINGS_DIR,
    detect_format,
    read_file,
    shipped_mapping,
    shipped_mappings,
    stream_file,
)
from tests.data_files import fixture

DIJON_CSV = fixture("lieux-mediation-dijon.csv")
CENSUS_SAMPLE = fixture("bfc-ternum-sample.csv")
POINT = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [5.069047, 47.32968]},
    "properties": {"name": "PANDA Grésilles"},
}
GEOJSON = json.dumps({"type": "FeatureCollection", "features": [POINT]}).encode()


@pytest.mark.parametrize(
    ("data", "filename", "fmt"),
    [
        (GEOJSON, None, "geojson"),
        (b"\xef\xbb\xbf \n" + GEOJSON, "lieux.json", "geojson"),
        (b'[{"id": "a"}]', None, "lieux-mediation-json"),
        (b'{"data": []}', "lieux.geojson", "lieux-mediation-json"),
        (b"id,nom\n", "lieux.geojson", "geojson"),
        (b"id,nom\n", "LIEUX.GEOJSON", "geojson"),
        (b"id,nom\n", "lieux.csv", "lieux-mediation"),
        (b"id,nom\n", None, "lieux-mediation"),
    ],
)
def test_detect_format(data: bytes, filename: str | None, fmt: str) -> None:
    assert detect_format(data, filename) == fmt


def test_feature_collection_named_far_into_the_file_is_not_geojson() -> None:
    late = b'{"padding": "' + b"x" * 5000 + b'", "type": "FeatureCollection"}'
    assert detect_format(late, None) == "lieux-mediation-json"


def test_shipped_mappings_are_the_toml_files_by_name() -> None:
    names = shipped_mappings()
    assert "bfc-ternum" in names
    assert names == sorted(names)
    assert shipped_mapping("bfc-ternum") == MAPPINGS_DIR / "bfc-ternum.toml"


@pytest.mark.parametrize("name", ["inconnue", "../mappings/bfc-ternum", "bfc-ternum.toml"])
def test_only_listed_mappings_can_be_named(name: str) -> None:
    with pytest.raises(FormatError, match=r"aucune correspondance livrée .* connues : ") as caught:
        shipped_mapping(name)
    assert caught.value.en is not None and "bfc-ternum" in caught.value.en


def test_read_file_reads_the_standard_s_csv_by_default() -> None:
    result = read_file(DIJON_CSV.read_bytes())
    assert result.format_name == "lieux-mediation-numerique v1 csv"
    assert [row.fields["name"] for row in result.rows] == [
        "PANDA Grésilles",
        "PANDA Lab - Maison Phare MJC",
        "Association ORE",
    ]


def test_read_file_with_a_mapping_is_the_mapped_format() -> None:
    result = read_file(CENSUS_SAMPLE.read_bytes(), mapping=shipped_mapping("bfc-ternum"))
    assert len(result.rows) == 12
    assert result.rows[0].fields["source_id"] == "mednumBFC_TL_2_"


def test_read_file_reads_geojson_with_the_source_given() -> None:
    result = read_file(GEOJSON, source="ville-exemple")
    assert result.format_name == "geojson"
    assert result.rows[0].fields["source"] == "ville-exemple"


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (b" \n\t", None, "le fichier est vide"),
        (b"id\n", "xlsx", "format inconnu « xlsx » ; formats connus : lieux-mediation,"),
        (b"id\n", "mapped", r"demande un fichier de correspondance \(--mapping\)"),
    ],
)
def test_read_file_refusals(data: bytes, fmt: str | None, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        read_file(data, fmt)


def test_formats_are_the_four_readers() -> None:
    assert FORMATS == ("lieux-mediation", "lieux-mediation-json", "geojson", "mapped")


def test_stream_file_streams_the_standard_s_csv_from_the_start() -> None:
    file = io.BytesIO(DIJON_CSV.read_bytes())
    file.seek(50)  # wherever the caller left it
    result = stream_file(file)
    assert isinstance(result, RowStream)
    assert [row.fields["source_id"] for row in result.rows] == [
        "mednumBFC_TL_2_",
        "mednumBFC_TL_66_",
        "mednumBFC_TL_697_",
    ]


def test_stream_file_reads_other_formats_whole() -> None:
    result = stream_file(io.BytesIO(GEOJSON), filename="lieux.geojson")
    assert isinstance(result, ReadResult)
    assert result.rows[0].fields["name"] == "PANDA Grésilles"


def test_stream_file_sees_a_file_of_blanks_past_its_head_as_empty() -> None:
    with pytest.raises(FormatError, match="le fichier est vide"):
        stream_file(io.BytesIO(b" " * (HEAD_BYTES + 10)))


def test_stream_file_finds_text_after_a_blank_head() -> None:
    data = b"\n" * HEAD_BYTES + DIJON_CSV.read_bytes()
    result = stream_file(io.BytesIO(data))
    assert isinstance(result, RowStream)
    assert len(list(result.rows)) == 3
