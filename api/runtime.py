"""What the lifespan builds and disposes of: engine, read model, settings."""

from dataclasses import dataclass

from sqlalchemy import Engine

from api.geocoding.service import GeocodingService
from api.read_model import ReadModel
from api.settings import Settings
from seed.importer import AddressLocator


@dataclass
class Runtime:
    """Live resources of one running app."""

    settings: Settings
    engine: Engine
    read_model: ReadModel
    geocoding: GeocodingService
    locate: AddressLocator | None = None
