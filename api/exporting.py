"""Exports of the current snapshot: the national standard's CSV and GeoJSON."""

from datetime import date

from api import geojson
from api.snapshot import Snapshot
from models.vocabulary import PlaceStatus
from seed.formats.lieux_mediation import write_lieux_mediation_csv


def _open_indices(snapshot: Snapshot) -> list[int]:
    # Closed places stay in the database with their history, but are not published as open.
    return [i for i, p in enumerate(snapshot.places) if p.status is not PlaceStatus.CLOSED]


def export_standard_csv(snapshot: Snapshot, today: date) -> str:
    """The national standard's CSV of every place that is not closed, by source and id."""
    indices = sorted(
        _open_indices(snapshot),
        key=lambda i: (snapshot.places[i].source, snapshot.places[i].source_id),
    )
    return write_lieux_mediation_csv([snapshot.places[i] for i in indices], default_date=today)


def export_geojson(snapshot: Snapshot) -> bytes:
    """A FeatureCollection of every place that is not closed, with the credits."""
    meta = {"attribution": snapshot.attribution, "licence": snapshot.licence}
    return geojson.feature_collection([snapshot.dicts[i] for i in _open_indices(snapshot)], meta)
