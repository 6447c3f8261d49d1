"""What an import keeps of a feed (api/transit/feed.py): dates and distances."""

from datetime import date

from api.transit.feed import metres_between, parse_date


def test_gtfs_dates_are_eight_digits_of_a_real_day() -> None:
    assert parse_date("20261231") == date(2026, 12, 31)
    assert parse_date("20260230") is None
    assert parse_date("2026-12-31") is None
    assert parse_date("") is None


def test_metres_between_giroud_and_valmy() -> None:
    # The two T2 stations are about 232 m apart.
    assert 225 < metres_between(47.365278, 5.049444, 47.365556, 5.046389) < 240
