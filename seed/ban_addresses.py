"""Stream the national address base (BAN) department file `adresses-<dep>.csv[.gz]`.

Columns are read by header name, since newer files add some (`id_ban_adresse`, ...).
Every row is checked, also those the commune filter drops: a broken file is refused whole
rather than half-imported. Pure: it yields records, writing them is the caller's business.
"""

import csv
import gzip
import math
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from models.address import AddressRecord

if TYPE_CHECKING:
    import _csv

REQUIRED_COLUMNS = (
    "numero",
    "rep",
    "nom_voie",
    "code_postal",
    "code_insee",
    "nom_commune",
    "lon",
    "lat",
)


class AddressFileError(ValueError):
    """The BAN file cannot be read: the French message starts with "ligne N :"."""


def read_ban_addresses(
    path: Path | str, insee_codes: set[str] | None = None
) -> Iterator[AddressRecord]:
    """Addresses of the file, only those of `insee_codes` when given, in file order."""
    path = Path(path)
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as raw:
        lines = _decoded_lines(raw)
        reader = csv.reader(lines, delimiter=";")
        try:
            header = next(reader, None)
        except csv.Error as error:
            raise AddressFileError(f"ligne 1 : {error}") from error
        columns = _columns(header)
        for row in _rows(reader, len(header or ())):
            record = _record(row, columns, reader.line_num)
            if insee_codes is None or record.insee_code in insee_codes:
                yield record


def _decoded_lines(raw: Iterable[bytes]) -> Iterator[str]:
    """UTF-8 lines (BOM dropped), with a line-numbered error for bad bytes or a cut gzip."""
    number = 0
    try:
        for number, line in enumerate(raw, start=1):
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as error:
                raise AddressFileError(f"ligne {number} : pas en UTF-8 ({error.reason})") from error
            yield text.removeprefix("\ufeff") if number == 1 else text
    except (EOFError, OSError, zlib.error) as error:
        raise AddressFileError(
            f"ligne {number + 1} : fichier tronqué ou corrompu ({error})"
        ) from error


def _columns(header: list[str] | None) -> dict[str, int]:
    """Positions of the required columns; AddressFileError names the missing ones."""
    if not header:
        raise AddressFileError("ligne 1 : fichier vide, sans en-tête")
    positions = {name.strip(): i for i, name in enumerate(header)}
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        raise AddressFileError(f"ligne 1 : colonne(s) manquante(s) {', '.join(missing)}")
    return {name: positions[name] for name in REQUIRED_COLUMNS}


def _rows(reader: "_csv.Reader", width: int) -> Iterator[list[str]]:
    """Non-blank rows, each with exactly the header's number of fields."""
    line = reader.line_num
    try:
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) != width:
                raise AddressFileError(f"ligne {line} : {len(row)} champs, l'en-tête en a {width}")
            yield row
    except csv.Error as error:
        raise AddressFileError(f"ligne {line + 1} : {error}") from error


def _record(row: list[str], columns: dict[str, int], line: int) -> AddressRecord:
    """One checked address: a numeric house number, an INSEE code, a position on Earth."""
    value = {name: row[i].strip() for name, i in columns.items()}
    if not value["numero"].isdigit():
        raise AddressFileError(f"ligne {line} : le numéro {value['numero']!r} n'est pas un nombre")
    if not value["code_insee"] or not value["nom_voie"]:
        raise AddressFileError(f"ligne {line} : code_insee ou nom_voie vide")
    return AddressRecord(
        housenumber=str(int(value["numero"])),
        rep=value["rep"].casefold(),
        street=value["nom_voie"],
        postcode=value["code_postal"],
        insee_code=value["code_insee"],
        commune=value["nom_commune"],
        latitude=_coordinate(value["lat"], 90.0, "lat", line),
        longitude=_coordinate(value["lon"], 180.0, "lon", line),
    )


def _coordinate(text: str, bound: float, name: str, line: int) -> float:
    """A finite float within ±bound."""
    try:
        number = float(text)
    except ValueError:
        raise AddressFileError(f"ligne {line} : {name} {text!r} n'est pas un nombre") from None
    if not math.isfinite(number) or abs(number) > bound:
        raise AddressFileError(f"ligne {line} : {name} {text!r} hors limites")
    return number
