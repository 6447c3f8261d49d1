"""api/clock.py: the moments the service reads hours at (naive = Paris), to the minute for
"now", and the span it refuses to leave, with its reason in English and in French."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from api import clock
from models.opening_hours import PARIS
from seed.validation_text import ValueErrorFr


def test_utc_now_is_aware_utc_and_now() -> None:
    before = datetime.now(UTC)
    now = clock.utc_now()
    assert now.utcoffset() == timedelta(0)
    assert before <= now <= datetime.now(UTC)


def test_now_paris_is_the_same_moment_on_the_paris_clock() -> None:
    before = datetime.now(UTC)
    now = clock.now_paris()
    assert now.tzinfo is PARIS
    assert now.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
    assert before <= now <= datetime.now(UTC)


def test_today_paris_is_the_date_on_the_paris_clock() -> None:
    today = clock.today_paris()
    assert today in {clock.now_paris().date(), (clock.now_paris() - timedelta(minutes=1)).date()}


def test_moment_for_takes_a_naive_moment_as_paris_wall_time() -> None:
    moment = clock.moment_for(datetime(2025, 7, 15, 10, 30))
    assert moment == datetime(2025, 7, 15, 8, 30, tzinfo=UTC)
    assert (moment.hour, moment.utcoffset()) == (10, timedelta(hours=2))


def test_moment_for_expresses_an_aware_moment_in_paris() -> None:
    moment = clock.moment_for(datetime(2025, 1, 15, 9, 0, 45, tzinfo=UTC))
    assert (moment.hour, moment.second, moment.utcoffset()) == (10, 45, timedelta(hours=1))


def test_moment_for_a_wall_time_skipped_by_the_spring_clock_change_exists() -> None:
    # 02:30 on 30 March 2025 never happened in Paris: it resolves to a real moment.
    moment = clock.moment_for(datetime(2025, 3, 30, 2, 30))
    assert moment.astimezone(UTC).astimezone(PARIS) == moment
    assert moment.utcoffset() == timedelta(hours=2)


def test_moment_for_now_is_this_minute_in_paris() -> None:
    before = datetime.now(UTC).replace(second=0, microsecond=0)
    moment = clock.moment_for(None)
    assert (moment.second, moment.microsecond) == (0, 0)
    assert moment.tzinfo is PARIS
    assert before <= moment <= datetime.now(UTC)


@pytest.mark.parametrize(
    "at",
    [
        clock.EARLIEST,
        clock.LATEST,
        datetime(1970, 1, 1, 0, 0),  # naive: Paris time, the first moment
        datetime(2100, 12, 31, 23, 59, 59),
        datetime(1969, 12, 31, 23, 30, tzinfo=UTC),  # 00:30 on 1 January 1970 in Paris
    ],
)
def test_evaluable_moment_returns_moments_within_the_span_unchanged(at: datetime) -> None:
    assert clock.evaluable_moment(at) is at


@pytest.mark.parametrize(
    "at",
    [
        clock.EARLIEST - timedelta(seconds=1),
        clock.LATEST + timedelta(seconds=1),
        datetime(1969, 12, 31, 23, 59, 59),
        datetime(1969, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=2))),
        datetime(1900, 1, 1, tzinfo=UTC),
        # Near year 1 and 9999 the offset arithmetic overflows: still a refusal.
        datetime.min.replace(tzinfo=timezone(timedelta(hours=5))),
        datetime.max.replace(tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_evaluable_moment_refuses_moments_outside_the_span_in_two_languages(
    at: datetime,
) -> None:
    with pytest.raises(ValueErrorFr) as caught:
        clock.evaluable_moment(at)
    assert str(caught.value) == f"must be from {clock.MOMENT_RANGE}"
    assert caught.value.fr.startswith(f"« {at.isoformat()} » est hors de la période")
    assert "heure de Paris" in caught.value.fr


@pytest.mark.parametrize("day", [None, clock.FIRST_DAY, clock.LAST_WEEK_START, date(2025, 7, 14)])
def test_evaluable_week_start_returns_days_whose_week_fits(day: date | None) -> None:
    assert clock.evaluable_week_start(day) == day


def test_the_last_week_start_ends_on_the_last_evaluable_day() -> None:
    last_day = clock.LAST_WEEK_START + timedelta(days=6)
    assert last_day == clock.LATEST.date()


@pytest.mark.parametrize(
    "day", [clock.FIRST_DAY - timedelta(days=1), clock.LAST_WEEK_START + timedelta(days=1)]
)
def test_evaluable_week_start_refuses_a_week_leaving_the_span(day: date) -> None:
    with pytest.raises(ValueErrorFr) as caught:
        clock.evaluable_week_start(day)
    assert str(caught.value) == "must be from 1970-01-01 to 2100-12-25"
    assert caught.value.fr == (
        f"« {day} » est hors de la période 1970-01-01 à 2100-12-25 (exemple : 2025-07-14)"
    )
