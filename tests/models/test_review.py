"""Review periods: the due day, the overdue day a month later, the card's words."""

from datetime import date

from models.review import (
    add_months,
    due_on,
    is_overdue,
    overdue_on,
    period_label,
    unverified_label,
)


def test_due_is_the_facts_date_plus_the_period() -> None:
    assert due_on(date(2022, 12, 30), 6) == date(2023, 6, 30)
    assert due_on(date(2024, 1, 31), 1) == date(2024, 2, 29)  # the month's last day
    assert due_on(date(2022, 12, 30), None) is None
    assert due_on(None, 6) is None


def test_overdue_a_month_after_due() -> None:
    assert overdue_on(date(2023, 6, 30)) == date(2023, 7, 30)
    assert overdue_on(None) is None
    assert not is_overdue(date(2023, 7, 30), date(2023, 7, 29))
    assert is_overdue(date(2023, 7, 30), date(2023, 7, 30))
    assert not is_overdue(None, date(2030, 1, 1))


def test_unverified_label_only_when_overdue() -> None:
    facts, overdue = date(2022, 12, 30), date(2023, 7, 30)
    assert unverified_label(facts, overdue, date(2023, 7, 29)) is None
    assert unverified_label(facts, overdue, date(2023, 7, 30)) == (
        "Non vérifié depuis le 30/12/2022 — à vérifier"
    )
    assert unverified_label(None, overdue, date(2024, 1, 1)) is None


def test_period_label() -> None:
    assert period_label(3) == "tous les 3 mois"
    assert period_label(None) == "jamais"


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(date(2026, 12, 7), 1) == date(2027, 1, 7)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2026, 3, 1), 12) == date(2027, 3, 1)
