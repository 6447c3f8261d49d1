"""Workshops, sessions and registrations written straight to a database holding the Dijon seed,
for the tests of the workshop services (no HTTP); the actors who ask."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from api.read_model import Snapshot, load_snapshot
from api.workshops.access import Actor
from models.access_point import AccessPoint
from models.opening_hours import PARIS
from models.registration import (
    Attendance,
    Registration,
    RegistrationCreate,
    RegistrationStatus,
)
from models.workshop import SessionStatus, Workshop, WorkshopSession
from tests.api.workshops.test_routes_read import PERSON

# Places of the bundled seed (seed/data/dijon-access-points.json).
GRESILLES = "PANDA Grésilles"  # hours and a phone
CHENOVE = "MJC Chenôve"  # in Chenôve, a phone, no hours
FONTAINE = "PANDA Fontaine d'Ouche"  # hours, no phone

ADMIN = Actor(name="admin-test", key_id=1, admin=True)
COUNSELLOR = Actor(name="conseillere-test", key_id=2, admin=False)
OTHER_COUNSELLOR = Actor(name="autre-conseiller-test", key_id=3, admin=False)


def paris(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """An aware Paris wall-clock moment."""
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


class Store:
    """Writes workshop rows directly (the services under test read and change them)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids = {p.name: p.id or 0 for p in session.exec(select(AccessPoint))}

    def place(self, name: str) -> int:
        return self.ids[name]

    def steward(self, name: str) -> Actor:
        """A steward of the seed place `name`."""
        return Actor(
            name="steward:Camille Martin", key_id=None, admin=False, steward_of=self.ids[name]
        )

    def workshop(
        self, venue: str = GRESILLES, organiser: str | None = None, **fields: Any
    ) -> Workshop:
        stored = Workshop(
            title=fields.pop("title", "Je recherche, je me connecte"),
            venue_id=self.place(venue),
            organiser_id=self.place(organiser or venue),
            **fields,
        )
        return self._stored(stored)

    def at(
        self,
        owner: Workshop,
        starts_at: datetime,
        hours: float = 2,
        capacity: int = 10,
        **fields: Any,
    ) -> WorkshopSession:
        """A session of `owner` starting at `starts_at`."""
        stored = WorkshopSession(
            workshop_id=owner.id or 0,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            capacity=capacity,
            **fields,
        )
        return self._stored(stored)

    def cancelled(
        self, owner: Workshop, starts_at: datetime, reason: str = "Travaux"
    ) -> WorkshopSession:
        return self.at(owner, starts_at, status=SessionStatus.CANCELLED, cancel_reason=reason)

    def registration(
        self,
        stored: WorkshopSession,
        status: RegistrationStatus = RegistrationStatus.REGISTERED,
        key_id: int = COUNSELLOR.key_id or 0,
        waiting_position: int | None = None,
        attendance: Attendance | None = None,
        first_name: str = "Nadia",
    ) -> Registration:
        person = RegistrationCreate.model_validate(PERSON | {"first_name": first_name})
        made = Registration(
            session_id=stored.id or 0,
            **person.model_dump(),
            status=status,
            waiting_position=waiting_position,
            attendance=attendance,
            booking_key_id=key_id,
        )
        return self._stored(made)

    def _stored(self, row: Any) -> Any:
        self.session.add(row)
        self.session.commit()
        self.session.refresh(row)
        return row


@pytest.fixture
def store(seeded_session: Session) -> Store:
    return Store(seeded_session)


@pytest.fixture
def snapshot(store: Store) -> Snapshot:
    """The read model's places, built from the seeded database."""
    engine = store.session.get_bind()
    return load_snapshot(engine)  # type: ignore[arg-type]
