"""api.duplicates.bands: a score's band."""

from api.duplicates.bands import GROUPED_FROM, TO_REVIEW_FROM, band


def test_band_edges() -> None:
    assert band(100) == band(GROUPED_FROM) == "grouped"
    assert band(GROUPED_FROM - 1) == band(TO_REVIEW_FROM) == "to_review"
    assert band(TO_REVIEW_FROM - 1) == band(0) == "below"
