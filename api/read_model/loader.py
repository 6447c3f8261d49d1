"""Build a whole snapshot from the database: at start-up, and when a change is too broad."""

import gc

from sqlalchemy import Engine
from sqlmodel import Session

from api.read_model import queries
from api.read_model.snapshot import Snapshot, build_geocoder, located
from api.transit.nearest import RADIUS_M, PlaceStops
from api.transit.network import load_network
from models.access_point import AccessPointPublic
from models.commune import CommunePublic
from seed.collector import collector_paused
from seed.data_sources import all_data_sources


def load_snapshot(
    engine: Engine, previous: Snapshot | None = None, transit_radius_m: float = RADIUS_M
) -> Snapshot:
    """Read every place and commune in one transaction and build a snapshot.

    The offline geocoder (tens of thousands of addresses, about a second to build) is
    carried over from `previous` when neither the address table nor the places' addresses
    changed, so an edit to a place's hours does not rebuild it. The transit stops' walking
    radius is `transit_radius_m` at start-up, then the previous snapshot's.
    """
    with Session(engine) as session, collector_paused():
        version = queries.data_version(session)
        sources = all_data_sources(session)
        places = queries.all_access_points(session, sources)
        communes = queries.all_communes(session)
        network = load_network(session, previous.transit.network if previous else None)
        if previous is not None and previous.communes == communes:
            communes = previous.communes  # the same list: its commune index is reused
        key = _geocoder_key(queries.addresses_version(session), places, communes)
        if previous is not None and previous.geocoder_key == key:
            geocoder, addresses = previous.geocoder, previous.addresses
        else:
            addresses = queries.all_addresses(session)
            geocoder = build_geocoder(communes, places, addresses)
    with collector_paused():
        snapshot = Snapshot(version, places, communes, geocoder, sources, addresses)
    snapshot.geocoder_key = key
    # Each place's nearest stops of the imported feed, within the walking radius.
    points = snapshot._latitudes, snapshot._longitudes
    radius = previous.transit.radius_m if previous is not None else transit_radius_m
    snapshot.transit = PlaceStops.build(network, radius, *points)
    # A snapshot is long-lived: keep the cycle collector from walking its millions of objects
    # again and again (full collections paused the server > 1 s at 100,000 places). No
    # collection first: snapshots make no cycles, and one pass cost 1.3 s at this size.
    # Reference counting still frees an old snapshot once replaced.
    gc.freeze()
    return snapshot


def _geocoder_key(
    addresses_version: int, places: list[AccessPointPublic], communes: list[CommunePublic]
) -> tuple[object, ...]:
    return (addresses_version, tuple(located(p) for p in places), tuple(communes))
