"""Building geocoders from settings, and the address locator the import engine uses."""

from collections.abc import Callable

from sqlalchemy import Engine

from api.geocoding.ban import BanGeocoder
from api.geocoding.ban_cache import SqlGeocodeCache
from api.geocoding.base import Geocoder
from api.geocoding.offline import OfflineGeocoder
from api.geocoding.service import GeocodingService
from api.settings import Settings
from seed.importer import AddressLocator

# Below this score an import row is better rejected than placed at a guessed position.
IMPORT_MIN_SCORE = 0.5


def remote_geocoder(settings: Settings, engine: Engine) -> Geocoder | None:
    """The national address service when the settings ask for it, cached in the database."""
    if settings.geocoder == "offline":
        return None
    return BanGeocoder(
        domain=settings.ban_domain,
        scheme=settings.ban_scheme,
        timeout_s=settings.geocoder_timeout_s,
        min_score=settings.geocoder_min_score,
        cache=SqlGeocodeCache(engine),
    )


def import_locator(
    geocoding: GeocodingService, current: Callable[[], OfflineGeocoder]
) -> AddressLocator:
    """Coordinates and precision for an address, with the offline geocoder `current()` gives."""

    def locate(address: str) -> tuple[float, float, str] | None:
        found = geocoding.geocode(current(), address, 1)
        # An answer that ignored the row's commune would place it in another one.
        if not found or found[0].score < IMPORT_MIN_SCORE or found[0].commune_not_found:
            return None
        best = found[0]
        return best.latitude, best.longitude, best.precision

    return locate
