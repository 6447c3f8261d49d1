"""Calendar events and feeds of sessions (api/workshops/calendar.py): where the event is, what
its description tells, a cancellation, the stamp of its last change; feeds parsed back."""

from datetime import UTC, datetime
from typing import Any

import icalendar

from api.read_model import Snapshot
from api.workshops.calendar import CALENDAR, event_of, feed
from models.opening_hours import PARIS
from models.workshop import SessionStatus, Workshop, WorkshopSession
from tests.api.workshops.conftest import CHENOVE, FONTAINE, GRESILLES, Store

GONE = 999_999  # no place of the seed
EARLIER, LATER = datetime(2030, 1, 5, 8, tzinfo=UTC), datetime(2030, 2, 10, 17, tzinfo=UTC)


def _owner(venue_id: int, **fields: Any) -> Workshop:
    values: dict[str, Any] = {
        "id": 5,
        "title": "Je recherche, je me connecte",
        "organiser_id": venue_id,
        "venue_id": venue_id,
        "updated_at": EARLIER,
    }
    return Workshop(**(values | fields))


def _session(session_id: int = 40, **fields: Any) -> WorkshopSession:
    values: dict[str, Any] = {
        "id": session_id,
        "workshop_id": 5,
        "starts_at": datetime(2030, 3, 19, 9, tzinfo=UTC),
        "ends_at": datetime(2030, 3, 19, 11, tzinfo=UTC),
        "capacity": 10,
        "updated_at": EARLIER,
    }
    return WorkshopSession(**(values | fields))


def test_an_event_is_located_at_its_venue_with_what_to_bring_and_whom_to_call(
    store: Store, snapshot: Snapshot
) -> None:
    owner = _owner(
        store.place(GRESILLES),
        description="Créer son espace France Travail.",
        what_to_bring="votre smartphone chargé",
    )
    event = event_of(snapshot, _session(), owner)
    assert (event.session_id, event.title) == (40, "Je recherche, je me connecte")
    assert event.location == "PANDA Grésilles, 14 rue Camille Claudel, 21000 Dijon"
    # The venue's phone, in the form people dial.
    assert event.description == (
        "Créer son espace France Travail.\n"
        "À apporter : votre smartphone chargé\n"
        "Téléphone : 03 80 48 84 14"
    )
    assert (event.starts_at, event.ends_at, event.cancelled) == (
        datetime(2030, 3, 19, 9, tzinfo=UTC),
        datetime(2030, 3, 19, 11, tzinfo=UTC),
        False,
    )


def test_the_workshops_own_phone_wins_over_the_venues(store: Store, snapshot: Snapshot) -> None:
    event = event_of(snapshot, _session(), _owner(store.place(CHENOVE), phone="+33612345678"))
    assert event.description == "Téléphone : 06 12 34 56 78"


def test_no_description_line_is_left_empty(store: Store, snapshot: Snapshot) -> None:
    # PANDA Fontaine d'Ouche has no phone; the workshop no description nor anything to bring.
    event = event_of(snapshot, _session(), _owner(store.place(FONTAINE)))
    assert event.description == ""
    assert event.location == "PANDA Fontaine d'Ouche, 2 allée de Grenoble, 21000 Dijon"


def test_a_venue_no_longer_served_leaves_the_location_empty(snapshot: Snapshot) -> None:
    event = event_of(snapshot, _session(), _owner(GONE, what_to_bring="une pièce d'identité"))
    assert (event.location, event.description) == ("", "À apporter : une pièce d'identité")


def test_a_cancelled_session_is_cancelled_with_its_reason(store: Store, snapshot: Snapshot) -> None:
    stored = _session(status=SessionStatus.CANCELLED, cancel_reason="Animatrice absente")
    event = event_of(snapshot, stored, _owner(store.place(FONTAINE)))
    assert (event.cancelled, event.description) == (True, "Annulée : Animatrice absente")
    no_reason = event_of(snapshot, _session(status=SessionStatus.CANCELLED), _owner(GONE))
    assert (no_reason.cancelled, no_reason.description) == (True, "")


def test_a_reason_left_on_a_scheduled_session_is_not_shown(snapshot: Snapshot) -> None:
    # A session cancelled, then scheduled again, keeps its old reason: not told as cancelled.
    stored = _session(cancel_reason="Animatrice absente")
    assert event_of(snapshot, stored, _owner(GONE)).description == ""


def test_the_stamp_is_the_later_change_of_the_session_and_its_workshop(
    snapshot: Snapshot,
) -> None:
    session_later = event_of(snapshot, _session(updated_at=LATER), _owner(GONE))
    workshop_later = event_of(snapshot, _session(), _owner(GONE, updated_at=LATER))
    naive = event_of(snapshot, _session(updated_at=datetime(2030, 3, 1, 12)), _owner(GONE))
    assert [e.changed_at for e in (session_later, workshop_later, naive)] == [
        LATER,
        LATER,
        datetime(2030, 3, 1, 12, tzinfo=UTC),
    ]


def test_a_feed_holds_one_event_per_session_in_paris_time(store: Store, snapshot: Snapshot) -> None:
    owner = _owner(store.place(GRESILLES))
    summer = _session(
        41,
        starts_at=datetime(2030, 7, 2, 8, tzinfo=UTC),
        ends_at=datetime(2030, 7, 2, 10, tzinfo=UTC),
        status=SessionStatus.CANCELLED,
        cancel_reason="Travaux",
    )
    rows = [(_session(), owner), (summer, owner)]
    calendar = icalendar.Calendar.from_ical(feed(snapshot, "Ateliers de PANDA Grésilles", rows))
    assert str(calendar["x-wr-calname"]) == "Ateliers de PANDA Grésilles"
    events = list(calendar.walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [
        "session-40@panda-finder",
        "session-41@panda-finder",
    ]
    assert [e.decoded("dtstart") for e in events] == [
        datetime(2030, 3, 19, 10, tzinfo=PARIS),
        datetime(2030, 7, 2, 10, tzinfo=PARIS),
    ]
    assert [str(e["status"]) for e in events] == ["CONFIRMED", "CANCELLED"]
    assert {str(e["location"]) for e in events} == {
        "PANDA Grésilles, 14 rue Camille Claudel, 21000 Dijon"
    }
    assert events[0].decoded("dtstamp") == EARLIER


def test_an_empty_feed_is_still_a_calendar(snapshot: Snapshot) -> None:
    calendar = icalendar.Calendar.from_ical(feed(snapshot, "Aucun atelier", []))
    assert list(calendar.walk("VEVENT")) == []
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_the_media_type_is_utf8_text_calendar() -> None:
    assert CALENDAR == "text/calendar; charset=utf-8"
