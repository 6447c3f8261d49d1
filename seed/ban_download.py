"""Fetch a department file of the national address base (BAN) whole, or not at all.

The file is streamed to a temporary file, then read through once (gzip complete, header, every
row, every commune of that department) before anyone imports it: an interrupted download, a cut
gzip or an error page never reaches the address table. Messages are French: a person reads them.
"""

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import httpx

from seed.ban_addresses import AddressFileError, read_ban_addresses

BAN_DOWNLOAD_URL = (
    "https://adresse.data.gouv.fr/data/ban/adresses/latest/csv/adresses-{department}.csv.gz"
)
# Metropolitan departments (Corsica as 2A and 2B), then the overseas ones the BAN publishes.
DEPARTMENTS = frozenset(
    [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"] + [str(n) for n in range(971, 979)]
)
_CHUNK = 1 << 16


class DownloadError(Exception):
    """The department file could not be fetched or is not a whole BAN file (French message)."""


def department_code(text: str) -> str:
    """The department as the BAN names it ("21", "2A", "974"); DownloadError if unknown."""
    code = text.strip().upper()
    code = code.zfill(2) if code.isdigit() and len(code) < 2 else code
    if code not in DEPARTMENTS:
        raise DownloadError(
            f"département inconnu « {text} » : attendu 01 à 95, 2A, 2B ou 971 à 978"
        )
    return code


def department_url(template: str, department: str) -> str:
    """The file's address from a template holding `{department}`."""
    if "{department}" not in template:
        raise DownloadError(
            f"l'adresse de téléchargement « {template} » ne contient pas {{department}}"
        )
    return template.replace("{department}", department)


def download(
    url: str,
    directory: Path | None = None,
    timeout_s: float = 60.0,
    progress: Callable[[int, int | None], None] | None = None,
) -> Path:
    """Stream `url` to a new temporary file and return its path; DownloadError if cut short.

    `progress(bytes_so_far, total_or_None)` is called after every chunk.
    """
    suffix = ".csv.gz" if url.split("?")[0].endswith(".gz") else ".csv"
    handle, name = tempfile.mkstemp(prefix="ban-", suffix=suffix, dir=directory)
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as file:
            _stream(url, file.write, timeout_s, progress)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def check_file(path: Path, department: str) -> int:
    """Read the whole file once; its number of addresses, or DownloadError saying what is wrong."""
    count = 0
    try:
        for record in read_ban_addresses(path):
            if not record.insee_code.startswith(department):
                raise DownloadError(
                    f"fichier refusé : la commune {record.insee_code} n'est pas du département "
                    f"{department}"
                )
            count += 1
    except AddressFileError as error:
        raise DownloadError(f"fichier refusé, incomplet ou illisible ({error})") from error
    if count == 0:
        raise DownloadError("fichier refusé : il ne contient aucune adresse")
    return count


def _stream(
    url: str,
    write: Callable[[bytes], object],
    timeout_s: float,
    progress: Callable[[int, int | None], None] | None,
) -> None:
    """Copy the body of a 200 answer; a short body or a broken connection is an error."""
    try:
        with httpx.stream("GET", url, timeout=timeout_s, follow_redirects=True) as answer:
            if answer.status_code != 200:
                raise DownloadError(
                    f"le serveur a répondu {answer.status_code} pour {url} : fichier non téléchargé"
                )
            length = answer.headers.get("content-length")
            total = int(length) if length and length.isdigit() else None
            received = 0
            for chunk in answer.iter_raw(_CHUNK):
                write(chunk)
                received += len(chunk)
                if progress:
                    progress(received, total)
    except httpx.HTTPError as error:
        raise DownloadError(
            f"téléchargement interrompu ({type(error).__name__} : {error})"
        ) from error
    if total is not None and received != total:
        raise DownloadError(f"téléchargement interrompu : {received} octets reçus sur {total}")
