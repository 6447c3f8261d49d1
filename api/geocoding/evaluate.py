"""Measure a geocoder against known positions: errors in metres, communes, precision."""

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from api.geocoding.base import Geocoder, InvalidQuery
from models.geo import geodesic_distance_m

TRUTH_COLUMNS = ("query", "latitude", "longitude", "insee_code")


class TruthRow(NamedTuple):
    """A query and where it really is."""

    query: str
    latitude: float
    longitude: float
    insee_code: str


@dataclass(frozen=True)
class Report:
    """Accuracy over a truth set; shares count a query with no answer as a miss."""

    total: int
    not_found: int
    median_error_m: float | None
    p90_error_m: float | None
    max_error_m: float | None
    within_50m: float
    within_250m: float
    right_commune: float
    by_precision: dict[str, int] = field(default_factory=dict)


def evaluate(geocoder: Geocoder, truth: Iterable[TruthRow]) -> Report:
    """Geocode every query (best candidate only) and summarise the errors."""
    errors: list[float] = []
    right_commune = 0
    precisions: Counter[str] = Counter()
    total = 0
    for row in truth:
        total += 1
        try:
            found = geocoder.geocode(row.query, limit=1)
        except InvalidQuery:
            found = []
        if not found:
            continue
        best = found[0]
        precisions[best.precision] += 1
        right_commune += best.citycode == row.insee_code
        errors.append(
            geodesic_distance_m(row.latitude, row.longitude, best.latitude, best.longitude)
        )
    return _report(total, errors, right_commune, precisions)


def _report(
    total: int, errors: list[float], right_commune: int, precisions: Counter[str]
) -> Report:
    """Percentiles and shares (over all rows) from the measured errors."""
    values = np.array(errors, dtype=float)

    def share(count: int | np.integer) -> float:
        return float(count) / total if total else 0.0

    def percentile(q: float) -> float | None:
        return float(np.percentile(values, q)) if values.size else None

    return Report(
        total=total,
        not_found=total - len(errors),
        median_error_m=percentile(50),
        p90_error_m=percentile(90),
        max_error_m=float(values.max()) if values.size else None,
        within_50m=share(np.count_nonzero(values <= 50)),
        within_250m=share(np.count_nonzero(values <= 250)),
        right_commune=share(right_commune),
        by_precision=dict(precisions),
    )


def read_truth_csv(path: Path | str) -> list[TruthRow]:
    """Rows of a UTF-8 CSV with columns query, latitude, longitude, insee_code."""
    with open(path, encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        missing = [c for c in TRUTH_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"ligne 1 : colonne(s) manquante(s) {', '.join(missing)}")
        return [_truth_row(row, reader.line_num) for row in reader]


def _truth_row(row: dict[str, str], line: int) -> TruthRow:
    try:
        return TruthRow(
            row["query"], float(row["latitude"]), float(row["longitude"]), row["insee_code"]
        )
    except (TypeError, ValueError) as error:
        raise ValueError(f"ligne {line} : {error}") from error


def format_report(report: Report) -> str:
    """A short summary, in French."""

    def metres(value: float | None) -> str:
        return "-" if value is None else f"{value:.0f} m"

    def percent(share: float) -> str:
        return f"{share * 100:.1f} %".replace(".", ",")

    precisions = ", ".join(f"{k} {v}" for k, v in sorted(report.by_precision.items()))
    return "\n".join(
        [
            f"requêtes : {report.total}, sans réponse : {report.not_found}",
            f"erreur : médiane {metres(report.median_error_m)}, "
            f"p90 {metres(report.p90_error_m)}, max {metres(report.max_error_m)}",
            f"à 50 m au plus : {percent(report.within_50m)}, "
            f"à 250 m au plus : {percent(report.within_250m)}",
            f"bonne commune : {percent(report.right_commune)}",
            f"précision : {precisions or '-'}",
        ]
    )
