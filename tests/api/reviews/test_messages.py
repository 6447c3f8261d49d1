"""The review e-mails, in French, naming the place, its date and the link."""

from datetime import date

from api.reviews.messages import overdue_digest, reminder
from models.access_point import AccessPointPublic
from tests.conftest import make_access_point


def place(**fields: object) -> AccessPointPublic:
    created = make_access_point(source_updated_on=date(2026, 3, 1), **fields)
    return AccessPointPublic.model_validate(
        created.model_dump() | {"id": 7, "updated_at": "2026-03-01T00:00:00Z"}
    )


def test_reminder_names_the_place_its_date_and_the_link() -> None:
    subject, text = reminder(
        place(), "Camille", "https://panda.example/intendance/st_x", date(2026, 9, 2)
    )
    assert subject == "À vérifier : les informations de PANDA Grésilles"
    assert "Bonjour Camille," in text
    assert "datent du 01/03/2026" in text and "tous les 6 mois" in text
    assert "https://panda.example/intendance/st_x" in text.splitlines()
    assert "Sans vérification d'ici le 01/10/2026" in text


def test_reminder_once_overdue_says_the_city_knows() -> None:
    _subject, text = reminder(place(), "Camille", "u", date(2026, 10, 1))
    assert "Le délai est dépassé" in text


def test_digest_lists_each_place() -> None:
    subject, text = overdue_digest([place()], "https://panda.example")
    assert subject == "1 lieu non vérifié depuis plus d'un mois après leur échéance"
    assert "- PANDA Grésilles (Dijon), informations du 01/03/2026, échéance le 01/09/2026" in text
    assert "https://panda.example/v1/access-points/7" in text
