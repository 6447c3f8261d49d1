"""The feed's lines and stops as GeoJSON (api/transit/layers.py)."""

from datetime import date

import orjson

from api.transit.layers import lines_geojson, stops_geojson
from api.transit.network import LineInfo, Network
from tests.api.transit.test_nearest import FEED, STOPS

PATH_A = [[5.04, 47.33], [5.05, 47.34]]
PATH_B = [[5.05, 47.34], [5.06, 47.35]]


def test_one_path_is_a_linestring_several_a_multilinestring_none_a_null_geometry() -> None:
    lines = [
        LineInfo("T2", "T2", "Valmy - Chenôve", "tram", "#C5007A", "#FFFFFF", [PATH_A]),
        LineInfo("T1", "T1", "Gare - Quetigny", "tram", None, None, [PATH_A, PATH_B]),
        LineInfo("L6", "L6", "Ligne 6", "bus", None, None, [[[5.05, 47.35]]]),
    ]
    network = Network(FEED, STOPS, lines, [(0, 0), (2, 1), (2, 2)])
    collection = orjson.loads(lines_geojson(network, date(2026, 12, 8)))
    geometries = [f["geometry"] for f in collection["features"]]
    assert geometries == [
        {"type": "LineString", "coordinates": PATH_A},
        {"type": "MultiLineString", "coordinates": [PATH_A, PATH_B]},
        None,
    ]
    assert collection["features"][0]["properties"] == {
        "id": "T2",
        "short_name": "T2",
        "long_name": "Valmy - Chenôve",
        "mode": "tram",
        "color": "#C5007A",
    }
    assert collection["feed"]["expired"] is False
    later = orjson.loads(lines_geojson(network, date(2031, 1, 1)))
    assert later["feed"]["expired"] is True
    stops = orjson.loads(stops_geojson(network, date(2026, 12, 8)))
    toison = stops["features"][2]
    assert toison["geometry"] == {"type": "Point", "coordinates": [5.051944, 47.355278]}
    assert toison["properties"] == {"id": "S_TOISON", "name": "Toison d'Or", "lines": ["T1", "L6"]}
