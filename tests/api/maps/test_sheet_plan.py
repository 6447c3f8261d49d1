"""api.maps.sheet_plan: the plan read from a place's answer and its `transit` field."""

from typing import Any

from api.maps.sheet_plan import plan_of, stop_mark

ANSWER: dict[str, Any] = {
    "name": "PANDA Grésilles",
    "latitude": 47.32968,
    "longitude": 5.069047,
    "location_precision": "source",
    "transit": None,
}
TRANSIT = {
    "feed": {
        "name": "Divia",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "expired": False,
    },
    "detour_factor": 1.3,
    "estimate": True,
    "stops": [
        {
            "id": "S1",
            "name": "Grésilles",
            "lat": 47.328,
            "lon": 5.065,
            "distance_m": 340,
            "walk_m": 442,
            "walk_minutes": 6,
            "lines": [
                {"id": "T1", "short_name": "T1", "mode": "tram", "color": None, "text_color": None},
                {"id": "L5", "short_name": "L5", "mode": "bus", "color": None, "text_color": None},
            ],
        },
        {"id": "S2", "name": "Farther", "lat": 47.33, "lon": 5.07, "lines": []},
    ],
}


def test_no_transit_no_stop() -> None:
    assert stop_mark(ANSWER) is None
    assert stop_mark({**ANSWER, "transit": {"stops": []}}) is None


def test_nearest_stop_is_named_with_its_lines() -> None:
    stop = stop_mark({**ANSWER, "transit": TRANSIT})
    assert stop is not None
    assert (stop.latitude, stop.longitude, stop.label) == (47.328, 5.065, "Grésilles (T1, L5)")


def test_plan_holds_the_place_and_the_person_when_given() -> None:
    plan = plan_of(ANSWER, (47.3216, 5.0415))
    assert (plan.place.label, plan.place.kind) == ("PANDA Grésilles", "place")
    assert plan.person is not None and (plan.person.latitude, plan.person.longitude) == (
        47.3216,
        5.0415,
    )
    assert plan_of(ANSWER, None).person is None
    assert plan_of({**ANSWER, "location_precision": "municipality"}, None).vague
