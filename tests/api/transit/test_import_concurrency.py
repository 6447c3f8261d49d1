"""Feeds imported at once while a real server answers: each import lands whole, readers see
one feed or the other and never a mix, and the server ends on the feed stored last. Runs on
SQLite, and on PostgreSQL with PANDA_TEST_DATABASE_URL."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlmodel import Session

from api.database import make_engine
from api.transit.reader import read_feed
from api.transit.store import replace_feed, stored_feed
from models.transit import TransitLine, TransitStop
from tests.live_server import UNTHROTTLED, panda_server, server_database
from tests.transit_feed import FEED_DIR, divia_feed

NEAR_GIROUD = {"lat": 47.364205, "lon": 5.049559, "limit": 3}
# Each feed's name and what it calls the station next to Onlineformapro Dijon.
# Quick to start (no communes of France) and quick to poll (SQLite learns changes by polling).
SERVER = {"PANDA_SNAPSHOT_REFRESH_S": "0.2", "PANDA_LOAD_COMMUNES": "false", **UNTHROTTLED}
EXPECTED = {"Divia Mobilités": "Giroud", "Réseau B": "Giroud B"}


def feed_b(path: Path) -> Path:
    stops = (FEED_DIR / "stops.txt").read_text(encoding="utf-8").replace(",Giroud,", ",Giroud B,")
    agency = "agency_id,agency_name,agency_url,agency_timezone\nB,Réseau B,https://b.example,Europe/Paris\n"
    return divia_feed(path, replace={"stops.txt": stops, "agency.txt": agency})


def test_concurrent_imports_land_whole_and_readers_never_see_a_mix(tmp_path: Path) -> None:
    feeds = [read_feed(divia_feed(tmp_path / "a.zip")), read_feed(feed_b(tmp_path / "b.zip"))]
    with (
        server_database(tmp_path) as url,
        panda_server(tmp_path, url, **SERVER) as base,
    ):
        engine = make_engine(url)
        done = threading.Event()
        seen: list[tuple[str, str]] = []
        mixed: list[object] = []

        def read() -> None:
            with httpx.Client(base_url=base, timeout=10) as client:
                while not done.is_set():
                    items = client.get("/v1/access-points/nearest", params=NEAR_GIROUD).json()
                    transit = items["items"][0]["transit"]
                    if transit is None:
                        continue  # before the first import
                    pair = (transit["feed"]["name"], transit["stops"][0]["name"])
                    seen.append(pair)
                    if EXPECTED.get(pair[0]) != pair[1]:
                        mixed.append(pair)
                    stops = client.get("/v1/transit/stops").json()
                    names = {f["properties"]["name"] for f in stops["features"]}
                    if stops["feed"]["name"] == "Réseau B" and "Giroud" in names:
                        mixed.append(("stops", stops["feed"]["name"]))

        def write(n: int) -> str:
            feed = feeds[n % 2]
            with Session(engine) as session:
                replace_feed(session, feed)
            return feed.name

        readers = [threading.Thread(target=read) for _ in range(3)]
        for reader in readers:
            reader.start()
        with ThreadPoolExecutor(6) as pool:
            written = list(pool.map(write, range(18)))
        assert sorted(set(written)) == ["Divia Mobilités", "Réseau B"]
        with Session(engine) as session:
            last = stored_feed(session)
            assert last is not None and (last.stops, last.lines) == (9, 3)
            # Exactly one feed's rows: no stop or line of two imports side by side.
            assert session.execute(select(func.count()).select_from(TransitStop)).scalar() == 9
            assert session.execute(select(func.count()).select_from(TransitLine)).scalar() == 3
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            health = httpx.get(f"{base}/health", timeout=5).json()
            if health["transit"] and health["transit"]["name"] == last.name:
                break
            time.sleep(0.2)
        assert health["transit"]["name"] == last.name
        time.sleep(0.5)
        done.set()
        for reader in readers:
            reader.join(timeout=30)
        engine.dispose()
    assert mixed == []
    assert {name for name, _ in seen} <= set(EXPECTED) and seen
