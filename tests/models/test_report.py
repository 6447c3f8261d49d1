"""The report's vocabulary: six kinds and four outcomes, each said in French."""

from datetime import date

from models.report import KIND_FR, OUTCOME_FR, ReportKind, ReportOutcome, reported_closed_label


def test_every_kind_and_outcome_has_french_words() -> None:
    assert set(KIND_FR) == set(ReportKind) and len(KIND_FR) == 6
    assert set(OUTCOME_FR) == set(ReportOutcome)


def test_reported_closed_label() -> None:
    assert reported_closed_label(None) is None
    assert reported_closed_label(date(2026, 12, 8)) == "Signalé fermé le 08/12/2026 — à vérifier"
