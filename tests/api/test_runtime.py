"""api/runtime.py: what the lifespan builds for one running app (create_app + TestClient):
its settings, an engine on the configured database, the read model holding what the database
holds, the geocoding service the settings ask for, and the import engine's address locator."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlmodel import Session

from api.geocoding.ban import BanGeocoder
from api.read_model.queries import data_version
from api.runtime import Runtime
from seed.loader import ACCESS_POINTS_FILE, COMMUNES_FILE, read_seed_file

SEED = read_seed_file(ACCESS_POINTS_FILE)["access_points"]
GRESILLES = next(e for e in SEED if e["name"] == "PANDA Grésilles")


def runtime_of(client: TestClient) -> Runtime:
    runtime: Runtime = client.app.state.runtime  # type: ignore[attr-defined]
    return runtime


def test_the_runtime_holds_the_settings_the_app_was_made_with(
    client_factory: Callable[..., TestClient],
) -> None:
    client = client_factory(seed=True, stale_after_days=42)
    runtime = runtime_of(client)
    assert runtime.settings.stale_after_days == 42
    assert runtime.settings.load_seed_when_empty is True
    assert str(runtime.engine.url) == runtime.settings.database_url


def test_the_read_model_starts_with_what_the_database_holds(
    client_factory: Callable[..., TestClient],
) -> None:
    runtime = runtime_of(client_factory(seed=True))
    snapshot = runtime.read_model.current
    with Session(runtime.engine) as session:
        assert snapshot.version == data_version(session) >= 1
    assert sorted(p.source_id for p in snapshot.places) == sorted(e["source_id"] for e in SEED)
    communes = read_seed_file(COMMUNES_FILE)["communes"]
    assert {c.insee_code for c in snapshot.communes} == {c["insee_code"] for c in communes}


def test_an_empty_database_without_the_seed_gives_an_empty_read_model(
    client_factory: Callable[..., TestClient],
) -> None:
    runtime = runtime_of(client_factory(seed=False))
    assert (len(runtime.read_model.current), runtime.read_model.current.version) == (0, 0)


def test_the_offline_geocoder_needs_no_network(client_factory: Callable[..., TestClient]) -> None:
    geocoding = runtime_of(client_factory()).geocoding
    assert (geocoding.mode, geocoding.remote, geocoding.blocks) == ("offline", None, False)


def test_ban_settings_give_a_ban_geocoder_with_offline_fallback(
    client_factory: Callable[..., TestClient],
) -> None:
    runtime = runtime_of(
        client_factory(
            geocoder="ban+offline",
            ban_domain="addok.example.org",
            ban_scheme="http",
            geocoder_min_score=0.7,
        )
    )
    geocoding = runtime.geocoding
    assert geocoding.mode == "ban+offline" and geocoding.blocks
    assert isinstance(geocoding.remote, BanGeocoder)
    assert geocoding.remote.search_url.startswith("http://addok.example.org")
    assert geocoding.remote.min_score == 0.7


def test_the_locator_places_a_known_address_with_the_current_snapshot(
    client_factory: Callable[..., TestClient],
) -> None:
    runtime = runtime_of(client_factory(seed=True))
    assert runtime.locate is not None
    found = runtime.locate(f"{GRESILLES['address']} {GRESILLES['postcode']} Dijon")
    assert found is not None
    latitude, longitude, precision = found
    assert (round(latitude, 4), round(longitude, 4)) == (
        round(GRESILLES["latitude"], 4),
        round(GRESILLES["longitude"], 4),
    )
    assert precision == "housenumber"


def test_the_locator_refuses_an_address_in_a_commune_it_does_not_know(
    client_factory: Callable[..., TestClient],
) -> None:
    runtime = runtime_of(client_factory(seed=True))
    assert runtime.locate is not None
    assert runtime.locate("14 rue Camille Claudel 75001 Paris") is None
