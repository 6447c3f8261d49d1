"""seed.build_dijon_seed, without the reference files: CSV reading, communes, ordering, the
documents and their stable text, and the command line on files made from our own seed."""

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from seed import build_dijon_seed
from seed.build_dijon_seed import (
    ACCESS_POINTS_JSON,
    COMMUNE_COLUMNS,
    COMMUNES_CSV,
    COMMUNES_JSON,
    DATASET_CSV,
    access_points_document,
    commune_from_row,
    communes_document,
    natural_key,
    read_access_points,
    read_communes,
    read_csv,
    render,
)
from tests.data_files import fixture, project_file
from tests.seed import seed_communes

SAMPLE = fixture("bfc-ternum-sample.csv")
SEED_COMMUNES = project_file(f"seed/data/{COMMUNES_JSON}")
SEED_PLACES = project_file(f"seed/data/{ACCESS_POINTS_JSON}")
NEUILLY_ROW = {
    "code_insee": "21452",
    "nom": "Neuilly-Crimolois",
    "code_postal": "21800",
    "centroid_lat": "47.2736",
    "centroid_lon": "5.1127",
    "former_names": "Neuilly-lès-Dijon | Crimolois|",
}


def communes_csv(path: Path, entries: list[dict[str, Any]]) -> Path:
    """The compiled communes CSV, written from the seed's commune entries."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*COMMUNE_COLUMNS, "former_names"])
        for c in entries:
            writer.writerow(
                [
                    c["insee_code"],
                    c["name"],
                    c["postcode"],
                    c["latitude"],
                    c["longitude"],
                    "|".join(c["former_names"]),
                ]
            )
    return path


def seed_commune_entries() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(SEED_COMMUNES.read_text("utf-8"))["communes"]
    return entries


def test_read_csv_gives_the_line_each_record_starts_on(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text('a,b\n1,"deux\nlignes"\n3,trois\n', encoding="utf-8")
    assert [(line, row["a"]) for line, row in read_csv(path, ["a"])] == [(2, "1"), (4, "3")]


def test_read_csv_ignores_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b\n1,2\n")
    assert list(read_csv(path, ["a", "b"])) == [(2, {"a": "1", "b": "2"})]


def test_read_csv_names_the_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "communes.csv"
    path.write_text("code_insee,nom\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^communes\.csv: missing columns \['code_postal'"):
        list(read_csv(path, COMMUNE_COLUMNS))


def test_commune_from_row_reads_former_names_between_bars() -> None:
    commune = commune_from_row(NEUILLY_ROW, 5)
    assert (commune.insee_code, commune.name, commune.postcode) == (
        "21452",
        "Neuilly-Crimolois",
        "21800",
    )
    assert (commune.latitude, commune.longitude) == (47.2736, 5.1127)
    assert commune.former_names == ["Neuilly-lès-Dijon", "Crimolois"]


def test_commune_from_row_without_former_names_column() -> None:
    row = {k: v for k, v in NEUILLY_ROW.items() if k != "former_names"}
    assert commune_from_row(row, 2).former_names == []


@pytest.mark.parametrize(
    ("column", "value"),
    [("code_insee", "2145"), ("code_postal", "218OO"), ("centroid_lat", "47,27"), ("nom", "")],
)
def test_commune_from_row_refusal_names_the_file_and_line(column: str, value: str) -> None:
    with pytest.raises(ValueError, match=rf"^{COMMUNES_CSV} line 7: "):
        commune_from_row(NEUILLY_ROW | {column: value}, 7)


def test_seed_communes_round_trip_to_the_committed_file(tmp_path: Path) -> None:
    entries = seed_commune_entries()
    communes = read_communes(communes_csv(tmp_path / COMMUNES_CSV, list(reversed(entries))))
    assert len(communes) == 23
    assert [c.insee_code for c in communes] == sorted(c["insee_code"] for c in entries)
    assert render(communes_document(communes)) == SEED_COMMUNES.read_text("utf-8")


def test_communes_document_keeps_only_what_the_csv_states() -> None:
    (entry,) = communes_document(seed_communes()[:1])["communes"]
    assert set(entry) == build_dijon_seed.COMPILED_COMMUNE_FIELDS


def test_natural_key_orders_numbers_by_value() -> None:
    ids = ["mednumBFC_TL_10_", "mednumBFC_TL_2_", "mednumBFC_TL_1_", "mednumBFC_TL_122_"]
    assert sorted(ids, key=natural_key) == [
        "mednumBFC_TL_1_",
        "mednumBFC_TL_2_",
        "mednumBFC_TL_10_",
        "mednumBFC_TL_122_",
    ]
    assert natural_key("TL_07_") == ["TL_", 7, "_"]


def test_places_come_in_natural_order() -> None:
    places = read_access_points(SAMPLE, seed_communes())
    ids = [p.source_id for p in places]
    assert ids == sorted(ids, key=natural_key)
    assert ids.index("mednumBFC_TL_5_") < ids.index("mednumBFC_TL_66_")


def test_a_repeated_census_id_is_refused(tmp_path: Path) -> None:
    lines = SAMPLE.read_text("utf-8").splitlines(keepends=True)
    twice = tmp_path / DATASET_CSV
    twice.write_text(lines[0] + lines[1] + lines[1], encoding="utf-8")
    with pytest.raises(ValueError, match=r"^source_id 'mednumBFC_TL_\d+_' appears twice$"):
        read_access_points(twice, seed_communes())


def test_sample_places_equal_the_committed_seed_places() -> None:
    built = access_points_document(read_access_points(SAMPLE, seed_communes()))
    committed = json.loads(SEED_PLACES.read_text("utf-8"))
    by_id = {p["source_id"]: p for p in committed["access_points"]}
    assert {k: v for k, v in built.items() if k != "access_points"} == {
        k: v for k, v in committed.items() if k != "access_points"
    }
    assert len(built["access_points"]) == 7
    for place in built["access_points"]:
        assert place == by_id[place["source_id"]]


def test_render_is_one_space_indented_readable_utf8_with_a_final_newline() -> None:
    assert render({"nom": "Chenôve", "n": [1]}) == '{\n "nom": "Chenôve",\n "n": [\n  1\n ]\n}\n'


def test_write_makes_the_folder_and_unix_lines(tmp_path: Path) -> None:
    out = tmp_path / "seed" / "data"
    build_dijon_seed.write({"a.json": "{\n}\n"}, out)
    assert (out / "a.json").read_bytes() == b"{\n}\n"


def test_main_without_a_folder_says_how_to_give_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(build_dijon_seed.REFERENCE_DATA_VARIABLE, raising=False)
    assert build_dijon_seed.main([]) == 1
    assert "pass --data-dir or set PANDA_REFERENCE_DATA" in capsys.readouterr().err


def test_main_reports_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build_dijon_seed.main(["--data-dir", str(tmp_path), "--out", str(tmp_path)]) == 1
    assert COMMUNES_CSV in capsys.readouterr().err


def test_main_builds_both_files_from_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    communes_csv(data / COMMUNES_CSV, seed_commune_entries())
    (data / DATASET_CSV).write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "out"
    assert build_dijon_seed.main(["--data-dir", str(data), "--out", str(out)]) == 0
    assert (out / COMMUNES_JSON).read_text("utf-8") == SEED_COMMUNES.read_text("utf-8")
    places = json.loads((out / ACCESS_POINTS_JSON).read_text("utf-8"))["access_points"]
    assert [p["source_id"] for p in places][:2] == ["mednumBFC_TL_2_", "mednumBFC_TL_5_"]
    assert capsys.readouterr().out.count("wrote ") == 2
