"""A place's `transit` field (api/transit/answers.py): stops, lines, an estimated walk."""

import math
from datetime import date

import orjson

from api.transit.answers import DETOUR_FACTOR, transit_bytes, transit_dict, transit_phrase, walk
from api.transit.nearest import PlaceStops
from api.transit.schema import TransitOut
from tests.api.transit.test_nearest import GRESILLES, ONLINEFORMAPRO, network, points

TODAY = date(2026, 12, 8)


def test_a_walk_is_the_straight_line_times_the_detour_at_4_5_km_h_rounded_up() -> None:
    assert walk(120) == (156, 3)  # 156 m at 75 m a minute: 2.08, so 3
    assert walk(0) == (0, 1)
    assert walk(577) == (750, 10)
    metres, minutes = walk(400)
    assert metres == round(400 * DETOUR_FACTOR) and minutes == math.ceil(520 / 75)


def test_the_field_names_the_stop_its_lines_the_feed_and_says_it_is_an_estimate() -> None:
    stops = PlaceStops.build(network(), 600, *points(ONLINEFORMAPRO, GRESILLES))
    field = transit_dict(stops, 0, TODAY)
    assert field is not None
    TransitOut.model_validate(field)  # what OpenAPI documents
    assert field["feed"] == {
        "name": "Divia",
        "start_date": "2026-01-01",
        "end_date": "2030-12-31",
        "expired": False,
    }
    assert (field["detour_factor"], field["estimate"]) == (1.3, True)
    first = field["stops"][0]
    assert first == {
        "distance_m": 120,
        "walk_m": 156,
        "walk_minutes": 3,
        "label": "Tram T2, arrêt Giroud : 3 min à pied",
        "id": "S_GIROUD",
        "name": "Giroud",
        "lat": 47.365278,
        "lon": 5.049444,
        "lines": [
            {
                "id": "T2",
                "short_name": "T2",
                "mode": "tram",
                "color": "#C5007A",
                "text_color": "#FFFFFF",
            }
        ],
    }
    assert [s["name"] for s in field["stops"]] == ["Giroud", "Valmy"]
    assert transit_phrase(field) == "Tram T2, arrêt Giroud : 3 min à pied"
    # Nothing within the radius: null, rather than a far stop.
    assert transit_bytes(stops, 1, TODAY) == b"null"
    assert transit_dict(stops, 1, TODAY) is None and transit_phrase(None) is None


def test_a_stop_with_trams_and_buses_names_both() -> None:
    stops = PlaceStops.build(network(), 600, *points((47.3553, 5.0519)))
    field = orjson.loads(transit_bytes(stops, 0, TODAY))
    assert field["stops"][0]["label"] == "Tram T2, bus L6, arrêt Toison d'Or : 1 min à pied"


def test_an_ended_calendar_is_flagged_not_hidden() -> None:
    stops = PlaceStops.build(network(), 600, *points(ONLINEFORMAPRO))
    field = transit_dict(stops, 0, date(2031, 1, 1))
    assert field is not None and field["feed"]["expired"] is True
    assert transit_phrase(field) == (
        "Tram T2, arrêt Giroud : 3 min à pied (horaires de transport expirés)"
    )
