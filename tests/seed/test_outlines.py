"""seed.outlines: the shipped outlines file and the checks a bad file fails with, in French."""

import gzip
import json
from pathlib import Path

import pytest

from seed.outlines import FORMAT, OutlinesFileError, read_outlines_file

SQUARE = [5.0, 47.3, 5.01, 47.3, 5.01, 47.31, 5.0, 47.3]


def write(path: Path, document: object) -> Path:
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    return path


def test_bundled_file_holds_every_commune_of_cote_d_or() -> None:
    found = read_outlines_file()
    codes = {o.insee_code for o in found.outlines}
    assert len(codes) == found.header["count"] == 698
    assert all(code.startswith("21") for code in codes)
    dijon = next(o for o in found.outlines if o.insee_code == "21231")
    assert dijon.name == "Dijon"
    west, south, east, north = dijon.bbox
    # Place de la Libération lies inside Dijon's box.
    assert west < 5.0415 < east and south < 47.3216 < north
    assert found.header["licence"] == "Licence Ouverte (Etalab)"


def test_a_file_in_another_format_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "o.json.gz", {"format": 99, "columns": [], "communes": []})
    with pytest.raises(OutlinesFileError, match="format inconnu"):
        read_outlines_file(path)


def test_an_open_ring_is_refused(tmp_path: Path) -> None:
    document = {
        "format": FORMAT,
        "columns": ["insee_code", "name", "polygons"],
        "communes": [["21231", "Dijon", [[[*SQUARE[:-2], 5.0, 47.31]]]]],
    }
    with pytest.raises(OutlinesFileError, match="commune mal formée"):
        read_outlines_file(write(tmp_path / "o.json.gz", document))


def test_a_file_that_is_not_gzip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "o.json.gz"
    path.write_text("{}")
    with pytest.raises(OutlinesFileError, match="illisible"):
        read_outlines_file(path)
