"""data·inclusion's quality score of a service (`score_qualite`), by the hub's published rule.

The rule is the `score_qualite` module of the schema's own package (data-inclusion-schema
1.0.x, `data_inclusion.schema.v1.score_qualite`), which the hub runs on every service; a
structure's score is the mean of its services' (the hub's API documents it so), here the score
of its one service. Ten criteria, each 0 to 1, or None where it does not apply; the score is
the mean of the applicable ones, each rounded to 2 decimals, rounded to 2 decimals.
tests/api/data_inclusion/test_score.py checks it against the package's own function.
"""

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

Record = Mapping[str, Any]

# The hub's durations, in days as it counts them (a month is 30 days, a year 365).
SIX_MONTHS_DAYS = 180
TWO_YEARS_DAYS = 730
# Sources whose dates the hub does not judge.
UNDATED_SOURCES = ("agefiph", "france-travail")


def _has(record: Record, field: str, value: str) -> bool:
    return value in (record.get(field) or ())


def adresse_bien_definie(record: Record, today: date) -> float | None:
    """An address, where the service is met in person."""
    if _has(record, "modes_accueil", "en-presentiel") or _has(
        record, "modes_mobilisation", "se-presenter"
    ):
        return 1.0 if record.get("adresse") else 0.0
    return None


def modes_mobilisation_bien_definis(record: Record, today: date) -> float:
    """How to ask for the service, and who may: half each."""
    given = (
        record.get("modes_mobilisation") is not None,
        record.get("mobilisable_par") is not None,
    )
    return {(False, False): 0.0, (True, True): 1.0}.get(given, 0.5)


def au_moins_un_public(record: Record, today: date) -> float:
    """At least one public."""
    return 1.0 if record.get("publics") else 0.0


def au_moins_une_thematique(record: Record, today: date) -> float:
    """At least one thematique."""
    return 1.0 if record.get("thematiques") else 0.0


def au_moins_un_moyen_de_contact(record: Record, today: date) -> float:
    """An e-mail address, a link to ask for the service or a phone number."""
    fields = ("courriel", "lien_mobilisation", "telephone")
    return 1.0 if any(record.get(field) for field in fields) else 0.0


def courriel_bien_defini(record: Record, today: date) -> float | None:
    """An e-mail address, where one asks for the service by e-mail."""
    if _has(record, "modes_mobilisation", "envoyer-un-courriel"):
        return 1.0 if record.get("courriel") else 0.0
    return None


def date_maj_recente(record: Record, today: date) -> float | None:
    """1 under six months, 0 from two years, linear in between (exactly six months: 0)."""
    if record.get("source") in UNDATED_SOURCES:
        return None
    if record.get("date_maj") is None:
        return 0.0
    age = abs((today - date.fromisoformat(record["date_maj"])).days)
    if age < SIX_MONTHS_DAYS:
        return 1.0
    if SIX_MONTHS_DAYS < age < TWO_YEARS_DAYS:
        return (TWO_YEARS_DAYS - age) / (TWO_YEARS_DAYS - SIX_MONTHS_DAYS)
    return 0.0


def frais_bien_definis(record: Record, today: date) -> float:
    """Fees stated; paid ones with their details."""
    frais = record.get("frais")
    if frais is None:
        return 0.0
    if frais == "payant":
        return 1.0 if record.get("frais_precisions") else 0.5
    return 1.0


def description_bien_definie(record: Record, today: date) -> float:
    """200 to 1,999 characters: 1; 50 to 199 or 2,000 to 10,000: 0.5; shorter: 0."""
    length = len(record["description"])
    if not 1 <= length <= 10_000:
        raise ValueError(f"a description of {length} characters is outside the schema")
    if length < 50:
        return 0.0
    return 1.0 if 200 <= length < 2000 else 0.5


def telephone_bien_defini(record: Record, today: date) -> float | None:
    """A phone number, where one asks for the service by phone."""
    if _has(record, "modes_mobilisation", "telephoner"):
        return 1.0 if record.get("telephone") else 0.0
    return None


Criterion = Callable[[Record, date], float | None]

# In the hub's order: the mean adds them up in this order, to the same last bit.
CRITERIA: tuple[Criterion, ...] = (
    adresse_bien_definie,
    modes_mobilisation_bien_definis,
    au_moins_un_public,
    au_moins_une_thematique,
    au_moins_un_moyen_de_contact,
    courriel_bien_defini,
    date_maj_recente,
    frais_bien_definis,
    description_bien_definie,
    telephone_bien_defini,
)


def score(service: Record, today: date) -> tuple[float, dict[str, float | None]]:
    """The service's score on `today` (Paris), and each criterion's value (None: not applied)."""
    results = {criterion.__name__: criterion(service, today) for criterion in CRITERIA}
    applied = [round(value, 2) for value in results.values() if value is not None]
    return round(sum(applied) / len(applied), 2), results
