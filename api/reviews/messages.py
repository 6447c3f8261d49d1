"""The e-mails of the review pass, in French: a steward's reminder, the city team's list."""

from datetime import date

from models.access_point import AccessPointPublic
from models.review import is_overdue, period_label

SIGNATURE = "— PANDA finder, Dijon Métropole"


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "une date inconnue"


def reminder(place: AccessPointPublic, steward_name: str, url: str, today: date) -> tuple[str, str]:
    """A steward's reminder: subject and text, with their page's address."""
    if is_overdue(place.review_overdue_on, today):
        after = (
            "Le délai est dépassé : l'équipe de la Métropole en est avertie et le lieu est "
            "affiché « non vérifié » jusqu'à votre confirmation."
        )
    else:
        after = (
            f"Sans vérification d'ici le {_day(place.review_overdue_on)}, l'équipe de la "
            "Métropole en sera avertie et le lieu sera affiché « non vérifié »."
        )
    subject = f"À vérifier : les informations de {place.name}"
    text = "\n".join(
        [
            f"Bonjour {steward_name},",
            "",
            f"Les informations de « {place.name} » ({place.address}, {place.postcode} "
            f"{place.commune}) datent du {_day(place.facts_date)}. Elles sont à vérifier "
            f"{period_label(place.review_period_months)} : pouvez-vous les relire ?",
            "",
            "Corrigez-les, ou confirmez qu'elles sont à jour (bouton « Ces informations sont à "
            "jour »), sur votre page :",
            url,
            "",
            "Ce lien vous est personnel : ne le transférez pas. Il ouvre la même page que votre "
            "lien d'intendance.",
            after,
            "",
            SIGNATURE,
        ]
    )
    return subject, text


def overdue_digest(places: list[AccessPointPublic], base_url: str) -> tuple[str, str]:
    """The city team's list of places nobody confirmed a month after they fell due."""
    count = len(places)
    subject = (
        "1 lieu non vérifié" if count == 1 else f"{count} lieux non vérifiés"
    ) + " depuis plus d'un mois après leur échéance"
    lines = [
        "Bonjour,",
        "",
        "Personne n'a confirmé les informations de ces lieux dans le mois qui a suivi leur "
        "échéance de vérification ; leurs fiches affichent désormais « non vérifié » :",
        "",
    ]
    for place in places:
        lines.append(
            f"- {place.name} ({place.commune}), informations du {_day(place.facts_date)}, "
            f"échéance le {_day(place.review_due_on)} : {base_url}/v1/access-points/{place.id}"
        )
    lines += ["", "La liste complète : panda review due, ou GET /v1/reviews/due.", "", SIGNATURE]
    return subject, "\n".join(lines)
