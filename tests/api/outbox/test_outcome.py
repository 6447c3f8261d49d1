"""Outcomes of one try (api/outbox/outcome.py)."""

from api.outbox.outcome import DELIVERED, failed


def test_failed_is_not_delivered_and_says_why() -> None:
    outcome = failed("HTTP 500")
    assert (outcome.delivered, outcome.error, outcome.permanent) == (False, "HTTP 500", False)
    assert DELIVERED.delivered and failed("SMTP 550", permanent=True).permanent
