"""Imports registering the same new source at once, through `panda serve` (SQLite file, or
PostgreSQL when PANDA_TEST_DATABASE_URL is set): every import succeeds, one row is stored."""

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlmodel import Session, select

from api.auth.keys import create_key
from api.database import make_engine
from models.api_key import Scope
from models.data_source import DataSource
from seed.formats.lieux_mediation import write_lieux_mediation_csv
from tests.conftest import bearer, make_access_point
from tests.live_server import UNTHROTTLED, panda_server, server_database

IMPORTERS = 8
TIMEOUT_S = 60.0


def test_concurrent_first_imports_of_a_source_store_one_row(tmp_path: Path) -> None:
    with server_database(tmp_path) as url, panda_server(tmp_path, url, **UNTHROTTLED) as base:
        engine = make_engine(url)
        with Session(engine) as session:
            _key, secret = create_key(session, "source-test", [Scope.IMPORT])
        files = [
            write_lieux_mediation_csv(
                [make_access_point(source="ville-concurrente", source_id=f"v-{n}")]
            ).encode()
            for n in range(IMPORTERS)
        ]
        barrier = threading.Barrier(IMPORTERS, timeout=TIMEOUT_S)

        def send(n: int) -> httpx.Response:
            barrier.wait()
            return httpx.post(
                f"{base}/v1/imports",
                content=files[n],
                headers=bearer(secret),
                timeout=TIMEOUT_S,
            )

        with ThreadPoolExecutor(max_workers=IMPORTERS) as pool:
            responses = list(pool.map(send, range(IMPORTERS)))
        assert [(r.status_code, r.json()["created"]) for r in responses] == [(200, 1)] * IMPORTERS
        with Session(engine) as session:
            rows = session.exec(select(DataSource.name)).all()
        engine.dispose()
    assert sorted(rows) == ["mednum-bfc", "ville-concurrente"]
