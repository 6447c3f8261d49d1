"""RRULE expansion (models/recurrence.py): Paris wall-clock times, bounded, French refusals."""

from datetime import datetime, timedelta

import pytest

from models.opening_hours import PARIS
from models.recurrence import MAX_OCCURRENCES, InvalidRecurrence, expand

FIRST = datetime(2030, 3, 19, 10, tzinfo=PARIS)
TWO_HOURS = timedelta(hours=2)


def test_expand_weekly_keeps_ten_oclock_across_the_clock_change() -> None:
    sessions = expand("FREQ=WEEKLY;BYDAY=TU;COUNT=3", FIRST, TWO_HOURS)
    assert [(s.isoformat(), e.isoformat()) for s, e in sessions] == [
        ("2030-03-19T10:00:00+01:00", "2030-03-19T12:00:00+01:00"),
        ("2030-03-26T10:00:00+01:00", "2030-03-26T12:00:00+01:00"),
        ("2030-04-02T10:00:00+02:00", "2030-04-02T12:00:00+02:00"),
    ]


def test_expand_until_and_prefix_accepted() -> None:
    sessions = expand("RRULE:FREQ=DAILY;UNTIL=20300321T235959", FIRST, TWO_HOURS)
    assert [s.day for s, _ in sessions] == [19, 20, 21]


def test_expand_accepts_exactly_the_maximum() -> None:
    assert len(expand(f"FREQ=DAILY;COUNT={MAX_OCCURRENCES}", FIRST, TWO_HOURS)) == 200


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=DAILY;COUNT=201", "la règle RRULE donne plus de 200 séances"),
        ("FREQ=WEEKLY;BYDAY=TU", "la règle RRULE doit finir : ajoutez COUNT=… ou UNTIL=…"),
        ("FREQ=SOMETIMES;COUNT=2", "règle RRULE illisible ('FREQ=SOMETIMES;COUNT=2')"),
        ("FREQ=DAILY;COUNT=0", "la règle RRULE ne donne aucune séance"),
    ],
)
def test_expand_refuses_in_french(rule: str, message: str) -> None:
    with pytest.raises(InvalidRecurrence) as caught:
        expand(rule, FIRST, TWO_HOURS)
    assert str(caught.value).startswith(message)
