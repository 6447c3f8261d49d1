"""Runtime settings, read from `PANDA_*` environment variables."""

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Defaults run the embedded SQLite database with the Dijon seed and the offline geocoder."""

    model_config = SettingsConfigDict(env_prefix="PANDA_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///panda.db",
        description="SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user@host/db.",
    )
    load_seed_when_empty: bool = Field(
        default=True, description="Load the bundled Dijon seed at start-up if no place is stored."
    )
    geocoder: Literal["offline", "ban", "ban+offline"] = "offline"
    snapshot_refresh_s: float = Field(
        default=2.0,
        gt=0,
        le=3600,
        description="How often the server checks the database for changes made elsewhere.",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
