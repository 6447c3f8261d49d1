"""Reading and checking a GTFS zip (api/transit/reader.py): the Divia fixture, and refusals
that name the file, the line and the field."""

from pathlib import Path

import pytest

from api.transit.gtfs import FeedRefused
from api.transit.reader import read_feed
from tests.transit_feed import divia_feed


def refusal(tmp_path: Path, **changes: dict[str, str | None]) -> list[str]:
    with pytest.raises(FeedRefused) as refused:
        read_feed(divia_feed(tmp_path / "feed.zip", **changes))  # type: ignore[arg-type]
    return [str(problem) for problem in refused.value.problems.listed]


def test_the_fixture_reads_as_stations_lines_and_who_serves_what(tmp_path: Path) -> None:
    feed = read_feed(divia_feed(tmp_path / "divia.zip"))
    assert (feed.name, str(feed.start_date), str(feed.end_date)) == (
        "Divia Mobilités",
        "2026-01-01",
        "2030-12-31",
    )
    assert feed.stop_times == 20
    names = [stop.name for stop in feed.stops]
    # Stations, each once: Toison d'Or's tram and bus platforms are one stop.
    north = ["Valmy", "Giroud", "Pôle Santé", "Zénith", "Toison d'Or", "Europe - Simone Veil"]
    assert sorted(names) == sorted([*north, "Nation", "Junot", "Drapeau"])
    toison = names.index("Toison d'Or")
    assert feed.stops[toison].stop_id == "S_TOISON"
    assert (feed.stops[toison].latitude, feed.stops[toison].longitude) == (47.355278, 5.051944)
    by_line = {line.short_name: i for i, line in enumerate(feed.lines)}
    assert {line.short_name: line.mode for line in feed.lines} == {
        "T2": "tram",
        "L4": "bus",
        "L6": "bus",
    }
    served = {(feed.stops[s].name, feed.lines[ln].short_name) for s, ln in feed.serves}
    assert ("Toison d'Or", "L6") in served and ("Toison d'Or", "T2") in served
    assert ("Giroud", "L6") not in served
    # T2 without shapes: drawn through its longest trip's stops, Valmy to Drapeau.
    path = feed.lines[by_line["T2"]].geometry
    assert len(path) == 1 and len(path[0]) == 9
    assert path[0][0] == [5.046389, 47.365556]
    assert len(feed.sha256) == 64


def test_a_stop_time_naming_an_unknown_trip_is_refused_with_file_line_and_field(
    tmp_path: Path,
) -> None:
    problems = refusal(tmp_path, append={"stop_times.txt": "FANTOME,08:00:00,08:00:00,VALMY,1\n"})
    assert problems == [
        "stop_times.txt, ligne 22, champ trip_id : voyage « FANTOME » inconnu de trips.txt"
    ]


def test_missing_files_are_named(tmp_path: Path) -> None:
    problems = refusal(tmp_path, replace={"stops.txt": None, "calendar.txt": None})
    assert problems == [
        "stops.txt : fichier obligatoire absent de l'archive",
        "calendar.txt : absent, et calendar_dates.txt aussi",
    ]


def test_a_stop_without_coordinates_is_refused_before_stop_times_are_read(
    tmp_path: Path,
) -> None:
    # stop_times would only repeat the stops' faults: the refusal comes before reading them.
    problems = refusal(
        tmp_path,
        append={
            "stops.txt": "NOWHERE,Nulle part,,,0,\n",
            "stop_times.txt": "T2_SUD_1,8h00,08:00:00,VALMY,10\n",
        },
    )
    assert problems == [
        "stops.txt, ligne 22, champ stop_lat : arrêt « NOWHERE » sans coordonnées valides"
    ]


def test_bad_times_sequences_and_stops_in_stop_times_are_refused(tmp_path: Path) -> None:
    rows = "T2_SUD_1,8h00,08:00:00,VALMY,10\nT2_SUD_1,08:00:00,08:61:00,GARE,x\n"
    problems = refusal(tmp_path, append={"stop_times.txt": rows})
    assert problems == [
        "stop_times.txt, ligne 22, champ arrival_time : heure « 8h00 » invalide (HH:MM:SS)",
        "stop_times.txt, ligne 23, champ stop_id : arrêt « GARE » inconnu de stops.txt",
    ]
    rows = "T2_SUD_1,08:00:00,08:61:00,VALMY,x\n"
    problems = refusal(tmp_path, append={"stop_times.txt": rows})
    assert problems == [
        "stop_times.txt, ligne 22, champ departure_time : heure « 08:61:00 » invalide (HH:MM:SS)",
        "stop_times.txt, ligne 22, champ stop_sequence : « x » invalide",
    ]


