"""An import report as French text for a terminal or a log: rejections grouped, then counts."""

from typing import Any

from seed.importer import ImportReport
from seed.validation_text import shown


def report_lines(report: ImportReport) -> list[str]:
    """The report, one line each: a group per column and reason, the counts, what was written."""
    lines: list[str] = []
    for group in report.error_groups():
        lines += _group_lines(group)
    if report.unknown_columns:
        lines.append(f"colonnes inconnues, ignorées : {', '.join(report.unknown_columns)}")
    # Counts read as French: « 3 seraient créés » on a dry run, « 3 créés » otherwise.
    dry = report.dry_run
    lines.append(
        f"{count(report.rows, 'ligne')} ({report.format}) : "
        f"{count(report.created, 'créé', dry)}, {count(report.updated, 'mis à jour', dry)}, "
        f"{count(report.unchanged, 'inchangé')}, {count(report.closed, 'fermé', dry)}, "
        f"{count(report.rejected, 'rejeté')}"
    )
    if report.errors and not report.written:
        lines.append("rien n'a été écrit")
    elif report.dry_run:
        lines.append("essai à blanc (--dry-run) : rien n'a été écrit")
    if report.with_skip_invalid is not None:
        lines.append(_skip_invalid_line(report.with_skip_invalid))
    return lines


def _group_lines(group: dict[str, Any]) -> list[str]:
    """`colonne : raison : N lignes`, then up to three examples and how many more."""
    lines = [f"{group['field']} : {group['reason']} : {count(group['count'], 'ligne')}"]
    for example in group["examples"]:
        value = example["value"]
        lines.append(
            f"  ligne {example['line']} : {'(vide)' if value in (None, '') else shown(value)}"
        )
    others = group["count"] - len(group["examples"])
    if others:
        lines.append(f"  … et {count(others, 'autre')}")
    return lines


def _skip_invalid_line(counts: dict[str, int]) -> str:
    """« avec --skip-invalid : 8 seraient créés, … » for the rows that are valid."""
    parts = [
        count(counts["created"], "créé", True),
        count(counts["updated"], "mis à jour", True),
        count(counts["unchanged"], "inchangé"),
    ]
    if counts["closed"]:
        parts.append(count(counts["closed"], "fermé", True))
    return f"avec --skip-invalid (lignes rejetées laissées de côté) : {', '.join(parts)}"


def count(n: int, word: str, would: bool = False) -> str:
    """« 1 ligne », « 3 lignes », « 3 seraient créés »: French agreement of a count."""
    plural = n > 1
    if plural and not word.endswith(("s", "jour")):
        word += "s"
    verb = ("seraient " if plural else "serait ") if would else ""
    return f"{n} {verb}{word}"
