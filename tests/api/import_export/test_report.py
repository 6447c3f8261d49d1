"""api/import_export/report.py: an import report as French lines. Rejections grouped by
column and reason with three examples, the counts with French agreement (« seraient créés »
on a dry run), whether anything was written, and what --skip-invalid would do."""

import pytest

from api.import_export.report import count, report_lines
from seed.formats.base import RowError
from seed.importer import ImportReport


@pytest.mark.parametrize(
    ("n", "word", "would", "text"),
    [
        (0, "ligne", False, "0 ligne"),
        (1, "ligne", False, "1 ligne"),
        (3, "ligne", False, "3 lignes"),
        (1, "créé", True, "1 serait créé"),
        (3, "créé", True, "3 seraient créés"),
        (3, "mis à jour", False, "3 mis à jour"),
        (2, "mis à jour", True, "2 seraient mis à jour"),
        (4, "inchangé", False, "4 inchangés"),
        (2, "fermés", False, "2 fermés"),
    ],
)
def test_count_agrees_in_french(n: int, word: str, would: bool, text: str) -> None:
    assert count(n, word, would) == text


def test_a_written_import_says_its_counts() -> None:
    report = ImportReport(format="lieux-mediation", rows=12, created=3, updated=1, unchanged=8)
    report.written = True
    assert report_lines(report) == [
        "12 lignes (lieux-mediation) : 3 créés, 1 mis à jour, 8 inchangés, 0 fermé, 0 rejeté"
    ]


def test_a_dry_run_says_what_would_be_written_and_that_nothing_was() -> None:
    report = ImportReport(
        format="bfc-ternum", rows=2, created=2, closed=1, dry_run=True, unknown_columns=["x", "y"]
    )
    assert report_lines(report) == [
        "colonnes inconnues, ignorées : x, y",
        "2 lignes (bfc-ternum) : 2 seraient créés, 0 serait mis à jour, 0 inchangé, "
        "1 serait fermé, 0 rejeté",
        "essai à blanc (--dry-run) : rien n'a été écrit",
    ]


def test_rejections_are_grouped_most_frequent_first_with_three_examples() -> None:
    errors = [
        RowError(line, "code_postal", f"2100{line}", "5 chiffres attendus")
        for line in (2, 3, 5, 8, 9)
    ]
    errors += [RowError(4, "nom", "", "obligatoire")]
    report = ImportReport(format="lieux-mediation", rows=9, unchanged=3, rejected=6, errors=errors)
    report.with_skip_invalid = {"created": 0, "updated": 0, "unchanged": 3, "closed": 0}
    assert report_lines(report) == [
        "code_postal : 5 chiffres attendus : 5 lignes",
        "  ligne 2 : « 21002 »",
        "  ligne 3 : « 21003 »",
        "  ligne 5 : « 21005 »",
        "  … et 2 autres",
        "nom : obligatoire : 1 ligne",
        "  ligne 4 : (vide)",
        "9 lignes (lieux-mediation) : 0 créé, 0 mis à jour, 3 inchangés, 0 fermé, 6 rejetés",
        "rien n'a été écrit",
        "avec --skip-invalid (lignes rejetées laissées de côté) : 0 serait créé, "
        "0 serait mis à jour, 3 inchangés",
    ]


def test_skip_invalid_names_closures_only_when_there_are_some() -> None:
    report = ImportReport(format="lieux-mediation", rows=4, rejected=1)
    report.errors = [RowError(3, "latitude", 123.4, "hors de -90 à 90")]
    report.with_skip_invalid = {"created": 2, "updated": 1, "unchanged": 0, "closed": 4}
    assert report_lines(report)[-1] == (
        "avec --skip-invalid (lignes rejetées laissées de côté) : 2 seraient créés, "
        "1 serait mis à jour, 0 inchangé, 4 seraient fermés"
    )
    assert "  ligne 3 : « 123.4 »" in report_lines(report)


def test_a_long_or_unprintable_value_is_cut_and_named_never_echoed() -> None:
    report = ImportReport(format="lieux-mediation", rows=1, rejected=1)
    report.errors = [RowError(2, "nom", "\x1b[2J" + "x" * 100, "trop long")]
    example = report_lines(report)[1]
    assert "\x1b" not in example
    assert example.startswith("  ligne 2 : « ") and example.endswith("… »")
    assert len(example) < 100
