"""Each place's nearest stops (api/transit/nearest.py): within the radius, nearest first, a few
bytes a place, and carried through a copy-on-write change."""

from datetime import date

import numpy as np

from api.transit.nearest import PlaceStops, nearest_stop_for
from api.transit.network import FeedInfo, LineInfo, Network
from models.transit import TransitStop

# Giroud and Valmy (T2), Toison d'Or (T2 and L6): the fixture's positions.
STOPS = [
    TransitStop(
        position=0, stop_id="S_GIROUD", name="Giroud", latitude=47.365278, longitude=5.049444
    ),
    TransitStop(
        position=1, stop_id="S_VALMY", name="Valmy", latitude=47.365556, longitude=5.046389
    ),
    TransitStop(
        position=2, stop_id="S_TOISON", name="Toison d'Or", latitude=47.355278, longitude=5.051944
    ),
]
LINES = [
    LineInfo("T2", "T2", "Valmy - Chenôve", "tram", "#C5007A", "#FFFFFF", []),
    LineInfo("L6", "L6", "Ligne 6", "bus", None, None, []),
]
FEED = FeedInfo("Divia", date(2026, 1, 1), date(2030, 12, 31), ("sha", "now"))


def network() -> Network:
    return Network(FEED, STOPS, LINES, [(0, 0), (1, 0), (2, 0), (2, 1)])


def points(*pairs: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])


# Onlineformapro Dijon (about 120 m from Giroud), and PANDA Grésilles (far from all three).
ONLINEFORMAPRO = (47.364205, 5.049559)
GRESILLES = (47.329680, 5.069047)


def test_the_nearest_stops_within_the_radius_nearest_first() -> None:
    stops = PlaceStops.build(network(), 600, *points(ONLINEFORMAPRO, GRESILLES))
    assert stops.stops.tolist() == [[0, 1, -1], [-1, -1, -1]]
    assert stops.metres[0, 0] == 120 and 280 <= stops.metres[0, 1] <= 285
    # 18 bytes a place: three int32 positions and three uint16 distances.
    assert stops.stops.nbytes + stops.metres.nbytes == 2 * 18
    assert nearest_stop_for(stops, 0) == ("Giroud", 47.365278, 5.049444, 120)
    assert nearest_stop_for(stops, 1) is None


def test_a_wider_radius_takes_in_farther_stops() -> None:
    stops = PlaceStops.build(network(), 2_000, *points(ONLINEFORMAPRO))
    assert stops.stops.tolist() == [[0, 1, 2]]


def test_no_feed_means_no_stop() -> None:
    stops = PlaceStops.build(None, 600, *points(ONLINEFORMAPRO))
    assert stops.stops.tolist() == [[-1, -1, -1]]
    assert nearest_stop_for(PlaceStops.none(), 0) is None


def test_near_filters_by_distance_and_by_line() -> None:
    net = network()
    stops = PlaceStops.build(net, 2_000, *points(ONLINEFORMAPRO, GRESILLES))
    assert stops.near(200, None).tolist() == [True, False]
    assert stops.near(100, None).tolist() == [False, False]
    bus = net.line_members("l6")
    assert bus is not None
    # Toison d'Or (L6) is about 1 km from Onlineformapro: within 2 km, not within 600 m.
    assert stops.near(2_000, bus).tolist() == [True, False]
    assert stops.near(600, bus).tolist() == [False, False]
    assert net.line_members("T9") is None


def test_a_change_queries_again_only_moved_and_new_places_and_drops_removed_ones() -> None:
    net = network()
    before = points(ONLINEFORMAPRO, GRESILLES, ONLINEFORMAPRO)
    old = PlaceStops.build(net, 600, *before)
    # Place 0 removed; place 1 (Grésilles) moved next to Valmy; a new place near Giroud.
    after = points((47.3655, 5.0464), ONLINEFORMAPRO, (47.3652, 5.0494))
    new = old.moved([0], before, after)
    rebuilt = PlaceStops.build(net, 600, *after)
    assert new.stops.tolist() == rebuilt.stops.tolist()
    assert new.metres.tolist() == rebuilt.metres.tolist()
    # The old snapshot's arrays are untouched.
    assert old.stops.tolist() == [[0, 1, -1], [-1, -1, -1], [0, 1, -1]]
