"""`panda export --format data-inclusion`: the places as data·inclusion v1 files (the pull from
the hub, `panda import data-inclusion`, is api/cli/hub_import.py)."""

from pathlib import Path

from api.cli.french import refuse
from api.clock import today_paris
from api.data_inclusion.export import KINDS, file_body, records_of
from api.read_model import Snapshot


def export_folder(out: Path | None) -> Path:
    """The folder the files go to (default: here); refused, before any work, if a file."""
    folder = out or Path(".")
    if folder.exists() and not folder.is_dir():
        refuse(f"--out nomme un dossier pour le format data-inclusion ; {folder} est un fichier")
    return folder


def write_export(snapshot: Snapshot, folder: Path) -> list[Path]:
    """Write structures.json and services.json (JSON arrays) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    records = records_of(snapshot, today_paris())
    written = []
    for kind in KINDS:
        path = folder / f"{kind}.json"
        path.write_bytes(file_body(records.of(kind)))
        written.append(path)
    return written
