"""Streaming a GTFS file and reporting its problems (api/transit/gtfs.py)."""

import zipfile
from pathlib import Path

from api.transit.gtfs import MAX_LISTED, FeedRefused, Problem, Problems, Table, cell


def test_a_problem_names_its_file_line_and_field() -> None:
    assert str(Problem("trips.txt", 4, "route_id", "ligne « X » inconnue")) == (
        "trips.txt, ligne 4, champ route_id : ligne « X » inconnue"
    )
    assert str(Problem("stops.txt", None, None, "absent")) == "stops.txt : absent"


def test_problems_past_the_listed_ones_are_counted() -> None:
    problems = Problems()
    for line in range(MAX_LISTED + 5):
        problems.add("stop_times.txt", line, "trip_id", "inconnu")
    assert (len(problems.listed), problems.count) == (MAX_LISTED, MAX_LISTED + 5)
    assert FeedRefused(problems).report().endswith("… et 5 autre(s) problème(s)")


def test_a_table_streams_rows_with_line_numbers_stripped_and_padded(tmp_path: Path) -> None:
    path = tmp_path / "feed.zip"
    with zipfile.ZipFile(path, "w") as archive:
        # A byte-order mark, a blank line, a short row, a quoted comma.
        archive.writestr(
            "stops.txt", '\ufeffstop_id, stop_name ,stop_lat\nA, Gare ,47.3\n\nB\n"C","a, b",1\n'
        )
    problems = Problems()
    with zipfile.ZipFile(path) as archive:
        table = Table(archive, "stops.txt", problems)
        assert table.has("stop_name") and not table.has("stop_lon")
        assert not table.require("stop_id", "stop_lon")
        rows = list(table.rows())
    assert rows == [(2, ["A", "Gare", "47.3"]), (4, ["B", "", ""]), (5, ["C", "a, b", "1"])]
    assert [str(p) for p in problems.listed] == [
        "stops.txt, ligne 1, champ stop_lon : colonne obligatoire absente de l'en-tête"
    ]
    assert cell(["x"], None) == "" and cell(["x"], 0) == "x"
