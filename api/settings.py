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
    geocoder: Literal["offline", "ban", "ban+offline"] = Field(
        default="offline",
        description="offline (no network), ban (national address service) or ban+offline "
        "(the service, falling back to offline when it fails).",
    )
    ban_domain: str = Field(
        default="data.geopf.fr/geocodage",
        description="Host and path of the BAN API (Géoplateforme, or a self-hosted addok).",
    )
    ban_scheme: Literal["https", "http"] = "https"
    geocoder_timeout_s: float = Field(default=3.0, gt=0, le=30)
    geocoder_min_score: float = Field(default=0.5, ge=0, le=1)
    snapshot_refresh_s: float = Field(
        default=2.0,
        gt=0,
        le=3600,
        description="How often the server checks the database for changes made elsewhere.",
    )
    migration_lock_timeout_s: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        description="How long a schema upgrade waits for a database another process holds.",
    )
    import_max_bytes: int = Field(
        default=20_000_000, ge=1_000, le=1_000_000_000, description="Largest POST /v1/imports body."
    )
    cors_origins: list[str] = Field(
        default=["*"],
        description='Origins allowed to read from a browser; ["*"] for any partner site. '
        "Writes are never allowed cross-origin.",
    )
    metrics_enabled: bool = Field(
        default=True,
        description="Serve GET /metrics (Prometheus) and count requests; false removes both.",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
