"""Each place filter keeps exactly the places whose facts satisfy it (issue 22, item 4).

The expectation is computed here, from the seed file and the extra places' own fields, by
rules written independently of the read model: a set membership per vocabulary value, a
small reading of the day selectors for the weekend, and the rule stated for appointments.
The answers of list (JSON and GeoJSON), nearest and search are compared to it.
"""

import json
import math
import random
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from models.vocabulary import (
    AccessMode,
    Audience,
    Fees,
    NationalProgramme,
    Service,
    SupportMode,
)
from tests.conftest import add_places, make_access_point

SEED = Path(__file__).resolve().parents[2] / "seed" / "data" / "dijon-access-points.json"
Key = tuple[str, str]
# Hours of the extra places: some open on a weekend day, some never, one without hours.
HOURS = [
    "Mo-Fr 09:00-12:00",
    "Tu-Sa 10:00-18:00",
    "Su 10:00-12:00",
    "Mo,We 14:00-17:00; Sa 09:00-12:00",
    "We 10:00-12:00; PH off",
    None,
]
# Each multi-valued filter: the place's field and the vocabulary.
FIELDS: dict[str, tuple[str, list[str]]] = {
    "service": ("services", [v.value for v in Service]),
    "audience": ("audiences", [v.value for v in Audience]),
    "fees": ("fees", [v.value for v in Fees]),
    "national_programme": ("national_programmes", [v.value for v in NationalProgramme]),
    "support_mode": ("support_modes", [v.value for v in SupportMode]),
    "access_mode": ("access_modes", [v.value for v in AccessMode]),
}
DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
CENTRE = (47.3216, 5.0415)


def _some(rng: random.Random, values: list[str]) -> list[str]:
    return rng.sample(values, rng.choice([0, 1, 1, 2, 3]))


def extra_places() -> list[dict[str, Any]]:
    """40 places whose facts cover every value, alone and together (fixed random choices)."""
    rng = random.Random(22)
    places = []
    for n in range(40):
        fields: dict[str, Any] = {name: _some(rng, values) for name, values in FIELDS.values()}
        fields |= {
            "name": f"Lieu d'essai {n:02d}",
            "source": rng.choice(["essai-a", "essai-b"]),
            "source_id": f"essai-{n}",
            "opening_hours": rng.choice(HOURS),
            "appointment_url": "https://rdv.example.org/x" if rng.random() < 0.3 else None,
            "status": "closed" if rng.random() < 0.1 else "open",
            "latitude": 47.30 + rng.random() * 0.05,
            "longitude": 5.00 + rng.random() * 0.08,
        }
        places.append(fields)
    return places


def seed_places() -> list[dict[str, Any]]:
    data = json.loads(SEED.read_text(encoding="utf-8"))
    return [row | {"source": data["source"]} for row in data["access_points"]]


def weekend_day(expression: str | None) -> bool:
    """Whether a day selector of the (simple) expression names Saturday or Sunday."""
    if not expression:
        return False
    if expression.strip() == "24/7":
        return True
    for rule in expression.split(";"):
        words = rule.split()
        if not words or words[0] == "PH" or words[-1] in ("off", "closed"):
            continue
        for part in words[0].split(","):
            if not re.fullmatch(r"(Mo|Tu|We|Th|Fr|Sa|Su)(-(Mo|Tu|We|Th|Fr|Sa|Su))?", part):
                continue
            first, _, last = part.partition("-")
            span = DAYS[DAYS.index(first) : DAYS.index(last or first) + 1]
            if "Sa" in span or "Su" in span:
                return True
    return False


def satisfies(place: dict[str, Any], query: dict[str, Any]) -> bool:
    """The filter rules, as the documentation states them."""
    for name, (field, _values) in FIELDS.items():
        wanted = query.get(name)
        if wanted:
            held = set(place.get(field) or [])
            all_of = query.get(f"{name}_match") == "all"
            if (all_of and not set(wanted) <= held) or (not all_of and not set(wanted) & held):
                return False
    if query.get("source") and place["source"] not in query["source"]:
        return False
    if query.get("open_weekend") and (
        place.get("status") == "closed" or not weekend_day(place.get("opening_hours"))
    ):
        return False
    online = place.get("appointment_url") or "Prendre un RDV en ligne" in place["access_modes"]
    return bool(online or not query.get("appointment_online"))


def queries() -> list[dict[str, Any]]:
    """Every single value of every filter, pairs any and all, the flags, sources, mixes."""
    found: list[dict[str, Any]] = []
    for name, (_field, values) in FIELDS.items():
        found += [{name: [v]} for v in values]
        found += [{name: values[:2]}, {name: values[:2], f"{name}_match": "all"}]
        found += [{name: values[1:3], f"{name}_match": "all"}]
    found += [{"open_weekend": True}, {"appointment_online": True}]
    found += [{"source": ["essai-a"]}, {"source": ["essai-a", "mednum-bfc"]}, {"source": ["x"]}]
    found += [
        {"service": [Service.ADMIN_PROCEDURES.value], "open_weekend": True},
        {"support_mode": [v.value for v in SupportMode], "appointment_online": True},
        {"fees": [Fees.FREE.value], "source": ["essai-b"], "audience": [Audience.SENIORS.value]},
    ]
    return found


