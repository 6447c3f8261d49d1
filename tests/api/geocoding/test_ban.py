"""BanGeocoder against a fake addok on 127.0.0.1: answers, retries, rate limits, cache, fallback.

The fake answers /search and /reverse with addok-style FeatureCollections around a real Dijon
address, counts requests, and can be told to fail (see FakeBan.mode).
"""

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel, create_engine

from api.geocoding.ban import BanGeocoder, CacheKey, FallbackGeocoder
from api.geocoding.ban_cache import SqlGeocodeCache, storage_key
from api.geocoding.base import Candidate, GeocodeHints, GeocoderUnavailable, InvalidQuery
from models.geocode_cache import KEY_MAX_LENGTH

TIMEOUT_S = 0.5
QUERY = "14 Rue Camille Claudel 21000 Dijon"
SENT_QUERY = "14 rue camille claudel 21000 dijon"
CLAUDEL = Candidate(
    label="14 Rue Camille Claudel 21000 Dijon",
    latitude=47.32968,
    longitude=5.069047,
    score=0.9731,
    precision="housenumber",
    citycode="21231",
    postcode="21000",
    geocoder="ban",
)


def feature(
    label: str = CLAUDEL.label,
    lat: float = CLAUDEL.latitude,
    lon: float = CLAUDEL.longitude,
    score: float = 0.97312,
    kind: str = "housenumber",
    citycode: str = "21231",
    postcode: str = "21000",
) -> dict[str, Any]:
    """An addok GeoJSON feature (lon, lat order) with the properties the BAN sends."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "label": label,
            "score": score,
            "type": kind,
            "housenumber": "14",
            "id": "21231_1185_00014",
            "name": "14 Rue Camille Claudel",
            "postcode": postcode,
            "citycode": citycode,
            "city": "Dijon",
            "context": "21, Côte-d'Or, Bourgogne-Franche-Comté",
            "street": "Rue Camille Claudel",
        },
    }


@dataclass
class FakeBan:
    """What the fake server answers and what it was asked."""

    port: int = 0
    # ok | 500-once | 500 | 429 | 429-bare | 400 | 404 | slow
    mode: str = "ok"
    features: list[dict[str, Any]] = field(default_factory=lambda: [feature()])
    requests: list[tuple[str, dict[str, list[str]], str]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.port}"

    def record(self, path: str, user_agent: str) -> int:
        """Remember a request; its 1-based number."""
        url = urlsplit(path)
        with self.lock:
            self.requests.append((url.path, parse_qs(url.query), user_agent))
            return len(self.requests)


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_GET(self) -> None:
        fake = self.server.fake
        number = fake.record(self.path, self.headers.get("User-Agent", ""))
        if fake.mode == "slow":
            fake.release.wait(2 * TIMEOUT_S)  # set at teardown: no thread outlives its test
            return
        if fake.mode == "500" or (fake.mode == "500-once" and number == 1):
            self._send(500, {"code": 500, "message": "Internal Server Error"})
        elif fake.mode == "429":
            self._send(429, {"message": "Too Many Requests"}, {"Retry-After": "7"})
        elif fake.mode == "429-bare":
            self._send(429, {"message": "Too Many Requests"})
        elif fake.mode in ("400", "404"):
            self._send(int(fake.mode), {"code": int(fake.mode), "message": "q must be longer"})
        else:
            features = fake.features[:1] if self.path.startswith("/reverse") else fake.features
            self._send(200, {"type": "FeatureCollection", "features": features})

    def _send(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test asserts on FakeBan.requests instead."""


class _Server(ThreadingHTTPServer):
    # Joined on server_close, so every handler thread ends within its test.
    daemon_threads = False

    def __init__(self, fake: FakeBan) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake
        fake.port = self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that timed out closed its socket: nothing to report."""


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeBan]:
    """A running fake addok; shut down, its sockets closed and threads joined, after the test."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)  # 127.0.0.1 must be reached directly
    state = FakeBan()
    server = _Server(state)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield state
    state.release.set()
    server.shutdown()
    server.server_close()
    thread.join()


def ban(fake: FakeBan, cache: Any = None, min_score: float = 0.5) -> BanGeocoder:
    return BanGeocoder(
        domain=fake.domain, scheme="http", timeout_s=TIMEOUT_S, min_score=min_score, cache=cache
    )


