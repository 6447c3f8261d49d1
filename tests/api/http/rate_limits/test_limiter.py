"""Rate limits (api/http/rate_limits/, api/auth/keys.py): per client address for reads, writes and
failed
authentications, per key for writes; shared through Redis or PostgreSQL; fail open."""

import logging
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.conftest import bearer, make_access_point, make_key
from tests.live_server import free_port, panda_server

REDIS_URL = "redis://127.0.0.1:6379/0"
WRONG_KEY = bearer("pk_0123456789ab_not-a-real-secret")
PLACE = make_access_point().model_dump(mode="json")
NEAREST = "/v1/access-points/nearest?lat=47.3216&lon=5.0415&limit=1"
Factory = Callable[..., TestClient]


def retry_after(response: httpx.Response) -> int:
    """The Retry-After header, which must be a whole number of seconds in (0, 60]."""
    value = response.headers["retry-after"]
    assert value.isdigit() and 0 < int(value) <= 60, value
    return int(value)


def refused(response: httpx.Response, too_many: str, limit: int) -> dict[str, str]:
    """The body a 429 must have, its wait read from its Retry-After (checked on the way)."""
    wait = retry_after(response)
    detail = f"trop {IN_FRENCH[too_many]} : au plus {limit} par minute ; réessayez dans {wait} s"
    return {"error": "rate_limited", "detail": detail}


# What each counter is called in the French `detail` (the default language).
IN_FRENCH = {
    "reads from this address": "de lectures depuis cette adresse",
    "failed authentications from this address": "d'authentifications échouées depuis cette adresse",
    "writes from this address": "d'écritures depuis cette adresse",
    "writes with this key": "d'écritures avec cette clé",
}


def locked_out(response: httpx.Response) -> dict[str, str]:
    return refused(response, "failed authentications from this address", 10)


def wrong_key_writes(client: httpx.Client, count: int) -> list[httpx.Response]:
    return [client.post("/v1/access-points", json=PLACE, headers=WRONG_KEY) for _ in range(count)]


