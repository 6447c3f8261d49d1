"""`data_source` rows: stored by the seed loader and by imports, read for credits."""

from datetime import date

from sqlmodel import Session, select

from models.data_source import DataSource
from seed.attribution import credit_for
from seed.data_sources import SourceDeclaration, upsert_data_source
from seed.formats.mapping import load_mapping, read_mapped_csv
from seed.importer import ImportOptions, run_import
from seed.loader import load_seed

DECLARATION = """
attribution = "Ville d'essai (open data)"
licence = "Licence Ouverte 2.0"
published_on = 2024-05-06
"""
BODY = """
[defaults]
source = "ville-essai"
[columns]
source_id = "id"
name = "nom"
address = "adresse"
postcode = "cp"
commune = "ville"
latitude = "lat"
longitude = "lon"
"""
MAPPING = DECLARATION + BODY
CSV = b"id,nom,adresse,cp,ville,lat,lon\na,Lieu d'essai,1 rue Exemple,21000,Dijon,47.3228,5.0374\n"


def test_loading_the_seed_stores_its_source_once(session: Session) -> None:
    first, again = load_seed(session), load_seed(session)
    rows = session.exec(select(DataSource)).all()
    assert [(r.name, r.published_on) for r in rows] == [("mednum-bfc", date(2022, 12, 30))]
    assert (first.source_changed, again.source_changed) == (True, False)


def test_mapping_declares_attribution_licence_and_publication(session: Session) -> None:
    report = run_import(session, read_mapped_csv(CSV, load_mapping(MAPPING)), ImportOptions())
    row = session.get(DataSource, "ville-essai")
    assert report.written and row is not None
    assert (row.attribution, row.licence, row.published_on) == (
        "Ville d'essai (open data)",
        "Licence Ouverte 2.0",
        date(2024, 5, 6),
    )


def test_import_without_declaration_registers_its_source_with_the_known_credit(
    session: Session,
) -> None:
    mapping = load_mapping(BODY)
    run_import(session, read_mapped_csv(CSV, mapping), ImportOptions())
    row = session.get(DataSource, "ville-essai")
    assert row is not None
    assert (row.attribution, row.licence, row.published_on) == ("ville-essai", "see source", None)


def test_dry_run_stores_no_source(session: Session) -> None:
    run_import(session, read_mapped_csv(CSV, load_mapping(MAPPING)), ImportOptions(dry_run=True))
    assert session.get(DataSource, "ville-essai") is None


def test_declaring_only_a_date_keeps_the_stored_credit(session: Session) -> None:
    upsert_data_source(session, SourceDeclaration("ville-essai", "Ville d'essai", "LO 2.0"))
    changed = upsert_data_source(
        session, SourceDeclaration("ville-essai", None, None, date(2025, 1, 2))
    )
    row = session.get(DataSource, "ville-essai")
    assert changed and row is not None
    assert (row.attribution, row.licence, row.published_on) == (
        "Ville d'essai",
        "LO 2.0",
        date(2025, 1, 2),
    )


def test_credit_reads_the_stored_row_else_the_known_source() -> None:
    stored = DataSource(name="mednum-bfc", attribution="MedNum BFC", licence="ODbL")
    assert (credit_for("mednum-bfc", stored).licence, credit_for("mednum-bfc").licence) == (
        "ODbL",
        "Reference data without a stated licence; credit MedNum BFC",
    )
