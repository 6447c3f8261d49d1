"""Rate-limit overhead, in-process: the check alone, and the middleware around a trivial app.

Run `python -m benchmarks.rate_limit_bench [--redis redis://127.0.0.1:6379/0]
[--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]`. Prints a Markdown table of
microseconds per request (best of 7 rounds). The shared storages are optional: they time
one write check (the address's auth-failure test and write count: two round trips).
"""

import argparse
import asyncio
import time
import uuid
from collections.abc import Callable

from sqlalchemy import create_engine, text
from starlette.types import Message, Receive, Scope, Send

from api.database import make_engine
from api.http.rate_limits import RateLimitMiddleware, RateLimits
from api.settings import Settings

ROUNDS = 7
REQUESTS = 20_000
ADDRESSES = [f"192.0.2.{n}" for n in range(200)]
GENEROUS = {"rate_limit_reads": "1000000000/minute", "rate_limit_writes": "1000000000/minute"}


async def trivial(scope: Scope, receive: Receive, send: Send) -> None:
    """The cheapest ASGI answer: 200 with a two-byte body."""
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


async def receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def sink(_message: Message) -> None:
    return None


def scope_for(address: str, method: str = "GET") -> Scope:
    return {
        "type": "http",
        "method": method,
        "path": "/v1/access-points/nearest",
        "client": (address, 50000),
        "headers": [],
    }


async def asgi_round(app: Callable, scopes: list[Scope]) -> float:
    start = time.perf_counter()
    for scope in scopes:
        await app(scope, receive, sink)
    return (time.perf_counter() - start) / len(scopes) * 1e6


def best_us(measure: Callable[[], float]) -> float:
    """The best of the rounds: the one least disturbed by the machine's other processes."""
    return min(measure() for _ in range(ROUNDS))


def timed(check: Callable[[str], object], count: int) -> float:
    start = time.perf_counter()
    for n in range(count):
        check(ADDRESSES[n % len(ADDRESSES)])
    return (time.perf_counter() - start) / count * 1e6


def in_process(limits: RateLimits) -> list[tuple[str, float]]:
    scopes = [scope_for(ADDRESSES[n % len(ADDRESSES)]) for n in range(REQUESTS)]
    limited = RateLimitMiddleware(trivial, limits)
    bare = best_us(lambda: asyncio.run(asgi_round(trivial, scopes)))
    wrapped = best_us(lambda: asyncio.run(asgi_round(limited, scopes)))
    return [
        ("`RateLimits.read` (memory)", best_us(lambda: timed(limits.read, REQUESTS))),
        ("trivial ASGI app, bare", bare),
        ("trivial ASGI app inside RateLimitMiddleware", wrapped),
        ("middleware overhead per read", wrapped - bare),
    ]


def shared(name: str, settings: Settings, engine_url: str) -> tuple[str, float]:
    engine = make_engine(engine_url)
    limits = RateLimits(settings)
    limits.start(engine)
    try:
        return (f"`RateLimits.write` ({name})", best_us(lambda: timed(limits.write, 500)))
    finally:
        limits.stop()
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--redis", help="a Redis URL to time a write check against")
    parser.add_argument("--postgres", help="a PostgreSQL URL to time a write check against")
    args = parser.parse_args()
    rows = in_process(RateLimits(Settings(**GENEROUS)))  # type: ignore[arg-type]
    if args.redis:
        prefix = f"bench-{uuid.uuid4().hex[:8]}"
        settings = Settings(rate_limit_storage=args.redis, rate_limit_key_prefix=prefix, **GENEROUS)  # type: ignore[arg-type]
        rows.append(shared("Redis", settings, "sqlite://"))
    if args.postgres:
        database = f"panda_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{database}"'))
        url = args.postgres.rsplit("/", 1)[0] + f"/{database}"
        try:
            from api.migrations.upgrade import upgrade_to_head

            engine = make_engine(url)
            upgrade_to_head(engine)
            engine.dispose()
            settings = Settings(database_url=url, **GENEROUS)  # type: ignore[arg-type]
            rows.append(shared("PostgreSQL", settings, url))
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            admin.dispose()
    print("| what | µs per request |\n|---|---|")
    for what, micros in rows:
        print(f"| {what} | {micros:.2f} |")


if __name__ == "__main__":
    main()
