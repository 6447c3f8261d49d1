"""Build the bundled Dijon seed (seed/data/*.json) from the reference files.

Run from the project root: `python -m seed.build_dijon_seed [--data-dir DIR] [--out DIR]`; the
reference files are in DIR, by default the folder named by PANDA_REFERENCE_DATA.
The reference files are read in place and never copied; the output is our own format, and the
same input always gives the same bytes, so the committed seed can be checked against it.
"""

import argparse
import csv
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from models.access_point import AccessPointCreate, InseeCode, Postcode
from models.commune import Commune, CommuneBase
from seed.sources import bfc_ternum

PROJECT_ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DATA_VARIABLE = "PANDA_REFERENCE_DATA"
DEFAULT_OUT_DIR = PROJECT_ROOT / "seed" / "data"

DATASET_CSV = "bfc-ternum-dataset.csv"
COMMUNES_CSV = "dijon-metropole-communes.csv"
ACCESS_POINTS_JSON = "dijon-access-points.json"
COMMUNES_JSON = "dijon-metropole-communes.json"

COMMUNES_SOURCE = (
    "INSEE official geographic code and La Poste postcodes, compiled for Dijon Métropole"
)
COMMUNES_LICENCE = "facts"
ACCESS_POINTS_HEADER = {
    "source": bfc_ternum.SOURCE,
    "attribution": "MedNum BFC (multi-coop/data-bfc-ternum)",
    "licence": "reference data, credit MedNum BFC",
    "source_last_changed": "2022-12-30",
}
COMMUNE_COLUMNS = ("code_insee", "nom", "code_postal", "centroid_lat", "centroid_lon")

# CommuneBase declares its patterns with sqlmodel's `regex=`, which is not enforced: check here.
_INSEE_CODE = TypeAdapter(InseeCode)
_POSTCODE = TypeAdapter(Postcode)


def read_csv(path: Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line where the record starts, record) for each record; fail on missing columns."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in required if column not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path.name}: missing columns {missing}")
        previous_end = reader.line_num
        for record in reader:
            # A quoted cell may span lines: the record starts just after the previous one.
            yield previous_end + 1, record
            previous_end = reader.line_num


def read_communes(path: Path) -> list[Commune]:
    """The communes of the compiled CSV, validated, ordered by INSEE code."""
    communes = [commune_from_row(row, line) for line, row in read_csv(path, COMMUNE_COLUMNS)]
    return sorted(communes, key=lambda commune: commune.insee_code)


def commune_from_row(row: dict[str, str], line: int) -> Commune:
    """A commune from one row of dijon-metropole-communes.csv."""
    try:
        base = CommuneBase.model_validate(
            {
                "insee_code": _INSEE_CODE.validate_python(row["code_insee"].strip()),
                "name": row["nom"].strip(),
                "postcode": _POSTCODE.validate_python(row["code_postal"].strip()),
                "latitude": float(row["centroid_lat"]),
                "longitude": float(row["centroid_lon"]),
                "former_names": _former_names(row.get("former_names") or ""),
            }
        )
    except ValueError as exc:
        raise ValueError(f"{COMMUNES_CSV} line {line}: {exc}") from exc
    return Commune.model_validate(base.model_dump())


def _former_names(cell: str) -> list[str]:
    """Names the commune had before a merger, `|`-separated in the file."""
    return [name.strip() for name in cell.split("|") if name.strip()]


def read_access_points(path: Path, communes: list[Commune]) -> list[AccessPointCreate]:
    """The census' places that lie in the communes, in natural order of source_id."""
    places = []
    for line, row in read_csv(path, bfc_ternum.COLUMNS):
        place = bfc_ternum.row_to_access_point(row, line, communes)
        if place is not None:
            places.append(place)
    places.sort(key=lambda place: natural_key(place.source_id))
    _check_unique_ids(places)
    return places


def natural_key(text: str) -> list[str | int]:
    """Sort key reading digit runs as numbers: `TL_2_` before `TL_10_`."""
    # re.split with a group alternates text and digits, so keys compare position by position.
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _check_unique_ids(places: list[AccessPointCreate]) -> None:
    """(source, source_id) identifies a place across imports: a repeat would merge two."""
    seen: set[str] = set()
    for place in places:
        if place.source_id in seen:
            raise ValueError(f"source_id {place.source_id!r} appears twice")
        seen.add(place.source_id)


def communes_document(communes: list[Commune]) -> dict[str, Any]:
    """The content of dijon-metropole-communes.json."""
    return {
        "source": COMMUNES_SOURCE,
        "licence": COMMUNES_LICENCE,
        "communes": [
            commune.model_dump(mode="json", include=COMPILED_COMMUNE_FIELDS) for commune in communes
        ],
    }


# What the compiled CSV states; EPCI, department, postcodes and time zone come from the national
# communes file when the seed is loaded (seed.communes.with_national_facts).
COMPILED_COMMUNE_FIELDS = {
    "insee_code",
    "name",
    "postcode",
    "latitude",
    "longitude",
    "former_names",
}


def access_points_document(places: list[AccessPointCreate]) -> dict[str, Any]:
    """The content of dijon-access-points.json."""
    return {
        **ACCESS_POINTS_HEADER,
        "access_points": [place.model_dump(mode="json", exclude_none=False) for place in places],
    }


def render(document: dict[str, Any]) -> str:
    """Stable JSON text: keys in insertion order, one-space indent, UTF-8 kept readable."""
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def build(data_dir: Path) -> dict[str, str]:
    """File name → text of every seed file, from the reference files in data_dir."""
    communes = read_communes(data_dir / COMMUNES_CSV)
    places = read_access_points(data_dir / DATASET_CSV, communes)
    return {
        COMMUNES_JSON: render(communes_document(communes)),
        ACCESS_POINTS_JSON: render(access_points_document(places)),
    }


def write(files: dict[str, str], out_dir: Path) -> None:
    """Write each file, as UTF-8 with Unix newlines."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out_dir / name).write_text(text, encoding="utf-8", newline="\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description="Build seed/data/*.json from the reference files.")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help=f"folder of the reference files (default: ${REFERENCE_DATA_VARIABLE})",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR)
    args = parser.parse_args(argv)
    data_dir = args.data_dir or os.environ.get(REFERENCE_DATA_VARIABLE)
    if not data_dir:
        print(
            f"error: pass --data-dir or set {REFERENCE_DATA_VARIABLE} to the folder holding "
            f"{DATASET_CSV} and {COMMUNES_CSV}",
            file=sys.stderr,
        )
        return 1
    try:
        files = build(Path(data_dir))
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    write(files, args.out)
    for name, text in files.items():
        print(f"wrote {args.out / name} ({len(text.encode('utf-8'))} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
