"""The facts date of a place (source, steward or publication) and when it is stale."""

from datetime import date

import pytest

from models.facts_date import facts_date_of, freshness_label, is_stale

SOURCE, STEWARD, PUBLISHED = date(2021, 3, 2), date(2026, 5, 4), date(2022, 12, 30)


@pytest.mark.parametrize(
    ("source", "steward", "published", "expected"),
    [
        (SOURCE, None, PUBLISHED, (SOURCE, "source")),
        (SOURCE, STEWARD, PUBLISHED, (STEWARD, "steward")),
        (STEWARD, SOURCE, None, (STEWARD, "source")),
        (SOURCE, SOURCE, None, (SOURCE, "steward")),
        (None, STEWARD, PUBLISHED, (STEWARD, "steward")),
        (None, None, PUBLISHED, (PUBLISHED, "publication")),
        (None, None, None, (None, None)),
    ],
)
def test_facts_date_is_the_later_own_date_else_the_publication(
    source: date | None, steward: date | None, published: date | None, expected: object
) -> None:
    assert facts_date_of(source, steward, published) == expected


def test_facts_date_ignores_publication_when_the_row_is_dated() -> None:
    assert facts_date_of(date(2020, 1, 1), None, date(2022, 12, 30)) == (date(2020, 1, 1), "source")


@pytest.mark.parametrize(
    ("facts", "stale"),
    [
        (date(2025, 12, 2), False),  # exactly 365 days old: not more
        (date(2025, 12, 1), True),  # 366 days
        (date(2026, 12, 2), False),
        (None, True),
    ],
)
def test_is_stale_past_the_threshold_or_unknown(facts: date | None, stale: bool) -> None:
    assert is_stale(facts, date(2026, 12, 2), 365) is stale


def test_is_stale_threshold_zero_leaves_only_today_fresh() -> None:
    today = date(2026, 12, 2)
    assert (is_stale(today, today, 0), is_stale(date(2026, 12, 1), today, 0)) == (False, True)


def test_freshness_label_in_french() -> None:
    assert freshness_label(date(2021, 3, 2), True) == "Informations du 02/03/2021 — à vérifier"
    assert freshness_label(None, True) == "Date des informations inconnue — à vérifier"
    assert freshness_label(date(2026, 11, 30), False) is None
