"""api/read_model/snapshot.py: one version of the places, pre-serialised, with its masks, its
name order, its stale flags and its nearest-first search; closures override the hours."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import orjson
import pytest

from api.http.etag import etag_of
from api.read_model.filters import PlaceFilters
from api.read_model.snapshot import (
    PARIS_CLOCK,
    Snapshot,
    build_masks,
    clock_of,
    credits_of,
    encode,
    facts_day,
    mask_keys,
)
from models.access_point import AccessPointCreate, AccessPointPublic
from models.data_source import DataSource
from models.geo import geodesic_distances_m
from models.text import fold
from seed.loader import ACCESS_POINTS_FILE, read_seed_file

# Tuesday 15 July 2025, 10:00 in Paris.
AT = datetime(2025, 7, 15, 8, 0, tzinfo=UTC)
DIJON_CENTRE = (47.3216, 5.0415)


def seed_places() -> list[AccessPointPublic]:
    """The seed's places as a read of the database gives them, ids 1..n."""
    entries = read_seed_file(ACCESS_POINTS_FILE)["access_points"]
    return [
        AccessPointPublic.model_validate(
            AccessPointCreate.model_validate(e).model_dump()
            | {"id": i, "updated_at": datetime(2025, 1, 1, tzinfo=UTC)}
        )
        for i, e in enumerate(entries, 1)
    ]


def edited(place: AccessPointPublic, **fields: Any) -> AccessPointPublic:
    return AccessPointPublic.model_validate(place.model_dump() | fields)


@pytest.fixture(scope="module")
def places() -> list[AccessPointPublic]:
    return seed_places()


@pytest.fixture(scope="module")
def snapshot(places: list[AccessPointPublic]) -> Snapshot:
    return Snapshot(7, places, [])


def index_named(snapshot: Snapshot, name: str) -> int:
    return next(i for i, p in enumerate(snapshot.places) if p.name == name)


def names(snapshot: Snapshot, mask: np.ndarray | None) -> set[str]:
    return {p.name for i, p in enumerate(snapshot.places) if mask is None or mask[i]}


def test_encode_gives_the_places_json_and_its_etag(places: list[AccessPointPublic]) -> None:
    place = places[1]
    row, etag = encode(place)
    assert orjson.loads(row) == place.model_dump(mode="json")
    assert etag == etag_of(place.model_dump(mode="json"))


def test_the_etag_follows_the_stated_facts_not_the_database_time(
    places: list[AccessPointPublic],
) -> None:
    place = places[1]
    _, etag = encode(place)
    assert encode(edited(place, updated_at=datetime(2026, 1, 1, tzinfo=UTC)))[1] == etag
    assert encode(edited(place, opening_hours="Mo 10:00-12:00"))[1] != etag
    assert encode(edited(place, confirmed_on=date(2025, 6, 1)))[1] != etag


def test_rows_and_ids_line_up(snapshot: Snapshot, places: list[AccessPointPublic]) -> None:
    assert len(snapshot) == len(places) == 68
    for place in places:
        i = snapshot.by_id[place.id]
        assert snapshot.dict_of(i) == place.model_dump(mode="json")
        assert snapshot.etags[i] == encode(place)[1]


def test_credits_name_each_source_once(places: list[AccessPointPublic]) -> None:
    source = DataSource(
        name="mednum-bfc", attribution="MedNum BFC (multi-coop/data-bfc-ternum)", licence="x"
    )
    attribution, licence = credits_of(["mednum-bfc", "mednum-bfc"], {"mednum-bfc": source})
    assert (attribution, licence) == ("MedNum BFC (multi-coop/data-bfc-ternum)", "x")
    assert credits_of([], {}) == (None, None)
    snapshot = Snapshot(1, places, [], sources={"mednum-bfc": source})
    assert (snapshot.attribution, snapshot.licence) == (attribution, licence)
    assert snapshot.source_counts == {"mednum-bfc": 68}


def test_stale_flags_count_days_from_the_facts_date(snapshot: Snapshot) -> None:
    gresilles = index_named(snapshot, "PANDA Grésilles")  # facts of 2021-03-05
    undated = index_named(snapshot, "PANDA Chevreul")
    stated = snapshot.places[gresilles].facts_date
    assert stated == date(2021, 3, 5) and snapshot.places[undated].facts_date is None
    on_the_day = snapshot.stale_flags(stated + timedelta(days=30), 30)
    assert not on_the_day[gresilles] and on_the_day[undated]
    day_after = snapshot.stale_flags(stated + timedelta(days=31), 30)
    assert day_after[gresilles] and day_after[undated]
    # Every undated place is always stale, every dated one fresh with a long enough span.
    generous = snapshot.stale_flags(date(2025, 1, 1), 36_500)
    assert [bool(f) for f in generous] == [p.facts_date is None for p in snapshot.places]


def test_stale_flags_are_remembered_for_one_day_and_span(snapshot: Snapshot) -> None:
    first = snapshot.stale_flags(date(2025, 7, 15), 365)
    assert snapshot.stale_flags(date(2025, 7, 15), 365) is first
    assert snapshot.stale_flags(date(2025, 7, 16), 365) is not first