def as_params(query: dict[str, Any], comma: bool) -> list[tuple[str, str]]:
    """Lists repeated, or joined by commas; flags as `true`."""
    params: list[tuple[str, str]] = []
    for name, value in query.items():
        if isinstance(value, list):
            params += [(name, ",".join(value))] if comma else [(name, v) for v in value]
        else:
            params.append((name, "true" if value is True else str(value)))
    return params


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterable[tuple[TestClient, list[dict[str, Any]]]]:
    from api.app import create_app
    from api.settings import Settings

    path = tmp_path_factory.mktemp("truth") / "truth.sqlite"
    settings = Settings(database_url=f"sqlite:///{path}", snapshot_refresh_s=3600)
    with TestClient(create_app(settings)) as client:
        extras = extra_places()
        add_places(client, [make_access_point(**fields) for fields in extras])
        yield client, seed_places() + extras


def _keys(items: Iterable[dict[str, Any]]) -> set[Key]:
    return {(item["source"], item["source_id"]) for item in items}


def listed(client: TestClient, params: list[tuple[str, str]], geojson: bool) -> set[Key]:
    found: set[Key] = set()
    extra = [("format", "geojson")] if geojson else []
    for page in range(1, 10):
        body = client.get(
            "/v1/access-points", params=[*params, *extra, ("size", "100"), ("page", str(page))]
        ).json()
        items = [f["properties"] for f in body["features"]] if geojson else body["items"]
        found |= _keys(items)
        if page * 100 >= body["total"]:
            return found
    raise AssertionError("more pages than places")


@pytest.mark.parametrize("comma", [False, True], ids=["repeated", "commas"])
@pytest.mark.parametrize("geojson", [False, True], ids=["json", "geojson"])
def test_list_keeps_exactly_the_places_satisfying_each_filter(
    world: tuple[TestClient, list[dict[str, Any]]], comma: bool, geojson: bool
) -> None:
    client, places = world
    for query in queries():
        expected = {(p["source"], p["source_id"]) for p in places if satisfies(p, query)}
        assert listed(client, as_params(query, comma), geojson) == expected, query


def _distance_m(place: dict[str, Any], lat: float, lon: float) -> float:
    # Haversine: within a few metres of the geodesic at this scale; ties are checked apart.
    p1, p2 = math.radians(lat), math.radians(place["latitude"])
    dp, dl = p2 - p1, math.radians(place["longitude"] - lon)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(a))


def _check_nearest(
    answer: dict[str, Any],
    places: list[dict[str, Any]],
    query: dict[str, Any],
    at: tuple[float, float],
) -> None:
    matching = sorted((p for p in places if satisfies(p, query)), key=lambda p: _distance_m(p, *at))
    got = answer["items"]
    assert len(got) == min(10, len(matching)), query
    assert _keys(got) <= {(p["source"], p["source_id"]) for p in matching}, query
    if len(matching) > 10:
        # The ten nearest: the tenth by this count is as far as the farthest given (the
        # sphere here and the ellipsoid there differ by less than 0.5 %).
        farthest = max(item["distance_m"] for item in got)
        assert abs(_distance_m(matching[9], *at) - farthest) <= farthest * 0.005 + 1, query


@pytest.mark.parametrize(
    ("path", "where"),
    [
        ("/v1/access-points/nearest", {"lat": str(CENTRE[0]), "lon": str(CENTRE[1])}),
        ("/v1/access-points/search", {"address": "14 rue Camille Claudel 21000 Dijon"}),
    ],
)
def test_nearest_and_search_keep_the_nearest_places_satisfying_each_filter(
    world: tuple[TestClient, list[dict[str, Any]]], path: str, where: dict[str, str]
) -> None:
    client, places = world
    for query in queries():
        answer = client.get(path, params=[*where.items(), *as_params(query, False)]).json()
        at: tuple[float, float] = CENTRE
        if "location" in answer:
            at = (answer["location"]["latitude"], answer["location"]["longitude"])
        _check_nearest(answer, places, query, at)


def _one(value: object) -> bool:
    return value is True or (isinstance(value, list) and len(value) == 1)


def test_the_seed_and_extras_give_every_filter_something_to_keep(
    world: tuple[TestClient, list[dict[str, Any]]],
) -> None:
    # A filter matching nothing anywhere would prove nothing.
    _client, places = world

    def empty(query: dict[str, Any]) -> bool:
        return not any(satisfies(p, query) for p in places)

    single = [q for q in queries() if len(q) == 1 and _one(next(iter(q.values())))]
    assert [q for q in single if empty(q) and q != {"source": ["x"]}] == []
