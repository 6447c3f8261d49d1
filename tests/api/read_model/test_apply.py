"""api/read_model/apply.py: copy-on-write. The new snapshot holds the change, the old one
stays exactly as readers had it, and untouched parts (spatial index, geocoder, masks) are
shared rather than rebuilt."""

from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest

from api.read_model.apply import applied
from api.read_model.filters import PlaceFilters
from api.read_model.snapshot import Snapshot
from models.access_point import AccessPointCreate, AccessPointPublic
from models.data_source import DataSource
from models.text import fold
from seed.loader import ACCESS_POINTS_FILE, read_seed_file

AT = datetime(2025, 7, 15, 8, 0, tzinfo=UTC)  # a Tuesday, 10:00 in Paris
DIJON_CENTRE = (47.3216, 5.0415)
ENTRIES = read_seed_file(ACCESS_POINTS_FILE)["access_points"]


def public(entry: dict[str, Any], place_id: int, **fields: Any) -> AccessPointPublic:
    base = AccessPointCreate.model_validate(entry).model_dump()
    stamp = {"id": place_id, "updated_at": datetime(2025, 1, 1, tzinfo=UTC)}
    return AccessPointPublic.model_validate(base | stamp | fields)


def edited(place: AccessPointPublic, **fields: Any) -> AccessPointPublic:
    return AccessPointPublic.model_validate(place.model_dump() | fields)


@pytest.fixture
def old() -> Snapshot:
    """The seed's first 20 places (ids 1..20) at version 1."""
    return Snapshot(1, [public(e, i) for i, e in enumerate(ENTRIES[:20], 1)], [])


def named(snapshot: Snapshot, name: str) -> AccessPointPublic:
    return next(p for p in snapshot.places if p.name == name)


def listed(snapshot: Snapshot, filters: PlaceFilters) -> list[int]:
    mask = snapshot.static_mask(filters)
    return [snapshot.places[h.index].id for h in snapshot.listing(mask, AT, False)]


def test_an_edit_reaches_the_new_snapshot_and_never_the_old(old: Snapshot) -> None:
    gresilles = named(old, "PANDA Grésilles")
    row, etag = old.rows[old.by_id[gresilles.id]], old.etags[old.by_id[gresilles.id]]
    new = applied(old, 2, [edited(gresilles, opening_hours="Mo 10:00-12:00")], set())
    assert (old.version, new.version) == (1, 2)
    assert named(new, "PANDA Grésilles").opening_hours == "Mo 10:00-12:00"
    assert named(old, "PANDA Grésilles").opening_hours == gresilles.opening_hours
    slot = new.by_id[gresilles.id]
    assert new.dict_of(slot)["opening_hours"] == "Mo 10:00-12:00"
    assert new.etags[slot] != etag
    assert (old.rows[slot], old.etags[slot]) == (row, etag)
    # Tuesday 10:00: open before, closed on the new hours (Mondays only).
    assert old.status(slot, AT, {}).state == "open"
    assert new.status(slot, AT, {}).state == "closed"


def test_a_network_change_flips_copies_of_the_masks(old: Snapshot) -> None:
    gresilles = named(old, "PANDA Grésilles")
    panda_before = listed(old, PlaceFilters(network="PANDA"))
    old_mask = old._masks["network"]["PANDA"]
    old_copy = old_mask.copy()
    new = applied(old, 2, [edited(gresilles, networks=["Nouveau réseau"])], set())
    assert listed(new, PlaceFilters(network="PANDA")) == [
        i for i in panda_before if i != gresilles.id
    ]
    assert listed(new, PlaceFilters(network="Nouveau réseau")) == [gresilles.id]
    assert listed(old, PlaceFilters(network="PANDA")) == panda_before
    assert listed(old, PlaceFilters(network="Nouveau réseau")) == []
    assert np.array_equal(old_mask, old_copy)
    # Masks the change did not touch are the old arrays themselves.
    assert new._masks["insee_code"]["21231"] is old._masks["insee_code"]["21231"]


def test_an_hours_edit_shares_the_spatial_index_and_the_geocoder(old: Snapshot) -> None:
    first = old.places[0]
    new = applied(old, 2, [edited(first, opening_hours="Sa 09:00-12:00")], set())
    assert new.index is old.index
    assert new.geocoder is old.geocoder


