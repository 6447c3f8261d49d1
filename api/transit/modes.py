"""Transport modes: GTFS `route_type` (basic and extended) to our code and its French word."""

# Basic route types of the GTFS reference.
_BASIC = {
    0: "tram",
    1: "metro",
    2: "rail",
    3: "bus",
    4: "ferry",
    5: "cable_tram",
    6: "aerial_lift",
    7: "funicular",
    11: "trolleybus",
    12: "monorail",
}
# Extended route types (Google's "Extended GTFS Route Types"), by hundreds, with exceptions.
_EXTENDED = {
    1: "rail",
    2: "coach",
    4: "metro",
    5: "metro",
    6: "metro",
    7: "bus",
    8: "trolleybus",
    9: "tram",
    10: "ferry",
    12: "ferry",
    13: "aerial_lift",
    14: "funicular",
}
# The word an answer reads: « Tram T1, arrêt République ».
MODE_WORDS = {
    "tram": "Tram",
    "metro": "Métro",
    "rail": "Train",
    "bus": "Bus",
    "coach": "Car",
    "trolleybus": "Trolleybus",
    "ferry": "Bateau",
    "cable_tram": "Tramway à câble",
    "aerial_lift": "Télécabine",
    "funicular": "Funiculaire",
    "monorail": "Monorail",
    "other": "Ligne",
}
MODES = tuple(MODE_WORDS)


def mode_of(route_type: int) -> str | None:
    """Our mode code for a GTFS route_type; None when the number is no route type."""
    if route_type in _BASIC:
        return _BASIC[route_type]
    if 100 <= route_type <= 1799:
        return _EXTENDED.get(route_type // 100, "other")
    return None
