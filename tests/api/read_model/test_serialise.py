"""api/read_model/serialise.py: answers spliced from the snapshot's stored bytes. The bytes
must parse back to exactly the answer a dict would give: status, distance to a tenth of a
metre, staleness, then the place, under the metadata and credits."""

import random
from datetime import UTC, datetime
from typing import Any

import numpy as np
import orjson
import pytest

from api.read_model import Hit, Snapshot
from api.read_model.serialise import (
    answer_bytes,
    answer_geojson,
    credits,
    hit_bytes,
    hit_dict,
    status_bytes,
)
from models.access_point import AccessPointCreate, AccessPointPublic
from models.data_source import DataSource
from models.opening_hours import OpeningStatus
from seed.loader import ACCESS_POINTS_FILE, read_seed_file

AT = datetime(2025, 7, 15, 8, 0, tzinfo=UTC)  # a Tuesday, 10:00 in Paris
DIJON_CENTRE = (47.3216, 5.0415)
SEED = read_seed_file(ACCESS_POINTS_FILE)


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    places = [
        AccessPointPublic.model_validate(
            AccessPointCreate.model_validate(e).model_dump()
            | {"id": i, "updated_at": datetime(2025, 1, 1, tzinfo=UTC)}
        )
        for i, e in enumerate(SEED["access_points"][:12], 1)
    ]
    source = DataSource(name="mednum-bfc", attribution=SEED["attribution"], licence=SEED["licence"])
    return Snapshot(3, places, [], sources={"mednum-bfc": source})


@pytest.fixture(scope="module")
def stale(snapshot: Snapshot) -> np.ndarray:
    flags = np.zeros(len(snapshot), dtype=bool)
    flags[::3] = True
    return flags


def test_status_bytes_are_the_status_as_json() -> None:
    status = OpeningStatus("open", datetime(2025, 7, 15, 12, 0, tzinfo=UTC), "Ouvert")
    assert orjson.loads(status_bytes(status)) == {
        "state": "open",
        "next_change": "2025-07-15T12:00:00+00:00",
        "label": "Ouvert",
    }
    # An equal status (another request, the same hours and minute) is served from the cache.
    same = OpeningStatus("open", datetime(2025, 7, 15, 12, 0, tzinfo=UTC), "Ouvert")
    assert status_bytes(same) is status_bytes(status)


def test_an_item_is_status_distance_staleness_then_the_place(
    snapshot: Snapshot, stale: np.ndarray
) -> None:
    hit = snapshot.nearest(*DIJON_CENTRE, 1, 30_000, None, AT, False)[0]
    item = orjson.loads(hit_bytes(snapshot, hit, stale))
    assert list(item)[:4] == ["opening_status", "distance_m", "stale", "transit"]
    assert item["opening_status"] == hit.status.as_dict()
    assert item["distance_m"] == round(hit.distance_m or 0, 1)
    assert item["stale"] is bool(stale[hit.index])
    assert item["transit"] is None  # no feed imported (tests/api/transit: with one)
    spliced = ("opening_status", "distance_m", "stale", "transit")
    place = {k: v for k, v in item.items() if k not in spliced}
    assert place == snapshot.places[hit.index].model_dump(mode="json")


def test_an_item_without_distance_has_no_distance_field(
    snapshot: Snapshot, stale: np.ndarray
) -> None:
    hit = Hit(0, snapshot.status(0, AT, {}))
    item = orjson.loads(hit_bytes(snapshot, hit, stale))
    assert "distance_m" not in item and item["stale"] is True
    assert item == hit_dict(snapshot, hit, stale)


def test_bytes_and_dict_agree_on_every_distance(snapshot: Snapshot, stale: np.ndarray) -> None:
    rng = random.Random(15)
    distances = [0.0, 0.05, 0.25, 12.25, 12.35, 999.95, 1e-9, 29_999.99]
    distances += [rng.uniform(0, 30_000) for _ in range(500)]
    status = snapshot.status(1, AT, {})
    for distance in distances:
        hit = Hit(1, status, distance)
        assert orjson.loads(hit_bytes(snapshot, hit, stale)) == hit_dict(snapshot, hit, stale), (
            distance
        )


def test_an_answer_parses_back_to_meta_credits_and_items(
    snapshot: Snapshot, stale: np.ndarray
) -> None:
    hits = snapshot.nearest(*DIJON_CENTRE, 5, 30_000, None, AT, False)
    meta: dict[str, Any] = {"count": 5, "query": {"latitude": DIJON_CENTRE[0]}}
    answer = orjson.loads(answer_bytes(snapshot, hits, meta, stale))
    assert list(answer) == ["count", "query", "attribution", "licence", "items"]
    assert (answer["attribution"], answer["licence"]) == (SEED["attribution"], SEED["licence"])
    assert answer["items"] == [hit_dict(snapshot, hit, stale) for hit in hits]
    assert [i["id"] for i in answer["items"]] == [snapshot.places[h.index].id for h in hits]


def test_an_answer_without_hits_has_empty_items(snapshot: Snapshot, stale: np.ndarray) -> None:
    answer = orjson.loads(answer_bytes(snapshot, [], {"count": 0}, stale))
    assert answer == {"count": 0, **credits(snapshot), "items": []}


def test_the_geojson_answer_holds_the_same_items_as_features(
    snapshot: Snapshot, stale: np.ndarray
) -> None:
    hits = list(snapshot.listing(None, AT, False))
    collection = orjson.loads(answer_geojson(snapshot, hits, {"count": len(hits)}, stale))
    assert collection["type"] == "FeatureCollection"
    assert (collection["count"], collection["attribution"]) == (len(hits), SEED["attribution"])
    for feature, hit in zip(collection["features"], hits, strict=True):
        place = snapshot.places[hit.index]
        assert feature["id"] == place.id
        assert feature["geometry"] == {
            "type": "Point",
            "coordinates": [place.longitude, place.latitude],
        }
        properties = feature["properties"]
        assert "latitude" not in properties and "longitude" not in properties
        assert properties["stale"] is bool(stale[hit.index])
        assert properties["opening_status"] == hit.status.as_dict()
        assert properties["name"] == place.name


def test_credits_are_the_snapshots() -> None:
    assert credits(Snapshot(0, [], [])) == {"attribution": None, "licence": None}
