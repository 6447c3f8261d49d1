"""The two bands a score falls in: grouped (one card) and to review (a person decides)."""

from typing import Literal

Band = Literal["grouped", "to_review", "below"]

# Set on the tuning part of the labelled census pairs (docs/duplicates.md).
GROUPED_FROM = 80
TO_REVIEW_FROM = 50


def band(score: int) -> Band:
    """« grouped » from GROUPED_FROM, « to_review » from TO_REVIEW_FROM, else « below »."""
    if score >= GROUPED_FROM:
        return "grouped"
    if score >= TO_REVIEW_FROM:
        return "to_review"
    return "below"
