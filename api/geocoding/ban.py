"""The national address service (Géoplateforme, or any addok) through geopy's BANFrance.

geopy is untyped: every call into it stays in this module, and its answers become Candidates
here. Decisions:
- The normalised query is what is sent and what keys the cache, so one key is one request.
- geopy sends only `q` and `limit`: `citycode`/`postcode` hints are applied after the call,
  on a larger answer (20) so that filtering still leaves candidates; a hinted point only
  breaks score ties, as in the offline geocoder.
- Errors: one retry on a 5xx or a timeout; HTTP 429 → GeocoderUnavailable at once with the
  Retry-After delay; HTTP 400 → no result (the service judged the query unusable, e.g. fewer
  than 3 characters: nothing to find, the service is not down), logged and not cached; any
  other failure → GeocoderUnavailable.
- urllib is used (not requests, even when installed): the requests adapter silently retries
  failed connections twice, which would hide requests from the retry policy above.
"""

import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

from geopy.adapters import URLLibAdapter
from geopy.exc import GeocoderRateLimited, GeocoderTimedOut, GeopyError
from geopy.geocoders import BANFrance

from api.geocoding.base import (
    Candidate,
    GeocodeHints,
    Geocoder,
    GeocoderUnavailable,
    Precision,
)
from api.geocoding.normalise import normalise_query
from models.geo import geodesic_distance_m

log = logging.getLogger(__name__)

CacheKey = tuple[str, int]

# After a failed retry: long enough for a restarting service, short for a user to wait.
RETRY_AFTER_S = 30.0
# Géoplateforme blocks an IP for 5 s after a burst; used if a 429 lacks its Retry-After.
RATE_LIMIT_BLOCK_S = 5.0
# A short pause before retrying a 5xx: a proxy between two backends often needs no more.
RETRY_PAUSE_S = 0.2
HINTED_LIMIT = 20
_PRECISIONS: dict[str, Precision] = {
    "housenumber": "housenumber",
    "street": "street",
    # A lieu-dit: a named area, about as precise as a street.
    "locality": "street",
    "municipality": "municipality",
}


class GeocodeCache(Protocol):
    """Stored answers keyed by (normalised query, limit); an empty list is an answer too."""

    def get(self, key: CacheKey) -> list[Candidate] | None:
        """The stored candidates, or None when the query has not been answered (or expired)."""
        ...

    def put(self, key: CacheKey, candidates: list[Candidate]) -> None:
        """Store the candidates a query answered."""
        ...


class _Transient(Exception):
    """A failure worth one retry: a 5xx (`status`) or a timeout (`status` None)."""

    def __init__(self, reason: str, status: int | None) -> None:
        super().__init__(reason)
        self.status = status


class _Rejected(Exception):
    """The service refused the query (HTTP 400)."""


class BanGeocoder:
    """Geocoder over the BAN API; safe to share between threads (no state but the cache)."""

    name = "ban"

    def __init__(
        self,
        domain: str = "data.geopf.fr/geocodage",
        scheme: str = "https",
        timeout_s: float = 3.0,
        min_score: float = 0.5,
        cache: GeocodeCache | None = None,
        user_agent: str = "panda-finder",
    ) -> None:
        self.min_score = min_score
        self._cache = cache
        self._geopy = BANFrance(
            domain=domain,
            scheme=scheme,
            timeout=timeout_s,
            user_agent=user_agent,
            adapter_factory=URLLibAdapter,
        )
        self.search_url: str = self._geopy.geocode_api

    def geocode(self, q: str, limit: int = 5, hints: GeocodeHints | None = None) -> list[Candidate]:
        """Candidates best first; InvalidQuery before any request, GeocoderUnavailable if down."""
        query = normalise_query(q)
        if limit <= 0:
            return []
        restricted = hints is not None and bool(hints.citycode or hints.postcode)
        fetched = self._cached_search(query, max(limit, HINTED_LIMIT) if restricted else limit)
        kept = [c for c in fetched if c.score >= self.min_score and _matches(c, hints)]
        return sorted(kept, key=lambda c: _rank(c, hints))[:limit]

    def reverse(self, latitude: float, longitude: float) -> Candidate | None:
        """The address nearest the point as the service sees it, or None."""
        if not (_is_within(latitude, 90.0) and _is_within(longitude, 180.0)):
            return None
        try:
            location = self._call(
                lambda: self._geopy.reverse((latitude, longitude), exactly_one=True)
            )
        except _Rejected:
            return None
        return None if location is None else _candidate(location.raw)

    def _cached_search(self, query: str, limit: int) -> list[Candidate]:
        """The service's candidates (before the score cut), from the cache when it has them."""
        key = (query, limit)
        if self._cache is not None and (stored := self._cache.get(key)) is not None:
            return stored
        try:
            found = self._search(query, limit)
        except _Rejected:
            return []
        if self._cache is not None:
            self._cache.put(key, found)
        return found

    def _search(self, query: str, limit: int) -> list[Candidate]:
        """One /search call as Candidates (a feature without coordinates fails inside geopy)."""
        locations = self._call(lambda: self._geopy.geocode(query, exactly_one=False, limit=limit))
        candidates = (_candidate(location.raw) for location in locations or [])
        return [c for c in candidates if c is not None]

    def _call(self, request: Callable[[], Any]) -> Any:
        """geopy's answer, asked a second time after a 5xx or a timeout."""
        try:
            return _attempt(request)
        except _Transient as first:
            log.info("address service failed (%s); retrying once", first)
            if first.status is not None:
                time.sleep(RETRY_PAUSE_S)
        try:
            return _attempt(request)
        except _Transient as second:
            raise GeocoderUnavailable(
                f"address service failed twice: {second}", retry_after_s=RETRY_AFTER_S
            ) from second.__cause__


