"""Runtime settings, read from `PANDA_*` environment variables."""

from typing import Literal
from urllib.parse import urlsplit

from limits import parse_many
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.facts_date import DEFAULT_STALE_AFTER_DAYS

REDIS_SCHEMES = ("redis://", "rediss://", "redis+unix://")


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
    load_communes: bool = Field(
        default=True,
        description="At start-up, store the communes of France the table lacks (seed.communes).",
    )
    communes_file: str | None = Field(
        default=None,
        max_length=1000,
        description="Communes file to load instead of the bundled communes-france.json.gz.",
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
    ban_download_url: str = Field(
        default="https://adresse.data.gouv.fr/data/ban/adresses/latest/csv/adresses-{department}.csv.gz",
        description="Where `panda addresses download` fetches a department's BAN file; "
        "{department} stands for its code (21, 2A, 974).",
    )
    geocoder_timeout_s: float = Field(default=3.0, gt=0, le=30)
    geocoder_min_score: float = Field(default=0.5, ge=0, le=1)
    snapshot_refresh_s: float = Field(
        default=2.0,
        gt=0,
        le=3600,
        description="How often the server checks the database for changes made elsewhere.",
    )
    sqlite_busy_timeout_s: float = Field(
        default=5.0,
        gt=0,
        le=600,
        description="How long a SQLite write waits for another writer (an import holds the "
        "lock for its length) before the request answers 503 `database_busy` with Retry-After.",
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
    max_places: int = Field(
        default=500_000,
        ge=1,
        le=100_000_000,
        description="Most places stored: an import that would pass it writes nothing.",
    )
    write_max_bytes: int = Field(
        default=65_536,
        ge=1_000,
        le=10_000_000,
        description="Largest body of any other write (a place's JSON is a few kilobytes).",
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
    access_log: bool = Field(
        default=True,
        description="One JSON line per request on standard output (api.ops.access_log): time, "
        "method, route template, status, duration, bytes; never the query or the client.",
    )
    rate_limit_enabled: bool = Field(
        default=True, description="Answer 429 past the limits below; false removes them."
    )
    rate_limit_reads: str = Field(
        default="600/minute",
        description="Reads (GET, HEAD) per client address, as the `limits` package writes "
        "it: `600/minute`, `20/second;600/minute`.",
    )
    rate_limit_writes: str = Field(
        default="60/minute", description="Writes and imports per client address, and per key."
    )
    rate_limit_auth_failures: str = Field(
        default="10/minute",
        description="401 answers per client address; past it, writes from there get 429.",
    )
    rate_limit_reports: str = Field(
        default="5/hour;20/day",
        description="Error reports (« Signaler une erreur ») per client address.",
    )
    rate_limit_reports_per_place: str = Field(
        default="20/day", description="Error reports on one place, from everyone together."
    )
    rate_limit_storage: str = Field(
        default="auto",
        description="Where counters live: `auto` (Redis when REDIS_URL is set, else the "
        "database when it is PostgreSQL, else memory), `memory`, `database`, or a redis:// URL.",
    )
    rate_limit_shared_reads: bool = Field(
        default=False,
        description="Count reads in the shared storage too (one round trip per read); by "
        "default each process counts reads itself.",
    )
    rate_limit_key_prefix: str = Field(
        default="panda", max_length=100, description="Prefix of the counters' keys in Redis."
    )
    redis_url: str | None = Field(default=None, description="redis://host:6379/0, if any.")
    stale_after_days: int = Field(
        default=DEFAULT_STALE_AFTER_DAYS,
        ge=0,
        le=36_500,
        description="Facts older than this many days (or undated) are answered `stale: true`.",
    )
    registration_retention_days: int = Field(
        default=30,
        ge=1,
        le=3650,
        description="Days after its session a workshop registration is deleted (counts stay).",
    )
    transit_radius_m: int = Field(
        default=600,
        ge=50,
        le=2_000,
        description="Walking radius: the stops farther from a place (straight line) than this "
        "are not answered (docs/transit.md).",
    )
    map_tiles_url: str | None = Field(
        default=None,
        max_length=500,
        description="A tile server's URL template for the maps, such as "
        "`https://{s}.tiles.example.org/{z}/{x}/{y}.png`. Unset (the default), the maps draw "
        "their own base (commune outlines, transit lines) and load nothing from another host; "
        "set, the pages' Content-Security-Policy lets images come from that host only.",
    )
    map_tiles_attribution: str | None = Field(
        default=None, max_length=300, description="Credit shown on the maps for the tiles."
    )
    data_inclusion_url: str | None = Field(
        default=None,
        max_length=500,
        pattern=r"^https?://\S+$",
        description="Base URL of a data·inclusion v1 API, ending in /api/v1, that "
        "`panda import data-inclusion` pulls from; none by default (it then refuses).",
    )
    data_inclusion_token: str | None = Field(
        default=None,
        max_length=2000,
        description="Bearer token for that API; never logged.",
    )
    # The outbox (api/outbox/, docs/notifications.md): e-mail over SMTP, signed webhooks.
    smtp_host: str | None = Field(
        default=None,
        max_length=255,
        description="SMTP server for e-mails; unset, e-mails wait in the outbox (nothing lost).",
    )
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_security: Literal["starttls", "tls", "none"] = Field(
        default="starttls",
        description="starttls (port 587), tls (implicit TLS, port 465) or none (a local relay).",
    )
    smtp_username: str | None = Field(default=None, max_length=255)
    smtp_password: SecretStr | None = None
    smtp_from: str = Field(
        default="PANDA finder <ne-pas-repondre@localhost>",
        max_length=255,
        description="The From of every e-mail.",
    )
    smtp_timeout_s: float = Field(default=15.0, gt=0, le=300)
    smtp_ca_file: str | None = Field(
        default=None,
        max_length=1000,
        description="CA bundle (PEM) to trust for the SMTP server's certificate, if not the "
        "system's (a relay with a private authority).",
    )
    outbox_interval_s: float = Field(
        default=5.0,
        gt=0,
        le=3600,
        description="How often `panda serve` looks for notices to send.",
    )
    outbox_sender_enabled: bool = Field(
        default=True,
        description="Send from inside `panda serve`; false leaves it to `panda outbox send`.",
    )
    outbox_max_attempts: int = Field(
        default=10, ge=1, le=100, description="Tries before a notice is parked (state dead)."
    )
    outbox_backoff_base_s: float = Field(
        default=30.0, gt=0, le=86_400, description="Wait after the first failure; doubles after."
    )
    outbox_backoff_max_s: float = Field(
        default=6 * 3600.0, gt=0, le=7 * 86_400, description="Longest wait between two tries."
    )
    outbox_batch_size: int = Field(default=50, ge=1, le=1000)
    webhook_timeout_s: float = Field(
        default=10.0, gt=0, le=120, description="A webhook receiver's time to answer."
    )
    public_base_url: str | None = Field(
        default=None,
        max_length=200,
        description="The service's address as people reach it (https://panda.example), for "
        "the links in e-mails; by default http://HOST:PORT.",
    )
    review_city_email: str | None = Field(
        default=None,
        max_length=254,
        description="The city team's address, told of places nobody confirmed a month after "
        "they fell due (api.reviews); events `review.due` are queued either way.",
    )
    review_interval_s: float = Field(
        default=3600.0,
        gt=0,
        le=86_400,
        description="How often `panda serve` runs the review pass (reminders, overdue places).",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    @field_validator("map_tiles_url")
    @classmethod
    def _tile_template(cls, value: str | None) -> str | None:
        """An http(s) URL naming {z}, {x} and {y}; `{s}` only as the host's first label."""
        if value is None or value == "":
            return None
        parts = urlsplit(value)
        host = parts.hostname or ""
        labels = host.split(".")
        if parts.scheme not in ("https", "http") or not host or "{s}" in labels[1:]:
            raise ValueError("expected an http(s) URL, `{s}` only as the host's first label")
        if any(t not in value for t in ("{z}", "{x}", "{y}")) or not all(labels):
            raise ValueError("the tile URL must name {z}, {x} and {y}")
        return value

    @field_validator(
        "rate_limit_reads",
        "rate_limit_writes",
        "rate_limit_auth_failures",
        "rate_limit_reports",
        "rate_limit_reports_per_place",
    )
    @classmethod
    def _valid_limit(cls, value: str) -> str:
        """Refuse at start-up a limit the `limits` package cannot read."""
        try:
            parse_many(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a rate limit such as '60/minute'") from exc
        return value

    @field_validator("rate_limit_storage")
    @classmethod
    def _known_storage(cls, value: str) -> str:
        """auto, memory, database, or a Redis URL."""
        if value in ("auto", "memory", "database") or value.startswith(REDIS_SCHEMES):
            return value
        raise ValueError("expected auto, memory, database or a redis:// URL")
