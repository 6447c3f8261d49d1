"""Precision and recall of duplicate detection on the labelled census pairs.

    PANDA_REFERENCE_DATA=../shared/data python -m benchmarks.duplicates_quality

Reads the census (bfc-ternum-dataset.csv) through its import mapping, and our labels
(tests/fixtures/duplicates/census_pairs.csv); prints, for the tuning and the held-out part,
our grouped band, both bands together, and the cartographie nationale's rule.
"""

import os
import sys
from pathlib import Path

from api.duplicates.evaluation import census_records, measure, read_labels

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "fixtures" / "duplicates" / "census_pairs.csv"
MAPPING = ROOT / "seed" / "mappings" / "bfc-ternum.toml"


def main() -> int:
    """Print the table of docs/duplicates.md."""
    folder = os.environ.get("PANDA_REFERENCE_DATA")
    if not folder:
        print("PANDA_REFERENCE_DATA n'est pas défini (dossier du recensement)", file=sys.stderr)
        return 2
    records = census_records(Path(folder) / "bfc-ternum-dataset.csv", MAPPING)
    labels = read_labels(LABELS)
    print("| partie | règle | SAME | DISTINCT | signalées | précision | rappel |")
    print("|---|---|---|---|---|---|---|")
    for part in ("tuning", "held_out"):
        for rule, fig in measure(records, labels, part).items():
            print(
                f"| {part} | {rule} | {fig.same} | {fig.distinct} | {fig.flagged} "
                f"| {fig.precision:.2f} | {fig.recall:.2f} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
