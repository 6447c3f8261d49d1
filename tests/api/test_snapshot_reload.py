"""Snapshot reloads: new data is served, the geocoder is rebuilt only when addresses change."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlmodel import Session

from models.address import AddressRecord
from seed.address_import import replace_addresses
from tests.conftest import bearer, make_access_point, make_key

# A real address and position (Onlineformapro Dijon in the MedNum BFC census).
GIROUD_38 = AddressRecord(
    "38", "", "Avenue Françoise Giroud", "21000", "21231", "Dijon", 47.364205, 5.049559
)


def test_edit_of_hours_keeps_the_geocoder(client_factory: Callable[..., TestClient]) -> None:
    client = client_factory(places=[make_access_point()])
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    before = runtime.snapshots.current.geocoder
    place_id = client.get("/v1/access-points").json()["items"][0]["id"]
    etag = client.get(f"/v1/access-points/{place_id}").headers["etag"]
    headers = bearer(make_key(client, "write")) | {"If-Match": etag}
    client.patch(
        f"/v1/access-points/{place_id}", json={"opening_hours": "Mo 10:00-12:00"}, headers=headers
    )
    assert runtime.snapshots.current.geocoder is before
    assert client.get(f"/v1/access-points/{place_id}").json()["opening_hours"] == "Mo 10:00-12:00"


def test_address_import_rebuilds_the_geocoder(client_factory: Callable[..., TestClient]) -> None:
    client = client_factory(places=[make_access_point()])
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with Session(runtime.engine) as session:
        replace_addresses(session, [GIROUD_38], None)
    runtime.snapshots.refresh()
    query = {"q": "38 av Françoise Giroud Dijon"}
    item = client.get("/v1/geocode", params=query).json()["items"][0]
    assert (item["label"], item["precision"]) == (
        "38 Avenue Françoise Giroud 21000 Dijon",
        "housenumber",
    )
