"""api/settings.py: PANDA_* variables parsed into settings, defaults for an embedded start,
and the values refused at start-up (rather than failing on the first request)."""

import os
from collections.abc import Iterator

import pytest
from pydantic import ValidationError
from pydantic_settings.exceptions import SettingsError

from api.settings import Settings
from models.facts_date import DEFAULT_STALE_AFTER_DAYS


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """No PANDA_* variable from the shell or conftest (it sets PANDA_LOAD_COMMUNES)."""
    for name in list(os.environ):
        if name.startswith("PANDA_"):
            monkeypatch.delenv(name)
    yield monkeypatch


def refused_field(exc: ValidationError) -> str:
    return str(exc.errors()[0]["loc"][0])


def test_defaults_run_embedded_sqlite_with_the_seed_and_the_offline_geocoder() -> None:
    settings = Settings()
    assert settings.database_url == "sqlite:///panda.db"
    assert (settings.load_seed_when_empty, settings.load_communes) == (True, True)
    assert settings.geocoder == "offline"
    assert settings.communes_file is None and settings.redis_url is None
    assert settings.cors_origins == ["*"]
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.stale_after_days == DEFAULT_STALE_AFTER_DAYS
    assert (settings.rate_limit_reads, settings.rate_limit_writes) == ("600/minute", "60/minute")
    assert settings.rate_limit_storage == "auto"
    assert settings.snapshot_refresh_s == 2.0
    assert settings.sqlite_busy_timeout_s == 5.0


def test_environment_variables_are_read_with_the_panda_prefix(
    clean_environment: pytest.MonkeyPatch,
) -> None:
    env = {
        "PANDA_DATABASE_URL": "postgresql+psycopg://panda@db/panda",
        "PANDA_LOAD_SEED_WHEN_EMPTY": "false",
        "PANDA_LOAD_COMMUNES": "0",
        "PANDA_GEOCODER": "ban+offline",
        "PANDA_GEOCODER_TIMEOUT_S": "1.5",
        "PANDA_CORS_ORIGINS": '["https://www.dijon.fr", "https://metropole-dijon.fr"]',
        "PANDA_PORT": "8080",
        "PANDA_STALE_AFTER_DAYS": "0",
        "PANDA_RATE_LIMIT_READS": "20/second;600/minute",
        "PANDA_RATE_LIMIT_STORAGE": "rediss://cache:6380/0",
        "PANDA_METRICS_ENABLED": "no",
        "DATABASE_URL": "sqlite:///not-ours.db",  # no prefix: not ours
        "PANDA_SOMETHING_ELSE": "ignored",
    }
    for name, value in env.items():
        clean_environment.setenv(name, value)
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://panda@db/panda"
    assert (settings.load_seed_when_empty, settings.load_communes) == (False, False)
    assert settings.geocoder == "ban+offline"
    assert settings.geocoder_timeout_s == 1.5
    assert settings.cors_origins == ["https://www.dijon.fr", "https://metropole-dijon.fr"]
    assert settings.port == 8080
    assert settings.stale_after_days == 0
    assert settings.rate_limit_reads == "20/second;600/minute"
    assert settings.rate_limit_storage == "rediss://cache:6380/0"
    assert settings.metrics_enabled is False
    assert not hasattr(settings, "something_else")


