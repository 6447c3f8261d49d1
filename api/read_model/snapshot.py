"""An immutable in-memory copy of the places that serves every read, with its indexes."""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import orjson

from api.clock import today_paris
from api.geocoding.known_addresses import place_addresses
from api.geocoding.offline import OfflineGeocoder
from api.http.etag import etag_of
from api.read_model.commune_index import CommuneIndex
from api.read_model.filters import PlaceFilters
from api.read_model.spatial_index import Floats, Indices, Mask, SpatialIndex
from api.transit.nearest import PlaceStops
from models import opening_hours
from models.access_point import AccessPointPublic
from models.address import AddressRecord, CommuneRecord
from models.commune import CommunePublic
from models.data_source import DataSource
from models.geo import geodesic_distances_list
from models.opening_hours import OpeningStatus, opens_on_weekends
from models.overseas import place_clock
from models.public_holidays import calendar_of
from models.text import fold
from models.vocabulary import AccessMode, PlaceStatus
from seed.attribution import credit_for

# Strongest first: `precision=street` keeps source, housenumber and street.
PRECISION_ORDER: tuple[str, ...] = ("source", "housenumber", "street", "municipality")
Masks = dict[str, dict[str, Mask]]
# (time zone, holiday calendar): the clock a place's hours are read on.
Clock = tuple[str, str | None]
PARIS_CLOCK: Clock = ("Europe/Paris", None)
StatusMemo = dict[tuple[str | None, Clock], OpeningStatus]


@dataclass(frozen=True, slots=True)
class Hit:
    """One place in an answer: its position in the snapshot, distance and opening status."""

    index: int
    status: OpeningStatus
    distance_m: float | None = None


def encode(place: AccessPointPublic) -> tuple[bytes, str]:
    """A place's answer bytes and ETag, computed once per version of the place."""
    fields = place.model_dump(mode="json")
    # orjson over-allocates its output: a right-sized copy keeps 100,000 rows at ~100 MB
    # instead of ~800 MB of half-empty blocks.
    return bytes(memoryview(orjson.dumps(fields))), etag_of(fields)


