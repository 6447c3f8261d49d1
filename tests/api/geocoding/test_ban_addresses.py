"""Streaming reader of the BAN department file."""

import gzip
from pathlib import Path

import pytest

from api.geocoding.base import AddressRecord
from seed.ban_addresses import AddressFileError, read_ban_addresses
from tests.api.geocoding import FIXTURE

HEADER = FIXTURE.read_text(encoding="utf-8").splitlines()[0]
CAMILLE = (
    "21231_z001_00014;;14;;Rue Camille Claudel;21000;21231;Dijon;;;856242.21;6694197.44;"
    "5.069047;47.329680;;;;DIJON;RUE CAMILLE CLAUDEL;mednum-bfc;mednum-bfc;0;"
)
LONGVIC = (
    "21166_z002_00007;;7;;Rue de Longvic;21300;21166;Chenôve;;;851794.63;6689638.70;"
    "5.008640;47.289688;;;;CHENOVE;RUE DE LONGVIC;mednum-bfc;mednum-bfc;0;"
)


def write(tmp_path: Path, lines: list[str], name: str = "adresses-21.csv") -> Path:
    path = tmp_path / name
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


def test_reads_the_fixture() -> None:
    rows = list(read_ban_addresses(FIXTURE))
    assert len(rows) == 52
    assert rows[1] == AddressRecord(
        "14", "", "Rue Camille Claudel", "21000", "21231", "Dijon", 47.329680, 5.069047
    )
    assert {(r.housenumber, r.rep) for r in rows if r.street == "Rue Sully"} == {("64", "e")}


def test_filters_by_insee_code() -> None:
    rows = list(read_ban_addresses(FIXTURE, {"21166"}))
    assert {r.street for r in rows} == {"Rue de Longvic", "Place Pierre Meunier"}


def test_reads_gzip_and_plain_alike(tmp_path: Path) -> None:
    lines = [HEADER, CAMILLE, LONGVIC]
    plain = list(read_ban_addresses(write(tmp_path, lines)))
    assert list(read_ban_addresses(write(tmp_path, lines, "adresses-21.csv.gz"))) == plain
    assert len(plain) == 2


def test_columns_are_read_by_name_whatever_their_order_or_number(tmp_path: Path) -> None:
    names = HEADER.split(";")
    values = CAMILLE.split(";")
    order = [*reversed(range(len(names)))]
    lines = [
        ";".join(["id_ban_adresse", *(names[i] for i in order)]),
        ";".join(["a1b2", *(values[i] for i in order)]),
    ]
    [row] = read_ban_addresses(write(tmp_path, lines))
    assert (row.street, row.latitude, row.longitude) == ("Rue Camille Claudel", 47.32968, 5.069047)


def test_bom_and_blank_lines_are_tolerated(tmp_path: Path) -> None:
    path = write(tmp_path, ["\ufeff" + HEADER, CAMILLE, "", LONGVIC])
    assert len(list(read_ban_addresses(path))) == 2


def test_a_missing_required_column_is_refused(tmp_path: Path) -> None:
    header = HEADER.replace(";lat;", ";latitude;")
    with pytest.raises(AddressFileError, match=r"^ligne 1 : colonne\(s\) manquante\(s\) lat$"):
        list(read_ban_addresses(write(tmp_path, [header, CAMILLE])))


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(AddressFileError, match=r"^ligne 1 : "):
        list(read_ban_addresses(tmp_path / "empty.csv"))


@pytest.mark.parametrize(
    ("bad", "message"),
    [(CAMILLE.replace("47.329680", "47,32"), "lat '47,32' n'est pas un nombre"),
     (CAMILLE.replace("47.329680", "97.3"), "lat '97.3' hors limites"),
     (CAMILLE.replace("5.069047", "nan"), "lon 'nan' hors limites"),
     (CAMILLE.replace("5.069047", ""), "lon '' n'est pas un nombre"),
     (CAMILLE + ";extra", "24 champs, l'en-tête en a 23"),
     (CAMILLE.rsplit(";", 5)[0], "18 champs, l'en-tête en a 23"),
     (CAMILLE.replace(";14;", ";;"), "le numéro '' n'est pas un nombre")],
)  # fmt: skip
def test_a_malformed_row_is_refused_with_its_line(tmp_path: Path, bad: str, message: str) -> None:
    path = write(tmp_path, [HEADER, LONGVIC, bad])
    with pytest.raises(AddressFileError, match=f"^ligne 3 : {message}"):
        list(read_ban_addresses(path))


def test_a_malformed_row_outside_the_filter_is_still_refused(tmp_path: Path) -> None:
    path = write(tmp_path, [HEADER, LONGVIC, CAMILLE.replace("47.329680", "x")])
    with pytest.raises(AddressFileError, match=r"^ligne 3 : "):
        list(read_ban_addresses(path, {"21166"}))


def test_bad_encoding_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("\n".join([HEADER, CAMILLE, LONGVIC]).encode("latin-1"))
    with pytest.raises(AddressFileError, match=r"^ligne 3 : pas en UTF-8"):
        list(read_ban_addresses(path))


def test_a_truncated_gzip_is_refused(tmp_path: Path) -> None:
    lines = [HEADER] + [CAMILLE] * 2000
    path = write(tmp_path, lines, "adresses-21.csv.gz")
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(AddressFileError, match=r"^ligne \d+ : fichier tronqué ou corrompu"):
        list(read_ban_addresses(path))


def test_rows_are_streamed(tmp_path: Path) -> None:
    path = write(tmp_path, [HEADER, LONGVIC, CAMILLE.replace("47.329680", "x")])
    rows = read_ban_addresses(path)
    assert next(rows).street == "Rue de Longvic"
    with pytest.raises(AddressFileError):
        next(rows)
