"""The import engine over files larger than one batch: validated first, then written batch by
batch in one transaction, all or nothing."""

import io

from sqlmodel import Session, func, select

from models.access_point import AccessPoint
from models.audit import AuditEntry
from seed.formats.lieux_mediation import write_lieux_mediation_csv
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
