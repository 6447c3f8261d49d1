"""Workshop notices (api/workshops/notices.py) queued by the workshop writes in their own
transaction: one per person concerned and event, never twice, never to someone who cancelled."""

from datetime import UTC, datetime, timedelta

import orjson
from sqlmodel import Session, col, select

from api.outbox.subscriptions import SubscriptionCreate, create
from api.workshops.bookings import cancel
from api.workshops.writes import update_session, update_workshop
from models.outbox import Event, OutboxMessage
from models.registration import Registration, RegistrationStatus
from models.workshop import SessionStatus, SessionUpdate, WorkshopUpdate
from tests.api.workshops.conftest import ADMIN, CHENOVE, GRESILLES, Store

SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)


def subscribe(session: Session) -> None:
    events = [Event.SMS_REQUESTED, Event.SESSION_CHANGED, Event.REGISTRATION_CHANGED]
    create(session, SubscriptionCreate(url="https://sms.example.org/", events=events), "test")


def sms(session: Session) -> list[dict[str, str]]:
    """The data of every queued `sms.requested` call, in order."""
    query = select(OutboxMessage).where(OutboxMessage.event == "sms.requested")
    rows = session.exec(query.order_by(col(OutboxMessage.id))).all()
    return [orjson.loads(row.body)["data"] for row in rows if row.body]


def events(session: Session, event: str) -> list[dict[str, object]]:
    rows = session.exec(select(OutboxMessage).where(OutboxMessage.event == event)).all()
    return [orjson.loads(row.body or "")["data"] for row in rows]


def full_session(store: Store, registered: int = 10, waiting: int = 3):  # type: ignore[no-untyped-def]
    owner = store.workshop(title="Je recherche, je me connecte")
    stored = store.at(owner, SOON, capacity=registered)
    for n in range(registered):
        store.registration(stored, first_name=f"Inscrit{n}")
    for n in range(waiting):
        store.registration(
            stored, status=RegistrationStatus.WAITING, waiting_position=n + 1, first_name=f"A{n}"
        )
    return owner, stored


def test_cancelling_a_session_of_10_registered_and_3_waiting_queues_13_notices(
    store: Store,
) -> None:
    subscribe(store.session)
    _owner, stored = full_session(store)
    body = SessionUpdate(status=SessionStatus.CANCELLED, cancel_reason="Animatrice absente")
    update_session(store.session, stored.id or 0, body, ADMIN)
    again = SessionUpdate(status=SessionStatus.CANCELLED)
    update_session(store.session, stored.id or 0, again, ADMIN)  # no change: nothing more
    texts = sms(store.session)
    assert len(texts) == 13
    assert {t["to"] for t in texts} == {"+33612345678"}
    assert all(t["kind"] == "session.cancelled" for t in texts)
    assert all(
        t["text"].startswith("Séance annulée : Je recherche, je me connecte\n") for t in texts
    )
    assert all(
        "PANDA Grésilles" in t["text"] and "Motif : Animatrice absente" in t["text"] for t in texts
    )
    [changed] = events(store.session, "session.changed")
    assert changed["change"] == "session.cancelled" and "+336" not in orjson.dumps(changed).decode()


def test_moving_a_session_tells_everyone_concerned_once_but_not_who_cancelled(
    store: Store,
) -> None:
    subscribe(store.session)
    _owner, stored = full_session(store, registered=2, waiting=0)
    store.registration(stored, status=RegistrationStatus.CANCELLED, first_name="Parti")
    later = SOON + timedelta(days=1)
    update_session(
        store.session,
        stored.id or 0,
        SessionUpdate(starts_at=later, ends_at=later + timedelta(hours=2)),
        ADMIN,
    )
    texts = sms(store.session)
    assert len(texts) == 2  # the two seats held; not the one given up
    assert all(t["text"].startswith("Séance déplacée : Je recherche") for t in texts)
    assert all("(au lieu de" in t["text"] for t in texts)


def test_a_workshop_moved_to_another_place_tells_its_coming_sessions(store: Store) -> None:
    subscribe(store.session)
    owner, _stored = full_session(store, registered=2, waiting=1)
    past = store.at(owner, datetime.now(UTC) - timedelta(days=3))
    store.registration(past)
    update_workshop(store.session, owner, WorkshopUpdate(venue_id=store.place(CHENOVE)), ADMIN)
    texts = sms(store.session)
    assert len(texts) == 3
    assert all("Nouveau lieu : MJC Chenove" in t["text"] for t in texts)  # GSM: ô → o
    assert GRESILLES not in texts[0]["text"]


def test_a_seat_freed_promotes_and_tells_the_first_waiting_and_forgets_the_leaver(
    store: Store,
) -> None:
    subscribe(store.session)
    _owner, stored = full_session(store, registered=2, waiting=2)
    first = store.session.exec(select(OutboxMessage)).all()
    assert first == []
    body = SessionUpdate(starts_at=SOON + timedelta(hours=1), ends_at=SOON + timedelta(hours=3))
    update_session(store.session, stored.id or 0, body, ADMIN)  # 4 notices queued
    query = select(OutboxMessage).where(OutboxMessage.event == "sms.requested")
    leaver = store.session.exec(query.order_by(col(OutboxMessage.id))).first()
    assert leaver is not None
    registration_id = int(leaver.dedupe_key.split(":registration:")[1].split("|")[0])
    _cancelled, promoted = cancel(store.session, registration_id, ADMIN)
    rows = store.session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
    withdrawn = [r for r in rows if r.state == "dead"]
    assert [p.id for p in promoted] != [] and len(promoted) == 1
    assert [(r.last_error, r.body) for r in withdrawn] == [
        ("inscription annulée avant l'envoi", None)
    ]
    told = [t for t in sms(store.session) if t["kind"] == "registration.promoted"]
    assert len(told) == 1 and told[0]["text"].startswith("Place libérée, vous voilà inscrit(e)")
    [changed] = events(store.session, "registration.changed")
    assert changed == {
        "change": "registration.promoted",
        "registration_id": promoted[0].id,
        "session_id": stored.id,
        "status": "registered",
    }


def test_a_person_who_gave_an_address_is_told_by_email_too(store: Store) -> None:
    subscribe(store.session)
    _owner, stored = full_session(store, registered=1, waiting=0)
    person = store.session.exec(select(Registration)).one()
    person.email = "nadia@exemple.fr"
    store.session.add(person)
    store.session.commit()
    body = SessionUpdate(status=SessionStatus.CANCELLED, cancel_reason="Travaux")
    update_session(store.session, stored.id or 0, body, ADMIN)
    [mail] = store.session.exec(select(OutboxMessage).where(OutboxMessage.channel == "email")).all()
    assert (mail.recipient, mail.subject, mail.kind) == (
        "nadia@exemple.fr",
        "Séance annulée : Je recherche, je me connecte",
        "session.cancelled",
    )
    assert "Motif : Travaux" in (mail.body or "") and "PANDA Grésilles" in (mail.body or "")
    assert len(sms(store.session)) == 1
