"""End to end: `panda serve` on a real port, a fresh SQLite file, queried over HTTP."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.live_server import panda_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with panda_server(tmp_path, f"sqlite:///{tmp_path / 'panda.db'}") as base:
        yield base


def test_serve_creates_database_loads_seed_and_answers(server: str, tmp_path: Path) -> None:
    health = httpx.get(f"{server}/health").json()
    nearest = httpx.get(
        f"{server}/v1/access-points/nearest", params={"lat": 47.3216, "lon": 5.0415, "limit": 3}
    ).json()
    assert (health["places"], (tmp_path / "panda.db").exists()) == (68, True)
    assert nearest["items"][0]["name"] == "Bibliothèque La Nef"


def test_serve_publishes_openapi_with_operation_ids(server: str) -> None:
    paths = httpx.get(f"{server}/openapi.json").json()["paths"]
    assert paths["/v1/access-points/nearest"]["get"]["operationId"] == "nearestAccessPoints"
