"""Opening hours: validation, normalisation, evaluation in Paris time."""

from datetime import datetime

import pytest

from models.opening_hours import (
    PARIS,
    InvalidOpeningHours,
    normalise,
    paris_time,
    status_at,
)

HOURS = "Mo-Fr 09:00-12:00,14:00-18:00; PH off"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


def test_normalise_returns_canonical_form() -> None:
    assert normalise("Mo-Fr 09:00-12:00,14:00-18:00;  PH off") == (
        "Mo-Fr 09:00-12:00,14:00-18:00; PH closed"
    )


def test_normalise_rejects_invalid_syntax() -> None:
    with pytest.raises(InvalidOpeningHours, match="invalid opening_hours"):
        normalise("lundi 9h-12h")


def test_normalise_rejects_empty_string() -> None:
    with pytest.raises(InvalidOpeningHours, match="empty"):
        normalise("   ")


def test_status_open_says_until_when() -> None:
    status = status_at(HOURS, at("2025-07-15T10:00"))
    assert (status.state, status.label) == ("open", "Ouvert jusqu'à 12:00")
    assert status.next_change == at("2025-07-15T12:00")


def test_status_closed_on_public_holiday() -> None:
    status = status_at(HOURS, at("2025-07-14T10:00"))
    assert (status.state, status.label) == ("closed", "Fermé, ouvre demain à 09:00")


def test_status_closed_at_lunch_opens_same_day() -> None:
    assert status_at(HOURS, at("2025-07-15T12:30")).label == "Fermé, ouvre à 14:00"


def test_status_closed_on_friday_evening_names_monday() -> None:
    assert status_at(HOURS, at("2025-07-18T19:00")).label == "Fermé, ouvre lundi à 09:00"


def test_status_without_hours_is_unknown() -> None:
    status = status_at(None, at("2025-07-15T10:00"))
    assert (status.state, status.next_change) == ("unknown", None)


def test_status_inside_spring_clock_change_does_not_raise() -> None:
    status = status_at(HOURS, datetime(2025, 3, 30, 2, 30))
    assert status.state == "closed"


def test_paris_time_takes_naive_as_paris_wall_time() -> None:
    assert paris_time(datetime(2025, 7, 15, 10, 0)).isoformat() == "2025-07-15T10:00:00+02:00"
