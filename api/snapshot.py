"""An immutable in-memory copy of the places that serves every read, with its indexes."""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import orjson

from api.etag import etag_of
from api.filters import PlaceFilters
from api.geocoding.known_addresses import place_addresses
from api.geocoding.offline import OfflineGeocoder
from api.spatial_index import SpatialIndex
from models import opening_hours
from models.access_point import AccessPointPublic
from models.address import AddressRecord, CommuneRecord
from models.commune import CommunePublic
from models.data_source import DataSource
from models.geo import geodesic_distances_m
from models.opening_hours import OpeningStatus
from models.text import fold, fold_place_name
from models.vocabulary import PlaceStatus
from seed.attribution import credit_for

# Strongest first: `precision=street` keeps source, housenumber and street.
PRECISION_ORDER: tuple[str, ...] = ("source", "housenumber", "street", "municipality")


@dataclass(frozen=True, slots=True)
class Hit:
    """One place in an answer: its position in the snapshot, distance and opening status."""

    index: int
    status: OpeningStatus
    distance_m: float | None = None


class Snapshot:
    """Places at one data version; never mutated, replaced whole when the data changes."""

    def __init__(
        self,
        version: int,
        places: list[AccessPointPublic],
        communes: list[CommunePublic],
        geocoder: OfflineGeocoder | None = None,
        sources: Mapping[str, DataSource] | None = None,
    ) -> None:
        self.version = version
        self.places = places
        self.communes = communes
        self.dicts = [place.model_dump(mode="json") for place in places]
        self.rows = [orjson.dumps(row) for row in self.dicts]
        self.by_id = {place.id: i for i, place in enumerate(places)}
        self.etags = [etag_of(row) for row in self.dicts]
        self._latitudes = np.array([p.latitude for p in places], dtype=float)
        self._longitudes = np.array([p.longitude for p in places], dtype=float)
        self.index = SpatialIndex(self._latitudes, self._longitudes)
        self._status_memo: tuple[datetime | None, dict[str | None, OpeningStatus]] = (None, {})
        self._folded_names = [fold(p.name) for p in places]
        self._name_order = sorted(range(len(places)), key=lambda i: (self._folded_names[i], i))
        self._masks = _build_masks(places)
        self._commune_keys = _commune_keys(communes)
        self.geocoder = geocoder or build_geocoder(communes, places, ())
        # Set by the loader: what the geocoder was built from, to reuse it when unchanged.
        self.geocoder_key: tuple[object, ...] | None = None
        # The stored data sources by name: a place whose source has none was never loaded.
        self.sources: Mapping[str, DataSource] = sources or {}
        sources = self.sources
        credits = sorted(
            {credit_for(name, sources.get(name)) for name in {p.source for p in places}},
            key=lambda c: c.attribution,
        )
        self.attribution = "; ".join(c.attribution for c in credits) or None
        self.licence = "; ".join(dict.fromkeys(c.licence for c in credits)) or None
        # Days since year 1 of each place's facts date, -1 when unknown: stale flags per day.
        self._facts_days = np.array(
            [p.facts_date.toordinal() if p.facts_date else -1 for p in places], dtype=np.int64
        )
        self._stale_memo: tuple[tuple[date, int] | None, np.ndarray] = (None, np.zeros(0, bool))

    def stale_flags(self, today: date, stale_after_days: int) -> np.ndarray:
        """Per place: facts more than `stale_after_days` old on `today`, or of unknown date."""
        key, flags = self._stale_memo
        if key != (today, stale_after_days):
            age = today.toordinal() - self._facts_days
            flags = (self._facts_days < 0) | (age > stale_after_days)
            # One tuple assignment, as for the statuses: readers see the old pair or the new.
            self._stale_memo = ((today, stale_after_days), flags)
        return flags

    def __len__(self) -> int:
        return len(self.places)

    def resolve_commune(self, text: str) -> str | None:
        """The INSEE code for a code, a name or a former name; None when unknown."""
        return self._commune_keys.get(text.strip()) or self._commune_keys.get(fold_place_name(text))

    def static_mask(self, filters: PlaceFilters, insee_code: str | None) -> np.ndarray | None:
        """Places passing every filter that does not depend on time; None means all."""
        wanted = [("insee_code", insee_code), ("network", filters.network)]
        wanted += [("equipment", item.value) for item in filters.equipment_list()]
        wanted += [("service", filters.service), ("audience", filters.audience)]
        wanted += [("fees", filters.fees), ("wheelchair", filters.wheelchair_accessible)]
        wanted += [("precision", filters.precision)]
        mask: np.ndarray | None = None
        for field, value in wanted:
            if value is None:
                continue
            member = self._masks[field].get(str(value))
            if member is None:
                return np.zeros(len(self.places), dtype=bool)
            mask = member if mask is None else mask & member
        if filters.q:
            needle = fold(filters.q)
            names = np.array([needle in name for name in self._folded_names], dtype=bool)
            mask = names if mask is None else mask & names
        return mask

    def status(
        self, index: int, at: datetime, cache: dict[str | None, OpeningStatus]
    ) -> OpeningStatus:
        """Opening status of a place at a moment; closures override the weekly hours."""
        place = self.places[index]
        if place.status is not PlaceStatus.OPEN:
            closure = _closure_status(place, at.date())
            if closure is not None:
                return closure
        hours = place.opening_hours
        if hours not in cache:
            cache[hours] = opening_hours.status_at(hours, at)
        return cache[hours]

    def nearest(
        self,
        latitude: float,
        longitude: float,
        limit: int,
        radius_m: float,
        mask: np.ndarray | None,
        at: datetime,
        open_only: bool,
    ) -> list[Hit]:
        """The `limit` nearest places passing the filters, by geodesic distance."""
        memo = self._statuses_at(at)
        # Take a margin of sphere-ordered candidates, then rank them on the ellipsoid.
        wanted = limit * 2 + 8
        candidates: list[int] = []
        for index in self.index.nearest(latitude, longitude, radius_m, mask, batch=wanted):
            if open_only and self.status(index, at, memo).state != "open":
                continue
            candidates.append(index)
            if len(candidates) >= wanted:
                break
        if not candidates:
            return []
        chosen = np.array(candidates)
        distances = geodesic_distances_m(
            latitude, longitude, self._latitudes[chosen], self._longitudes[chosen]
        )
        order = [i for i in np.lexsort((chosen, distances)) if distances[i] <= radius_m]
        return [
            Hit(int(chosen[i]), self.status(int(chosen[i]), at, memo), float(distances[i]))
            for i in order[:limit]
        ]

    def _statuses_at(self, at: datetime) -> dict[str | None, OpeningStatus]:
        """Opening statuses by hours string for one moment, kept while the moment is the same.

        Answers about "now" are evaluated to the minute, so consecutive requests share them.
        """
        memo_at, memo = self._status_memo
        if memo_at != at:
            memo = {}
            # One tuple assignment: a concurrent reader sees the old or the new pair, whole.
            self._status_memo = (at, memo)
        return memo

    def listing(self, mask: np.ndarray | None, at: datetime, open_only: bool) -> Iterator[Hit]:
        """Places passing the filters, in name order."""
        cache = self._statuses_at(at)
        for index in self._name_order:
            if mask is not None and not mask[index]:
                continue
            status = self.status(index, at, cache)
            if open_only and status.state != "open":
                continue
            yield Hit(index, status)


