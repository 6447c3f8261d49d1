"""Which geocoder answers: the offline one, the national service, or the service with fallback."""

from collections.abc import Iterable

from prometheus_client import Counter, Metric

from api.geocoding.ban import FallbackGeocoder
from api.geocoding.base import Candidate, GeocodeHints, Geocoder, GeocoderUnavailable, InvalidQuery
from api.geocoding.offline import OfflineGeocoder
from api.http.errors import InvalidParameter, ServiceUnavailable


class GeocoderMetrics:
    """Geocode calls by geocoder and outcome, and fallbacks; the app's /metrics exposes them.

    Outcomes: `ok` (candidates), `empty` (none), `invalid` (unusable query), `unavailable`.
    A BAN answer from the database cache counts as a `ban` call.
    """

    def __init__(self) -> None:
        # Not registered anywhere: the app's collector yields them with the read-model gauges.
        self.calls = Counter(
            "panda_geocoder_calls_total",
            "Geocode calls, by geocoder (offline, ban) and outcome (ok, empty, invalid, "
            "unavailable).",
            ["geocoder", "outcome"],
            registry=None,
        )
        self.fallbacks = Counter(
            "panda_geocoder_fallbacks_total",
            "Geocodes answered by the offline geocoder because the address service failed.",
            registry=None,
        )

    def collect(self) -> Iterable[Metric]:
        """The two counters' current values."""
        yield from self.calls.collect()
        yield from self.fallbacks.collect()


class CountedGeocoder:
    """A geocoder whose geocode calls are counted by outcome."""

    def __init__(self, geocoder: Geocoder, calls: Counter) -> None:
        self.name = geocoder.name
        self._geocoder = geocoder
        self._calls = calls

    def geocode(self, q: str, limit: int = 5, hints: GeocodeHints | None = None) -> list[Candidate]:
        """The wrapped geocoder's answer, counted."""
        try:
            found = self._geocoder.geocode(q, limit, hints)
        except InvalidQuery:
            self._calls.labels(self.name, "invalid").inc()
            raise
        except GeocoderUnavailable:
            self._calls.labels(self.name, "unavailable").inc()
            raise
        self._calls.labels(self.name, "ok" if found else "empty").inc()
        return found

    def reverse(self, latitude: float, longitude: float) -> Candidate | None:
        """The wrapped geocoder's answer (not counted)."""
        return self._geocoder.reverse(latitude, longitude)


class GeocodingService:
    """Routes a query to the configured geocoder; the offline one is given with each call."""

    def __init__(self, mode: str, remote: Geocoder | None = None) -> None:
        self.mode = mode
        self.remote = remote
        self.metrics = GeocoderMetrics()
        self._remote = None if remote is None else CountedGeocoder(remote, self.metrics.calls)

    @property
    def blocks(self) -> bool:
        """True when answering may wait on the network (then run it off the event loop)."""
        return self.remote is not None and self.mode != "offline"

    def _geocoder(self, offline_geocoder: OfflineGeocoder) -> Geocoder:
        offline = CountedGeocoder(offline_geocoder, self.metrics.calls)
        if not self.blocks:
            return offline
        assert self._remote is not None
        if self.mode == "ban+offline":
            return FallbackGeocoder(self._remote, offline, self.metrics.fallbacks.inc)
        return self._remote

    def geocode(
        self, offline: OfflineGeocoder, q: str, limit: int, hints: GeocodeHints | None = None
    ) -> list[Candidate]:
        """Candidates best first; InvalidParameter or ServiceUnavailable on failure."""
        try:
            return self._geocoder(offline).geocode(q, limit, hints)
        except InvalidQuery as exc:
            raise InvalidParameter(f"address : {exc.fr}", en=f"address: {exc}") from exc

        except GeocoderUnavailable as exc:
            retry = getattr(exc, "retry_after_s", None) or 30
            raise ServiceUnavailable(
                "le service d'adresses est indisponible ; réessayez dans quelques instants",
                headers={"Retry-After": str(int(retry))},
                en=f"the address service is unavailable: {exc}; try again later",
            ) from exc


def commune_suggestions(offline: OfflineGeocoder, q: str, limit: int = 3) -> list[str]:
    """Commune names that look like part of the query, to help a user rephrase it."""
    # The geocoder's names are folded once: 35,000 communes cannot be folded per request.
    return offline.commune_suggestions(q, limit)