def test_a_move_rebuilds_the_index_and_the_old_one_keeps_the_old_point(old: Snapshot) -> None:
    gresilles = named(old, "PANDA Grésilles")
    moved = edited(gresilles, latitude=DIJON_CENTRE[0], longitude=DIJON_CENTRE[1])
    new = applied(old, 2, [moved], set())
    assert new.index is not old.index
    nearest_new = new.nearest(*DIJON_CENTRE, 1, 30_000, None, AT, False)[0]
    assert new.places[nearest_new.index].id == gresilles.id
    assert nearest_new.distance_m == pytest.approx(0, abs=0.01)
    nearest_old = old.nearest(*DIJON_CENTRE, 1, 30_000, None, AT, False)[0]
    assert nearest_old.distance_m is not None and nearest_old.distance_m > 100


def test_an_address_change_rebuilds_the_geocoder_and_forgets_its_key(old: Snapshot) -> None:
    old.geocoder_key = ("built", "by", "the", "loader")
    gresilles = named(old, "PANDA Grésilles")
    new = applied(old, 2, [edited(gresilles, address="12 rue Camille Claudel")], set())
    assert new.geocoder is not old.geocoder
    assert new.geocoder_key is None
    assert old.geocoder_key == ("built", "by", "the", "loader")


def test_a_new_place_is_appended_and_listed_in_name_order(old: Snapshot) -> None:
    fresh = public(ENTRIES[30], 500)
    new = applied(old, 2, [fresh], set())
    assert (len(old), len(new)) == (20, 21)
    assert new.by_id[500] == 20 and 500 not in old.by_id
    assert new.places[20] == fresh
    assert sorted(listed(new, PlaceFilters())) == sorted([*listed(old, PlaceFilters()), 500])
    folded = [fold(new.places[h.index].name) for h in new.listing(None, AT, False)]
    assert folded == sorted(folded) and fold(fresh.name) in folded
    assert new.index is not old.index


def test_a_removal_renumbers_the_slots_and_keeps_the_order(old: Snapshot) -> None:
    gone = {old.places[3].id, old.places[10].id}
    new = applied(old, 2, [], gone)
    assert len(new) == 18 and len(old) == 20
    assert [p.id for p in new.places] == [p.id for p in old.places if p.id not in gone]
    assert all(new.places[slot].id == place_id for place_id, slot in new.by_id.items())
    assert listed(new, PlaceFilters()) == [i for i in listed(old, PlaceFilters()) if i not in gone]
    assert not (gone & set(new.by_id)) and gone <= set(old.by_id)
    for hit in new.nearest(*DIJON_CENTRE, 30, 30_000, None, AT, False):
        assert new.places[hit.index].id not in gone


def test_removing_an_unknown_id_changes_nothing_but_the_version(old: Snapshot) -> None:
    new = applied(old, 2, [], {9_999})
    assert new.version == 2
    assert new.places == old.places and new.by_id == old.by_id
    assert new.index is old.index


def test_an_edit_and_a_removal_in_one_change(old: Snapshot) -> None:
    first, second = old.places[0], old.places[1]
    new = applied(old, 5, [edited(first, name="Zèbre")], {second.id})
    assert [p.id for p in new.places] == [p.id for p in old.places if p.id != second.id]
    assert named(new, "Zèbre").id == first.id
    assert listed(new, PlaceFilters())[-1] == first.id  # « zebre » sorts last


def test_credits_follow_the_sources_that_come_and_go(old: Snapshot) -> None:
    seed = DataSource(name="mednum-bfc", attribution="MedNum BFC", licence="Licence Ouverte")
    old = Snapshot(1, old.places, [], sources={"mednum-bfc": seed})
    assert old.source_counts == {"mednum-bfc": 20}
    first = old.places[0]
    moved_source = applied(old, 2, [edited(first, source="city")], set())
    assert moved_source.source_counts == {"mednum-bfc": 19, "city": 1}
    assert moved_source.attribution is not None and "MedNum BFC" in moved_source.attribution
    assert moved_source.attribution != old.attribution
    back = applied(moved_source, 3, [], {first.id})
    assert back.source_counts == {"mednum-bfc": 19}
    assert (back.attribution, back.licence) == (old.attribution, old.licence)
    assert old.source_counts == {"mednum-bfc": 20}


def test_statuses_remembered_by_the_old_snapshot_are_not_carried_over(old: Snapshot) -> None:
    list(old.listing(None, AT, False))  # fills the old snapshot's memo for AT
    gresilles = named(old, "PANDA Grésilles")
    new = applied(old, 2, [edited(gresilles, opening_hours="Su 10:00-11:00")], set())
    slot = new.by_id[gresilles.id]
    statuses = {new.places[h.index].id: h.status.state for h in new.listing(None, AT, False)}
    assert statuses[gresilles.id] == "closed"
    assert old.status(slot, AT, old._statuses_at(AT)).state == "open"
