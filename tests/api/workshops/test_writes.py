"""Writing workshops and sessions (api/workshops/writes.py), as services on a seeded database:
places checked, managers only, a series expanded on Paris wall time, capacity never below the
seats held, a cancellation needs its reason, warnings outside the venue's hours, every change
audited; and the hours check on its own."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, func, select

from api.http.errors import AppError, Conflict, InvalidBody, NotFound
from api.stewards.links import StewardWrongPlace
from api.workshops.access import Actor
from api.workshops.queries import seat_counts
from api.workshops.seat_queue import waiting_list
from api.workshops.writes import (
    add_sessions,
    create_workshop,
    load_session_for_write,
    outside_hours,
    place,
    record,
    update_session,
    update_workshop,
    workshop,
)
from models.registration import RegistrationStatus
from models.workshop import (
    SessionCreate,
    SessionStatus,
    SessionUpdate,
    Workshop,
    WorkshopCreate,
    WorkshopSession,
    WorkshopUpdate,
)
from models.workshop_audit import WorkshopAuditEntry
from tests.api.workshops.conftest import ADMIN, CHENOVE, COUNSELLOR, GRESILLES, Store, paris

GRESILLES_HOURS = (
    "Mo-Tu 09:00-12:00,14:00-18:00; We 10:00-12:00,14:00-18:00; "
    "Th 09:00-12:00,14:00-18:00; Fr-Sa 09:00-12:00,14:00-17:00"
)
OUTSIDE = "est en dehors des horaires d'ouverture du lieu (enregistrée quand même)"


def _audit(store: Store) -> list[tuple[str, int | None, str]]:
    rows = store.session.exec(select(WorkshopAuditEntry).order_by(col(WorkshopAuditEntry.id)))
    return [(e.action, e.session_id, e.actor) for e in rows]


def _count(store: Store, model: Any) -> int:
    return int(store.session.exec(select(func.count()).select_from(model)).one())


def _new(store: Store, organiser: str = GRESILLES, venue: str = GRESILLES) -> WorkshopCreate:
    return WorkshopCreate(
        title="Je recherche, je me connecte",
        organiser_id=store.place(organiser),
        venue_id=store.place(venue),
        capacity=8,
    )


def _times(start: datetime, hours: int = 2, **fields: Any) -> SessionCreate:
    return SessionCreate(starts_at=start, ends_at=start + timedelta(hours=hours), **fields)


def test_place_and_workshop_name_what_is_missing(store: Store) -> None:
    assert place(store.session, store.place(CHENOVE), "venue_id").name == "MJC Chenôve"
    with pytest.raises(InvalidBody) as unknown:
        place(store.session, 999_999, "organiser_id")
    assert unknown.value.detail == "organiser_id: aucun lieu n'a l'identifiant 999999"
    with pytest.raises(NotFound) as missing:
        workshop(store.session, 999_999)
    assert missing.value.detail == "aucun atelier n'a l'identifiant 999999"


def test_an_audit_entry_names_the_actor_cut_to_100_characters(store: Store) -> None:
    owner = store.workshop()
    long_named = Actor(name="x" * 150, key_id=4, admin=True)
    record(store.session, owner.id or 0, long_named, "update", {"a": 1}, session_id=3)
    store.session.commit()
    [entry] = store.session.exec(select(WorkshopAuditEntry)).all()
    assert (entry.workshop_id, entry.session_id, entry.action, entry.changes) == (
        owner.id,
        3,
        "update",
        {"a": 1},
    )
    assert entry.actor == ("key:4:" + "x" * 150)[:100]


def test_an_admin_creates_a_workshop_audited_field_by_field(store: Store) -> None:
    stored = create_workshop(store.session, _new(store), ADMIN)
    assert (stored.id, stored.capacity, stored.venue_id) == (1, 8, store.place(GRESILLES))
    [entry] = store.session.exec(select(WorkshopAuditEntry)).all()
    assert (entry.action, entry.actor, entry.session_id) == ("create", "key:1:admin-test", None)
    assert entry.changes["title"] == {"before": None, "after": "Je recherche, je me connecte"}
    assert entry.changes["capacity"] == {"before": None, "after": 8}
    # Fields left at None are not changes.
    assert "description" not in entry.changes


def test_the_organisers_steward_creates_another_places_is_refused(store: Store) -> None:
    mine = create_workshop(store.session, _new(store, venue=CHENOVE), store.steward(GRESILLES))
    assert mine.organiser_id == store.place(GRESILLES)
    # Stewarding the venue is not enough: the organiser manages the workshop.
    with pytest.raises(StewardWrongPlace):
        create_workshop(
            store.session, _new(store, organiser=GRESILLES, venue=CHENOVE), store.steward(CHENOVE)
        )
    with pytest.raises(StewardWrongPlace):
        create_workshop(store.session, _new(store, CHENOVE, CHENOVE), store.steward(GRESILLES))
    store.session.rollback()
    assert (_count(store, Workshop), len(_audit(store))) == (1, 1)


def test_a_workshop_at_an_unknown_place_is_refused_naming_the_field(store: Store) -> None:
    body = _new(store)
    body.venue_id = 999_999
    with pytest.raises(InvalidBody) as refused:
        create_workshop(store.session, body, ADMIN)
    assert refused.value.detail == "venue_id: aucun lieu n'a l'identifiant 999999"
    assert _count(store, Workshop) == 0


def test_an_update_audits_only_what_changed(store: Store) -> None:
    stored = store.workshop(capacity=10)
    before = stored.updated_at
    changed = update_workshop(
        store.session, stored, WorkshopUpdate(title="Mes démarches en ligne", capacity=10), ADMIN
    )
    assert (changed.title, changed.capacity) == ("Mes démarches en ligne", 10)
    assert changed.updated_at > before
    [entry] = store.session.exec(select(WorkshopAuditEntry)).all()
    assert (entry.action, entry.changes) == (
        "update",
        {"title": {"before": "Je recherche, je me connecte", "after": "Mes démarches en ligne"}},
    )


def test_an_update_that_changes_nothing_is_not_written(store: Store) -> None:
    stored = store.workshop(capacity=10)
    before = stored.updated_at
    same = update_workshop(store.session, stored, WorkshopUpdate(capacity=10), ADMIN)
    assert (same.updated_at, _audit(store)) == (before, [])


def test_only_managers_update_a_workshop(store: Store) -> None:
    stored = store.workshop(GRESILLES)
    with pytest.raises(StewardWrongPlace):
        update_workshop(
            store.session, stored, WorkshopUpdate(title="Autre"), store.steward(CHENOVE)
        )
    store.session.rollback()
    assert workshop(store.session, stored.id or 0).title == "Je recherche, je me connecte"
    by_steward = update_workshop(
        store.session, stored, WorkshopUpdate(title="Autre"), store.steward(GRESILLES)
    )
    assert by_steward.title == "Autre"
    assert _audit(store) == [("update", None, "steward:Camille Martin")]


def test_a_session_takes_the_workshops_capacity_unless_given(store: Store) -> None:
    owner = store.workshop(capacity=7)
    [default], _ = add_sessions(store.session, owner, _times(paris(2030, 3, 19, 10)), ADMIN)
    [given], _ = add_sessions(
        store.session, owner, _times(paris(2030, 3, 26, 10), capacity=3), ADMIN
    )
    assert (default.capacity, given.capacity) == (7, 3)
    assert default.starts_at == datetime(2030, 3, 19, 9, tzinfo=UTC)
    assert (default.status, default.rrule) == (SessionStatus.SCHEDULED, None)


def test_naive_times_are_paris_time(store: Store) -> None:
    body = SessionCreate(starts_at=datetime(2030, 7, 2, 10), ends_at=datetime(2030, 7, 2, 12))
    [stored], _ = add_sessions(store.session, store.workshop(), body, ADMIN)
    assert (stored.starts_at, stored.ends_at) == (
        datetime(2030, 7, 2, 8, tzinfo=UTC),
        datetime(2030, 7, 2, 10, tzinfo=UTC),
    )


def test_a_series_stays_at_10_in_paris_across_the_clock_change(store: Store) -> None:
    body = _times(paris(2030, 3, 19, 10), rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=4")
    created, warnings = add_sessions(store.session, store.workshop(), body, ADMIN)
    assert [s.starts_at for s in created] == [
        datetime(2030, 3, 19, 9, tzinfo=UTC),
        datetime(2030, 3, 26, 9, tzinfo=UTC),
        datetime(2030, 4, 2, 8, tzinfo=UTC),  # summer time from 31 March
        datetime(2030, 4, 9, 8, tzinfo=UTC),
    ]
    assert {s.ends_at - s.starts_at for s in created} == {timedelta(hours=2)}
    assert {s.rrule for s in created} == {"FREQ=WEEKLY;BYDAY=TU;COUNT=4"}
    assert warnings == []
    assert [(action, sid) for action, sid, _ in _audit(store)] == [
        ("create", s.id) for s in created
    ]


@pytest.mark.parametrize(
    ("rule", "detail"),
    [
        ("FREQ=WEEKLY", "rrule : la règle RRULE doit finir"),
        ("FREQ=DAILY;COUNT=201", "rrule : la règle RRULE donne plus de 200 séances"),
        ("FREQ=SOMETIMES;COUNT=2", "rrule : règle RRULE illisible"),
    ],
)
def test_a_bad_series_is_refused_and_nothing_stored(store: Store, rule: str, detail: str) -> None:
    with pytest.raises(InvalidBody) as refused:
        add_sessions(
            store.session, store.workshop(), _times(paris(2030, 3, 19, 10), rrule=rule), ADMIN
        )
    assert refused.value.detail.startswith(detail)
    store.session.rollback()
    assert _count(store, WorkshopSession) == 0


def test_only_managers_add_sessions(store: Store) -> None:
    owner = store.workshop(GRESILLES)
    with pytest.raises(StewardWrongPlace):
        add_sessions(store.session, owner, _times(paris(2030, 3, 19, 10)), store.steward(CHENOVE))
    store.session.rollback()
    assert _count(store, WorkshopSession) == 0


def test_sessions_outside_the_venues_hours_are_stored_with_a_warning_each(store: Store) -> None:
    # PANDA Grésilles: Tuesdays 09:00-12:00 and 14:00-18:00.
    body = _times(paris(2030, 3, 19, 11), rrule="FREQ=WEEKLY;BYDAY=TU,SU;COUNT=3")
    created, warnings = add_sessions(store.session, store.workshop(GRESILLES), body, ADMIN)
    assert len(created) == 3
    assert warnings == [
        f"la séance du 19/03/2030 11:00 {OUTSIDE}",
        f"la séance du 24/03/2030 11:00 {OUTSIDE}",
        f"la séance du 26/03/2030 11:00 {OUTSIDE}",
    ]


def test_a_venue_without_hours_gives_no_warning(store: Store) -> None:
    body = _times(paris(2030, 3, 24, 22))  # a Sunday night
    _created, warnings = add_sessions(store.session, store.workshop(CHENOVE), body, ADMIN)
    assert warnings == []


@pytest.mark.parametrize(
    ("begins", "ends", "warned"),
    [
        (paris(2030, 3, 19, 10), paris(2030, 3, 19, 12), False),  # within the morning
        (paris(2030, 3, 19, 9), paris(2030, 3, 19, 12), False),  # exactly the morning
        (paris(2030, 3, 19, 11), paris(2030, 3, 19, 13), True),  # past the noon closing
        (paris(2030, 3, 19, 12, 30), paris(2030, 3, 19, 13, 30), True),  # over lunch
        (paris(2030, 3, 24, 10), paris(2030, 3, 24, 12), True),  # a Sunday
        # 1 May: the hours say nothing of holidays, so no opinion rather than a false alarm.
        (paris(2030, 5, 1, 10), paris(2030, 5, 1, 12), False),
    ],
)
def test_outside_hours(begins: datetime, ends: datetime, warned: bool) -> None:
    assert bool(outside_hours(GRESILLES_HOURS, [(begins, ends)])) is warned


def test_outside_hours_without_hours_has_no_opinion() -> None:
    sunday = [(paris(2030, 3, 24, 10), paris(2030, 3, 24, 12))]
    assert outside_hours(None, sunday) == outside_hours("", sunday) == []


def test_load_session_for_write_finds_it_or_says_not_found(store: Store) -> None:
    stored = store.at(store.workshop(), paris(2030, 3, 19, 10))
    assert load_session_for_write(store.session, stored.id or 0).id == stored.id
    with pytest.raises(NotFound) as missing:
        load_session_for_write(store.session, 999_999)
    assert missing.value.detail == "aucune séance n'a l'identifiant 999999"


def test_moving_a_start_keeps_the_end_and_audits_the_start_only(store: Store) -> None:
    stored = store.at(store.workshop(CHENOVE), paris(2030, 3, 19, 10))  # until 12:00
    body = SessionUpdate(starts_at=datetime(2030, 3, 19, 11))  # naive: Paris time
    moved, warnings = update_session(store.session, stored.id or 0, body, ADMIN)
    assert (moved.starts_at, moved.ends_at, warnings) == (
        datetime(2030, 3, 19, 10, tzinfo=UTC),
        datetime(2030, 3, 19, 11, tzinfo=UTC),
        [],
    )
    [entry] = store.session.exec(select(WorkshopAuditEntry)).all()
    assert (entry.action, entry.session_id, entry.changes) == (
        "update",
        stored.id,
        {
            "starts_at": {
                "before": "2030-03-19T09:00:00+00:00",
                "after": "2030-03-19T10:00:00+00:00",
            }
        },
    )


def test_a_session_ending_before_it_starts_is_refused(store: Store) -> None:
    stored = store.at(store.workshop(), paris(2030, 3, 19, 10))  # until 12:00
    with pytest.raises(InvalidBody) as refused:
        update_session(
            store.session, stored.id or 0, SessionUpdate(starts_at=paris(2030, 3, 19, 12)), ADMIN
        )
    assert refused.value.detail == "la séance doit finir après son début (ends_at après starts_at)"


def test_capacity_never_below_the_seats_held(store: Store) -> None:
    stored = store.at(store.workshop(), paris(2030, 3, 19, 10), capacity=5)
    for _ in range(3):
        store.registration(stored)
    store.registration(stored, RegistrationStatus.CANCELLED)
    with pytest.raises(Conflict) as refused:
        update_session(store.session, stored.id or 0, SessionUpdate(capacity=2), ADMIN)
    assert refused.value.extra == {"registered": 3}
    assert refused.value.detail.startswith("capacité 2 inférieure aux 3 inscrits de la séance")
    store.session.rollback()
    # Down to exactly the seats held is fine.
    lowered, _ = update_session(store.session, stored.id or 0, SessionUpdate(capacity=3), ADMIN)
    assert lowered.capacity == 3


def test_more_seats_go_to_those_waiting_in_order(store: Store) -> None:
    stored = store.at(store.workshop(), paris(2030, 3, 19, 10), capacity=1)
    store.registration(stored, first_name="A")
    for position, name in enumerate(["B", "C", "D"], start=1):
        store.registration(
            stored, RegistrationStatus.WAITING, waiting_position=position, first_name=name
        )
    update_session(store.session, stored.id or 0, SessionUpdate(capacity=3), ADMIN)
    assert [
        (r.first_name, r.waiting_position) for r in waiting_list(store.session, stored.id or 0)
    ] == [("D", 1)]


def test_a_cancellation_needs_a_reason_once(store: Store) -> None:
    stored = store.at(store.workshop(), paris(2030, 3, 19, 10))
    cancelling = SessionUpdate(status=SessionStatus.CANCELLED)
    with pytest.raises(InvalidBody) as refused:
        update_session(store.session, stored.id or 0, cancelling, ADMIN)
    assert refused.value.detail.startswith("cancel_reason : donnez la raison")
    store.session.rollback()
    with_reason = SessionUpdate(status=SessionStatus.CANCELLED, cancel_reason="Animatrice absente")
    cancelled, _ = update_session(store.session, stored.id or 0, with_reason, ADMIN)
    assert (cancelled.status, cancelled.cancel_reason) == (
        SessionStatus.CANCELLED,
        "Animatrice absente",
    )
    # Scheduled again, then cancelled again: the reason stored still stands.
    update_session(
        store.session, stored.id or 0, SessionUpdate(status=SessionStatus.SCHEDULED), ADMIN
    )
    again, _ = update_session(store.session, stored.id or 0, cancelling, ADMIN)
    assert again.status == SessionStatus.CANCELLED
    assert [action for action, _, _ in _audit(store)] == ["cancel", "update", "cancel"]


def test_a_cancelled_session_promotes_no_one_when_it_gains_seats(store: Store) -> None:
    stored = store.cancelled(store.workshop(), paris(2030, 3, 19, 10))
    store.registration(stored, RegistrationStatus.WAITING, waiting_position=1)
    update_session(store.session, stored.id or 0, SessionUpdate(capacity=20), ADMIN)
    counts = seat_counts(store.session, [stored.id or 0])[stored.id or 0]
    assert (counts.registered, counts.waiting) == (0, 1)


def test_an_update_that_changes_nothing_is_not_audited(store: Store) -> None:
    stored = store.at(store.workshop(), paris(2030, 3, 19, 10), capacity=10)
    before = stored.updated_at
    same, _ = update_session(store.session, stored.id or 0, SessionUpdate(capacity=10), ADMIN)
    assert (same.updated_at, _audit(store)) == (before, [])


def test_only_managers_update_a_session(store: Store) -> None:
    stored = store.at(store.workshop(GRESILLES), paris(2030, 3, 19, 10), capacity=10)
    for actor in (COUNSELLOR, store.steward(CHENOVE)):
        with pytest.raises(AppError) as refused:
            update_session(store.session, stored.id or 0, SessionUpdate(capacity=12), actor)
        assert refused.value.status_code == 403
        store.session.rollback()
    store.session.refresh(stored)
    assert stored.capacity == 10
    changed, _ = update_session(
        store.session, stored.id or 0, SessionUpdate(capacity=12), store.steward(GRESILLES)
    )
    assert changed.capacity == 12


def test_an_update_warns_when_the_new_times_are_outside_the_venues_hours(store: Store) -> None:
    stored = store.at(store.workshop(GRESILLES), paris(2030, 3, 19, 10))
    moved = SessionUpdate(starts_at=paris(2030, 3, 19, 12, 30), ends_at=paris(2030, 3, 19, 13, 30))
    _stored, warnings = update_session(store.session, stored.id or 0, moved, ADMIN)
    assert warnings == [f"la séance du 19/03/2030 12:30 {OUTSIDE}"]


def test_updating_an_unknown_session_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        update_session(store.session, 999_999, SessionUpdate(capacity=3), ADMIN)