def test_unknown_references_between_files_are_refused(tmp_path: Path) -> None:
    problems = refusal(
        tmp_path,
        append={
            "trips.txt": "T9,SEMAINE,T9_1,Nulle part,0\nT2,DIMANCHE,T2_X,Valmy,1\n",
            "stops.txt": "QUAI,Quai,47.3,5.0,0,S_INCONNUE\n",
            "routes.txt": "L9,DIVIA,L9,Ligne 9,3,rose,\nL10,DIVIA,L10,Ligne 10,99,,\n",
        },
    )
    assert problems == [
        "stops.txt, ligne 22, champ parent_station : station « S_INCONNUE » inconnue de "
        "stops.txt (location_type 1)",
        "routes.txt, ligne 5, champ route_color : couleur « rose » invalide (RRGGBB)",
        "routes.txt, ligne 6, champ route_type : type « 99 » inconnu",
        "trips.txt, ligne 6, champ route_id : ligne « T9 » inconnue de routes.txt",
        "trips.txt, ligne 7, champ service_id : service « DIMANCHE » inconnu de calendar.txt "
        "et calendar_dates.txt",
    ]


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "feed.zip"
    path.write_text("stop_id\n")
    with pytest.raises(FeedRefused) as refused:
        read_feed(path)
    assert refused.value.report().startswith("flux GTFS refusé (1 problème(s)) :\n- feed.zip : ")


def test_feed_info_names_the_feed_and_its_dates(tmp_path: Path) -> None:
    info = (
        "feed_publisher_name,feed_publisher_url,feed_lang,feed_start_date,feed_end_date\n"
        "Divia (essai),https://www.divia.fr,fr,20250901,20260831\n"
    )
    feed = read_feed(divia_feed(tmp_path / "feed.zip", replace={"feed_info.txt": info}))
    assert (feed.name, str(feed.start_date), str(feed.end_date)) == (
        "Divia (essai)",
        "2025-09-01",
        "2026-08-31",
    )


def test_shapes_draw_a_line_when_given(tmp_path: Path) -> None:
    shapes = (
        "shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\nS1,47.34,5.04,2\nS1,47.33,5.04,1\n"
    )
    trips = (
        "route_id,service_id,trip_id,trip_headsign,direction_id,shape_id\n"
        "T2,SEMAINE,T2_SUD_1,Chenôve Centre,0,S1\nT2,SEMAINE,T2_NORD_1,Dijon Valmy,1,S1\n"
        "L4,SEMAINE,L4_1,Ligne 4,0,\nL6,SEMAINE,L6_1,Ligne 6,0,\n"
    )
    feed = read_feed(
        divia_feed(tmp_path / "feed.zip", replace={"shapes.txt": shapes, "trips.txt": trips})
    )
    t2 = next(line for line in feed.lines if line.short_name == "T2")
    assert t2.geometry == [[[5.04, 47.33], [5.04, 47.34]]]


def test_too_many_problems_are_counted_past_the_listed_ones(tmp_path: Path) -> None:
    rows = "".join(f"X{i},08:00:00,08:00:00,VALMY,1\n" for i in range(40))
    with pytest.raises(FeedRefused) as refused:
        read_feed(divia_feed(tmp_path / "feed.zip", append={"stop_times.txt": rows}))
    report = refused.value.report()
    assert report.startswith("flux GTFS refusé (40 problème(s)) :")
    assert report.endswith("… et 10 autre(s) problème(s)")


def test_a_feed_where_no_trip_stops_anywhere_is_refused(tmp_path: Path) -> None:
    problems = refusal(tmp_path, replace={"stop_times.txt": "trip_id,stop_id,stop_sequence\n"})
    assert problems == ["stop_times.txt : aucun passage à un arrêt"]
