"""models/calendar_feed.py: RFC 5545 files of sessions, read back with the icalendar parser."""

from datetime import UTC, datetime

import icalendar

from models.calendar_feed import PRODID, CalendarEvent, calendar_bytes, session_uid
from models.opening_hours import PARIS
from seed.loader import ACCESS_POINTS_FILE, read_seed_file


def venue() -> dict:
    records = read_seed_file(ACCESS_POINTS_FILE)["access_points"]
    return next(r for r in records if r["name"] == "PANDA Grésilles")


def event(**overrides: object) -> CalendarEvent:
    place = venue()
    fields: dict[str, object] = {
        "session_id": 7,
        "title": "Je recherche, je me connecte",
        # 09:00 UTC in March is 10:00 in Paris (CET, UTC+1).
        "starts_at": datetime(2030, 3, 19, 9, tzinfo=UTC),
        "ends_at": datetime(2030, 3, 19, 11, tzinfo=UTC),
        "location": f"{place['name']}, {place['address']}, {place['postcode']} {place['commune']}",
        "description": "À apporter : votre smartphone; chargé\nTéléphone : 03 80 48 84 14",
        "cancelled": False,
        "changed_at": datetime(2030, 3, 1, 8, 30, tzinfo=UTC),
    }
    return CalendarEvent(**(fields | overrides))  # type: ignore[arg-type]


def parsed(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def vevents(data: bytes) -> list[icalendar.Event]:
    return list(parsed(data).walk("VEVENT"))


def test_session_uid_is_stable_and_names_the_session() -> None:
    assert session_uid(7) == "session-7@panda-finder"
    assert session_uid(7) == session_uid(7) != session_uid(70)


def test_calendar_header_names_the_feed_and_the_paris_zone() -> None:
    calendar = parsed(calendar_bytes("Ateliers PANDA Grésilles", [event()]))
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Ateliers PANDA Grésilles"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Paris"
    zones = list(calendar.walk("VTIMEZONE"))
    assert [str(z["TZID"]) for z in zones] == ["Europe/Paris"]
    assert {c.name for c in zones[0].subcomponents} == {"DAYLIGHT", "STANDARD"}


def test_every_line_ends_with_crlf() -> None:
    data = calendar_bytes("Ateliers", [event(), event(session_id=8)])
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")


def test_long_lines_are_folded_at_75_octets() -> None:
    data = calendar_bytes("Ateliers", [event(description="Découvrir le numérique " * 20)])
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    assert str(vevents(data)[0]["DESCRIPTION"]) == "Découvrir le numérique " * 20


def test_an_event_reads_back_with_its_text_escaped_and_unescaped() -> None:
    data = calendar_bytes("Ateliers", [event()])
    # Commas and semicolons are escaped on the wire, and the parser gives the text back.
    assert b"LOCATION:PANDA Gr\xc3\xa9silles\\, 14 rue Camille Claudel\\, 21000 Dijon" in data
    (vevent,) = vevents(data)
    assert str(vevent["UID"]) == "session-7@panda-finder"
    assert str(vevent["SUMMARY"]) == "Je recherche, je me connecte"
    assert str(vevent["LOCATION"]) == "PANDA Grésilles, 14 rue Camille Claudel, 21000 Dijon"
    assert str(vevent["DESCRIPTION"]) == event().description
    assert str(vevent["STATUS"]) == "CONFIRMED"


def test_times_are_paris_wall_clock_with_tzid_in_winter_and_summer() -> None:
    summer = event(
        session_id=8,
        starts_at=datetime(2030, 7, 2, 8, tzinfo=UTC),
        ends_at=datetime(2030, 7, 2, 10, tzinfo=UTC),
    )
    data = calendar_bytes("Ateliers", [event(), summer])
    assert b"DTSTART;TZID=Europe/Paris:20300319T100000" in data
    assert b"DTEND;TZID=Europe/Paris:20300319T120000" in data
    assert b"DTSTART;TZID=Europe/Paris:20300702T100000" in data
    winter_event, summer_event = vevents(data)
    assert winter_event.decoded("DTSTART") == datetime(2030, 3, 19, 9, tzinfo=UTC)
    assert summer_event.decoded("DTEND") == datetime(2030, 7, 2, 10, tzinfo=UTC)


def test_a_paris_start_is_kept_as_given() -> None:
    start = datetime(2030, 10, 27, 14, tzinfo=PARIS)  # the day clocks go back
    data = calendar_bytes("Ateliers", [event(starts_at=start, ends_at=start)])
    assert b"DTSTART;TZID=Europe/Paris:20301027T140000" in data
    assert vevents(data)[0].decoded("DTSTART") == start


def test_dtstamp_is_the_change_time_in_utc_so_reads_agree() -> None:
    first = calendar_bytes("Ateliers", [event()])
    second = calendar_bytes("Ateliers", [event()])
    assert first == second
    assert b"DTSTAMP:20300301T083000Z" in first


def test_a_cancelled_session_stays_in_the_feed_as_cancelled() -> None:
    data = calendar_bytes("Ateliers", [event(), event(session_id=8, cancelled=True)])
    statuses = {str(v["UID"]): str(v["STATUS"]) for v in vevents(data)}
    assert statuses == {
        "session-7@panda-finder": "CONFIRMED",
        "session-8@panda-finder": "CANCELLED",
    }


def test_events_keep_their_order_one_vevent_per_session() -> None:
    data = calendar_bytes("Ateliers", [event(session_id=n) for n in (3, 1, 2)])
    assert [str(v["UID"]) for v in vevents(data)] == [session_uid(n) for n in (3, 1, 2)]


def test_an_empty_feed_is_a_valid_calendar_with_its_zone() -> None:
    calendar = parsed(calendar_bytes("Aucun atelier", []))
    assert list(calendar.walk("VEVENT")) == []
    assert len(list(calendar.walk("VTIMEZONE"))) == 1


def test_empty_location_and_description_are_written_empty() -> None:
    (vevent,) = vevents(calendar_bytes("Ateliers", [event(location="", description="")]))
    assert (str(vevent["LOCATION"]), str(vevent["DESCRIPTION"])) == ("", "")
