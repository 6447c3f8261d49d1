"""Series of sessions written as an RFC 5545 RRULE, expanded in Paris wall-clock time."""

from datetime import datetime, timedelta
from itertools import islice

from dateutil.rrule import rrulestr

from models.opening_hours import PARIS

MAX_OCCURRENCES = 200


class InvalidRecurrence(ValueError):
    """An RRULE that cannot be read, never ends or gives too many sessions; French message."""


def expand(
    rule: str, first_start: datetime, duration: timedelta
) -> list[tuple[datetime, datetime]]:
    """Start and end of every occurrence, first included, as aware Paris times.

    Expanded on naive Paris wall time so that « every Tuesday 10:00 » stays 10:00 across the
    clock changes; InvalidRecurrence past MAX_OCCURRENCES or when the rule is malformed.
    """
    text = rule.strip().removeprefix("RRULE:")
    if "COUNT=" not in text.upper() and "UNTIL=" not in text.upper():
        raise InvalidRecurrence("la règle RRULE doit finir : ajoutez COUNT=… ou UNTIL=…")
    start = first_start.astimezone(PARIS).replace(tzinfo=None)
    try:
        recurrence = rrulestr(text, dtstart=start, forceset=True, ignoretz=True)
        starts = list(islice(recurrence, MAX_OCCURRENCES + 1))
    except (ValueError, TypeError, OverflowError) as exc:
        raise InvalidRecurrence(
            f"règle RRULE illisible ({text[:80]!r}) : "
            "écrivez par exemple FREQ=WEEKLY;BYDAY=TU;COUNT=6"
        ) from exc
    if len(starts) > MAX_OCCURRENCES:
        raise InvalidRecurrence(
            f"la règle RRULE donne plus de {MAX_OCCURRENCES} séances : réduisez COUNT ou UNTIL"
        )
    if not starts:
        raise InvalidRecurrence("la règle RRULE ne donne aucune séance")
    occurrences = []
    for naive in starts:
        begins = naive.replace(tzinfo=PARIS)
        occurrences.append((begins, (naive + duration).replace(tzinfo=PARIS)))
    return occurrences
