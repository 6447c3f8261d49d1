"""Upserts beside a concurrent edit: the import waits for the edit and audits what it replaced.

On a SQLite file, or on PostgreSQL when PANDA_TEST_DATABASE_URL is set (in-memory SQLite
shares one connection between sessions, so it cannot show two writers).
"""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from api.database import create_schema, make_engine
from models.access_point import AccessPoint
from models.audit import AuditEntry
from seed.locking import begin_write
from seed.upsert import upsert_access_points
from tests.conftest import make_access_point

WAIT_S = 0.3


@pytest.fixture
def two_writers(
    database_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Engine]:
    """An engine whose sessions are separate connections, on a fresh schema."""
    if not database_url.startswith("sqlite"):
        yield request.getfixturevalue("engine")
        return
    engine = make_engine(f"sqlite:///{tmp_path / 'panda.db'}")
    create_schema(engine)
    yield engine
    engine.dispose()


def test_upsert_beside_an_edit_audits_the_edited_state(two_writers: Engine) -> None:
    listed = make_access_point(source="ville", source_id="lieu-1")
    with Session(two_writers) as session:
        upsert_access_points(session, [listed])
        session.commit()
    relisted = listed.model_copy(update={"phone": "+33380111111"})

    def load_again() -> None:
        with Session(two_writers) as session:
            upsert_access_points(session, [relisted], actor="import")
            session.commit()

    with Session(two_writers) as editor:
        begin_write(editor)
        place = editor.exec(select(AccessPoint).with_for_update()).one()
        place.phone = "+33380222222"
        editor.add(place)
        editor.flush()
        importer = threading.Thread(target=load_again)
        importer.start()
        time.sleep(WAIT_S)
        assert importer.is_alive()
        editor.commit()
    importer.join(timeout=10)
    with Session(two_writers) as session:
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "import")).one()
    assert entry.changes == {"phone": {"before": "+33380222222", "after": "+33380111111"}}
