"""The query parameters of the workshop and session reads (api/workshops/filters.py): what is
refused and why, in both languages, and the window a read looks at; pure, no HTTP."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from api.workshops.filters import DEFAULT_WINDOW, MAX_WINDOW, SessionParams, WorkshopFilters
from models.opening_hours import PARIS


def _refusal(**params: Any) -> str:
    with pytest.raises(ValidationError) as refused:
        SessionParams.model_validate(params)
    [error] = refused.value.errors()
    return str(error["msg"])


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"lat": 47.32}, "lat, lon: give lat and lon together"),
        ({"lon": 5.04}, "lat, lon: give lat and lon together"),
        (
            {"lat": 47.32, "lon": 5.04, "address": "14 rue Camille Claudel Dijon"},
            "lat, lon, address: give lat/lon or address, not both",
        ),
        ({"sort": "distance"}, "sort: sort=distance needs lat/lon or address"),
        (
            {"from": "2030-03-19T10:00:00", "to": "2030-03-19T10:00:00"},
            "from, to: to must be after from",
        ),
        (
            {"from": "2030-03-19T10:00:00", "to": "2030-03-01T00:00:00"},
            "from, to: to must be after from",
        ),
        (
            {"from": "2030-01-01T00:00:00", "to": "2031-01-02T00:00:01"},
            "from, to: from..to spans at most 366 days",
        ),
    ],
)
def test_incoherent_parameters_are_refused_naming_them(params: dict[str, Any], reason: str) -> None:
    assert reason in _refusal(**params)


def test_the_refusals_carry_their_french_text() -> None:
    with pytest.raises(ValidationError) as refused:
        SessionParams.model_validate({"lat": 47.32})
    [error] = refused.value.errors()
    assert getattr(error["ctx"]["error"], "fr", None) == "lat, lon : donnez lat et lon ensemble"


def test_an_address_alone_or_a_point_allows_sorting_by_distance() -> None:
    by_address = SessionParams.model_validate(
        {"address": "14 rue Camille Claudel Dijon", "sort": "distance"}
    )
    by_point = SessionParams.model_validate({"lat": 47.32, "lon": 5.04, "sort": "distance"})
    assert (by_address.sort, by_point.sort) == ("distance", "distance")


def test_exactly_366_days_is_allowed() -> None:
    params = SessionParams.model_validate(
        {"from": "2030-01-01T00:00:00", "to": "2031-01-02T00:00:00"}
    )
    assert params.window() == (
        datetime(2030, 1, 1, tzinfo=PARIS),
        datetime(2031, 1, 2, tzinfo=PARIS),
    )


@pytest.mark.parametrize("moment", ["1969-12-31T23:59:00", "2101-01-01T00:00:00"])
def test_moments_outside_the_evaluable_span_are_refused(moment: str) -> None:
    assert "1970-01-01T00:00:00 to 2100-12-31T23:59:59" in _refusal(**{"from": moment})
    assert "1970-01-01T00:00:00 to 2100-12-31T23:59:59" in _refusal(to=moment)


@pytest.mark.parametrize("name", ["from", "to"])
@pytest.mark.parametrize("number", ["0.5", "1700000000", " -3e2 "])
def test_a_bare_number_is_not_read_as_a_unix_time(name: str, number: str) -> None:
    # Pydantic would read it as seconds since 1970; the document promises ISO 8601 only.
    assert _refusal(**{name: number}) == "Value error, give an ISO 8601 moment, not a number"


def test_naive_moments_are_paris_time_and_offsets_are_kept() -> None:
    params = SessionParams.model_validate(
        {"from": "2030-07-01T10:00:00", "to": "2030-07-02T10:00:00+00:00"}
    )
    assert params.from_ == datetime(2030, 7, 1, 10, tzinfo=PARIS)
    assert params.to == datetime(2030, 7, 2, 12, tzinfo=PARIS)


def test_from_is_taken_by_its_alias_and_by_name() -> None:
    by_alias = SessionParams.model_validate({"from": "2030-03-01T00:00:00"})
    by_name = SessionParams.model_validate({"from_": "2030-03-01T00:00:00"})
    assert by_alias.from_ == by_name.from_ == datetime(2030, 3, 1, tzinfo=PARIS)


def test_the_window_runs_90_days_from_from_by_default() -> None:
    params = SessionParams.model_validate({"from": "2030-03-01T00:00:00"})
    start, end = params.window()
    assert (start, end - start) == (datetime(2030, 3, 1, tzinfo=PARIS), DEFAULT_WINDOW)


def test_the_window_starts_now_to_the_minute_without_from() -> None:
    before = datetime.now(PARIS).replace(second=0, microsecond=0)
    start, end = SessionParams().window()
    after = datetime.now(PARIS)
    assert before <= start <= after
    assert (start.second, start.microsecond, end - start) == (0, 0, DEFAULT_WINDOW)


def test_a_far_to_without_from_is_capped_at_366_days_from_now() -> None:
    start, end = SessionParams.model_validate({"to": "2100-01-01T00:00:00"}).window()
    assert end - start == MAX_WINDOW


@pytest.mark.parametrize(
    "params",
    [
        {"radius_m": 0},
        {"radius_m": 100_001},
        {"limit": 0},
        {"limit": 201},
        {"lat": 91, "lon": 5},
        {"lat": 47, "lon": -181},
        {"address": "ab"},
        {"sort": "title"},
        {"format": "csv"},
        {"place": 0},
        {"topic": ""},
        {"unknown": "1"},
    ],
)
def test_out_of_range_or_unknown_parameters_are_refused(params: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        SessionParams.model_validate(params)


def test_workshop_filters_refuse_the_session_parameters() -> None:
    assert WorkshopFilters.model_validate({"topic": "emploi", "place": 3}).place == 3
    with pytest.raises(ValidationError) as refused:
        WorkshopFilters.model_validate({"lat": 47.32})
    assert refused.value.errors()[0]["type"] == "extra_forbidden"


def test_defaults() -> None:
    params = SessionParams()
    assert (params.radius_m, params.sort, params.limit, params.seats_available, params.format) == (
        10_000,
        "start",
        50,
        False,
        "json",
    )


def test_window_bounds_compare_as_moments_across_offsets() -> None:
    # 10:00 UTC is 12:00 in Paris in July: `to` one hour after `from` despite the smaller hour.
    params = SessionParams.model_validate(
        {"from": "2030-07-01T11:00:00", "to": "2030-07-01T10:00:00+00:00"}
    )
    start, end = params.window()
    assert end - start == timedelta(hours=1)
