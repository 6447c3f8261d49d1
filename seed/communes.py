"""Every commune of France: our data file (built by seed.build_communes), read and loaded.

The file is read whole and validated before anything is written; a bad file raises
CommunesFileError (in French) and the table stays as it was. Loading is an upsert by INSEE
code in one transaction (communes are never deleted), so running it twice changes nothing.
"""

import gzip
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

from pydantic import ValidationError
from sqlalchemy import Table, bindparam, insert, select, update
from sqlmodel import Session

from models.commune import Commune, CommuneBase
from seed.locking import hold_writers
from seed.upsert import UpsertReport, bump_data_version

FILE_NAME = "communes-france.json.gz"
FORMAT = 1
# The order of each commune's values in the file; `postcode` is the first of `postcodes`.
COLUMNS = (
    "insee_code",
    "name",
    "postcodes",
    "department",
    "region",
    "epci",
    "time_zone",
    "latitude",
    "longitude",
    "former_names",
)
# What answers about communes credit (the centroids are ours, computed from shapes).
ATTRIBUTION = "INSEE (code officiel géographique), La Poste (codes postaux), DGCL (EPCI)"
LICENCE = "Licence Ouverte (Etalab)"
# SIREN of Dijon Métropole: its 23 communes are the seed's service area.
DIJON_METROPOLE = "242100410"
# Fewer communes than this is a cut file, not a France (there are about 35,000).
MINIMUM_COUNT = 30_000
COMMUNES: Table = Commune.__table__  # type: ignore[attr-defined]
BATCH = 2_000
# Serialises loads of several processes starting at once (PostgreSQL advisory lock key).
_LOCK_KEY = 0x70616E6461434F  # "pandaCO"


class CommunesFileError(ValueError):
    """The communes file cannot be read or does not validate; nothing was written."""


@dataclass(frozen=True)
class CommunesFile:
    """The validated content of a communes file."""

    header: dict[str, Any]
    communes: list[CommuneBase]


def bundled_path() -> Path:
    """The data file shipped with the package."""
    return Path(str(resources.files("seed").joinpath("data", FILE_NAME)))


def read_communes_file(path: Path | None = None, minimum: int = MINIMUM_COUNT) -> CommunesFile:
    """The file's communes, every one validated; CommunesFileError says what is wrong."""
    path = path or bundled_path()
    document = _document(path)
    where = f"fichier des communes {path}"
    rows = document.get("communes")
    if document.get("format") != FORMAT or document.get("columns") != list(COLUMNS):
        raise CommunesFileError(
            f"{where} : format inconnu (attendu : format {FORMAT}, colonnes {', '.join(COLUMNS)})"
        )
    if not isinstance(rows, list) or document.get("count") != len(rows):
        raise CommunesFileError(f"{where} : le nombre de communes ne correspond pas à l'en-tête")
    if len(rows) < minimum:
        raise CommunesFileError(
            f"{where} : {len(rows)} communes seulement (au moins {minimum} attendues)"
        )
    communes = [_commune(row, position, where) for position, row in enumerate(rows, start=1)]
    _check_unique(communes, where)
    _check_time_zones(communes, where)
    header = {key: value for key, value in document.items() if key != "communes"}
    return CommunesFile(header, communes)


def _document(path: Path) -> dict[str, Any]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            document = json.load(handle)
    except FileNotFoundError as exc:
        raise CommunesFileError(f"fichier des communes introuvable : {path}") from exc
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        # A cut or damaged download: gzip's checksum or JSON's syntax gives it away.
        raise CommunesFileError(
            f"fichier des communes illisible ({path}) : {_damage(exc)} ; reconstruisez-le "
            "avec `python -m seed.build_communes`"
        ) from exc
    if not isinstance(document, dict):
        raise CommunesFileError(f"fichier des communes {path} : un objet JSON est attendu")
    return document


def _damage(exc: Exception) -> str:
    """What is wrong with the file, in French."""
    if isinstance(exc, EOFError):
        return "il est tronqué (copie ou téléchargement interrompu)"
    if isinstance(exc, json.JSONDecodeError):
        return f"JSON invalide ligne {exc.lineno} ({exc.msg})"
    if isinstance(exc, UnicodeDecodeError):
        return "son texte n'est pas en UTF-8"
    return f"ce n'est pas un fichier gzip valide ({exc})"


