"""The documented `transit` field (api/transit/schema.py) refuses what answers never hold."""

import pytest
from pydantic import ValidationError

from api.transit.schema import TransitOut

FIELD = {
    "feed": {
        "name": "Divia",
        "start_date": "2026-01-01",
        "end_date": "2030-12-31",
        "expired": False,
    },
    "detour_factor": 1.3,
    "estimate": True,
    "stops": [
        {
            "id": "S",
            "name": "Giroud",
            "lat": 47.36,
            "lon": 5.04,
            "distance_m": 120,
            "walk_m": 156,
            "walk_minutes": 3,
            "label": "Tram T2, arrêt Giroud : 3 min à pied",
            "lines": [
                {"id": "T2", "short_name": "T2", "mode": "tram", "color": None, "text_color": None}
            ],
        }
    ],
}


def test_a_field_as_answered_is_valid() -> None:
    assert TransitOut.model_validate(FIELD).stops[0].walk_minutes == 3


@pytest.mark.parametrize(
    "change",
    [{"stops": []}, {"estimate": False}, {"feed": {}}],
)
def test_no_stop_or_a_claim_of_exactness_is_not_a_field(change: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        TransitOut.model_validate(FIELD | change)
