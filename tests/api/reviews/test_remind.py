"""The review pass: one reminder per reachable steward, none again the same day nor within 25
days, none once the steward confirmed; overdue places told once, the city team's list once."""

from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from api.reviews.remind import run_review
from api.settings import Settings
from api.stewards.links import verify
from models.access_point import AccessPoint
from models.outbox import OutboxMessage
from tests.api.reviews.conftest import NOW

SETTINGS = Settings(public_base_url="https://panda.example", review_city_email="ville@example.fr")


def emails(session: Session, kind: str) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(
        OutboxMessage.kind == kind, OutboxMessage.channel == "email"
    )
    return list(session.exec(query.order_by(col(OutboxMessage.id))))


def test_one_reminder_with_a_link_that_opens_the_stewards_page(
    engine: Engine, session: Session, places: dict[str, int]
) -> None:
    report = run_review(engine, SETTINGS, NOW)
    assert (report.due, report.reminded) == (3, 1)
    assert sorted(report.without_steward) == sorted(
        [places["Sans e-mail"], places["Sans intendant"]]
    )
    [mail] = emails(session, "review.reminder")
    assert (mail.recipient, mail.subject) == (
        "camille@example.fr",
        "À vérifier : les informations de Avec",
    )
    [url] = [line for line in (mail.body or "").splitlines() if "/intendance/" in line]
    assert url.startswith("https://panda.example/intendance/st_")
    link = verify(session, url.rsplit("/", 1)[-1], NOW)
    assert (link.access_point_id, link.steward_name) == (places["Avec"], "Camille Martin")


def test_a_second_pass_the_same_day_sends_nothing(
    engine: Engine, session: Session, places: dict[str, int]
) -> None:
    run_review(engine, SETTINGS, NOW)
    again = run_review(engine, SETTINGS, NOW + timedelta(hours=3))
    assert (again.reminded, again.overdue_told, again.digest_sent) == (0, [], False)
    assert len(emails(session, "review.reminder")) == 1


def test_no_second_reminder_within_25_days_then_one(
    engine: Engine, session: Session, places: dict[str, int]
) -> None:
    run_review(engine, SETTINGS, NOW)
    assert run_review(engine, SETTINGS, NOW + timedelta(days=24)).reminded == 0
    assert run_review(engine, SETTINGS, NOW + timedelta(days=25)).reminded == 1
    assert len(emails(session, "review.reminder")) == 2


def test_a_steward_who_confirms_stops_the_reminders(
    engine: Engine, session: Session, places: dict[str, int]
) -> None:
    run_review(engine, SETTINGS, NOW)
    place = session.get(AccessPoint, places["Avec"])
    assert place is not None
    place.confirmed_on = (NOW + timedelta(days=1)).date()
    session.add(place)
    session.commit()
    later = run_review(engine, SETTINGS, NOW + timedelta(days=30))
    assert later.reminded == 0
    assert places["Avec"] not in later.overdue_told


def test_overdue_places_are_told_once_and_the_city_gets_one_list(
    engine: Engine, session: Session, places: dict[str, int]
) -> None:
    overdue = NOW + timedelta(days=17)  # 2 October: a month past 1 September
    report = run_review(engine, SETTINGS, overdue)
    assert sorted(report.overdue_told) == sorted(places.values())
    assert report.digest_sent
    events = session.exec(select(OutboxMessage).where(OutboxMessage.event == "review.due")).all()
    assert len(events) == 3
    [digest] = emails(session, "review.due")
    assert (digest.recipient, digest.subject) == (
        "ville@example.fr",
        "3 lieux non vérifiés depuis plus d'un mois après leur échéance",
    )
    again = run_review(engine, SETTINGS, overdue + timedelta(days=1))
    assert (again.overdue_told, again.digest_sent) == ([], False)


def test_without_a_city_address_only_events_are_queued(
    engine: Engine, session: Session, places: dict[str, int]
) -> None:
    report = run_review(engine, Settings(), NOW + timedelta(days=17))
    assert len(report.overdue_told) == 3 and not report.digest_sent
    assert emails(session, "review.due") == []
