"""Opening hours: validation, normalisation, evaluation in Paris and overseas time."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from models.opening_hours import (
    HOLIDAY_UNCONFIRMED,
    PARIS,
    InvalidOpeningHours,
    OpeningStatus,
    normalise,
    opens_on_weekends,
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


WEEKDAYS = "Mo-Fr 09:00-17:00; PH off"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_status_at_guadeloupe_opens_at_nine_local_time() -> None:
    # 13:00 UTC is 09:00 in Guadeloupe (UTC-4, no summer time).
    status = status_at(WEEKDAYS, utc("2026-12-02T13:00"), time_zone="America/Guadeloupe")
    assert status.state == "open"
    assert status.label == "Ouvert jusqu'à 17:00"
    assert status.next_change == datetime(2026, 12, 2, 17, 0, tzinfo=ZoneInfo("America/Guadeloupe"))


def test_status_at_guadeloupe_is_closed_at_nine_paris_time() -> None:
    status = status_at(WEEKDAYS, at("2026-12-02T09:00"), time_zone="America/Guadeloupe")
    assert status == OpeningStatus(
        "closed",
        datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("America/Guadeloupe")),
        "Fermé, ouvre à 09:00",
    )


def test_status_at_default_zone_keeps_paris_results() -> None:
    assert status_at(WEEKDAYS, at("2026-12-02T09:00")) == status_at(
        WEEKDAYS, at("2026-12-02T09:00"), time_zone="Europe/Paris", department="21"
    )


def test_status_at_abolition_day_closes_hours_with_ph_off() -> None:
    martinique = ZoneInfo("America/Martinique")
    moment = datetime(2026, 5, 22, 10, 0, tzinfo=martinique)
    status = status_at(WEEKDAYS, moment, time_zone="America/Martinique", department="972")
    # Friday 22 May, then the weekend, then Whit Monday: it opens on Tuesday.
    assert status == OpeningStatus(
        "closed", datetime(2026, 5, 26, 9, 0, tzinfo=martinique), "Fermé, ouvre mardi à 09:00"
    )


def test_status_at_abolition_day_is_open_in_the_metropole() -> None:
    moment = datetime(2026, 5, 22, 10, 0, tzinfo=PARIS)
    assert status_at(WEEKDAYS, moment).state == "open"


def test_status_at_eve_of_abolition_day_opens_after_it() -> None:
    martinique = ZoneInfo("America/Martinique")
    moment = datetime(2026, 5, 21, 18, 0, tzinfo=martinique)
    status = status_at(WEEKDAYS, moment, time_zone="America/Martinique", department="972")
    assert status.state == "closed"
    assert status.next_change == datetime(2026, 5, 26, 9, 0, tzinfo=martinique)


def test_status_at_open_before_abolition_day_closes_at_its_start() -> None:
    reunion = ZoneInfo("Indian/Reunion")
    moment = datetime(2026, 12, 19, 12, 0, tzinfo=reunion)
    status = status_at("24/7; PH off", moment, time_zone="Indian/Reunion", department="974")
    assert status.state == "open"
    assert status.next_change == datetime(2026, 12, 20, 0, 0, tzinfo=reunion)


def test_status_at_abolition_day_without_ph_rule_is_unconfirmed() -> None:
    guyane = ZoneInfo("America/Cayenne")
    moment = datetime(2026, 6, 10, 10, 0, tzinfo=guyane)
    status = status_at("Mo-Fr 09:00-17:00", moment, time_zone="America/Cayenne", department="973")
    assert status == OpeningStatus(
        "unknown", datetime(2026, 6, 11, 0, 0, tzinfo=guyane), HOLIDAY_UNCONFIRMED
    )


def test_status_at_abolition_day_with_ph_hours_is_unconfirmed() -> None:
    # `PH 10:00-12:00` is the library's to apply, and it knows no local holiday.
    guyane = ZoneInfo("America/Cayenne")
    moment = datetime(2026, 6, 10, 10, 30, tzinfo=guyane)
    hours = "Mo-Fr 09:00-17:00; PH 10:00-12:00"
    status = status_at(hours, moment, time_zone="America/Cayenne", department="973")
    assert status.state == "unknown"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("Sa 10:00-12:00", True),
        ("Mo-Fr 09:00-17:00; Su 10:00-11:00", True),
        ("24/7", True),
        ("Jul-Aug Sa 10:00-12:00", True),  # seasonal: within the coming year
        ("Fr 22:00-02:00", True),  # past midnight into Saturday
        ("Mo-Fr 09:00-17:00", False),
        ("PH 10:00-12:00", False),  # a holiday is no weekend
        ("Mo-Su off", False),
        (None, False),  # unknown hours are not weekend hours
    ],
)
def test_opens_on_weekends_reads_every_weekend_of_a_year(
    expression: str | None, expected: bool
) -> None:
    assert opens_on_weekends(expression, date(2026, 12, 7)) is expected
