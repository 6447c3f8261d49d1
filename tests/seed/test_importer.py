"""The import engine over files larger than one batch: validated first, then written batch by
batch in one transaction, all or nothing."""

import io

from sqlmodel import Session, func, select

from models.access_point import AccessPoint
from models.audit import AuditEntry
from seed.formats.lieux_mediation import write_lieux_mediation_csv
from seed.formats.mapping import load_mapping, read_mapped_csv
from seed.formats.registry import stream_file
from seed.importer import BATCH, ImportOptions, run_import
from tests.conftest import make_access_point

ROWS = 2 * BATCH + 3


def standard_csv(count: int, bad_line: int | None = None) -> bytes:
    places = [
        make_access_point(source="ville", source_id=f"lieu-{n}", name=f"Lieu {n}")
        for n in range(count)
    ]
    lines = write_lieux_mediation_csv(places).splitlines()
    if bad_line is not None:
        lines[bad_line - 1] = lines[bad_line - 1].replace("Mo,Tu,Th", "lundi")
    return ("\n".join(lines) + "\n").encode()


def imported(session: Session, data: bytes, **options: bool):  # type: ignore[no-untyped-def]
    return run_import(session, stream_file(io.BytesIO(data)), ImportOptions(**options))


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_import_of_several_batches_creates_every_place_once(session: Session) -> None:
    report = imported(session, standard_csv(ROWS))
    assert (report.rows, report.created, report.written) == (ROWS, ROWS, True)
    assert (count(session, AccessPoint), count(session, AuditEntry)) == (ROWS, ROWS)


def test_import_again_finds_every_place_unchanged(session: Session) -> None:
    imported(session, standard_csv(ROWS))
    report = imported(session, standard_csv(ROWS))
    assert (report.created, report.updated, report.unchanged, report.written) == (
        0,
        0,
        ROWS,
        False,
    )


def test_import_bad_row_in_the_last_batch_writes_nothing(session: Session) -> None:
    report = imported(session, standard_csv(ROWS, bad_line=ROWS + 1))
    assert (report.rows, report.created, report.rejected, report.written) == (ROWS, 0, 1, False)
    assert report.errors[0].line == ROWS + 1
    assert count(session, AccessPoint) == 0


def test_import_skip_invalid_writes_the_other_batches(session: Session) -> None:
    report = imported(session, standard_csv(ROWS, bad_line=ROWS + 1), skip_invalid=True)
    assert (report.created, report.rejected) == (ROWS - 1, 1)
    assert count(session, AccessPoint) == ROWS - 1


def test_import_prune_keeps_every_batch_listed(session: Session) -> None:
    imported(session, standard_csv(ROWS + 2))
    report = imported(session, standard_csv(ROWS), prune=True)
    closed = session.exec(select(AccessPoint.source_id).where(AccessPoint.status == "closed"))
    assert (report.unchanged, report.closed) == (ROWS, 2)
    assert sorted(closed) == [f"lieu-{ROWS}", f"lieu-{ROWS + 1}"]


COMMUNE_ONLY_MAPPING = """
[defaults]
source = "ville"

[columns]
source_id = "id"
name = "nom"
address = "adresse"
postcode = "cp"
commune = "ville"
"""
COMMUNE_ONLY_CSV = (
    "id,nom,adresse,cp,ville\n"
    "a,Lieu précis,1 rue Exemple,21000,Dijon\n"
    "b,Lieu vague,99 rue Inexistante,21000,Dijon\n"
).encode()


def locate_by_commune(address: str) -> tuple[float, float, str]:
    """A geocoder that knows rue Exemple and, for any other address, only Dijon's centre."""
    if address.startswith("1 rue Exemple"):
        return 47.3228, 5.0374, "housenumber"
    return 47.3216, 5.0415, "municipality"


def test_import_rejects_an_address_found_only_as_its_commune(session: Session) -> None:
    result = read_mapped_csv(COMMUNE_ONLY_CSV, load_mapping(COMMUNE_ONLY_MAPPING))
    report = run_import(session, result, ImportOptions(), locate_by_commune)
    assert (report.rejected, report.written, count(session, AccessPoint)) == (1, False, 0)
    (error,) = report.errors
    assert (error.line, error.field) == (3, "adresse")
    assert error.value == "99 rue Inexistante 21000 Dijon"
    assert error.reason.startswith(
        "l'adresse « 99 rue Inexistante 21000 Dijon » n'a été trouvée qu'au niveau de sa commune"
    )
    assert "[location] allow_commune_only = true" in error.reason


def test_import_keeps_commune_only_addresses_when_the_mapping_allows_it(session: Session) -> None:
    mapping = load_mapping(COMMUNE_ONLY_MAPPING + "\n[location]\nallow_commune_only = true\n")
    result = read_mapped_csv(COMMUNE_ONLY_CSV, mapping)
    report = run_import(session, result, ImportOptions(), locate_by_commune)
    assert (report.created, report.geocoded, report.errors) == (2, 2, [])
    precisions = session.exec(select(AccessPoint.name, AccessPoint.location_precision)).all()
    assert sorted(precisions) == [("Lieu précis", "housenumber"), ("Lieu vague", "municipality")]
