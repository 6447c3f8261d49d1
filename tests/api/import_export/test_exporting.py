"""api/import_export/exporting.py: the national standard's CSV and the GeoJSON of the current
snapshot. Closed places are not published; the CSV leaves out a place whose facts nobody
dated, and dates a place written through the API alone on the day of its write (Paris)."""

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import orjson
import pytest

from api.import_export.exporting import date_maj, export_geojson, export_standard_csv
from api.read_model import Snapshot
from models.access_point import AccessPointCreate, AccessPointPublic
from models.data_source import DataSource
from seed.loader import ACCESS_POINTS_FILE, read_seed_file

SEED = read_seed_file(ACCESS_POINTS_FILE)
ENTRIES = SEED["access_points"][:8]
SOURCE = DataSource(name="mednum-bfc", attribution=SEED["attribution"], licence=SEED["licence"])


def public(entry: dict[str, Any], place_id: int, **fields: Any) -> AccessPointPublic:
    stamp = {"id": place_id, "updated_at": datetime(2025, 1, 1, 23, 30, tzinfo=UTC)}
    base = AccessPointCreate.model_validate(entry).model_dump()
    return AccessPointPublic.model_validate(base | stamp | fields)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def places() -> list[AccessPointPublic]:
    return [public(e, i) for i, e in enumerate(ENTRIES, 1)]


def test_date_maj_is_the_facts_date_when_known(places: list[AccessPointPublic]) -> None:
    snapshot = Snapshot(1, places, [], sources={"mednum-bfc": SOURCE})
    gresilles = next(p for p in places if p.name == "PANDA Grésilles")
    assert date_maj(snapshot, gresilles) == date(2021, 3, 5)


def test_an_undated_place_of_a_loaded_source_has_no_date_maj(
    places: list[AccessPointPublic],
) -> None:
    snapshot = Snapshot(1, places, [], sources={"mednum-bfc": SOURCE})
    undated = next(p for p in places if p.facts_date is None)
    assert date_maj(snapshot, undated) is None


def test_an_undated_place_written_through_the_api_is_dated_by_its_write_in_paris(
    places: list[AccessPointPublic],
) -> None:
    snapshot = Snapshot(1, places, [])  # its source was never loaded
    undated = next(p for p in places if p.facts_date is None)
    # 23:30 UTC on 1 January is already 2 January in Paris.
    assert date_maj(snapshot, undated) == date(2025, 1, 2)


def test_the_csv_holds_dated_open_places_by_source_and_source_id(
    places: list[AccessPointPublic],
) -> None:
    places[0] = public(ENTRIES[0], 1, status="closed")
    snapshot = Snapshot(1, places, [], sources={"mednum-bfc": SOURCE})
    exported = rows(export_standard_csv(snapshot))
    expected = [p for p in places[1:] if p.facts_date is not None]
    assert [r["id"] for r in exported] == sorted(p.source_id for p in expected)
    by_id = {r["id"]: r for r in exported}
    gresilles = by_id["mednumBFC_TL_2_"]
    assert (gresilles["nom"], gresilles["date_maj"]) == ("PANDA Grésilles", "2021-03-05")
    assert (gresilles["latitude"], gresilles["longitude"]) == ("47.32968", "5.069047")
    assert gresilles["telephone"] == "+33380488414"
    assert ENTRIES[0]["source_id"] not in by_id


def test_the_csv_of_api_written_places_carries_the_write_day(
    places: list[AccessPointPublic],
) -> None:
    exported = rows(export_standard_csv(Snapshot(1, places, [])))
    assert len(exported) == len(places)
    undated = {p.source_id for p in places if p.facts_date is None}
    assert undated and {r["date_maj"] for r in exported if r["id"] in undated} == {"2025-01-02"}


def test_the_csv_of_an_empty_snapshot_is_its_header_alone() -> None:
    text = export_standard_csv(Snapshot(0, [], []))
    assert rows(text) == []
    assert text.splitlines()[0].startswith("id,pivot,nom,commune,code_postal,code_insee")


def test_the_geojson_holds_every_open_place_with_its_stale_flag_and_the_credits(
    places: list[AccessPointPublic],
) -> None:
    places[2] = public(ENTRIES[2], 3, status="closed")
    snapshot = Snapshot(1, places, [], sources={"mednum-bfc": SOURCE})
    stale = np.array([i % 2 == 0 for i in range(len(places))])
    collection = orjson.loads(export_geojson(snapshot, stale))
    assert collection["type"] == "FeatureCollection"
    assert (collection["attribution"], collection["licence"]) == (
        SEED["attribution"],
        SEED["licence"],
    )
    features = collection["features"]
    assert [f["id"] for f in features] == [p.id for p in places if p.id != 3]
    for feature in features:
        i = snapshot.by_id[feature["id"]]
        place = snapshot.places[i]
        assert feature["geometry"]["coordinates"] == [place.longitude, place.latitude]
        assert feature["properties"]["stale"] is bool(stale[i])
        assert feature["properties"]["name"] == place.name
        assert "opening_status" not in feature["properties"]


def test_temporarily_closed_places_are_still_published(places: list[AccessPointPublic]) -> None:
    places[1] = public(
        ENTRIES[1],
        2,
        status="temporarily_closed",
        closed_from="2025-07-01",
        closure_reason="travaux",
    )
    snapshot = Snapshot(1, places, [])
    ids = [f["id"] for f in orjson.loads(export_geojson(snapshot, np.zeros(8, bool)))["features"]]
    assert 2 in ids
    assert "mednumBFC_TL_2_" in {r["id"] for r in rows(export_standard_csv(snapshot))}
