"""GTFS route types to modes (api/transit/modes.py)."""

from api.transit.modes import MODE_WORDS, MODES, mode_of


def test_basic_and_extended_route_types() -> None:
    assert [mode_of(n) for n in (0, 1, 2, 3, 4, 7, 11)] == [
        "tram",
        "metro",
        "rail",
        "bus",
        "ferry",
        "funicular",
        "trolleybus",
    ]
    assert [mode_of(n) for n in (900, 700, 702, 200, 401, 1300, 1700)] == [
        "tram",
        "bus",
        "bus",
        "coach",
        "metro",
        "aerial_lift",
        "other",
    ]
    assert mode_of(8) is None and mode_of(99) is None and mode_of(2000) is None


def test_every_mode_has_its_french_word() -> None:
    assert set(MODES) == set(MODE_WORDS)
    assert (MODE_WORDS["tram"], MODE_WORDS["metro"]) == ("Tram", "Métro")