def test_arguments_override_the_environment(clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv("PANDA_DATABASE_URL", "sqlite:///from-env.db")
    assert Settings(database_url="sqlite://").database_url == "sqlite://"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PANDA_GEOCODER", "google"),
        ("PANDA_BAN_SCHEME", "ftp"),
        ("PANDA_GEOCODER_TIMEOUT_S", "0"),
        ("PANDA_GEOCODER_TIMEOUT_S", "31"),
        ("PANDA_GEOCODER_MIN_SCORE", "1.5"),
        ("PANDA_SNAPSHOT_REFRESH_S", "0"),
        ("PANDA_SNAPSHOT_REFRESH_S", "3601"),
        ("PANDA_SQLITE_BUSY_TIMEOUT_S", "-1"),
        ("PANDA_IMPORT_MAX_BYTES", "999"),
        ("PANDA_MAX_PLACES", "0"),
        ("PANDA_WRITE_MAX_BYTES", "10000001"),
        ("PANDA_PORT", "0"),
        ("PANDA_PORT", "65536"),
        ("PANDA_STALE_AFTER_DAYS", "-1"),
        ("PANDA_REGISTRATION_RETENTION_DAYS", "0"),
        ("PANDA_LOAD_SEED_WHEN_EMPTY", "maybe"),
        ("PANDA_COMMUNES_FILE", "x" * 1001),
        ("PANDA_RATE_LIMIT_KEY_PREFIX", "p" * 101),
    ],
)
def test_out_of_range_or_unknown_values_are_refused(
    clean_environment: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    clean_environment.setenv(variable, value)
    with pytest.raises(ValidationError) as caught:
        Settings()
    assert refused_field(caught.value) == variable.removeprefix("PANDA_").lower()


def test_a_list_variable_that_is_not_json_is_refused_naming_its_field(
    clean_environment: pytest.MonkeyPatch,
) -> None:
    clean_environment.setenv("PANDA_CORS_ORIGINS", "https://www.dijon.fr")
    with pytest.raises(SettingsError, match='field "cors_origins"'):
        Settings()


@pytest.mark.parametrize(
    "field", ["rate_limit_reads", "rate_limit_writes", "rate_limit_auth_failures"]
)
@pytest.mark.parametrize("value", ["lots", "60 per fortnight", "60/minute;often"])
def test_a_rate_limit_the_limits_package_cannot_read_is_refused(field: str, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(**{field: value})
    assert refused_field(caught.value) == field
    assert f"{value!r} is not a rate limit such as '60/minute'" in str(caught.value)


@pytest.mark.parametrize("value", ["1/second", "10 per minute", "5/hour;100/day"])
def test_rate_limits_in_the_limits_notation_are_kept_as_written(value: str) -> None:
    assert Settings(rate_limit_writes=value).rate_limit_writes == value


@pytest.mark.parametrize(
    "storage",
    ["auto", "memory", "database", "redis://localhost:6379/0", "redis+unix:///run/redis.sock"],
)
def test_known_rate_limit_storages_are_taken(storage: str) -> None:
    assert Settings(rate_limit_storage=storage).rate_limit_storage == storage


@pytest.mark.parametrize("storage", ["memcached://localhost", "Memory", "", "postgresql://db"])
def test_other_rate_limit_storages_are_refused(storage: str) -> None:
    with pytest.raises(ValidationError, match="expected auto, memory, database or a redis://"):
        Settings(rate_limit_storage=storage)


def test_bounds_themselves_are_allowed() -> None:
    settings = Settings(
        port=65535,
        snapshot_refresh_s=3600,
        geocoder_min_score=0,
        import_max_bytes=1_000,
        registration_retention_days=1,
        stale_after_days=36_500,
    )
    assert (settings.port, settings.snapshot_refresh_s, settings.import_max_bytes) == (
        65535,
        3600,
        1_000,
    )


def test_map_tiles_are_off_by_default_and_a_template_must_name_z_x_y() -> None:
    assert Settings().map_tiles_url is None
    good = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    assert Settings(map_tiles_url=good).map_tiles_url == good
    for bad in (
        "ftp://tiles.example.org/{z}/{x}/{y}.png",
        "https://tiles.example.org/{z}/{x}.png",
        "https://tiles.{s}.example.org/{z}/{x}/{y}.png",
    ):
        with pytest.raises(ValidationError, match="map_tiles_url"):
            Settings(map_tiles_url=bad)


def test_the_data_inclusion_hub_has_no_default_and_takes_http_urls_only() -> None:
    assert (Settings().data_inclusion_url, Settings().data_inclusion_token) == (None, None)
    assert Settings(data_inclusion_url="http://127.0.0.1:9/api/v1").data_inclusion_url
    with pytest.raises(ValidationError):
        Settings(data_inclusion_url="ftp://hub/api/v1")