def create(client: TestClient, secret: str) -> int:
    body = make_access_point().model_dump(mode="json")
    return client.post("/v1/access-points", json=body, headers=bearer(secret)).status_code


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own on the local Redis, emptied afterwards.

    Skips, saying why, when Redis does not answer; under CI (CI set) it fails instead.
    """
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        if os.environ.get("CI"):
            pytest.fail(f"Redis at {REDIS_URL} does not answer: {exc}")
        pytest.skip(f"Redis at {REDIS_URL} does not answer ({exc}); CI fails instead")
    prefix = f"panda-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


def redis_keys(prefix: str) -> list[str]:
    with redis.Redis.from_url(REDIS_URL) as client:
        return sorted(key.decode() for key in client.scan_iter(f"{prefix}:*"))


def test_rate_limits_wrong_key_writes_end_in_429_with_retry_after(
    client_factory: Factory,
) -> None:
    client = client_factory()
    answers = wrong_key_writes(client, 50)
    assert [a.status_code for a in answers] == [401] * 10 + [429] * 40
    last = answers[-1]
    assert last.json() == locked_out(last)
    assert retry_after(last) >= 55  # the window opened with the first 401, a moment ago
    assert {name: last.headers[name] for name in ("ratelimit-limit", "ratelimit-remaining")} == {
        "ratelimit-limit": "10",
        "ratelimit-remaining": "0",
    }
    assert last.headers["ratelimit-policy"] == "10;w=60"


def test_rate_limits_locked_out_address_still_reads(client_factory: Factory) -> None:
    client = client_factory(seed=True)
    wrong_key_writes(client, 11)
    assert client.get(NEAREST).status_code == 200


def test_rate_limits_reads_under_the_limit_are_never_429(client_factory: Factory) -> None:
    client = client_factory(seed=True, rate_limit_reads="40/minute")
    paths = [NEAREST, "/v1/access-points?size=1", "/v1/communes", "/v1/geocode?q=dijon"]
    answers = [client.get(paths[n % len(paths)]) for n in range(40)]
    assert [a.status_code for a in answers] == [200] * 40
    answer = client.get("/v1/communes")
    assert answer.status_code == 429
    assert answer.json() == refused(answer, "reads from this address", 40)


def test_rate_limits_default_read_limit_is_600_a_minute(client_factory: Factory) -> None:
    client = client_factory()
    statuses = {client.get("/v1/communes").status_code for _ in range(600)}
    assert (statuses, client.get("/v1/communes").status_code) == ({200}, 429)


def test_rate_limits_health_and_metrics_are_never_limited(client_factory: Factory) -> None:
    client = client_factory(rate_limit_reads="1/minute")
    statuses = [client.get(path).status_code for path in ["/health", "/metrics"] * 3]
    assert statuses == [200] * 6


def test_rate_limits_head_counts_as_a_read_and_429_has_no_body(client_factory: Factory) -> None:
    client = client_factory(rate_limit_reads="1/minute")
    first, second = client.head("/v1/communes"), client.head("/v1/communes")
    assert (first.status_code, second.status_code, second.content) == (200, 429, b"")
    assert retry_after(second) >= 55


def test_rate_limits_count_the_client_address_not_x_forwarded_for(
    client_factory: Factory,
) -> None:
    client = client_factory(rate_limit_reads="2/minute")
    forwarded = [{"X-Forwarded-For": f"198.51.100.{n}"} for n in range(3)]
    statuses = [client.get("/v1/communes", headers=h).status_code for h in forwarded]
    other = TestClient(client.app, client=("203.0.113.7", 40000))
    assert (statuses, other.get("/v1/communes").status_code) == ([200, 200, 429], 200)


def test_rate_limits_valid_key_writes_are_limited_per_key(client_factory: Factory) -> None:
    client = client_factory(rate_limit_writes="3/minute")
    first, second = make_key(client, "write"), make_key(client, "write")
    elsewhere = TestClient(client.app, client=("203.0.113.7", 40000))
    from_here = [create(client, first) for _ in range(3)]
    # The same key from another address: its own budget is spent.
    answer = elsewhere.post("/v1/access-points", json=PLACE, headers=bearer(first))
    assert (from_here, answer.status_code) == ([201, 201, 201], 429)
    assert answer.json() == refused(answer, "writes with this key", 3)
    # Another key from that address writes: the key, not the address, was refused.
    assert create(elsewhere, second) == 201


def test_rate_limits_writes_are_limited_per_address(client_factory: Factory) -> None:
    client = client_factory(rate_limit_writes="3/minute")
    keys = [make_key(client, "write") for _ in range(4)]
    statuses = [create(client, secret) for secret in keys]
    assert statuses == [201, 201, 201, 429]
    answer = client.post("/v1/access-points", json=PLACE, headers=bearer(keys[3]))
    assert answer.json() == refused(answer, "writes from this address", 3)


def test_rate_limits_imports_count_as_writes(client_factory: Factory) -> None:
    client = client_factory(rate_limit_writes="1/minute")
    secret = make_key(client, "import")
    sends = [client.post("/v1/imports", content=b"", headers=bearer(secret)) for _ in range(2)]
    assert [s.status_code for s in sends] == [422, 429]  # the first: "the file is empty"
    assert sends[1].json() == refused(sends[1], "writes from this address", 1)


def test_rate_limits_are_documented_as_429_of_limited_operations(client_factory: Factory) -> None:
    paths = client_factory().get("/openapi.json").json()["paths"]
    nearest = paths["/v1/access-points/nearest"]["get"]["responses"]["429"]
    create_op = paths["/v1/access-points"]["post"]["responses"]["429"]
    assert nearest == create_op
    assert nearest["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorBody"
    }
    assert nearest["headers"]["Retry-After"]["schema"] == {"type": "integer", "minimum": 0}
    assert "429" not in paths["/health"]["get"]["responses"]


def test_rate_limits_disabled_answer_no_429_and_document_none(client_factory: Factory) -> None:
    client = client_factory(rate_limit_enabled=False)
    statuses = {a.status_code for a in wrong_key_writes(client, 15)}
    responses = client.get("/openapi.json").json()["paths"]["/v1/communes"]["get"]["responses"]
    assert (statuses, "429" in responses) == ({401}, False)


def test_rate_limits_cors_exposes_retry_after_and_ratelimit_headers(
    client_factory: Factory,
) -> None:
    client = client_factory(rate_limit_reads="1/minute")
    origin = {"Origin": "https://partner.example"}
    client.get("/v1/communes", headers=origin)
    answer = client.get("/v1/communes", headers=origin)
    exposed = {h.strip() for h in answer.headers["access-control-expose-headers"].split(",")}
    assert answer.status_code == 429
    assert {"Retry-After", "RateLimit-Limit", "RateLimit-Reset"} <= exposed


def test_rate_limits_fail_open_when_redis_is_down(
    client_factory: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    client = client_factory(
        rate_limit_storage=f"redis://127.0.0.1:{port}/0", rate_limit_auth_failures="2/minute"
    )
    secret = make_key(client, "write")
    with caplog.at_level(logging.WARNING, logger="api.http.rate_limits.limiter"):
        statuses = [a.status_code for a in wrong_key_writes(client, 5)]
        written = create(client, secret)
    assert (statuses, written) == ([401] * 5, 201)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    # Once per pause, not once per request.
    assert len(warnings) == 1
    assert warnings[0].startswith(
        f"rate limits not enforced for 5 s: their storage (redis://127.0.0.1:{port}) failed: "
    )


def two_apps(database_url: str, **overrides: Any) -> tuple[TestClient, TestClient]:
    """Two apps (two limiters, two engines) on one database, like two worker processes."""
    settings = Settings(
        database_url=database_url, load_seed_when_empty=False, snapshot_refresh_s=3600, **overrides
    )
    return TestClient(create_app(settings)), TestClient(create_app(settings))


def alternate(first: TestClient, second: TestClient, count: int) -> list[int]:
    clients = [first, second]
    return [wrong_key_writes(clients[n % 2], 1)[0].status_code for n in range(count)]


def test_rate_limits_are_shared_between_two_apps_through_redis(
    client_factory: Factory, database_url: str, redis_prefix: str
) -> None:
    client_factory()  # a fresh schema on the test database
    first, second = two_apps(
        database_url,
        rate_limit_storage=REDIS_URL,
        rate_limit_key_prefix=redis_prefix,
        rate_limit_auth_failures="4/minute",
    )
    with first, second:
        statuses = alternate(first, second, 8)
        secret = make_key(first, "write")
        assert create(second, secret) == 429  # the address is locked out, on both
    assert statuses == [401] * 4 + [429] * 4
    keys = redis_keys(redis_prefix)
    assert keys == [
        f"{redis_prefix}:rate-limit:LIMITER/auth-failure/testclient/4/1/minute",
        f"{redis_prefix}:rate-limit:LIMITER/write/testclient/60/1/minute",
    ]


def test_rate_limits_count_keys_by_id_never_by_secret_in_redis(
    client_factory: Factory, redis_prefix: str
) -> None:
    client = client_factory(rate_limit_storage=REDIS_URL, rate_limit_key_prefix=redis_prefix)
    secret = make_key(client, "write")
    assert create(client, secret) == 201
    keys = redis_keys(redis_prefix)
    assert [k for k in keys if "/key/" in k] == [
        f"{redis_prefix}:rate-limit:LIMITER/key/1/60/1/minute"
    ]
    assert not [k for k in keys if secret in k or secret.split("_")[1] in k]


@pytest.mark.postgres
def test_rate_limits_are_shared_between_two_apps_through_postgresql(
    client_factory: Factory, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: set PANDA_TEST_DATABASE_URL")
    client_factory()  # a fresh schema on the test database
    first, second = two_apps(
        database_url, rate_limit_writes="3/minute", rate_limit_auth_failures="3/minute"
    )
    with first, second:
        secret = make_key(first, "write")
        statuses = [create(client, secret) for client in (first, second, first, second)]
        # From another address (its writes are not spent): 10 failures in all, then 429.
        there = [TestClient(c.app, client=("203.0.113.7", 40000)) for c in (first, second)]
        locked = alternate(there[0], there[1], 6)
    assert statuses == [201, 201, 201, 429]
    assert locked == [401] * 3 + [429] * 3


def test_rate_limits_real_servers_share_them_through_redis(
    tmp_path: Path, redis_prefix: str
) -> None:
    """Two `panda serve` processes on one SQLite file: 50 quick wrong-key writes, sent to
    either, meet 10 answers 401 in all, then 429 with Retry-After."""
    env = {"PANDA_RATE_LIMIT_STORAGE": REDIS_URL, "PANDA_RATE_LIMIT_KEY_PREFIX": redis_prefix}
    url = f"sqlite:///{tmp_path / 'panda.db'}"
    with panda_server(tmp_path, url, **env) as one, panda_server(tmp_path, url, **env) as two:
        bases = [one, two]
        answers = [
            httpx.post(f"{bases[n % 2]}/v1/access-points", json=PLACE, headers=WRONG_KEY)
            for n in range(50)
        ]
    assert [a.status_code for a in answers] == [401] * 10 + [429] * 40
    assert answers[-1].json() == locked_out(answers[-1])
    assert retry_after(answers[-1]) >= 50
