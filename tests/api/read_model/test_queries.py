"""api/read_model/queries.py: the SQL behind every read. Places in id order with their
source's credit, an undated place standing on its source's publication date, communes by
name, the BAN addresses, the data versions and the places with a live steward link."""

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from api.read_model import queries
from api.stewards import links
from models.access_point import AccessPoint
from models.data_source import DataSource
from seed.address_import import replace_addresses
from seed.ban_addresses import read_ban_addresses
from seed.data_sources import all_data_sources
from seed.loader import ACCESS_POINTS_FILE, COMMUNES_FILE, read_seed_file
from tests.data_files import fixture

SEED = read_seed_file(ACCESS_POINTS_FILE)
SEED_CREDIT = "MedNum BFC (multi-coop/data-bfc-ternum)"


def test_an_empty_database_is_at_version_zero(session: Session) -> None:
    assert (queries.data_version(session), queries.addresses_version(session)) == (0, 0)
    assert queries.all_access_points(session) == []
    assert queries.all_communes(session) == []
    assert queries.all_addresses(session) == []


def test_every_place_in_id_order_with_its_sources_credit(seeded_session: Session) -> None:
    places = queries.all_access_points(seeded_session)
    assert [p.id for p in places] == sorted(p.id for p in places)
    assert [p.source_id for p in places] == [e["source_id"] for e in SEED["access_points"]]
    assert {p.source_attribution for p in places} == {SEED_CREDIT}
    assert queries.data_version(seeded_session) == 1


def test_an_undated_place_stands_on_its_sources_publication(seeded_session: Session) -> None:
    by_name = {p.name: p for p in queries.all_access_points(seeded_session)}
    dated = by_name["PANDA Grésilles"]
    assert (dated.facts_date, dated.facts_date_basis) == (date(2021, 3, 5), "source")
    undated = by_name["PANDA Chevreul"]
    assert undated.source_updated_on is None
    published = date.fromisoformat(SEED["source_last_changed"])
    assert (undated.facts_date, undated.facts_date_basis) == (published, "publication")


def test_places_of_a_source_never_loaded_keep_no_date_and_their_own_name(
    seeded_session: Session,
) -> None:
    session = seeded_session
    stored = session.get(AccessPoint, 40)
    assert stored is not None and stored.source_updated_on is None
    stored.source = "city"
    session.add(stored)
    session.commit()
    place = queries.access_points_by_ids(session, [40], all_data_sources(session))[0]
    assert (place.facts_date, place.facts_date_basis) == (None, None)
    assert place.source_attribution == "city"


def test_places_by_ids_are_in_id_order_and_a_missing_one_is_absent(
    seeded_session: Session,
) -> None:
    sources = all_data_sources(seeded_session)
    found = queries.access_points_by_ids(seeded_session, [9, 3, 9_999, 5], sources)
    assert [p.id for p in found] == [3, 5, 9]
    assert queries.access_points_by_ids(seeded_session, [], sources) == []
    everything = {p.id: p for p in queries.all_access_points(seeded_session)}
    assert found == [everything[3], everything[5], everything[9]]


def test_places_read_together_share_one_fields_set(seeded_session: Session) -> None:
    places = queries.all_access_points(seeded_session)
    first = places[0].__pydantic_fields_set__
    assert all(p.__pydantic_fields_set__ is first for p in places)
    assert "facts_date" in first and "id" in first
    # A copy with a change still works as a model on its own.
    copy = places[0].model_copy(update={"name": "Autre"})
    assert (copy.name, places[0].name) == ("Autre", SEED["access_points"][0]["name"])


def test_source_fields_credit_a_stored_source_and_give_its_publication_date() -> None:
    stored = DataSource(
        name="mednum-bfc",
        attribution=SEED["attribution"],
        licence=SEED["licence"],
        published_on=date(2022, 12, 30),
    )
    assert queries.source_fields("mednum-bfc", stored) == {
        "source_attribution": SEED_CREDIT,
        "facts_date": date(2022, 12, 30),
        "facts_date_basis": "publication",
    }
    undated = DataSource(name="mednum-bfc", attribution="X", licence="Y")
    assert queries.source_fields("mednum-bfc", undated) == {"source_attribution": "X"}
    assert queries.source_fields("city", None) == {"source_attribution": "city"}


def test_communes_are_read_by_name(seeded_session: Session) -> None:
    communes = queries.all_communes(seeded_session)
    expected = sorted(c["name"] for c in read_seed_file(COMMUNES_FILE)["communes"])
    assert [c.name for c in communes] == expected
    assert len(communes) == 23


def test_imported_addresses_are_read_and_counted_by_version(seeded_session: Session) -> None:
    session = seeded_session
    version = queries.data_version(session)
    records = list(read_ban_addresses(fixture("ban-dijon-sample.csv")))
    replace_addresses(session, records, None)
    assert queries.addresses_version(session) == 1
    assert queries.data_version(session) == version + 1
    read = queries.all_addresses(session)
    assert sorted(read, key=repr) == sorted(records, key=repr)


def test_places_with_active_steward_leave_out_revoked_and_expired_links(
    seeded_session: Session,
) -> None:
    session = seeded_session
    live, _ = links.issue(session, 2, "Camille Martin", days=30)
    revoked, _ = links.issue(session, 3, "Jean Dupont", days=30)
    links.issue(session, 5, "Awa Diallo", days=1)
    links.revoke(session, revoked.id or 0)
    now = datetime.now(UTC)
    assert queries.places_with_active_steward(session, now) == {2, 5}
    assert queries.places_with_active_steward(session, now + timedelta(days=2)) == {2}
    links.issue(session, 2, "Sam Petit", days=30)  # two links, one place
    assert queries.places_with_active_steward(session, now) == {2, 5}
    assert live.access_point_id == 2
