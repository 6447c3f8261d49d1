"""A database of the outbox's tests own, shared by threads: a SQLite file, or PostgreSQL."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from api.database import create_schema, make_engine
from tests.live_server import server_database


@pytest.fixture
def file_engine(tmp_path: Path) -> Iterator[Engine]:
    """A fresh schema on a SQLite file or a PostgreSQL database of its own."""
    with server_database(tmp_path) as url:
        engine = make_engine(url)
        create_schema(engine)
        yield engine
        engine.dispose()
