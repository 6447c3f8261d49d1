"""The steward's week grid: to and from OSM `opening_hours`, and its contradictions."""

import pytest

from models.hours_grid import ContradictoryHours, Grid, from_opening_hours, to_opening_hours


def test_grid_groups_days_and_closes_on_holidays() -> None:
    week = {"Tu": [("09:00", "12:00")], "Th": [("09:00", "12:00")]}
    assert to_opening_hours(Grid(week, "closed")) == "Tu,Th 09:00-12:00; PH closed"


def test_grid_same_as_usual_is_a_fallback_rule() -> None:
    assert to_opening_hours(Grid({"Mo": [("09:00", "12:00")]}, "same")) == (
        "Mo 09:00-12:00 || PH closed"
    )


def test_grid_without_hours_is_none() -> None:
    assert to_opening_hours(Grid({}, "closed")) is None


def test_grid_round_trips_the_seed_style_hours() -> None:
    grid = from_opening_hours("Mo-We 09:00-12:00,14:00-18:00; We closed; PH closed")
    assert grid == Grid(
        {
            "Mo": [("09:00", "12:00"), ("14:00", "18:00")],
            "Tu": [("09:00", "12:00"), ("14:00", "18:00")],
        },
        "closed",
    )


def test_grid_refuses_what_it_cannot_show() -> None:
    assert from_opening_hours("Mo-Fr 09:00-17:00; Aug off") is None


@pytest.mark.parametrize(
    ("week", "problem"),
    [
        (
            {"Tu": [("12:00", "09:00")]},
            "Mardi : la fermeture (09:00) doit venir après l'ouverture (12:00).",
        ),
        (
            {"Tu": [("09:00", "09:00")]},
            "Mardi : la fermeture (09:00) doit venir après l'ouverture (09:00).",
        ),
        (
            {"Fr": [("14:00", "18:00"), ("09:00", "14:30")]},
            "Vendredi : les plages 09:00–14:30 et 14:00–18:00 se chevauchent.",
        ),
        ({"Sa": [("9h", "12:00")]}, "Samedi : heure « 9h » invalide (exemple valide : 09:30)."),
    ],
)
def test_grid_contradictions_are_told_in_french(week: dict, problem: str) -> None:
    with pytest.raises(ContradictoryHours) as refused:
        to_opening_hours(Grid(week))
    assert refused.value.problems == [problem]
