"""Setting a review period: stored, audited once, moving the due day."""

from datetime import date

import pytest
from sqlmodel import Session, select

from api.http.errors import NotFound
from api.reviews.periods import set_period
from models.access_point import AccessPoint
from models.audit import AuditEntry


def test_period_is_stored_and_audited(session: Session, places: dict[str, int]) -> None:
    place = set_period(session, places["Avec"], 12, "Ville", None)
    assert place.review_period_months == 12
    again = set_period(session, places["Avec"], 12, "Ville", None)
    assert again.review_period_months == 12
    entries = session.exec(select(AuditEntry).where(AuditEntry.action == "review_period")).all()
    assert [e.changes for e in entries] == [{"review_period_months": {"before": 6, "after": 12}}]


def test_never_is_none(session: Session, places: dict[str, int]) -> None:
    set_period(session, places["Avec"], None, "Ville", None)
    stored = session.get(AccessPoint, places["Avec"], populate_existing=True)
    assert stored is not None and stored.review_period_months is None


def test_unknown_place_is_not_found(session: Session, places: dict[str, int]) -> None:
    with pytest.raises(NotFound):
        set_period(session, 999, 3, "Ville", None)


def test_default_period_is_six_months(session: Session, places: dict[str, int]) -> None:
    stored = session.get(AccessPoint, places["Sans intendant"])
    assert stored is not None and stored.review_period_months == 6
    assert date(2026, 3, 1) == stored.source_updated_on
