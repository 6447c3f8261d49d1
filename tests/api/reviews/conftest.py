"""A database with places of known facts dates and stewards, for the review pass."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from api.stewards import links as stewards
from models.access_point import AccessPoint
from seed.upsert import bump_data_version, upsert_access_points
from tests.conftest import make_access_point

# Facts of 1 March 2026: due on 1 September (6 months), overdue from 1 October.
FACTS = date(2026, 3, 1)
NOW = datetime(2026, 9, 15, 8, 0, tzinfo=UTC)


@pytest.fixture
def places(session: Session) -> dict[str, int]:
    """Three places of the same facts date: one with a reachable steward, one with a steward
    without e-mail, one with none."""
    rows = [
        make_access_point(name=name, source_id=name, source_updated_on=FACTS)
        for name in ("Avec", "Sans e-mail", "Sans intendant")
    ]
    upsert_access_points(session, rows)
    bump_data_version(session)
    session.commit()
    ids = {p.name: p.id or 0 for p in session.exec(select(AccessPoint))}
    stewards.issue(session, ids["Avec"], "Camille Martin", email="camille@example.fr")
    stewards.issue(session, ids["Sans e-mail"], "Dominique Roy")
    return ids