def _commune(row: Any, position: int, where: str) -> CommuneBase:
    if not isinstance(row, list) or len(row) != len(COLUMNS):
        raise CommunesFileError(
            f"{where} : commune n° {position} : {len(COLUMNS)} valeurs attendues"
        )
    values = dict(zip(COLUMNS, row, strict=True))
    postcodes = values["postcodes"]
    try:
        if not isinstance(postcodes, list) or not postcodes:
            raise ValueError("postcodes : au moins un code postal attendu")
        commune = CommuneBase.model_validate({**values, "postcode": postcodes[0]})
        # A list of str is not checked element by element by the model: check here.
        bad = [code for code in postcodes if not (isinstance(code, str) and _is_postcode(code))]
        if bad:
            raise ValueError(f"postcodes : {bad[0]!r} n'est pas un code postal")
    except (ValidationError, ValueError) as exc:
        raise CommunesFileError(
            f"{where} : commune n° {position} ({values['insee_code']}) : {_reason(exc)}"
        ) from exc
    return commune


def _is_postcode(code: str) -> bool:
    return len(code) == 5 and code.isascii() and code.isdigit()


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))} : {e['msg']}" for e in exc.errors())
    return str(exc)


def _check_unique(communes: Sequence[CommuneBase], where: str) -> None:
    seen: set[str] = set()
    for commune in communes:
        if commune.insee_code in seen:
            raise CommunesFileError(
                f"{where} : le code INSEE {commune.insee_code} apparaît deux fois"
            )
        seen.add(commune.insee_code)


def _check_time_zones(communes: Sequence[CommuneBase], where: str) -> None:
    unknown = {c.time_zone for c in communes} - available_timezones()
    if unknown:
        raise CommunesFileError(f"{where} : fuseau horaire inconnu : {', '.join(sorted(unknown))}")


def load_communes(session: Session, communes: Sequence[CommuneBase]) -> UpsertReport:
    """Create or update the communes by INSEE code in one transaction; bump the data version.

    Commits (rolls back on any error). Nothing is written when every commune is already
    stored as given, so a start-up over a loaded database costs one read of the table.
    """
    report = UpsertReport()
    try:
        hold_writers(session, _LOCK_KEY)  # two processes starting at once load once
        stored = {
            row["insee_code"]: dict(row) for row in session.execute(select(COMMUNES)).mappings()
        }
        creates: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for commune in communes:
            values = commune.model_dump()
            before = stored.get(commune.insee_code)
            if before is None:
                creates.append(values)
            elif before != values:
                updates.append(values | {"b_code": commune.insee_code})
            else:
                report.unchanged += 1
        connection = session.connection()
        for start in range(0, len(creates), BATCH):
            connection.execute(insert(COMMUNES), creates[start : start + BATCH])
        if updates:
            columns: dict[str, Any] = {
                name: bindparam(name) for name in CommuneBase.model_fields if name != "insee_code"
            }
            statement = update(COMMUNES).where(COMMUNES.c.insee_code == bindparam("b_code"))
            for start in range(0, len(updates), BATCH):
                connection.execute(statement.values(columns), updates[start : start + BATCH])
        report.created, report.updated = len(creates), len(updates)
        if report.changed:
            bump_data_version(session)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return report


def load_communes_file(session: Session, path: str | Path | None = None) -> UpsertReport:
    """Read, validate and load a communes file (the bundled one by default)."""
    return load_communes(session, read_communes_file(Path(path) if path else None).communes)


@cache
def _bundled_rows() -> dict[str, list[Any]]:
    """The bundled file's rows by INSEE code, read once per process (unvalidated)."""
    with gzip.open(bundled_path(), "rt", encoding="utf-8") as handle:
        document = json.load(handle)
    return {row[0]: row for row in document["communes"]}


def with_national_facts(communes: Sequence[CommuneBase]) -> list[CommuneBase]:
    """Each commune as the bundled national file describes it, when it does.

    The Dijon seed lists its 23 communes with fewer facts (no EPCI, no department): loading
    them as they are would undo what the national load wrote.
    """
    try:
        rows = _bundled_rows()
    except (OSError, EOFError, zlib.error, ValueError):
        return list(communes)
    where = f"fichier des communes {bundled_path()}"
    return [_commune(rows[c.insee_code], 0, where) if c.insee_code in rows else c for c in communes]