class DictCache:
    """An in-memory GeocodeCache."""

    def __init__(self) -> None:
        self.entries: dict[CacheKey, list[Candidate]] = {}

    def get(self, key: CacheKey) -> list[Candidate] | None:
        return self.entries.get(key)

    def put(self, key: CacheKey, candidates: list[Candidate]) -> None:
        self.entries[key] = candidates


class StubOffline:
    """A fallback geocoder that answers one fixed candidate and counts calls."""

    name = "offline"

    def __init__(self) -> None:
        self.calls = 0
        self.answer = Candidate(
            "14 Rue Camille Claudel 21000 Dijon", 47.3297, 5.0691, 0.9, "housenumber",
            "21231", "21000", "offline",
        )  # fmt: skip

    def geocode(self, q: str, limit: int = 5, hints: GeocodeHints | None = None) -> list[Candidate]:
        self.calls += 1
        return [self.answer]

    def reverse(self, latitude: float, longitude: float) -> Candidate | None:
        self.calls += 1
        return self.answer


@pytest.fixture
def memory_engine() -> Iterator[Engine]:
    engine = create_engine(
        "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
    )
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


def test_geocode_hit_becomes_housenumber_candidate(fake: FakeBan) -> None:
    assert ban(fake).geocode(QUERY) == [CLAUDEL]


def test_geocode_drops_scores_below_min_score(fake: FakeBan) -> None:
    fake.features = [feature(), feature(label="Rue Claude Ramey 21000 Dijon", score=0.31)]
    assert ban(fake).geocode(QUERY) == [CLAUDEL]


def test_geocode_min_score_is_configurable(fake: FakeBan) -> None:
    fake.features = [feature(), feature(label="Rue Claude Ramey 21000 Dijon", score=0.31)]
    assert [c.score for c in ban(fake, min_score=0.3).geocode(QUERY)] == [0.9731, 0.31]


def test_geocode_request_carries_q_and_limit(fake: FakeBan) -> None:
    ban(fake).geocode(QUERY, limit=3)
    assert fake.requests == [("/search", {"q": [SENT_QUERY], "limit": ["3"]}, "panda-finder")]


def test_geocode_locality_is_street_precision(fake: FakeBan) -> None:
    fake.features = [feature(label="Les Grésilles 21000 Dijon", kind="locality")]
    assert [c.precision for c in ban(fake).geocode("Les Grésilles Dijon")] == ["street"]


def test_geocode_municipality_keeps_its_precision(fake: FakeBan) -> None:
    fake.features = [feature(label="Dijon", kind="municipality", lat=47.3239, lon=5.0375)]
    assert [(c.precision, c.citycode) for c in ban(fake).geocode("Dijon")] == [
        ("municipality", "21231")
    ]


def test_geocode_empty_answer_is_no_candidate(fake: FakeBan) -> None:
    fake.features = []
    assert ban(fake).geocode("Rue Inconnue Dijon") == []


def test_geocode_citycode_hint_filters_a_larger_answer(fake: FakeBan) -> None:
    talant = feature(label="14 Rue Camille Claudel 21240 Talant", citycode="21617", score=0.98)
    fake.features = [talant, feature()]
    found = ban(fake).geocode(QUERY, limit=1, hints=GeocodeHints(citycode="21231"))
    assert found == [CLAUDEL]
    assert fake.requests[0][1]["limit"] == ["20"]


def test_geocode_postcode_hint_filters_results(fake: FakeBan) -> None:
    fake.features = [feature(postcode="21240", citycode="21617"), feature()]
    assert ban(fake).geocode(QUERY, hints=GeocodeHints(postcode="21000")) == [CLAUDEL]


def test_geocode_point_hint_breaks_score_ties(fake: FakeBan) -> None:
    far = feature(label="Far", lat=47.35, lon=5.10)
    fake.features = [far, feature()]
    hints = GeocodeHints(latitude=CLAUDEL.latitude, longitude=CLAUDEL.longitude)
    assert [c.label for c in ban(fake).geocode(QUERY, hints=hints)] == [CLAUDEL.label, "Far"]


def test_geocode_zero_limit_makes_no_request(fake: FakeBan) -> None:
    assert ban(fake).geocode(QUERY, limit=0) == []
    assert fake.requests == []


def test_geocode_500_once_is_retried_and_answered(fake: FakeBan) -> None:
    fake.mode = "500-once"
    assert ban(fake).geocode(QUERY) == [CLAUDEL]
    assert len(fake.requests) == 2


