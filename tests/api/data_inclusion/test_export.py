"""Every seed place exports as a structure and a service the schema's own package validates,
dated by its facts; the records are kept per place from one snapshot to the next."""

from collections.abc import Callable
from datetime import date

import orjson
from data_inclusion.schema import v1
from fastapi.testclient import TestClient

from api.clock import today_paris
from api.data_inclusion.export import file_body, page_body, records_of
from api.import_export.exporting import date_maj
from api.read_model import Snapshot
from tests.conftest import bearer, make_access_point, make_key

STRICT = {"ignore_warnings": False}


def snapshot_of(client: TestClient) -> Snapshot:
    snapshot: Snapshot = client.app.state.runtime.read_model.current  # type: ignore[attr-defined]
    return snapshot


def test_every_seed_place_is_a_valid_structure_and_service(seeded_client: TestClient) -> None:
    snapshot = snapshot_of(seeded_client)
    records = records_of(snapshot, today_paris())
    structures = [orjson.loads(r) for r in records.structures]
    services = [orjson.loads(r) for r in records.services]
    assert len(structures) == len(services) == len(snapshot.places) == 68
    for structure, service in zip(structures, services, strict=True):
        v1.Structure.model_validate(structure, context=STRICT)
        v1.Service.model_validate(service, context=STRICT)
        assert service["structure_id"] == structure["id"]


def test_date_maj_is_each_place_facts_date(seeded_client: TestClient) -> None:
    snapshot = snapshot_of(seeded_client)
    by_id = {f"{p.source}--{p.source_id}": p for p in snapshot.places}
    records = records_of(snapshot, today_paris())
    dates = {r["id"]: r["date_maj"] for r in map(orjson.loads, records.structures)}
    assert dates == {key: str(place.facts_date) for key, place in by_id.items()}
    assert all(date_maj(snapshot, p) == p.facts_date for p in snapshot.places)
    # The seed states a day for 12 places; the others are dated by the source's publication.
    assert sum(p.facts_date_basis == "source" for p in snapshot.places) == 12
    assert {p.facts_date_basis for p in snapshot.places} == {"source", "publication"}


def test_closed_and_undated_places_are_left_out(client_factory: Callable[..., TestClient]) -> None:
    # A loaded source without a date for its place: nobody stated when its facts held.
    kept, closed = make_access_point(name="Gardé"), make_access_point(name="Fermé", status="closed")
    client = client_factory(places=[kept, closed])
    snapshot = snapshot_of(client)
    assert [orjson.loads(r)["nom"] for r in records_of(snapshot, today_paris()).structures] == [
        "Gardé"
    ]


def test_records_are_built_once_per_snapshot_and_day(seeded_client: TestClient) -> None:
    snapshot = snapshot_of(seeded_client)
    first = records_of(snapshot, date(2026, 12, 7))
    assert records_of(snapshot, date(2026, 12, 7)) is first
    assert records_of(snapshot, date(2026, 12, 8)) is not first


def test_a_write_remaps_only_the_place_it_changes(seeded_client: TestClient) -> None:
    day = date(2026, 12, 7)
    before = records_of(snapshot_of(seeded_client), day)
    place = snapshot_of(seeded_client).places[0]
    path = f"/v1/access-points/{place.id}"
    headers = bearer(make_key(seeded_client, "write"))
    headers["If-Match"] = seeded_client.get(path).headers["etag"]
    response = seeded_client.patch(path, json={"phone": "+33380000000"}, headers=headers)
    assert response.status_code == 200, response.text
    after = records_of(snapshot_of(seeded_client), day)
    same = sum(a is b for a, b in zip(before.services, after.services, strict=True))
    assert same == 67


def test_pages_and_files_are_json() -> None:
    records = [b'{"a":1}', b'{"a":2}']
    assert orjson.loads(page_body(records, {"total": 2})) == {
        "items": [{"a": 1}, {"a": 2}],
        "total": 2,
    }
    assert orjson.loads(file_body(records)) == [{"a": 1}, {"a": 2}]
    assert orjson.loads(file_body([])) == []
