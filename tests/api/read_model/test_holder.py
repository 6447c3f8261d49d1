"""The read model takes changes place by place: the result equals a whole rebuild, the old
snapshot is never touched, versions only move forward, and writes reach it without a rebuild."""

import random
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.read_model import Changes, Snapshot
from api.read_model.apply import applied
from api.read_model.filters import PlaceFilters
from models.access_point import AccessPointCreate, AccessPointPublic
from seed.loader import ACCESS_POINTS_FILE, read_seed_file
from seed.upsert import bump_data_version
from tests.conftest import bearer, make_access_point, make_key

AT = datetime(2025, 7, 15, 8, 0, tzinfo=UTC)
# Query points: Dijon centre, Chenôve, Quetigny (their town halls' surroundings).
POINTS = ((47.3216, 5.0415), (47.2925, 5.0070), (47.3147, 5.1056))


def seed_places() -> list[AccessPointPublic]:
    """The seed's real places as the read model holds them, ids 1..n."""
    entries = read_seed_file(ACCESS_POINTS_FILE)["access_points"]
    return [public(AccessPointCreate.model_validate(e), i) for i, e in enumerate(entries, 1)]


def public(place: AccessPointCreate, place_id: int) -> AccessPointPublic:
    """A public place as a read of the database gives it."""
    fields = place.model_dump() | {"id": place_id, "updated_at": datetime(2025, 1, 1, tzinfo=UTC)}
    return AccessPointPublic.model_validate(fields | {"source_attribution": place.source})


def edited(place: AccessPointPublic, **fields: Any) -> AccessPointPublic:
    """The same place with some fields changed, validated again."""
    return AccessPointPublic.model_validate(place.model_dump() | fields)


def fingerprint(snapshot: Snapshot) -> dict[str, Any]:
    """Everything a reader can observe of a snapshot, keyed by place id, not by slot."""
    ids = [p.id for p in snapshot.places]
    masks = {
        (field, key): sorted(ids[i] for i in np.flatnonzero(mask))
        for field, values in snapshot._masks.items()
        for key, mask in values.items()
        if mask.any()
    }
    nearest = [
        [(ids[h.index], h.status.state, round(h.distance_m or 0, 3)) for h in hits]
        for lat, lon in POINTS
        for hits in [snapshot.nearest(lat, lon, 12, 30_000, None, AT, False)]
    ]
    network = snapshot.static_mask(PlaceFilters(network="PANDA"))
    return {
        "version": snapshot.version,
        "rows": dict(zip(ids, snapshot.rows, strict=True)),
        "etags": dict(zip(ids, snapshot.etags, strict=True)),
        "by_id": {place_id: ids[i] for place_id, i in snapshot.by_id.items()},
        "name_order": [ids[i] for i in snapshot._name_order],
        "masks": masks,
        "points": sorted(zip(ids, snapshot._latitudes, snapshot._longitudes, strict=True)),
        "facts": sorted(zip(ids, snapshot._facts_days, strict=True)),
        "nearest": nearest,
        "open_panda": [ids[h.index] for h in snapshot.listing(network, AT, True)],
        "credits": (snapshot.attribution, snapshot.licence, dict(snapshot.source_counts)),
        "clocks": sorted(zip(ids, snapshot._clocks, strict=True)),
        "geocoder_addresses": sorted(snapshot.geocoder._addresses, key=repr),
        "stale": sorted(zip(ids, snapshot.stale_flags(date(2026, 12, 2), 365), strict=True)),
    }


def rebuilt(version: int, places: dict[int, AccessPointPublic]) -> Snapshot:
    """A whole rebuild from the same places, in id order as the loader reads them."""
    return Snapshot(version, [places[i] for i in sorted(places)], [])


def random_change(rng: random.Random, places: dict[int, AccessPointPublic], next_id: int):
    """One change of the kinds writes make: hours, point, name, lists, equipment, new, gone."""
    kinds = ["hours", "move", "rename", "networks", "equipment", "source", "address", "new"]
    kinds.append("gone")
    kind = rng.choice(kinds)
    chosen = places[rng.choice(sorted(places))]
    if kind == "hours":
        hours = rng.choice(["Mo-Fr 09:00-12:00", "Tu,Th 14:00-18:00", None, "Sa 09:00-12:00"])
        return [edited(chosen, opening_hours=hours)], set()
    if kind == "move":
        point = rng.choice(POINTS)
        return [edited(chosen, latitude=point[0] + 0.001, longitude=point[1])], set()
    if kind == "rename":
        return [edited(chosen, name=rng.choice(["Accueil", "Zèbre", "Médiathèque A"]))], set()
    if kind == "networks":
        return [edited(chosen, networks=rng.choice([[], ["PANDA"], ["Autre réseau"]]))], set()
    if kind == "address":
        return [edited(chosen, address=rng.choice(["3 rue Neuve", "rue sans numéro"]))], set()
    if kind == "source":
        return [edited(chosen, source=rng.choice(["test", "autre source", chosen.source]))], set()
    if kind == "equipment":
        return [edited(chosen, equipment=rng.choice([None, {"printer": 2}, {"wifi": None}]))], set()
    if kind == "new":
        fresh = public(make_access_point(name=f"Nouveau lieu {next_id}"), next_id)
        return [fresh], set()
    return [], {chosen.id}