def test_geocode_500_always_is_unavailable_after_two_requests(fake: FakeBan) -> None:
    fake.mode = "500"
    with pytest.raises(GeocoderUnavailable) as raised:
        ban(fake).geocode(QUERY)
    assert len(fake.requests) == 2
    assert raised.value.retry_after_s == 30.0


def test_geocode_timeout_is_retried_once_then_unavailable(fake: FakeBan) -> None:
    fake.mode = "slow"
    with pytest.raises(GeocoderUnavailable) as raised:
        ban(fake).geocode(QUERY)
    assert len(fake.requests) == 2
    assert raised.value.retry_after_s == 30.0


def test_geocode_429_is_unavailable_with_retry_after_after_one_request(fake: FakeBan) -> None:
    fake.mode = "429"
    with pytest.raises(GeocoderUnavailable) as raised:
        ban(fake).geocode(QUERY)
    assert raised.value.retry_after_s == 7
    assert len(fake.requests) == 1


def test_geocode_429_without_header_waits_the_geoplateforme_block(fake: FakeBan) -> None:
    fake.mode = "429-bare"
    with pytest.raises(GeocoderUnavailable) as raised:
        ban(fake).geocode(QUERY)
    assert raised.value.retry_after_s == 5.0
    assert len(fake.requests) == 1


def test_geocode_400_is_no_result_after_one_request(fake: FakeBan) -> None:
    fake.mode = "400"
    assert ban(fake).geocode("ab") == []
    assert len(fake.requests) == 1


def test_geocode_400_is_not_cached(fake: FakeBan) -> None:
    fake.mode = "400"
    geocoder = ban(fake, cache=DictCache())
    geocoder.geocode("ab")
    geocoder.geocode("ab")
    assert len(fake.requests) == 2


def test_geocode_404_is_unavailable_after_one_request(fake: FakeBan) -> None:
    fake.mode = "404"
    with pytest.raises(GeocoderUnavailable, match="HTTP 404") as raised:
        ban(fake).geocode(QUERY)
    assert raised.value.retry_after_s is None
    assert len(fake.requests) == 1


def test_geocode_refused_connection_is_unavailable() -> None:
    with socket.socket() as probe:  # a port nobody listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    geocoder = BanGeocoder(domain=f"127.0.0.1:{port}", scheme="http", timeout_s=TIMEOUT_S)
    with pytest.raises(GeocoderUnavailable):
        geocoder.geocode(QUERY)


def test_geocode_second_identical_query_makes_no_request(fake: FakeBan) -> None:
    geocoder = ban(fake, cache=DictCache())
    first = geocoder.geocode(QUERY)
    second = geocoder.geocode("14  rue Camille CLAUDEL 21000 Dijon")  # same normalised query
    assert first == second == [CLAUDEL]
    assert len(fake.requests) == 1


def test_geocode_empty_answer_is_cached(fake: FakeBan) -> None:
    fake.features = []
    cache = DictCache()
    geocoder = ban(fake, cache=cache)
    geocoder.geocode("Rue Inconnue Dijon")
    assert geocoder.geocode("Rue Inconnue Dijon") == []
    assert len(fake.requests) == 1
    assert cache.entries == {("rue inconnue dijon", 5): []}


def test_geocode_cache_keeps_low_scores_for_the_cut_after_it(fake: FakeBan) -> None:
    fake.features = [feature(), feature(label="Rue Claude Ramey 21000 Dijon", score=0.31)]
    cache = DictCache()
    ban(fake, cache=cache).geocode(QUERY, limit=2)
    assert [c.score for c in cache.entries[(SENT_QUERY, 2)]] == [0.9731, 0.31]


def test_geocode_failure_is_not_cached(fake: FakeBan) -> None:
    fake.mode = "500"
    cache = DictCache()
    with pytest.raises(GeocoderUnavailable):
        ban(fake, cache=cache).geocode(QUERY)
    assert cache.entries == {}


def test_geocode_invalid_query_never_reaches_the_server(fake: FakeBan) -> None:
    geocoder = ban(fake, cache=DictCache())
    for bad in ("", "   ", "!!!", "rue\x00de la paix", "x" * 201):
        with pytest.raises(InvalidQuery):
            geocoder.geocode(bad)
    assert fake.requests == []


def test_reverse_returns_the_first_result(fake: FakeBan) -> None:
    assert ban(fake).reverse(47.32968, 5.069047) == CLAUDEL
    path, params, _ = fake.requests[0]
    assert (path, params) == ("/reverse", {"lat": ["47.32968"], "lon": ["5.069047"]})


