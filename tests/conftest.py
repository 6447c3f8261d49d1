"""Shared fixtures: a fresh database per test, on SQLite or on a real PostgreSQL server."""

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel

from api.app import create_app
from api.database import create_schema, make_engine
from api.settings import Settings
from models.access_point import AccessPointCreate
from models.commune import CommuneBase
from seed.loader import COMMUNES_FILE, load_seed, read_seed_file
from seed.upsert import bump_data_version, upsert_access_points, upsert_communes
from tests.data_files import REFERENCE_DATA_VARIABLE, reference_data_dir
from tests.live_server import temporary_database

pytest_plugins = ["pytester"]

# Apps and servers the tests start load the 35,000 communes of France only where a test asks
# (`load_communes=True`, tests/api/places/test_routes_communes.py): seconds saved at every start-up.
os.environ.setdefault("PANDA_LOAD_COMMUNES", "false")


class ReferenceSkipGuard:
    """Fail the session when a conformance test skips although it should have run.

    A test marked `reference` that skips while PANDA_REFERENCE_DATA is set (CI sets it), and a
    test that reaches `reference()` without the marker (it would skip unseen on a bare clone),
    each make the session fail, listed at the end of the report.
    """

    def __init__(self) -> None:
        self.marked: set[str] = set()
        self.problems: list[tuple[str, str]] = []

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        self.marked = {item.nodeid for item in items if item.get_closest_marker("reference")}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if not report.skipped or hasattr(report, "wasxfail"):
            return
        longrepr = report.longrepr
        reason = str(longrepr[2] if isinstance(longrepr, tuple) else longrepr)
        reason = reason.removeprefix("Skipped: ")
        if report.nodeid not in self.marked:
            if reason.startswith("reference data:"):
                self.problems.append((report.nodeid, f"not marked `reference`: {reason}"))
        elif reference_data_dir() is not None:
            self.problems.append((report.nodeid, reason))

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.problems and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.problems:
            return
        given = reference_data_dir()
        terminalreporter.section(
            f"reference tests that skipped ({REFERENCE_DATA_VARIABLE}={given or 'unset'})",
            red=True,
        )
        for nodeid, reason in self.problems:
            terminalreporter.write_line(f"{nodeid}: {reason}", red=True)


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(ReferenceSkipGuard(), "reference-skip-guard")


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """In-memory SQLite, or a database created for this run on PANDA_TEST_DATABASE_URL."""
    server = os.environ.get("PANDA_TEST_DATABASE_URL")
    if not server:
        yield "sqlite://"
        return
    with temporary_database(server, "panda_test") as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A fresh, empty schema for one test."""
    engine = make_engine(database_url)
    SQLModel.metadata.drop_all(engine)
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the fresh schema."""
    with Session(engine) as session:
        yield session


def make_access_point(**overrides: Any) -> AccessPointCreate:
    """A place with realistic Dijon defaults (PANDA Grésilles' published facts)."""
    fields: dict[str, Any] = {
        "name": "PANDA Grésilles",
        "address": "14 rue Camille Claudel",
        "postcode": "21000",
        "commune": "Dijon",
        "insee_code": "21231",
        "latitude": 47.329680,
        "longitude": 5.069047,
        "phone": "+33380488414",
        "opening_hours": "Mo,Tu,Th 09:00-12:00,14:00-18:00; We 10:00-12:00,14:00-18:00; "
        "Fr,Sa 09:00-12:00,14:00-17:00",
        "networks": ["PANDA", "Réseau Dijon métropole"],
        "equipment": {"computer": None},
        "source": "test",
        "source_id": f"test-{uuid.uuid4().hex[:8]}",
    }
    fields.update(overrides)
    return AccessPointCreate.model_validate(fields)


@pytest.fixture
def client_factory(database_url: str) -> Iterator[Callable[..., TestClient]]:
    """Start the app (lifespan included) on a fresh database; optionally seeded; `overrides`
    are Settings fields (the default limits of api.http.rate_limits apply otherwise)."""
    clients: list[TestClient] = []

    def start(
        seed: bool = False, places: list[AccessPointCreate] | None = None, **overrides: Any
    ) -> TestClient:
        engine = make_engine(database_url)
        SQLModel.metadata.drop_all(engine)
        engine.dispose()
        settings = Settings(
            database_url=database_url,
            load_seed_when_empty=seed,
            snapshot_refresh_s=3600,
            **overrides,
        )
        client = TestClient(create_app(settings))
        client.__enter__()
        clients.append(client)
        if places:
            add_places(client, places)
        return client

    yield start
    for client in clients:
        client.__exit__(None, None, None)


def add_places(client: TestClient, places: list[AccessPointCreate]) -> None:
    """Store the 23 communes and these places through the app's engine; refresh its snapshot."""
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    communes = read_seed_file(COMMUNES_FILE)["communes"]
    with Session(runtime.engine) as session:
        upsert_communes(session, [CommuneBase.model_validate(c) for c in communes])
        upsert_access_points(session, places)
        bump_data_version(session)
        session.commit()
    runtime.read_model.refresh()


@pytest.fixture
def seeded_client(client_factory: Callable[..., TestClient]) -> TestClient:
    """The app with the bundled Dijon seed."""
    return client_factory(seed=True)


@pytest.fixture
def seeded_session(session: Session) -> Session:
    """A session on a database holding the Dijon seed."""
    load_seed(session)
    return session


def make_key(client: TestClient, *scopes: str, **options: Any) -> str:
    """Create an API key in the running app's database; return its secret."""
    from api.auth.keys import create_key
    from models.api_key import Scope

    with Session(client.app.state.runtime.engine) as session:  # type: ignore[attr-defined]
        _key, secret = create_key(session, "test-key", [Scope(s) for s in scopes], **options)
    return secret


def bearer(secret: str) -> dict[str, str]:
    """Authorization header for a key."""
    return {"Authorization": f"Bearer {secret}"}