def test_changes_applied_one_by_one_equal_a_rebuild_and_leave_the_old_snapshot_alone() -> None:
    rng = random.Random(20261202)
    places = {p.id: p for p in seed_places()}
    snapshot = rebuilt(1, places)
    next_id = max(places) + 1
    for version in range(2, 120):
        upserts, removed = random_change(rng, places, next_id)
        next_id += 1
        before = fingerprint(snapshot)
        new = applied(snapshot, version, upserts, removed)
        assert fingerprint(snapshot) == before, "the old snapshot changed under its readers"
        for place in upserts:
            places[place.id] = place
        for place_id in removed:
            del places[place_id]
        assert fingerprint(new) == fingerprint(rebuilt(version, places)), (version, upserts)
        snapshot = new


def test_several_changes_at_once_equal_a_rebuild() -> None:
    places = {p.id: p for p in seed_places()}
    snapshot = rebuilt(1, places)
    first, second, third = sorted(places)[:3]
    upserts = [
        edited(places[first], name="Abc", latitude=47.30, longitude=5.0),
        public(make_access_point(name="Un lieu de plus"), 1000),
    ]
    new = applied(snapshot, 2, upserts, {second, third})
    places |= {p.id: p for p in upserts}
    del places[second], places[third]
    assert fingerprint(new) == fingerprint(rebuilt(2, places))


def test_an_hours_edit_shares_the_index_and_the_geocoder() -> None:
    places = seed_places()
    snapshot = rebuilt(1, {p.id: p for p in places})
    new = applied(snapshot, 2, [edited(places[0], opening_hours="Mo 10:00-12:00")], set())
    assert new.index is snapshot.index and new.geocoder is snapshot.geocoder
    assert new.places[0].opening_hours == "Mo 10:00-12:00"
    assert snapshot.places[0].opening_hours != "Mo 10:00-12:00"


def test_an_older_change_never_replaces_a_newer_model(client_factory: Callable[..., TestClient]):
    client = client_factory(places=[make_access_point()])
    model = client.app.state.runtime.read_model  # type: ignore[attr-defined]
    current = model.current
    assert not model.apply(Changes(current.version - 1, current.version))
    assert not model.apply(Changes(0, current.version, everything=True))
    assert model.current is current


def test_writes_reach_the_model_place_by_place(client_factory: Callable[..., TestClient]) -> None:
    client = client_factory(places=[make_access_point()])
    model = client.app.state.runtime.read_model  # type: ignore[attr-defined]
    rebuilds = model.rebuild_count
    key = bearer(make_key(client, "write", "admin"))
    created = client.post(
        "/v1/access-points", json=make_access_point().model_dump(mode="json"), headers=key
    )
    url = created.headers["location"]
    etag = client.get(url).headers["etag"]
    patched = client.patch(
        url, json={"opening_hours": "We 14:00-16:00"}, headers=key | {"If-Match": etag}
    )
    assert patched.status_code == 200, patched.text
    assert client.get(url).json()["opening_hours"] == "We 14:00-16:00"
    assert client.get(url).headers["etag"] == patched.headers["etag"]
    closed = client.delete(url, headers=key | {"If-Match": patched.headers["etag"]})
    assert client.get(url).json()["status"] == "closed"
    gone = client.delete(url + "?hard=true", headers=key | {"If-Match": closed.headers["etag"]})
    assert gone.status_code == 204, gone.text
    assert client.get(url).status_code == 404
    assert model.rebuild_count == rebuilds
    assert model.applied_count >= 4


def test_a_bulk_change_rebuilds(client_factory: Callable[..., TestClient]) -> None:
    client = client_factory(places=[make_access_point()])
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    rebuilds = runtime.read_model.rebuild_count
    with Session(runtime.engine) as session:
        version = bump_data_version(session)  # no places named: an import, a source, ...
        session.commit()
    runtime.read_model.refresh()  # on PostgreSQL the listener may have been first
    assert runtime.read_model.current.version == version
    assert runtime.read_model.rebuild_count == rebuilds + 1


@pytest.mark.parametrize("count", [1, 5])
def test_changes_made_elsewhere_are_read_from_the_log(
    client_factory: Callable[..., TestClient], count: int
) -> None:
    client = client_factory(places=[make_access_point() for _ in range(count)])
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    ids = [p.id for p in runtime.read_model.current.places]
    from models.access_point import AccessPoint  # the table, written as another process would

    with Session(runtime.engine) as session:
        for place_id in ids:
            stored = session.get(AccessPoint, place_id)
            assert stored is not None
            stored.opening_hours = "Fr 09:00-10:00"
            session.add(stored)
            version = bump_data_version(session, places=[place_id])
        session.commit()
    rebuilds = runtime.read_model.rebuild_count
    runtime.read_model.refresh()  # on PostgreSQL the listener may have been first
    assert runtime.read_model.current.version == version
    assert runtime.read_model.rebuild_count == rebuilds
    hours = {p.opening_hours for p in runtime.read_model.current.places}
    assert hours == {"Fr 09:00-10:00"}
