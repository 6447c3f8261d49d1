"""Opening hours: validation, normalisation, evaluation in Paris time."""

from datetime import datetime

import pytest

from models.opening_hours import (
    PARIS,
    InvalidOpeningHours,
    OpeningStatus,
    normalise,
    paris_time,
    states_public_holidays,
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


# Weekly hours that say nothing about public holidays (no `PH` rule).
NO_PH = "Mo,Tu,Th 09:00-12:00,14:00-18:00; We 10:00-12:00,14:00-18:00; Fr,Sa 09:00-17:00"


def test_status_on_holiday_without_ph_rule_is_unknown() -> None:
    status = status_at(NO_PH, at("2025-07-14T10:00"))
    assert status == OpeningStatus(
        "unknown", at("2025-07-15T00:00"), "Jour férié : horaires non confirmés"
    )


def test_status_on_holiday_without_ph_rule_is_unknown_on_a_usual_closed_day() -> None:
    status = status_at("Sa 10:00-12:00", at("2025-11-11T10:00"))
    assert (status.state, status.label) == ("unknown", "Jour férié : horaires non confirmés")


def test_status_on_easter_monday_without_ph_rule_is_unknown() -> None:
    assert status_at(NO_PH, at("2025-04-21T15:00")).state == "unknown"


def test_status_on_holiday_follows_ph_hours() -> None:
    hours = "Mo-Fr 09:00-18:00; PH 10:00-12:00"
    during = status_at(hours, at("2025-07-14T11:00"))
    after = status_at(hours, at("2025-07-14T13:00"))
    assert (during.state, during.label) == ("open", "Ouvert jusqu'à 12:00")
    assert (after.state, after.label) == ("closed", "Fermé, ouvre demain à 09:00")


def test_status_before_unstated_holiday_changes_at_its_midnight() -> None:
    status = status_at(NO_PH, at("2025-07-13T10:00"))
    assert status == OpeningStatus(
        "closed", at("2025-07-14T00:00"), "Fermé, demain jour férié : horaires non confirmés"
    )


def test_status_open_before_unstated_holiday_reads_until_24_00() -> None:
    status = status_at("24/7", at("2025-07-13T10:00"))
    assert status == OpeningStatus("open", at("2025-07-14T00:00"), "Ouvert jusqu'à 24:00")


def test_status_with_ph_off_names_the_next_opening_past_the_holiday() -> None:
    assert status_at(HOURS, at("2025-07-12T18:00")).label == "Fermé, ouvre mardi à 09:00"


def test_states_public_holidays_finds_ph_selector() -> None:
    assert states_public_holidays("Mo-Fr 09:00-12:00; PH off")
    assert states_public_holidays("Mo-Fr,PH 10:00-12:00")


def test_states_public_holidays_ignores_ph_in_comments() -> None:
    assert not states_public_holidays('Mo-Fr 09:00-12:00 "PH sur rendez-vous"')
    assert not states_public_holidays("Mo-Fr 09:00-12:00")