class Snapshot:
    """Places at one data version; never mutated once published to readers.

    A change makes a new snapshot that shares every untouched part with this one
    (api.read_model.apply); a full build happens at start-up and for changes that cannot be
    told place by place.
    """

    def __init__(
        self,
        version: int,
        places: list[AccessPointPublic],
        communes: list[CommunePublic],
        geocoder: OfflineGeocoder | None = None,
        sources: Mapping[str, DataSource] | None = None,
        addresses: Sequence[AddressRecord] = (),
    ) -> None:
        self.version = version
        self.places = places
        self.communes = communes
        encoded = [encode(place) for place in places]
        self.rows = [row for row, _ in encoded]
        self.etags = [etag for _, etag in encoded]
        del encoded
        self.by_id = {place.id: i for i, place in enumerate(places)}
        self._latitudes = np.array([p.latitude for p in places], dtype=float)
        self._longitudes = np.array([p.longitude for p in places], dtype=float)
        self.index = SpatialIndex(self._latitudes, self._longitudes)
        self._folded_names = [fold(p.name) for p in places]
        self._name_order = sorted(range(len(places)), key=lambda i: (self._folded_names[i], i))
        self._masks = build_masks(places)
        # Built once per list of communes: snapshots that share the list share the index.
        self.commune_index = CommuneIndex.of(communes)
        # The imported BAN addresses: kept to rebuild the geocoder when a place's address moves.
        self.addresses = addresses
        self.geocoder = geocoder or build_geocoder(communes, places, addresses)
        # Set by the loader: what the geocoder was built from, to reuse it when unchanged.
        self.geocoder_key: tuple[object, ...] | None = None
        # The stored data sources by name: a place whose source has none was never loaded.
        self.sources: Mapping[str, DataSource] = sources or {}
        # Places per source name: a change recounts only its own places' sources.
        self.source_counts = Counter(p.source for p in places)
        self.attribution, self.licence = credits_of(self.source_counts, self.sources)
        # Days since year 1 of each place's facts date, -1 when unknown: stale flags per day.
        self._facts_days = np.array([facts_day(p) for p in places], dtype=np.int64)
        # Each place's clock: its time zone and the holidays of its department.
        self._clocks = [clock_of(p) for p in places]
        # Each place's nearest transit stops: set by the loader when a feed is imported.
        self.transit = PlaceStops.none()
        self.reset_memos()

    def reset_memos(self) -> None:
        """Forget what was computed for one moment or day (a new snapshot starts afresh)."""
        self._status_memo: tuple[datetime | None, StatusMemo] = (None, {})
        self._stale_memo: tuple[tuple[date, int] | None, Mask] = (None, np.zeros(0, bool))

    def dict_of(self, index: int) -> dict[str, Any]:
        """One place's answer as a dict (GeoJSON, exports): parsed from its stored bytes."""
        parsed: dict[str, Any] = orjson.loads(self.rows[index])
        return parsed

    def stale_flags(self, today: date, stale_after_days: int) -> Mask:
        """Per place: facts more than `stale_after_days` old on `today`, or of unknown date."""
        key, flags = self._stale_memo
        if key != (today, stale_after_days):
            age = today.toordinal() - self._facts_days
            flags = (self._facts_days < 0) | (age > stale_after_days)
            # One tuple assignment, as for the statuses: readers see the old pair or the new.
            self._stale_memo = ((today, stale_after_days), flags)
        return flags

    def confirmed_within(self, today: date, days: int) -> Mask:
        """Per place: facts dated at most `days` before `today` (undated: False)."""
        return self._facts_days >= today.toordinal() - days

    def __len__(self) -> int:
        return len(self.places)

    def static_mask(self, filters: PlaceFilters, insee_codes: Sequence[str] = ()) -> Mask | None:
        """Places passing every filter that does not depend on time; None means all.

        `insee_codes`: a commune's code and its arrondissements' (any of them passes).
        """
        mask: Mask | None = None
        if insee_codes:
            members = [self._masks["insee_code"].get(code) for code in insee_codes]
            mask = np.zeros(len(self.places), dtype=bool)
            for member in members:
                if member is not None:
                    mask = mask | member
        wanted: list[tuple[str, object]] = [("network", filters.network)]
        wanted += [("equipment", item.value) for item in filters.equipment_list()]
        wanted += [("wheelchair", filters.wheelchair_accessible)]
        wanted += [("precision", filters.precision)]
        wanted += [(flag, True) for flag in FLAG_FILTERS if getattr(filters, flag)]
        for field, value in wanted:
            if value is None:
                continue
            member = self._masks[field].get(_key(value))
            if member is None:
                return np.zeros(len(self.places), dtype=bool)
            mask = member if mask is None else mask & member
        for field, (values, match) in filters.chosen().items():
            mask = self._combined(field, values, match, mask)
        if filters.q:
            needle = fold(filters.q)
            names = np.array([needle in name for name in self._folded_names], dtype=bool)
            mask = names if mask is None else mask & names
        return mask

    def _combined(
        self, field: str, values: Sequence[object], match: str, mask: Mask | None
    ) -> Mask:
        """`mask` narrowed to the places with any (or all) of a multi-valued filter's values."""
        none = np.zeros(len(self.places), dtype=bool)
        members = [self._masks[field].get(_key(value), none) for value in values]
        chosen = members[0]
        for member in members[1:]:
            chosen = chosen & member if match == "all" else chosen | member
        return chosen if mask is None else mask & chosen

    def status(self, index: int, at: datetime, cache: "StatusMemo") -> OpeningStatus:
        """Opening status of a place at a moment, on its own clock; closures override hours."""
        place = self.places[index]
        clock = self._clocks[index]
        if place.status is not PlaceStatus.OPEN:
            closure = _closure_status(place, at.astimezone(ZoneInfo(clock[0])).date())
            if closure is not None:
                return closure
        key = (place.opening_hours, clock)
        if key not in cache:
            zone, calendar = clock
            cache[key] = opening_hours.status_at(
                place.opening_hours, at, time_zone=zone, department=calendar
            )
        return cache[key]

    def nearest(
        self,
        latitude: float,
        longitude: float,
        limit: int,
        radius_m: float,
        mask: Mask | None,
        at: datetime,
        open_only: bool,
    ) -> list[Hit]:
        """The `limit` nearest places passing the filters, by geodesic distance."""
        memo = self._statuses_at(at)
        # Take a margin of sphere-ordered candidates, then rank them on the ellipsoid.
        wanted = limit * 2 + 8
        if open_only:
            candidates: list[int] = []
            for index in self.index.nearest(latitude, longitude, radius_m, mask, batch=wanted):
                if self.status(index, at, memo).state == "open":
                    candidates.append(index)
                    if len(candidates) >= wanted:
                        break
            chosen = np.array(candidates, dtype=np.intp)
        else:
            chosen, chords = self.index.closest_with_chords(
                latitude, longitude, radius_m, mask, wanted
            )
            chosen = _within_reach(chosen, chords, limit)
        # A dozen geodesics, one PROJ call each: cheaper than arrays for so few.
        ranked = sorted(
            (distance, index)
            for index, distance in zip(
                chosen.tolist(),
                geodesic_distances_list(
                    latitude,
                    longitude,
                    self._latitudes[chosen].tolist(),
                    self._longitudes[chosen].tolist(),
                ),
                strict=True,
            )
            if distance <= radius_m
        )
        return [
            Hit(index, self.status(index, at, memo), distance) for distance, index in ranked[:limit]
        ]

    def _statuses_at(self, at: datetime) -> "StatusMemo":
        """Opening statuses by hours string for one moment, kept while the moment is the same.

        Answers about "now" are evaluated to the minute, so consecutive requests share them.
        """
        memo_at, memo = self._status_memo
        if memo_at != at:
            memo = {}
            # One tuple assignment: a concurrent reader sees the old or the new pair, whole.
            self._status_memo = (at, memo)
        return memo

    def name_key(self, index: int) -> tuple[str, int]:
        """A place's position in name order: its folded name, then its id.

        The listing's order: places are kept in id order (appended as they come, ids never
        reused), so ties broken by index are broken by id.
        """
        return self._folded_names[index], self.places[index].id

    def listing(self, mask: Mask | None, at: datetime, open_only: bool) -> Iterator[Hit]:
        """Places passing the filters, in name order."""
        cache = self._statuses_at(at)
        for index in self._name_order:
            if mask is not None and not mask[index]:
                continue
            status = self.status(index, at, cache)
            if open_only and status.state != "open":
                continue
            yield Hit(index, status)


