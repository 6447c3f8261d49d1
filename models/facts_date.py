"""The date a place's facts were last stated, and when that date is too old to trust."""

from datetime import date
from typing import Literal

# "source": the source dated the row; "steward": a steward confirmed or changed it;
# "publication": neither, so the source's data set publication date stands in.
FactsDateBasis = Literal["source", "steward", "publication"]
DEFAULT_STALE_AFTER_DAYS = 365


def facts_date_of(
    source_updated_on: date | None, confirmed_on: date | None, published_on: date | None
) -> tuple[date | None, FactsDateBasis | None]:
    """The later of the source's and the steward's dates, else the publication date."""
    if confirmed_on is not None and (
        source_updated_on is None or confirmed_on >= source_updated_on
    ):
        # On the same day the steward's word is the later check: people of the place saw it.
        return confirmed_on, "steward"
    if source_updated_on is not None:
        return source_updated_on, "source"
    if published_on is not None:
        return published_on, "publication"
    return None, None


def is_stale(facts_date: date | None, today: date, stale_after_days: int) -> bool:
    """True when the facts are more than `stale_after_days` old, or of no known date."""
    return facts_date is None or (today - facts_date).days > stale_after_days


def freshness_label(facts_date: date | None, stale: bool) -> str | None:
    """What a reader is told of an old or undated place; None when its facts are recent."""
    if not stale:
        return None
    if facts_date is None:
        return "Date des informations inconnue — à vérifier"
    return f"Informations du {facts_date:%d/%m/%Y} — à vérifier"
