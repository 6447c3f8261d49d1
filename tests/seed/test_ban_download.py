"""seed.ban_download: department codes, the file's address, the whole-file check, and the
download itself against a fake server (no network)."""

import gzip
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from seed.ban_download import (
    BAN_DOWNLOAD_URL,
    DEPARTMENTS,
    DownloadError,
    check_file,
    department_code,
    department_url,
    download,
)
from tests.data_files import fixture

SAMPLE = fixture("ban-dijon-sample.csv")  # 52 addresses, all in Côte-d'Or (21)
LIBERATION = fixture("ban-liberation-dijon-aude.csv")  # Dijon (21) and Narbonne (11)


@pytest.mark.parametrize(
    ("text", "code"),
    [("21", "21"), (" 21 ", "21"), ("1", "01"), ("2a", "2A"), ("2B", "2B"), ("974", "974")],
)
def test_department_code_as_the_ban_names_it(text: str, code: str) -> None:
    assert department_code(text) == code


@pytest.mark.parametrize("text", ["20", "00", "96", "979", "021", "", "Côte-d'Or", "2C"])
def test_unknown_department_is_refused(text: str) -> None:
    with pytest.raises(DownloadError, match=r"^département inconnu « .* » : attendu 01 à 95"):
        department_code(text)


def test_departments_are_101() -> None:
    # 94 metropolitan numbers (01 to 95 without 20), Corsica's two, and 971 to 978.
    assert len(DEPARTMENTS) == 94 + 2 + 8


def test_department_url_fills_the_template() -> None:
    assert department_url(BAN_DOWNLOAD_URL, "2A") == (
        "https://adresse.data.gouv.fr/data/ban/adresses/latest/csv/adresses-2A.csv.gz"
    )


def test_department_url_without_placeholder_is_refused() -> None:
    with pytest.raises(DownloadError, match=r"ne contient pas \{department\}"):
        department_url("https://miroir.example/adresses-21.csv.gz", "21")


def test_check_file_counts_the_addresses() -> None:
    assert check_file(SAMPLE, "21") == 52


def test_check_file_reads_gzip(tmp_path: Path) -> None:
    packed = tmp_path / "adresses-21.csv.gz"
    packed.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    assert check_file(packed, "21") == 52


def test_check_file_refuses_a_commune_of_another_department() -> None:
    with pytest.raises(DownloadError, match=r"la commune 11262 n'est pas du département 21$"):
        check_file(LIBERATION, "21")


def test_check_file_refuses_a_file_without_addresses(tmp_path: Path) -> None:
    empty = tmp_path / "adresses-21.csv"
    empty.write_text(SAMPLE.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(DownloadError, match="il ne contient aucune adresse"):
        check_file(empty, "21")


def test_check_file_refuses_an_error_page(tmp_path: Path) -> None:
    page = tmp_path / "adresses-21.csv"
    page.write_text("<html><body>502 Bad Gateway</body></html>\n", encoding="utf-8")
    with pytest.raises(DownloadError, match=r"incomplet ou illisible \(ligne 1 : colonne"):
        check_file(page, "21")


def test_check_file_refuses_a_cut_gzip(tmp_path: Path) -> None:
    packed = gzip.compress(SAMPLE.read_bytes())
    cut = tmp_path / "adresses-21.csv.gz"
    cut.write_bytes(packed[:-100])
    with pytest.raises(DownloadError, match="fichier tronqué ou corrompu"):
        check_file(cut, "21")


Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Callable[[Handler], list[str]]:
    """Answer httpx.stream with `handler` instead of the network; the URLs asked are listed."""

    def install(handler: Handler) -> list[str]:
        asked: list[str] = []

        def recorded(request: httpx.Request) -> httpx.Response:
            asked.append(str(request.url))
            return handler(request)

        @contextmanager
        def fake_stream(method: str, url: str, **options: Any) -> Iterator[httpx.Response]:
            transport = httpx.MockTransport(recorded)
            follow = options.get("follow_redirects", False)
            client = httpx.Client(transport=transport, follow_redirects=follow)
            with client, client.stream(method, url, timeout=options.get("timeout")) as answer:
                yield answer

        monkeypatch.setattr(httpx, "stream", fake_stream)
        return asked

    return install


class CutStream(httpx.SyncByteStream):
    """A body that breaks off after its first bytes, as a dropped connection does."""

    def __init__(self, first: bytes) -> None:
        self.first = first

    def __iter__(self) -> Iterator[bytes]:
        yield self.first
        raise httpx.ReadError("connexion perdue")


URL = "https://ban.example/adresses-21.csv.gz"


def test_download_writes_the_body_to_a_new_gz_file(
    serve: Callable[[Handler], list[str]], tmp_path: Path
) -> None:
    body = gzip.compress(SAMPLE.read_bytes())
    length = {"content-length": str(len(body))}
    serve(lambda request: httpx.Response(200, headers=length, stream=httpx.ByteStream(body)))
    seen: list[tuple[int, int | None]] = []
    path = download(URL, tmp_path, progress=lambda got, total: seen.append((got, total)))
    assert seen == [(len(body), len(body))]  # one chunk: the body is smaller than 64 KiB
    assert path.parent == tmp_path
    assert path.name.startswith("ban-") and path.name.endswith(".csv.gz")
    assert path.read_bytes() == body
    assert check_file(path, "21") == 52


def test_download_names_a_plain_csv_by_the_url_before_its_query(
    serve: Callable[[Handler], list[str]], tmp_path: Path
) -> None:
    serve(lambda request: httpx.Response(200, stream=httpx.ByteStream(SAMPLE.read_bytes())))
    path = download("https://ban.example/adresses-21.csv?v=2", tmp_path)
    assert path.suffixes == [".csv"]
    assert path.read_bytes() == SAMPLE.read_bytes()


def test_download_follows_redirects(serve: Callable[[Handler], list[str]], tmp_path: Path) -> None:
    latest = "https://ban.example/2025-07-01/adresses-21.csv.gz"

    def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url) == URL:
            return httpx.Response(302, headers={"location": latest})
        return httpx.Response(200, stream=httpx.ByteStream(b"x"))

    asked = serve(handler)
    assert download(URL, tmp_path).read_bytes() == b"x"
    assert asked == [URL, latest]


def test_download_refuses_an_error_answer_and_leaves_no_file(
    serve: Callable[[Handler], list[str]], tmp_path: Path
) -> None:
    serve(lambda request: httpx.Response(404, content=b"<html>introuvable</html>"))
    with pytest.raises(DownloadError, match=rf"^le serveur a répondu 404 pour {URL} :"):
        download(URL, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_download_refuses_a_body_shorter_than_announced(
    serve: Callable[[Handler], list[str]], tmp_path: Path
) -> None:
    serve(
        lambda request: httpx.Response(
            200, headers={"content-length": "1000"}, stream=httpx.ByteStream(b"abc")
        )
    )
    with pytest.raises(
        DownloadError, match=r"^téléchargement interrompu : 3 octets reçus sur 1000$"
    ):
        download(URL, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_download_refuses_a_broken_connection_and_leaves_no_file(
    serve: Callable[[Handler], list[str]], tmp_path: Path
) -> None:
    serve(lambda request: httpx.Response(200, stream=CutStream(b"numero;rep")))
    with pytest.raises(DownloadError, match=r"^téléchargement interrompu \(ReadError : "):
        download(URL, tmp_path)
    assert list(tmp_path.iterdir()) == []
