"""Copy-on-write: a new snapshot from an old one and the places that changed.

The new snapshot shares every untouched row, mask and index with the old one, which readers
may still be using: nothing reachable from the old snapshot is ever written. Lists are copied
(pointers only, about a millisecond at 100,000 places), each touched mask is copied before a
bit flips, and the spatial index is rebuilt only when a point moved, came or went.
"""

import bisect
import copy
from collections import Counter
from collections.abc import Collection, Sequence
from itertools import compress

import numpy as np

from api.geocoding.known_addresses import place_addresses
from api.read_model.snapshot import (
    MASK_FIELDS,
    PARIS_CLOCK,
    Masks,
    Snapshot,
    build_geocoder,
    clock_of,
    credits_of,
    encode,
    facts_day,
    mask_keys,
)
from api.read_model.spatial_index import SpatialIndex
from models.access_point import AccessPointPublic
from models.text import fold


def applied(
    old: Snapshot, version: int, upserts: Sequence[AccessPointPublic], removed: Collection[int]
) -> Snapshot:
    """The snapshot at `version`: `old` with `upserts` written and the ids in `removed` gone."""
    new = copy.copy(old)
    new.version = version
    new.reset_memos()
    gone = sorted(old.by_id[i] for i in removed if i in old.by_id)
    if gone:
        _remove(new, gone)
    moved = bool(gone)
    # The geocoder learns only numbered addresses of places (api.geocoding.known_addresses):
    # it is rebuilt when what it learns from the changed places differs, not on every edit.
    touched = sorted({*removed, *(p.id for p in upserts)})
    before = [old.places[old.by_id[i]] for i in touched if i in old.by_id]
    after = sorted(upserts, key=lambda p: p.id)
    relocated = place_addresses(before) != place_addresses(after)
    fresh = [p for p in upserts if p.id not in new.by_id]
    if upserts:
        moved |= _write(new, upserts, fresh)
    if moved:
        new.index = SpatialIndex(new._latitudes, new._longitudes)
        points = (old._latitudes, old._longitudes), (new._latitudes, new._longitudes)
        new.transit = old.transit.moved(gone, *points)
    if relocated:
        # The geocoder knows the places' own addresses: rebuilt only when one of them changed.
        new.geocoder = build_geocoder(new.communes, new.places, new.addresses)
        new.geocoder_key = None
    counts = _recounted(old.source_counts, before, upserts)
    if counts.keys() != old.source_counts.keys():  # a source came or went: credits change
        new.attribution, new.licence = credits_of(counts, new.sources)
    new.source_counts = counts
    return new


def _recounted(
    counts: Counter[str], before: Sequence[AccessPointPublic], after: Sequence[AccessPointPublic]
) -> Counter[str]:
    """Places per source name once the places `before` are replaced by those `after`."""
    counts = Counter(counts)
    counts.subtract(p.source for p in before)
    counts.update(p.source for p in after)
    return +counts  # drops the sources left with no place


def _write(
    new: Snapshot, upserts: Sequence[AccessPointPublic], fresh: list[AccessPointPublic]
) -> bool:
    """Replace changed places in their slots and append new ones; True if a point moved."""
    places, rows, etags = list(new.places), list(new.rows), list(new.etags)
    names, order = list(new._folded_names), list(new._name_order)
    clocks = list(new._clocks)
    start = len(places)
    grown = len(fresh)
    by_id = dict(new.by_id) if fresh else new.by_id
    latitudes = np.concatenate([new._latitudes, np.zeros(grown)])
    longitudes = np.concatenate([new._longitudes, np.zeros(grown)])
    facts = np.concatenate([new._facts_days, np.full(grown, -1, dtype=np.int64)])
    masks = _grown_masks(new._masks, grown)
    moved = grown > 0
    for place in fresh:
        by_id[place.id] = len(places)
        places.append(place)
        rows.append(b"")
        etags.append("")
        names.append("")
        clocks.append(PARIS_CLOCK)
    for place in upserts:
        i = by_id[place.id]
        before = places[i] if i < start else None
        places[i] = place
        rows[i], etags[i] = encode(place)
        facts[i] = facts_day(place)
        clocks[i] = clock_of(place)
        if before is None or (before.latitude, before.longitude) != (
            place.latitude,
            place.longitude,
        ):
            latitudes[i], longitudes[i] = place.latitude, place.longitude
            moved = True
        folded = fold(place.name)
        if before is None or names[i] != folded:
            if before is not None:
                order.remove(i)
            names[i] = folded
            bisect.insort(order, i, key=lambda j: (names[j], j))
        _flip_masks(masks, i, before, place, len(places))
    new.places, new.rows, new.etags, new.by_id = places, rows, etags, by_id
    new._folded_names, new._name_order, new._masks = names, order, masks
    new._latitudes, new._longitudes, new._facts_days = latitudes, longitudes, facts
    new._clocks = clocks
    return moved


def _grown_masks(masks: Masks, grown: int) -> Masks:
    """The masks, each field's dict copied; every mask lengthened by `grown` when places come."""
    if not grown:
        return {field: dict(values) for field, values in masks.items()}
    tail = np.zeros(grown, dtype=bool)
    return {
        field: {key: np.concatenate([mask, tail]) for key, mask in values.items()}
        for field, values in masks.items()
    }


def _flip_masks(
    masks: Masks, i: int, before: AccessPointPublic | None, after: AccessPointPublic, size: int
) -> None:
    """Set slot `i` in the masks of `after`'s values, clear it in those it left (copies first)."""
    for field in MASK_FIELDS:
        was = mask_keys(field, before) if before is not None else set()
        now = mask_keys(field, after)
        values = masks[field]
        for key in was ^ now:
            mask = values.get(key)
            mask = np.zeros(size, dtype=bool) if mask is None else mask.copy()
            mask[i] = key in now
            values[key] = mask


def _remove(new: Snapshot, gone: list[int]) -> None:
    """Drop the slots in `gone` and renumber the rest, order kept."""
    keep = np.ones(len(new.places), dtype=bool)
    keep[gone] = False
    renumber = np.cumsum(keep) - 1
    kept = keep.tolist()
    new.places = list(compress(new.places, kept))
    new.rows = list(compress(new.rows, kept))
    new.etags = list(compress(new.etags, kept))
    new._folded_names = list(compress(new._folded_names, kept))
    new._clocks = list(compress(new._clocks, kept))
    new.by_id = {place.id: i for i, place in enumerate(new.places)}
    order = np.array(new._name_order, dtype=np.int64)
    new._name_order = renumber[order[keep[order]]].tolist() if len(order) else []
    new._latitudes = new._latitudes[keep]
    new._longitudes = new._longitudes[keep]
    new._facts_days = new._facts_days[keep]
    masks: Masks = {}
    for field, values in new._masks.items():
        kept_masks = {key: mask[keep] for key, mask in values.items()}
        masks[field] = {key: mask for key, mask in kept_masks.items() if mask.any()}
    new._masks = masks
