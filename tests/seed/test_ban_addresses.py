"""seed.ban_addresses: a BAN department file read by column name, refused whole when broken."""

import csv
import gzip
from pathlib import Path

import pytest

from models.address import AddressRecord
from seed.ban_addresses import REQUIRED_COLUMNS, AddressFileError, read_ban_addresses
from tests.data_files import fixture

SAMPLE = fixture("ban-dijon-sample.csv")
LIBERATION = fixture("ban-liberation-dijon-aude.csv")
HEADER = "numero;rep;nom_voie;code_postal;code_insee;nom_commune;lon;lat"
# PANDA Grésilles' address in the sample's facts.
CLAUDEL = "14;;Rue Camille Claudel;21000;21231;Dijon;5.069047;47.329680"


def write(tmp_path: Path, *lines: str, name: str = "adresses-21.csv") -> Path:
    path = tmp_path / name
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def read(path: Path, insee_codes: set[str] | None = None) -> list[AddressRecord]:
    return list(read_ban_addresses(path, insee_codes))


def test_sample_rows_become_records() -> None:
    records = read(SAMPLE)
    assert len(records) == 52
    assert records[1] == AddressRecord(
        housenumber="14",
        rep="",
        street="Rue Camille Claudel",
        postcode="21000",
        insee_code="21231",
        commune="Dijon",
        latitude=47.329680,
        longitude=5.069047,
    )


def test_commune_filter_keeps_file_order() -> None:
    (narbonne,) = read(LIBERATION, {"11262"})
    assert (narbonne.commune, narbonne.postcode) == ("Narbonne", "11100")
    assert [r.insee_code for r in read(LIBERATION)] == ["21231", "11262"]
    assert read(LIBERATION, set()) == []


def test_gzipped_file_reads_the_same(tmp_path: Path) -> None:
    packed = tmp_path / "adresses-21.csv.gz"
    packed.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    assert read(packed) == read(SAMPLE)


def test_columns_are_found_by_name_in_any_order_with_extra_ones(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "id_ban_adresse;lat;lon;nom_commune;code_insee;code_postal;nom_voie;rep;numero",
        "x;47.329680;5.069047;Dijon;21231;21000;Rue Camille Claudel;;14",
    )
    (record,) = read(path)
    assert (record.housenumber, record.latitude, record.longitude) == ("14", 47.32968, 5.069047)


def test_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + f"{HEADER}\n{CLAUDEL}\n".encode())
    assert read(path)[0].street == "Rue Camille Claudel"


def test_number_loses_leading_zeros_and_suffix_is_folded(tmp_path: Path) -> None:
    (record,) = read(
        write(tmp_path, HEADER, "0014;BIS;Rue Camille Claudel;21000;21231;Dijon;5.07;47.33")
    )
    assert (record.housenumber, record.rep) == ("14", "bis")


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    assert len(read(write(tmp_path, HEADER, "", CLAUDEL, "", CLAUDEL))) == 2


def row(**values: str) -> str:
    """A line of HEADER's columns: PANDA Grésilles' address, with `values` changed."""
    cells = dict(zip(HEADER.split(";"), CLAUDEL.split(";"), strict=True)) | values
    return ";".join(cells.values())


SHORT_HEADER = "numero;rep;nom_voie;code_postal;code_insee;nom_commune"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ((), r"^ligne 1 : fichier vide, sans en-tête$"),
        ((SHORT_HEADER,), r"^ligne 1 : colonne\(s\) manquante\(s\) lon, lat$"),
        ((HEADER, CLAUDEL.rsplit(";", 1)[0]), r"^ligne 2 : 7 champs, l'en-tête en a 8$"),
        ((HEADER, CLAUDEL, row(numero="14 bis")), r"^ligne 3 : le numéro '14 bis' n'est pas"),
        ((HEADER, row(numero="")), r"^ligne 2 : le numéro '' n'est pas un nombre$"),
        ((HEADER, row(nom_voie=" ")), r"^ligne 2 : code_insee ou nom_voie vide$"),
        ((HEADER, row(code_insee="")), r"^ligne 2 : code_insee ou nom_voie vide$"),
        ((HEADER, row(lon="5,07")), r"^ligne 2 : lon '5,07' n'est pas un nombre$"),
        ((HEADER, row(lat="91")), r"^ligne 2 : lat '91' hors limites$"),
        ((HEADER, row(lon="-180.5")), r"^ligne 2 : lon '-180.5' hors limites$"),
        ((HEADER, row(lat="nan")), r"^ligne 2 : lat 'nan' hors limites$"),
        ((HEADER, row(lon="inf")), r"^ligne 2 : lon 'inf' hors limites$"),
    ],
)
def test_broken_files_are_refused_naming_the_line(
    tmp_path: Path, lines: tuple[str, ...], message: str
) -> None:
    with pytest.raises(AddressFileError, match=message):
        read(write(tmp_path, *lines))


def test_a_broken_row_the_filter_would_drop_still_refuses_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, CLAUDEL, "1;;Place de la Libération;11100;11262;Narbonne;3.0;x")
    with pytest.raises(AddressFileError, match=r"^ligne 3 : lat 'x'"):
        read(path, {"21231"})


def test_records_before_the_fault_are_yielded_first(tmp_path: Path) -> None:
    rows = read_ban_addresses(write(tmp_path, HEADER, CLAUDEL, "x;;Rue;21000;21231;Dijon;5;47"))
    assert next(rows).street == "Rue Camille Claudel"
    with pytest.raises(AddressFileError, match=r"^ligne 3 "):
        next(rows)


def test_bytes_that_are_not_utf8_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        f"{HEADER}\n{CLAUDEL}\n".encode()
        + "14;;Rue Élisée;21000;21231;Dijon;5;47\n".encode("latin-1")
    )
    with pytest.raises(AddressFileError, match=r"^ligne 3 : pas en UTF-8"):
        read(path)


def test_cut_gzip_is_refused(tmp_path: Path) -> None:
    packed = gzip.compress(SAMPLE.read_bytes())
    path = tmp_path / "adresses-21.csv.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(AddressFileError, match="fichier tronqué ou corrompu"):
        read(path)


def test_oversized_field_is_a_csv_error_on_its_line(tmp_path: Path) -> None:
    huge = "Rue " + "x" * 200_000
    # The limit is the csv module's, process-wide: seed.build_communes raises it, so the test
    # sets the default (128 KiB) for its own duration whatever ran before.
    previous = csv.field_size_limit(131_072)
    try:
        with pytest.raises(AddressFileError, match=r"^ligne 3 : field larger than field limit"):
            read(write(tmp_path, HEADER, CLAUDEL, f"14;;{huge};21000;21231;Dijon;5.07;47.33"))
    finally:
        csv.field_size_limit(previous)


def test_required_columns_are_the_eight_read() -> None:
    assert set(REQUIRED_COLUMNS) == set(HEADER.split(";"))
