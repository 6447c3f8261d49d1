"""The notices of a changed session (models/workshop_notice.py): French, GSM 03.38, two SMS at
most, naming the workshop, the day, the time and the place."""

from datetime import datetime

import pytest

from models import gsm7
from models.opening_hours import PARIS
from models.workshop_notice import Notice, NoticeKind, notice_email, notice_sms

STARTS = datetime(2027, 3, 16, 10, 0, tzinfo=PARIS)
ENDS = datetime(2027, 3, 16, 12, 0, tzinfo=PARIS)


def notice(kind: NoticeKind, **overrides: str) -> Notice:
    fields = {
        "title": "Je recherche, je me connecte",
        "place_name": "PANDA Grésilles",
        "address": "14 rue Camille Claudel, 21000 Dijon",
        "detail": None,
    } | overrides
    return Notice(kind=kind, starts_at=STARTS, ends_at=ENDS, **fields)  # type: ignore[arg-type]


def test_notice_sms_of_a_cancellation_names_workshop_day_time_place_and_reason() -> None:
    text = notice_sms(notice(NoticeKind.CANCELLED, detail="animatrice malade"))
    assert text == (
        "Séance annulée : Je recherche, je me connecte\n"
        "mardi 16/03/2027 10:00-12:00\n"
        "PANDA Grésilles, 14 rue Camille Claudel, 21000 Dijon\n"
        "Motif : animatrice malade"
    )


@pytest.mark.parametrize(
    ("kind", "first", "detail", "expected"),
    [
        (NoticeKind.MOVED, "Séance déplacée", "lundi 15/03/2027 14:00-16:00",
         "(au lieu de lundi 15/03/2027 14:00-16:00)"),
        (NoticeKind.VENUE_CHANGED, "Changement de lieu", None, "Nouveau lieu : PANDA Grésilles"),
        (NoticeKind.PROMOTED, "Place libérée, vous voilà inscrit(e)", None, "mardi 16/03/2027"),
    ],
)  # fmt: skip
def test_notice_sms_says_what_changed(
    kind: NoticeKind, first: str, detail: str | None, expected: str
) -> None:
    text = notice_sms(notice(kind, **({"detail": detail} if detail else {})))
    assert text.startswith(f"{first} : Je recherche, je me connecte\n")
    assert expected in text and "10:00-12:00" in text


def test_notice_sms_stays_within_two_gsm_sms_shortening_the_title_first() -> None:
    long = notice(
        NoticeKind.CANCELLED,
        title="Atelier « Découvrir les démarches en ligne » – œuvres sociales " * 4,
        detail="l'animatrice est absente toute la semaine pour une formation " * 3,
    )
    text = notice_sms(long)
    assert gsm7.is_gsm7(text) and gsm7.segments(text) <= 2
    assert "mardi 16/03/2027 10:00-12:00" in text
    assert "PANDA Grésilles, 14 rue Camille Claudel, 21000 Dijon" in text
    assert text.startswith('Séance annulée : Atelier " Dé...\nmardi')


def test_notice_email_says_the_same_in_full() -> None:
    subject, body = notice_email(notice(NoticeKind.CANCELLED, detail="travaux"))
    assert subject == "Séance annulée : Je recherche, je me connecte"
    assert body.startswith("Bonjour,\n\nSéance annulée : Je recherche, je me connecte\n")
    assert "mardi 16/03/2027 10:00-12:00\n" in body and "Motif : travaux\n" in body
