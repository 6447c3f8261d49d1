"""The `panda` command's tests run it against a SQLite file of their own (PANDA_DATABASE_URL)."""

from pathlib import Path

import pytest


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The URL of a new SQLite file, which every `panda` command of the test uses."""
    url = f"sqlite:///{tmp_path / 'panda.db'}"
    monkeypatch.setenv("PANDA_DATABASE_URL", url)
    return url
