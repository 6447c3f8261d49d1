"""PANDA_MAX_PLACES under concurrency, through `panda serve` (SQLite file, or PostgreSQL when
PANDA_TEST_DATABASE_URL is set): of imports sent at once that each fit alone but not together,
exactly one is written and the others are refused with the count, nothing of theirs stored."""

import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlmodel import Session, func, select

from api.auth.keys import create_key
from api.database import make_engine
from models.access_point import AccessPoint
from models.api_key import Scope
from seed.formats.lieux_mediation import write_lieux_mediation_csv
from tests.conftest import bearer, make_access_point
from tests.live_server import UNTHROTTLED, panda_server, server_database
from tests.system.test_write_concurrency import together

IMPORTERS = 6
PER_FILE = 2
SEED_PLACES = 68


def count(url: str) -> int:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return session.exec(select(func.count()).select_from(AccessPoint)).one()
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str], str]]:
    workdir = tmp_path_factory.mktemp("place-limit")
    limit = {"PANDA_MAX_PLACES": str(SEED_PLACES + PER_FILE)}
    with (
        server_database(workdir) as url,
        panda_server(workdir, url, **UNTHROTTLED, **limit) as base,
    ):
        engine = make_engine(url)
        with Session(engine) as session:
            _key, secret = create_key(session, "place-limit", [Scope.IMPORT])
        engine.dispose()
        yield base, bearer(secret), url


def test_imports_at_once_never_pass_the_limit_together(
    live: tuple[str, dict[str, str], str],
) -> None:
    base, key, url = live
    assert count(url) == SEED_PLACES
    files = [
        write_lieux_mediation_csv(
            [
                make_access_point(source="limite", source_id=f"l-{uuid.uuid4().hex[:8]}")
                for _ in range(PER_FILE)
            ]
        ).encode()
        for _ in range(IMPORTERS)
    ]
    answers = together(
        IMPORTERS,
        lambda n: httpx.post(f"{base}/v1/imports", content=files[n], headers=key, timeout=60),
    )
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] + [409] * (IMPORTERS - 1), [a.text for a in answers]
    refused = [a.json() for a in answers if a.status_code == 409]
    assert {(r["error"], r["stored"], r["new"]) for r in refused} == {
        ("too_many_places", SEED_PLACES + PER_FILE, PER_FILE)
    }
    assert count(url) == SEED_PLACES + PER_FILE
