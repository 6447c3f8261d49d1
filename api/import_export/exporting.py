"""Exports of the current snapshot: the national standard's CSV and GeoJSON."""

from datetime import date

from api.http import geojson
from api.read_model import Snapshot
from api.read_model.spatial_index import Mask
from models.access_point import AccessPointPublic
from models.opening_hours import PARIS
from models.vocabulary import PlaceStatus
from seed.formats.lieux_mediation import write_lieux_mediation_csv


def _open_indices(snapshot: Snapshot) -> list[int]:
    # Closed places stay in the database with their history, but are not published as open.
    return [i for i, p in enumerate(snapshot.places) if p.status is not PlaceStatus.CLOSED]


def date_maj(snapshot: Snapshot, place: AccessPointPublic) -> date | None:
    """The date a place's facts were stated, for the standard's `date_maj`; None if unknown.

    A place without any date whose source was never loaded (no `data_source` row) was written
    through the API alone: its writer stated its facts on the day of the write, its
    `updated_at`. A load is no statement: a loaded row without a date has none (see
    docs/dates.md).
    """
    if place.facts_date is not None:
        return place.facts_date
    if place.source not in snapshot.sources:
        return place.updated_at.astimezone(PARIS).date()
    return None


def export_standard_csv(snapshot: Snapshot) -> str:
    """The national standard's CSV of every place not closed and dated, by source and id.

    The standard requires `date_maj`: a place whose facts have no known date is left out
    rather than given a date that nobody stated.
    """
    dated = [(i, date_maj(snapshot, snapshot.places[i])) for i in _open_indices(snapshot)]
    rows = sorted(
        ((i, day) for i, day in dated if day is not None),
        key=lambda row: (snapshot.places[row[0]].source, snapshot.places[row[0]].source_id),
    )
    places = [snapshot.places[i] for i, _ in rows]
    return write_lieux_mediation_csv(places, dates=[day for _, day in rows if day is not None])


def changes_cursor(snapshot: Snapshot) -> str:
    """The change-feed cursor to continue from after copying this snapshot (GET /v1/changes).

    Every change up to the snapshot's version is in it (its places were read after that
    version was committed); the feed serves those after, a few perhaps again.
    """
    return str(snapshot.version)


def export_geojson(snapshot: Snapshot, stale: Mask) -> bytes:
    """A FeatureCollection of every place that is not closed, with the credits and the cursor."""
    meta = {
        "attribution": snapshot.attribution,
        "licence": snapshot.licence,
        "changes_cursor": changes_cursor(snapshot),
    }
    items = [snapshot.dict_of(i) | {"stale": bool(stale[i])} for i in _open_indices(snapshot)]
    return geojson.feature_collection(items, meta)