def test_facts_day_is_minus_one_when_unknown(places: list[AccessPointPublic]) -> None:
    dated = next(p for p in places if p.facts_date)
    undated = next(p for p in places if not p.facts_date)
    assert facts_day(dated) == dated.facts_date.toordinal()  # type: ignore[union-attr]
    assert facts_day(undated) == -1


def test_no_filter_means_every_place(snapshot: Snapshot) -> None:
    assert snapshot.static_mask(PlaceFilters()) is None


def test_a_network_filter_keeps_its_members(snapshot: Snapshot) -> None:
    mask = snapshot.static_mask(PlaceFilters(network="PANDA"))
    expected = {p.name for p in snapshot.places if "PANDA" in p.networks}
    assert len(expected) == 10 and names(snapshot, mask) == expected


def test_a_value_no_place_has_matches_nothing(snapshot: Snapshot) -> None:
    mask = snapshot.static_mask(PlaceFilters(network="Réseau inconnu"))
    assert mask is not None and not mask.any()


def test_the_name_filter_ignores_case_and_accents(snapshot: Snapshot) -> None:
    mask = snapshot.static_mask(PlaceFilters(q="MEDIATHEQUE"))
    found = names(snapshot, mask)
    assert "Médiathèque Michel Etiévant" in found
    assert all("mediatheque" in fold(name) for name in found)


def test_filters_combine_and_communes_are_a_union(snapshot: Snapshot) -> None:
    chenove = snapshot.static_mask(PlaceFilters(), insee_codes=["21166"])
    assert names(snapshot, chenove) == {p.name for p in snapshot.places if p.insee_code == "21166"}
    both = snapshot.static_mask(PlaceFilters(), insee_codes=["21166", "21355"])
    assert names(snapshot, both) == {
        p.name for p in snapshot.places if p.insee_code in ("21166", "21355")
    }
    panda_in_dijon = snapshot.static_mask(PlaceFilters(network="PANDA"), insee_codes=["21231"])
    assert names(snapshot, panda_in_dijon) == {
        p.name for p in snapshot.places if p.insee_code == "21231" and "PANDA" in p.networks
    }


def test_a_place_passes_its_own_precision_and_every_weaker_one(
    places: list[AccessPointPublic],
) -> None:
    street = edited(places[0], location_precision="street")
    assert mask_keys("precision", street) == {"street", "municipality"}
    assert mask_keys("precision", places[1]) == {"source", "housenumber", "street", "municipality"}
    snapshot = Snapshot(1, [street, *places[1:3]], [])
    assert names(snapshot, snapshot.static_mask(PlaceFilters(precision="housenumber"))) == {
        places[1].name,
        places[2].name,
    }
    assert len(names(snapshot, snapshot.static_mask(PlaceFilters(precision="municipality")))) == 3


def test_build_masks_marks_each_value_of_each_place(places: list[AccessPointPublic]) -> None:
    masks = build_masks(places)
    for field in ("network", "insee_code", "equipment"):
        for key, mask in masks[field].items():
            members = {i for i, p in enumerate(places) if key in mask_keys(field, p)}
            assert set(np.flatnonzero(mask).tolist()) == members


def test_nearest_are_by_geodesic_distance_within_the_radius(snapshot: Snapshot) -> None:
    hits = snapshot.nearest(*DIJON_CENTRE, 5, 3_000, None, AT, False)
    assert len(hits) == 5
    distances = [h.distance_m for h in hits]
    assert distances == sorted(distances)  # type: ignore[type-var]
    assert all(d is not None and d <= 3_000 for d in distances)
    lat = np.array([p.latitude for p in snapshot.places])
    lon = np.array([p.longitude for p in snapshot.places])
    everything = geodesic_distances_m(*DIJON_CENTRE, lat, lon)
    assert hits[0].distance_m == pytest.approx(everything.min())
    assert hits[-1].distance_m == pytest.approx(np.sort(everything)[4])
    assert snapshot.nearest(*DIJON_CENTRE, 5, 1, None, AT, False) == []


def test_nearest_open_only_keeps_places_open_at_the_moment(snapshot: Snapshot) -> None:
    hits = snapshot.nearest(*DIJON_CENTRE, 3, 30_000, None, AT, True)
    assert len(hits) == 3
    assert {h.status.state for h in hits} == {"open"}
    panda = snapshot.static_mask(PlaceFilters(network="PANDA"))
    in_network = snapshot.nearest(*DIJON_CENTRE, 50, 30_000, panda, AT, False)
    assert len(in_network) == 10
    assert all("PANDA" in snapshot.places[h.index].networks for h in in_network)