class FallbackGeocoder:
    """The primary's answer, or the fallback's while the primary is unavailable."""

    name = "ban+offline"

    def __init__(
        self,
        primary: Geocoder,
        fallback: Geocoder,
        on_fallback: Callable[[], None] | None = None,
    ) -> None:
        self.primary = primary
        self.fallback = fallback
        # Called each time the fallback answers a geocode in place of the primary (metrics).
        self.on_fallback = on_fallback

    def geocode(self, q: str, limit: int = 5, hints: GeocodeHints | None = None) -> list[Candidate]:
        """Candidates from the primary, else the fallback's (their `geocoder` says which)."""
        try:
            return self.primary.geocode(q, limit, hints)
        except GeocoderUnavailable as exc:
            log.warning(
                "%s unavailable (%s): %s answers", self.primary.name, exc, self.fallback.name
            )
            if self.on_fallback is not None:
                self.on_fallback()
            return self.fallback.geocode(q, limit, hints)

    def reverse(self, latitude: float, longitude: float) -> Candidate | None:
        """The primary's reverse answer, else the fallback's."""
        try:
            return self.primary.reverse(latitude, longitude)
        except GeocoderUnavailable as exc:
            log.warning(
                "%s unavailable (%s): %s answers", self.primary.name, exc, self.fallback.name
            )
            return self.fallback.reverse(latitude, longitude)


def _attempt(request: Callable[[], Any]) -> Any:
    """One geopy call, its errors sorted into retry, reject and unavailable."""
    try:
        return request()
    except GeocoderRateLimited as exc:
        # Retrying now would only extend the block: report when to come back instead.
        retry_after = RATE_LIMIT_BLOCK_S if exc.retry_after is None else float(exc.retry_after)
        raise GeocoderUnavailable(
            "address service rate limit reached", retry_after_s=retry_after
        ) from exc
    except GeopyError as exc:
        raise _classified(exc) from exc
    except (LookupError, TypeError, ValueError) as exc:
        # geopy indexes the features' coordinates unchecked: a malformed answer lands here.
        raise GeocoderUnavailable(f"malformed answer from the address service: {exc!r}") from exc


def _classified(error: GeopyError) -> Exception:
    """The exception to raise for a geopy error, by HTTP status when there was one."""
    status = _http_status(error)
    if status == 400:
        log.warning("address service rejected a query: %s", error)
        return _Rejected(str(error))
    # geopy maps 503/504 to GeocoderTimedOut but also 408: the status decides, not the class.
    if status is not None and 500 <= status < 600:
        return _Transient(f"HTTP {status}", status)
    if status is None and isinstance(error, GeocoderTimedOut):
        return _Transient("timed out", None)
    reason = f"HTTP {status}" if status is not None else str(error) or type(error).__name__
    return GeocoderUnavailable(f"address service unavailable: {reason}")


def _http_status(error: GeopyError) -> int | None:
    """The HTTP status behind a geopy error: geopy chains its adapter's error as the cause."""
    status = getattr(error.__cause__, "status_code", None)
    return status if isinstance(status, int) else None


def _candidate(feature: Any) -> Candidate | None:
    """A Candidate from an addok GeoJSON feature; None if it has no point."""
    try:
        longitude, latitude = feature["geometry"]["coordinates"][:2]
        properties = feature.get("properties") or {}
        return Candidate(
            label=str(properties.get("label") or ""),
            latitude=float(latitude),
            longitude=float(longitude),
            score=round(float(properties.get("score") or 0.0), 4),
            precision=_PRECISIONS.get(str(properties.get("type")), "municipality"),
            citycode=str(properties.get("citycode") or ""),
            postcode=str(properties.get("postcode") or ""),
            geocoder=BanGeocoder.name,
        )
    except (LookupError, TypeError, ValueError, AttributeError):
        return None


def _is_within(value: float, bound: float) -> bool:
    """True for a finite coordinate in [-bound, bound] (NaN fails both comparisons)."""
    return -bound <= value <= bound


def _matches(c: Candidate, hints: GeocodeHints | None) -> bool:
    """True when the candidate is in the hinted commune and postcode (if hinted)."""
    if hints is None:
        return True
    return (hints.citycode is None or c.citycode == hints.citycode) and (
        hints.postcode is None or c.postcode == hints.postcode
    )


def _rank(c: Candidate, hints: GeocodeHints | None) -> tuple[float, float]:
    """Best score first; equal scores by distance to the hinted point."""
    if hints is None or hints.latitude is None or hints.longitude is None:
        return (-c.score, 0.0)
    return (-c.score, geodesic_distance_m(c.latitude, c.longitude, hints.latitude, hints.longitude))
