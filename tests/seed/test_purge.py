"""seed.purge: registrations deleted some days after their session, their counts kept."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from models.registration import Attendance, Registration, RegistrationStatus
from models.workshop import Workshop, WorkshopSession
from seed.purge import PurgeReport, outcomes, purge_registrations

NOW = datetime(2025, 7, 15, 10, 0, tzinfo=UTC)


def add_session(session: Session, ends_ago: timedelta) -> int:
    """A one-hour session of a made-up workshop that ended `ends_ago` before NOW."""
    workshop = Workshop(title="Atelier d'essai", organiser_id=1, venue_id=1)
    session.add(workshop)
    session.flush()
    ends_at = NOW - ends_ago
    stored = WorkshopSession(
        workshop_id=workshop.id or 0,
        starts_at=ends_at - timedelta(hours=1),
        ends_at=ends_at,
        capacity=10,
    )
    session.add(stored)
    session.flush()
    return stored.id or 0


def book(
    session: Session,
    session_id: int,
    status: RegistrationStatus = RegistrationStatus.REGISTERED,
    attendance: Attendance | None = None,
) -> None:
    session.add(
        Registration(
            session_id=session_id,
            first_name="Camille",
            last_initial="D",
            counsellor_name="Conseiller d'essai",
            counsellor_agency="Agence d'essai",
            consent=True,
            status=status,
            attendance=attendance,
            booking_key_id=1,
        )
    )


@pytest.fixture
def old_session(session: Session) -> int:
    """A session ended 31 days ago: 2 present, 1 absent, 1 unmarked, 1 waiting, 1 cancelled."""
    sid = add_session(session, timedelta(days=31))
    book(session, sid, attendance=Attendance.PRESENT)
    book(session, sid, attendance=Attendance.PRESENT)
    book(session, sid, attendance=Attendance.ABSENT)
    book(session, sid)
    book(session, sid, RegistrationStatus.WAITING)
    book(session, sid, RegistrationStatus.CANCELLED)
    session.commit()
    return sid


def registrations(session: Session, session_id: int) -> int:
    found = session.exec(select(Registration).where(Registration.session_id == session_id))
    return len(found.all())


def test_outcomes_count_only_seats_held(session: Session, old_session: int) -> None:
    # Waiting and cancelled registrations held no seat.
    assert outcomes(session, old_session) == (4, 2, 1)


def test_outcomes_of_a_session_without_registrations(session: Session) -> None:
    assert outcomes(session, add_session(session, timedelta(days=1))) == (0, 0, 0)


def test_purge_deletes_every_registration_and_keeps_the_counts(
    session: Session, old_session: int
) -> None:
    report = purge_registrations(session, NOW, 30)
    assert report == PurgeReport(sessions=1, registrations=6)
    assert registrations(session, old_session) == 0
    stored = session.get(WorkshopSession, old_session)
    assert stored is not None
    assert (stored.booked_count, stored.attended_count, stored.no_show_count) == (4, 2, 1)
    assert stored.purged_at == NOW


def test_sessions_within_the_retention_are_kept(session: Session) -> None:
    recent = add_session(session, timedelta(days=29))
    book(session, recent)
    session.commit()
    assert purge_registrations(session, NOW, 30) == PurgeReport(0, 0)
    assert registrations(session, recent) == 1
    stored = session.get(WorkshopSession, recent)
    assert stored is not None
    assert stored.purged_at is None


def test_a_shorter_retention_purges_sooner(session: Session) -> None:
    recent = add_session(session, timedelta(days=3))
    book(session, recent)
    session.commit()
    assert purge_registrations(session, NOW, 2) == PurgeReport(1, 1)


def test_a_purged_session_is_not_purged_again(session: Session, old_session: int) -> None:
    purge_registrations(session, NOW, 30)
    later = NOW + timedelta(days=1)
    assert purge_registrations(session, later, 30) == PurgeReport(0, 0)
    stored = session.get(WorkshopSession, old_session)
    assert stored is not None
    assert stored.booked_count == 4  # not overwritten by the empty second count
    assert stored.purged_at == NOW


def test_only_due_sessions_lose_their_registrations(session: Session, old_session: int) -> None:
    recent = add_session(session, timedelta(days=2))
    book(session, recent)
    session.commit()
    purge_registrations(session, NOW, 30)
    assert registrations(session, recent) == 1