# The geodesic on the ellipsoid and the great circle of the mean sphere differ by under 0.6 %
# (the meridian's radius of curvature runs 6,335-6,400 km): 1 % either way is safe.
_SPHERE_SLACK = 0.01
_REACH = (1 + _SPHERE_SLACK) / (1 - _SPHERE_SLACK)


def _within_reach(chosen: Indices, chords: Floats, limit: int) -> Indices:
    """The candidates that may still be among the `limit` nearest on the ellipsoid.

    Each geodesic costs about 1.3 µs (PROJ): of the 28 candidates of a `limit=10` query, those
    farther on the sphere than the `limit`-th nearest by more than the two slacks can only
    come after at least `limit` others on the ellipsoid, so theirs is not computed. A chord
    grows more slowly than its arc, so a chord ratio above `_REACH` is an arc ratio above it.
    """
    if len(chosen) <= limit:
        return chosen
    bound = np.partition(chords, limit - 1)[limit - 1] * _REACH
    kept: Indices = chosen[chords <= bound]
    return kept


def clock_of(place: AccessPointPublic) -> Clock:
    """A place's time zone and holiday calendar (None: the national one); shared when usual."""
    zone, department = place_clock(place.insee_code, place.postcode)
    clock = (zone, calendar_of(department))
    return PARIS_CLOCK if clock == PARIS_CLOCK else clock


def facts_day(place: AccessPointPublic) -> int:
    """The facts date as a day number (for stale flags), -1 when unknown."""
    return place.facts_date.toordinal() if place.facts_date else -1


def credits_of(
    names: Iterable[str], sources: Mapping[str, DataSource]
) -> tuple[str | None, str | None]:
    """The attribution and licence of everything served, one credit per source name."""
    credits = sorted(
        {credit_for(name, sources.get(name)) for name in names},
        key=lambda c: c.attribution,
    )
    attribution = "; ".join(c.attribution for c in credits) or None
    licence = "; ".join(dict.fromkeys(c.licence for c in credits)) or None
    return attribution, licence


