"""The `panda` command's tests run it against a SQLite file of their own (PANDA_DATABASE_URL)."""

import os
from pathlib import Path

import pytest


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The URL of a new SQLite file, which every `panda` command of the test uses."""
    url = f"sqlite:///{tmp_path / 'panda.db'}"
    monkeypatch.setenv("PANDA_DATABASE_URL", url)
    return url


# What `panda serve` hands to its workers through the process environment.
SERVE_ENVIRONMENT = ("PANDA_ACCESS_LOG", "PANDA_LOAD_COMMUNES")


@pytest.fixture(autouse=True)
def serve_environment_undone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Undo after each test what an in-process `panda serve` wrote into os.environ: a later
    test's servers would inherit it (an access log turned off, say)."""
    for name in SERVE_ENVIRONMENT:
        if name in os.environ:
            monkeypatch.setenv(name, os.environ[name])
        else:
            monkeypatch.setenv(name, "")  # recorded as unset, restored to unset
            monkeypatch.delenv(name)