def test_status_reads_the_hours_on_the_places_clock(snapshot: Snapshot) -> None:
    gresilles = index_named(snapshot, "PANDA Grésilles")  # Tuesdays 09:00-12:00
    chevreul = index_named(snapshot, "PANDA Chevreul")  # Fridays 19:00-21:00
    memo: dict[Any, Any] = {}
    assert snapshot.status(gresilles, AT, memo).state == "open"
    assert snapshot.status(chevreul, AT, memo).state == "closed"
    no_hours = next(i for i, p in enumerate(snapshot.places) if p.opening_hours is None)
    assert snapshot.status(no_hours, AT, memo).state == "unknown"


def test_a_closure_overrides_the_hours_within_its_dates(places: list[AccessPointPublic]) -> None:
    gresilles = next(p for p in places if p.name == "PANDA Grésilles")
    closed = edited(gresilles, status="closed")
    works = edited(
        gresilles,
        status="temporarily_closed",
        closed_from=date(2025, 7, 14),
        closed_until=date(2025, 7, 20),
        closure_reason="travaux",
    )
    later = edited(
        gresilles, status="temporarily_closed", closed_from=date(2025, 8, 1), closed_until=None
    )
    snapshot = Snapshot(1, [closed, works, later], [])
    assert snapshot.status(0, AT, {}).label == "Fermé définitivement"
    assert snapshot.status(1, AT, {}).label == "Fermé temporairement jusqu'au 20/07/2025 (travaux)"
    assert snapshot.status(1, AT, {}).state == "closed"
    assert snapshot.status(2, AT, {}).state == "open"  # the closure has not begun
    assert snapshot.status(2, AT + timedelta(days=20), {}).label == "Fermé temporairement"


def test_listing_is_in_folded_name_order(snapshot: Snapshot) -> None:
    listed = [snapshot.places[h.index].name for h in snapshot.listing(None, AT, False)]
    assert len(listed) == 68
    assert [fold(n) for n in listed] == sorted(fold(n) for n in listed)
    panda = snapshot.static_mask(PlaceFilters(network="PANDA"))
    open_panda = list(snapshot.listing(panda, AT, True))
    assert open_panda and all(h.status.state == "open" for h in open_panda)
    assert all("PANDA" in snapshot.places[h.index].networks for h in open_panda)
    assert all(h.distance_m is None for h in open_panda)


def test_places_of_metropolitan_france_share_the_paris_clock(
    places: list[AccessPointPublic],
) -> None:
    assert all(clock_of(p) is PARIS_CLOCK for p in places)


def test_an_empty_snapshot_answers_nothing() -> None:
    empty = Snapshot(0, [], [])
    assert len(empty) == 0
    assert empty.nearest(*DIJON_CENTRE, 5, 30_000, None, AT, False) == []
    assert list(empty.listing(None, AT, False)) == []
    assert (empty.attribution, empty.licence) == (None, None)


def brute_nearest(
    snapshot: Snapshot, lat: float, lon: float, limit: int, radius: float, mask: Any
) -> list[tuple[int, float]]:
    """Every place's geodesic distance, ordered by (distance, position): the reference."""
    latitudes = np.array([p.latitude for p in snapshot.places])
    longitudes = np.array([p.longitude for p in snapshot.places])
    distances = geodesic_distances_m(lat, lon, latitudes, longitudes)
    allowed = np.ones(len(snapshot), bool) if mask is None else mask
    ranked = sorted(
        (float(d), i) for i, d in enumerate(distances.tolist()) if allowed[i] and d <= radius
    )
    return [(i, d) for d, i in ranked[:limit]]


def spread(places: list[AccessPointPublic], count: int, seed: int) -> list[AccessPointPublic]:
    """`count` copies of the seed's places moved to random points over France (ids 1..count)."""
    rng = np.random.default_rng(seed)
    points = np.column_stack((rng.uniform(42.5, 51, count), rng.uniform(-4.5, 8, count)))
    return [
        places[i % len(places)].model_copy(
            update={"id": i + 1, "latitude": float(lat), "longitude": float(lon)}
        )
        for i, (lat, lon) in enumerate(points.tolist())
    ]


@pytest.mark.parametrize("count", [0, 5_000])
def test_nearest_equals_every_distance_ranked(places: list[AccessPointPublic], count: int) -> None:
    """Only the candidates that can still be among the nearest get a geodesic: the answer is
    the one ranking every place would give, for the seed (a scan) and 5,000 places (the tree)."""
    snapshot = Snapshot(1, spread(places, count, count) if count else places, [])
    rng = np.random.default_rng(11)
    for trial in range(150):
        if count:
            lat, lon = float(rng.uniform(42.5, 51)), float(rng.uniform(-4.5, 8))
        else:
            lat, lon = float(rng.uniform(47.25, 47.4)), float(rng.uniform(4.95, 5.15))
        limit = int(rng.integers(1, 51))
        radius = float(rng.choice([500.0, 3_000.0, 30_000.0, 100_000.0]))
        mask = None if trial % 2 else rng.random(len(snapshot)) < 0.6
        hits = snapshot.nearest(lat, lon, limit, radius, mask, AT, False)
        found = [(h.index, h.distance_m) for h in hits]
        assert found == brute_nearest(snapshot, lat, lon, limit, radius, mask)