# What each filterable field's masks are keyed by, for one place.
MASK_FIELDS: dict[str, Callable[[AccessPointPublic], Sequence[object]]] = {
    "insee_code": lambda p: [p.insee_code] if p.insee_code else [],
    "network": lambda p: p.networks,
    "equipment": lambda p: list(p.equipment or {}),
    "service": lambda p: p.services,
    "audience": lambda p: p.audiences,
    "fees": lambda p: p.fees,
    "national_programme": lambda p: p.national_programmes,
    "support_mode": lambda p: p.support_modes,
    "access_mode": lambda p: p.access_modes,
    "source": lambda p: [p.source],
    "open_weekend": lambda p: [True] if open_on_weekends(p) else [],
    "appointment_online": lambda p: [True] if takes_online_appointments(p) else [],
    "wheelchair": lambda p: [p.wheelchair_accessible],
    # A place passes its own precision and every weaker one asked for.
    "precision": lambda p: PRECISION_ORDER[PRECISION_ORDER.index(p.location_precision) :],
}


# The yes-or-no filters: a place is in the mask keyed "True" or in none.
FLAG_FILTERS = ("open_weekend", "appointment_online")


def open_on_weekends(place: AccessPointPublic) -> bool:
    """Weekly hours open on a weekend (see models.opening_hours); never for a closed place."""
    if place.status == PlaceStatus.CLOSED:
        return False
    zone, _department = clock_of(place)
    return opens_on_weekends(place.opening_hours, today_paris(), zone)


def takes_online_appointments(place: AccessPointPublic) -> bool:
    """An appointment link, or the access mode saying appointments are taken online."""
    return bool(place.appointment_url) or AccessMode.ONLINE_BOOKING in place.access_modes


def mask_keys(field: str, place: AccessPointPublic) -> set[str]:
    """The mask values a place belongs to, for one filterable field."""
    return {_key(v) for v in MASK_FIELDS[field](place)}


def build_masks(places: Sequence[AccessPointPublic]) -> Masks:
    """Boolean membership arrays per filterable field and value."""
    masks: Masks = {}
    for field, values_of in MASK_FIELDS.items():
        members: dict[object, list[int]] = {}
        for i, place in enumerate(places):
            for value in values_of(place):
                members.setdefault(value, []).append(i)
        masks[field] = {}
        for value, indices in members.items():
            mask = np.zeros(len(places), dtype=bool)
            mask[indices] = True
            masks[field][_key(value)] = mask
    return masks


def _key(value: object) -> str:
    return str(getattr(value, "value", value))


def _closure_status(place: AccessPointPublic, day: date) -> OpeningStatus | None:
    if place.status is PlaceStatus.CLOSED:
        return OpeningStatus("closed", None, "Fermé définitivement")
    if place.closed_from and day < place.closed_from:
        return None
    if place.closed_until and day > place.closed_until:
        return None
    until = f" jusqu'au {place.closed_until:%d/%m/%Y}" if place.closed_until else ""
    reason = f" ({place.closure_reason})" if place.closure_reason else ""
    return OpeningStatus("closed", None, f"Fermé temporairement{until}{reason}")


def located(place: AccessPointPublic) -> tuple[object, ...]:
    """What the geocoder learns from a place: its address and point."""
    return (
        place.address,
        place.postcode,
        place.insee_code,
        place.commune,
        place.latitude,
        place.longitude,
    )


def build_geocoder(
    communes: list[CommunePublic],
    places: Sequence[AccessPointPublic],
    addresses: Sequence[AddressRecord],
) -> OfflineGeocoder:
    """The offline geocoder over the communes, the BAN addresses and the places' addresses."""
    records = [_commune_record(c) for c in communes]
    return OfflineGeocoder(records, [*addresses, *place_addresses(places)])


def _commune_record(commune: CommunePublic) -> CommuneRecord:
    return CommuneRecord(
        commune.insee_code,
        commune.name,
        commune.postcode,
        commune.latitude,
        commune.longitude,
        tuple(commune.former_names),
        postcodes=tuple(commune.postcodes),
    )