def _build_masks(places: list[AccessPointPublic]) -> dict[str, dict[str, np.ndarray]]:
    """Boolean membership arrays per filterable field and value."""
    fields = {
        "insee_code": lambda p: [p.insee_code] if p.insee_code else [],
        "network": lambda p: p.networks,
        "equipment": lambda p: list(p.equipment or {}),
        "service": lambda p: p.services,
        "audience": lambda p: p.audiences,
        "fees": lambda p: p.fees,
        "wheelchair": lambda p: [p.wheelchair_accessible],
        # A place passes its own precision and every weaker one asked for.
        "precision": lambda p: PRECISION_ORDER[PRECISION_ORDER.index(p.location_precision) :],
    }
    masks: dict[str, dict[str, np.ndarray]] = {}
    for field, values_of in fields.items():
        masks[field] = {}
        for i, place in enumerate(places):
            for value in values_of(place):
                key = str(value.value if hasattr(value, "value") else value)
                if key not in masks[field]:
                    masks[field][key] = np.zeros(len(places), dtype=bool)
                masks[field][key][i] = True
    return masks


def _commune_keys(communes: list[CommunePublic]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for commune in communes:
        keys[commune.insee_code] = commune.insee_code
        for name in (commune.name, *commune.former_names):
            keys[fold_place_name(name)] = commune.insee_code
    return keys


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


def build_geocoder(
    communes: list[CommunePublic],
    places: list[AccessPointPublic],
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
    )
