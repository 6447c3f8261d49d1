"""Which geocoder answers: the offline one, the national service, or the service with fallback."""

from rapidfuzz import fuzz, process

from api.errors import InvalidParameter, ServiceUnavailable
from api.geocoding.ban import FallbackGeocoder
from api.geocoding.base import Candidate, GeocodeHints, Geocoder, GeocoderUnavailable, InvalidQuery
from api.snapshot import Snapshot
from models.text import fold


class GeocodingService:
    """Routes a query to the configured geocoder; the offline one comes from the snapshot."""

    def __init__(self, mode: str, remote: Geocoder | None = None) -> None:
        self.mode = mode
        self.remote = remote

    @property
    def blocks(self) -> bool:
        """True when answering may wait on the network (then run it off the event loop)."""
        return self.remote is not None and self.mode != "offline"

    def _geocoder(self, snapshot: Snapshot) -> Geocoder:
        if not self.blocks:
            return snapshot.geocoder
        assert self.remote is not None
        if self.mode == "ban+offline":
            return FallbackGeocoder(self.remote, snapshot.geocoder)
        return self.remote

    def geocode(
        self, snapshot: Snapshot, q: str, limit: int, hints: GeocodeHints | None = None
    ) -> list[Candidate]:
        """Candidates best first; InvalidParameter or ServiceUnavailable on failure."""
        try:
            return self._geocoder(snapshot).geocode(q, limit, hints)
        except InvalidQuery as exc:
            raise InvalidParameter(f"address: {exc}") from exc
        except GeocoderUnavailable as exc:
            retry = getattr(exc, "retry_after_s", None) or 30
            raise ServiceUnavailable(
                f"the address service is unavailable: {exc}; try again later",
                headers={"Retry-After": str(int(retry))},
            ) from exc


def commune_suggestions(snapshot: Snapshot, q: str, limit: int = 3) -> list[str]:
    """Commune names that look like part of the query, to help a user rephrase it."""
    names = {fold(c.name): c.name for c in snapshot.communes}
    found = process.extract(fold(q), list(names), scorer=fuzz.partial_ratio, limit=limit)
    return [names[name] for name, score, _ in found if score >= 85]
