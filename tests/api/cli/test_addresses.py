"""`panda addresses import | download | quality`, as run by users (api/cli/addresses.py)."""

import gzip
import http.server
import json
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, func, select
from typer.testing import CliRunner, Result

from api.cli.main import app
from api.database import make_engine
from models.address import Address, AddressRecord
from seed.address_import import replace_addresses
from tests.data_files import fixture

FIXTURE = fixture("ban-dijon-sample.csv")
LIBERATIONS = fixture("ban-liberation-dijon-aude.csv")


def address_count(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        count = session.exec(select(func.count()).select_from(Address)).one()
    engine.dispose()
    return count


def test_addresses_import_fills_table_and_is_idempotent(database: str) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["addresses", "import", str(FIXTURE)])
    second = runner.invoke(app, ["addresses", "import", str(FIXTURE)])
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert address_count(database) == 52


def test_addresses_import_broken_file_keeps_previous_table(database: str, tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(app, ["addresses", "import", str(FIXTURE)])
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join([*lines[:30], lines[30].replace("47.", "x47.", 1)]) + "\n")
    result = runner.invoke(app, ["addresses", "import", str(broken)])
    assert result.exit_code == 1
    assert "ligne 31" in " ".join(result.output.split())
    assert address_count(database) == 52


def test_addresses_import_wrong_encoding_is_refused(database: str, tmp_path: Path) -> None:
    latin = tmp_path / "latin1.csv"
    latin.write_bytes(FIXTURE.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    result = CliRunner().invoke(app, ["addresses", "import", str(latin)])
    assert result.exit_code == 1


# `panda addresses download` against a local server on 127.0.0.1, never the real host.
class FileServer(http.server.ThreadingHTTPServer):
    """Serves `files` by path; a path in `cut` announces its whole length and sends half."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FileHandler)
        self.files: dict[str, bytes] = {}
        self.cut: set[str] = set()
        self.requests: list[str] = []


class FileHandler(http.server.BaseHTTPRequestHandler):
    server: FileServer

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        body = self.server.files.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if self.path in self.server.cut else body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def ban_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FileServer]:
    server = FileServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    url = f"http://{host!s}:{port}/adresses-{{department}}.csv.gz"
    monkeypatch.setenv("PANDA_BAN_DOWNLOAD_URL", url)
    yield server
    server.shutdown()
    server.server_close()


def gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes())


def said(result: Result) -> str:
    return " ".join(result.output.split())


def test_addresses_download_imports_the_department(database: str, ban_server: FileServer) -> None:
    ban_server.files["/adresses-21.csv.gz"] = gzipped(FIXTURE)
    result = CliRunner().invoke(app, ["addresses", "download", "21"])
    assert result.exit_code == 0, result.output
    assert "52 adresses importées (département 21, all)" in said(result)
    assert address_count(database) == 52
    assert ban_server.requests == ["/adresses-21.csv.gz"]


def test_addresses_download_replaces_only_its_department(
    database: str, ban_server: FileServer
) -> None:
    runner = CliRunner()
    runner.invoke(app, ["addresses", "import", str(LIBERATIONS), "--communes", "all"])
    ban_server.files["/adresses-21.csv.gz"] = gzipped(FIXTURE)
    assert runner.invoke(app, ["addresses", "download", "21"]).exit_code == 0
    assert address_count(database) == 52 + 1  # Narbonne's row (Aude, 11) stays


@pytest.mark.parametrize(
    ("department", "serve", "reason"),
    [("99", "", "département inconnu « 99 »"),
     ("22", "", "le serveur a répondu 404"),
     ("21", "cut", "téléchargement interrompu"),
     ("21", "truncated", "fichier refusé, incomplet ou illisible"),
     ("21", "not gzip", "fichier refusé, incomplet ou illisible"),
     ("21", "aude", "la commune 11262 n'est pas du département 21")],
)  # fmt: skip
def test_addresses_download_failure_changes_nothing_and_says_why(
    database: str, ban_server: FileServer, department: str, serve: str, reason: str
) -> None:
    runner = CliRunner()
    runner.invoke(app, ["addresses", "import", str(FIXTURE)])
    whole = gzipped(FIXTURE)
    ban_server.files["/adresses-21.csv.gz"] = {
        "truncated": whole[: len(whole) - 40],
        "not gzip": b"<html>maintenance</html>",
        "aude": gzipped(LIBERATIONS),
    }.get(serve, whole)
    if serve == "cut":
        ban_server.cut.add("/adresses-21.csv.gz")
    result = runner.invoke(app, ["addresses", "download", department])
    assert result.exit_code == 1
    assert reason in said(result)
    assert "la table des adresses est inchangée" in said(result)
    assert address_count(database) == 52
    assert ban_server.requests == ([] if department == "99" else [f"/adresses-{department}.csv.gz"])


def test_addresses_download_leaves_no_temporary_file(
    database: str, ban_server: FileServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ban_server.files["/adresses-21.csv.gz"] = gzipped(FIXTURE)[:-40]
    CliRunner().invoke(app, ["addresses", "download", "21"])
    assert list(tmp_path.glob("ban-*")) == []


# The data-quality report: a SYNTHETIC address-base point 700 m from the seed's Chenôve place.
def test_addresses_quality_lists_places_far_from_their_address(database: str) -> None:
    runner = CliRunner()
    runner.invoke(app, ["seed", "load"])
    engine = make_engine(database)
    row = AddressRecord(
        "2", "", "Place Pierre Meunier", "21300", "21166", "Chenôve", 47.2930, 5.0090
    )
    with Session(engine) as session:
        replace_addresses(session, [row], {"21166"})
    engine.dispose()
    result = runner.invoke(app, ["addresses", "quality", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["threshold_m"], report["compared"]) == (100.0, 1)
    [gap] = report["gaps"]
    assert (gap["name"], gap["address_label"]) == (
        "Espace Public Numérique de Chenôve",
        "2 Place Pierre Meunier 21300 Chenôve",
    )
    assert 650 < gap["distance_m"] < 750
    text = runner.invoke(app, ["addresses", "quality"])
    assert "1 lieu à plus de 100 m du point BAN :" in said(text)
    assert "Espace Public Numérique de Chenôve" in said(text)


def test_addresses_quality_without_gaps_says_so(database: str) -> None:
    runner = CliRunner()
    runner.invoke(app, ["seed", "load"])
    result = runner.invoke(app, ["addresses", "quality", "--threshold-m", "100000"])
    assert result.exit_code == 0
    assert "Aucun lieu à plus de 100000 m du point de son adresse" in said(result)


def test_addresses_download_metropole_outside_the_cote_d_or_is_refused_first(
    database: str, ban_server: FileServer
) -> None:
    CliRunner().invoke(app, ["addresses", "import", str(FIXTURE)])
    result = CliRunner().invoke(app, ["addresses", "download", "13", "--communes", "metropole"])
    assert result.exit_code == 1
    assert "aucune des 23 communes n'est du 13" in said(result)
    assert (address_count(database), ban_server.requests) == (52, [])


@pytest.mark.parametrize(
    ("arguments", "refusal"),
    [(["import", "adresses-21.csv"], "refusé : fichier introuvable : adresses-21.csv"),
     (["import", str(FIXTURE), "--communes", "dijon"],
      "refusé : --communes vaut metropole ou all, pas « dijon »"),
     (["download", "21", "--communes", "dijon"],
      "refusé : --communes vaut metropole ou all, pas « dijon »"),
     (["quality", "--format", "csv"], "refusé : --format vaut text ou json, pas « csv »")],
)  # fmt: skip
def test_addresses_bad_arguments_are_refused_in_french_before_any_work(
    database: str, ban_server: FileServer, arguments: list[str], refusal: str
) -> None:
    result = CliRunner().invoke(app, ["addresses", *arguments])
    assert (result.exit_code, result.stderr) == (2, f"{refusal}\n")
    assert ban_server.requests == []
    assert not Path(database.removeprefix("sqlite:///")).exists()