def test_reverse_empty_answer_is_none(fake: FakeBan) -> None:
    fake.features = []
    assert ban(fake).reverse(47.32968, 5.069047) is None


def test_reverse_out_of_range_point_is_none_without_request(fake: FakeBan) -> None:
    assert ban(fake).reverse(147.0, 5.0) is None
    assert ban(fake).reverse(float("nan"), 5.0) is None
    assert fake.requests == []


def test_reverse_500_always_is_unavailable_after_two_requests(fake: FakeBan) -> None:
    fake.mode = "500"
    with pytest.raises(GeocoderUnavailable):
        ban(fake).reverse(47.32968, 5.069047)
    assert len(fake.requests) == 2


def test_ban_default_endpoint_is_the_geoplateforme() -> None:
    assert BanGeocoder().search_url == "https://data.geopf.fr/geocodage/search"


def test_sql_cache_round_trip(memory_engine: Engine) -> None:
    cache = SqlGeocodeCache(memory_engine)
    cache.put((SENT_QUERY, 5), [CLAUDEL])
    cache.put(("rue inconnue dijon", 5), [])
    assert cache.get((SENT_QUERY, 5)) == [CLAUDEL]
    assert cache.get(("rue inconnue dijon", 5)) == []
    assert cache.get((SENT_QUERY, 3)) is None


def test_sql_cache_put_replaces_an_entry(memory_engine: Engine) -> None:
    cache = SqlGeocodeCache(memory_engine)
    cache.put((SENT_QUERY, 5), [])
    cache.put((SENT_QUERY, 5), [CLAUDEL])
    assert cache.get((SENT_QUERY, 5)) == [CLAUDEL]


def test_sql_cache_ignores_entries_older_than_max_age(memory_engine: Engine) -> None:
    clock = [datetime(2026, 3, 1, 12, 0, tzinfo=UTC)]
    cache = SqlGeocodeCache(memory_engine, max_age_s=3600, now=lambda: clock[0])
    cache.put((SENT_QUERY, 5), [CLAUDEL])
    clock[0] += timedelta(seconds=3600)
    assert cache.get((SENT_QUERY, 5)) == [CLAUDEL]
    clock[0] += timedelta(seconds=1)
    assert cache.get((SENT_QUERY, 5)) is None


def test_sql_cache_key_of_a_long_query_fits_the_column() -> None:
    # 200 "œ" pass validation and fold to 400 characters.
    long_query = "oe" * 200
    key = storage_key("ban", (long_query, 5))
    assert len(key) <= KEY_MAX_LENGTH
    assert key.startswith("ban:5:sha256:")
    assert storage_key("ban", (SENT_QUERY, 5)) == f"ban:5:{SENT_QUERY}"


def test_sql_cache_spares_the_service_a_second_request(
    fake: FakeBan, memory_engine: Engine
) -> None:
    geocoder = ban(fake, cache=SqlGeocodeCache(memory_engine))
    geocoder.geocode(QUERY)
    assert ban(fake, cache=SqlGeocodeCache(memory_engine)).geocode(QUERY) == [CLAUDEL]
    assert len(fake.requests) == 1


def test_fallback_answers_while_the_primary_is_down(fake: FakeBan) -> None:
    fake.mode = "500"
    offline = StubOffline()
    geocoder = FallbackGeocoder(ban(fake), offline)
    assert geocoder.name == "ban+offline"
    assert geocoder.geocode(QUERY) == [offline.answer]
    assert geocoder.geocode(QUERY)[0].geocoder == "offline"


def test_fallback_reverse_answers_while_the_primary_is_down(fake: FakeBan) -> None:
    fake.mode = "429"
    offline = StubOffline()
    assert FallbackGeocoder(ban(fake), offline).reverse(47.33, 5.07) == offline.answer


def test_fallback_returns_the_primary_answer_when_it_is_up(fake: FakeBan) -> None:
    offline = StubOffline()
    assert FallbackGeocoder(ban(fake), offline).geocode(QUERY) == [CLAUDEL]
    assert offline.calls == 0


def test_fallback_lets_an_invalid_query_through(fake: FakeBan) -> None:
    offline = StubOffline()
    with pytest.raises(InvalidQuery):
        FallbackGeocoder(ban(fake), offline).geocode("")
    assert offline.calls == 0
    assert fake.requests == []
