"""Reports under concurrency, through `panda serve` (SQLite file, or PostgreSQL when
PANDA_TEST_DATABASE_URL is set): every report sent is stored, audited and told once; a report
raced by two closers is closed once (the other gets 409); the place's « Signalé fermé » mark is
set by the first closed-for-good report and cleared only when the last one is closed."""

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from api.auth.keys import create_key
from api.database import make_engine
from models.access_point import AccessPoint
from models.api_key import Scope
from models.audit import AuditEntry
from models.outbox import OutboxMessage
from models.report import PlaceReport
from tests.live_server import UNTHROTTLED, panda_server, server_database

CLIENTS = 12
EACH = 3
TIMEOUT_S = 30.0
UNLIMITED_REPORTS = {
    "PANDA_RATE_LIMIT_REPORTS": "100000/minute",
    "PANDA_RATE_LIMIT_REPORTS_PER_PLACE": "100000/minute",
}


@dataclass(frozen=True)
class Live:
    base: str
    url: str
    place_id: int
    admin: dict[str, str]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    workdir = tmp_path_factory.mktemp("report-concurrency")
    env = UNTHROTTLED | UNLIMITED_REPORTS
    with server_database(workdir) as url, panda_server(workdir, url, **env) as base:
        engine = make_engine(url)
        with Session(engine) as session:
            place = session.exec(select(AccessPoint).order_by(AccessPoint.id)).first()  # type: ignore[arg-type]
            assert place is not None and place.id is not None
            _key, secret = create_key(session, "Ville de Dijon", [Scope.ADMIN])
            place_id = place.id
        engine.dispose()
        yield Live(base, url, place_id, {"Authorization": f"Bearer {secret}"})


def count(url: str, *where: object, model: type = PlaceReport) -> int:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return int(session.exec(select(func.count()).select_from(model).where(*where)).one())
    finally:
        engine.dispose()


def opened_changes(url: str) -> list[dict[str, object]]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            query = select(AuditEntry.changes).where(AuditEntry.action == "report_open")
            return [dict(changes) for changes in session.exec(query)]
    finally:
        engine.dispose()


def test_concurrent_reports_are_all_stored_then_closed_once(live: Live) -> None:
    barrier = threading.Barrier(CLIENTS)
    path = f"{live.base}/v1/access-points/{live.place_id}/reports"

    def send(n: int) -> list[int]:
        kinds = ["closed_for_good", "hours", "phone"]
        barrier.wait()
        return [
            httpx.post(
                path, json={"kind": kinds[i], "text": f"n{n}-{i}"}, timeout=TIMEOUT_S
            ).status_code
            for i in range(EACH)
        ]

    with ThreadPoolExecutor(CLIENTS) as pool:
        statuses = [s for answer in pool.map(send, range(CLIENTS)) for s in answer]
    assert statuses == [202] * CLIENTS * EACH
    total = CLIENTS * EACH
    assert count(live.url) == total
    assert count(live.url, AuditEntry.action == "report_open", model=AuditEntry) == total
    assert count(live.url, OutboxMessage.event == "report.opened", model=OutboxMessage) == total
    place = httpx.get(f"{live.base}/v1/access-points/{live.place_id}").json()
    assert place["reported_closed_on"] is not None
    # The mark was set by one report only: the others found it set, under the place's lock.
    assert [
        e["reported_closed_on"] for e in opened_changes(live.url) if "reported_closed_on" in e
    ] == [{"before": None, "after": place["reported_closed_on"]}]

    listed = httpx.get(f"{live.base}/v1/reports", headers=live.admin, timeout=TIMEOUT_S).json()
    closing = [r["id"] for r in listed if r["kind"] == "closed_for_good"]
    assert len(closing) == CLIENTS
    racers = threading.Barrier(2 * len(closing))

    def close(report_id: int) -> int:
        racers.wait()
        answer = httpx.post(
            f"{live.base}/v1/reports/{report_id}/close",
            json={"outcome": "no_error"},
            headers=live.admin,
            timeout=TIMEOUT_S,
        )
        assert answer.status_code in (200, 409), answer.text
        return answer.status_code

    with ThreadPoolExecutor(2 * len(closing)) as pool:
        results = list(pool.map(close, closing + closing))
    by_report = {rid: sorted(results[i :: len(closing)]) for i, rid in enumerate(closing)}
    assert all(codes == [200, 409] for codes in by_report.values()), by_report
    assert count(live.url, AuditEntry.action == "report_close", model=AuditEntry) == len(closing)
    assert count(live.url, OutboxMessage.event == "report.closed", model=OutboxMessage) == len(
        closing
    )
    assert count(live.url, PlaceReport.status == "open") == total - len(closing)
    place = httpx.get(f"{live.base}/v1/access-points/{live.place_id}").json()
    assert place["reported_closed_on"] is None
