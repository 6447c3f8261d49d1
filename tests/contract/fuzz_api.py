"""Schemathesis against `panda serve`: every operation, writes included, on a throwaway database.

Run by `.ci/run` as `python -m tests.contract.fuzz_api`; exits non-zero on any finding. The
seed and the budget are fixed so that a run is reproducible and bounded; all traffic goes to
127.0.0.1.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from api.auth.keys import create_key
from api.database import make_engine
from api.transit.reader import read_feed
from api.transit.store import replace_feed
from models.api_key import Scope
from tests.live_server import panda_server, server_database
from tests.transit_feed import divia_feed

HERE = Path(__file__).resolve().parent
SEED = 20261201
PHASES = "examples,coverage,fuzzing,stateful"


def fuzz_key(database_url: str) -> str:
    """A key that may do everything, stored in the server's database; returns its secret."""
    engine = make_engine(database_url)
    with Session(engine) as session:
        _key, secret = create_key(session, "fuzz", list(Scope))
    engine.dispose()
    return secret


def import_transit(database_url: str, workdir: Path) -> None:
    """The Divia fixture feed, so that near_transit and the transit layers answer (the
    server takes it in at its next poll, as after any import)."""
    engine = make_engine(database_url)
    with Session(engine) as session:
        replace_feed(session, read_feed(divia_feed(workdir / "divia.zip")))
    engine.dispose()


def schemathesis(base: str, secret: str, seed: int, examples: int, workdir: Path) -> int:
    """Run schemathesis once against `base` from `workdir` (it keeps state there); its exit code."""
    command = [
        "st",
        "--config-file",
        str(HERE / "schemathesis.toml"),
        "run",
        f"{base}/openapi.json",
        # Every check, `positive_data_acceptance` and `negative_data_rejection` included: the
        # document must promise what the server accepts and refuse what it refuses.
        "--checks",
        "all",
        "--seed",
        str(seed),
        "--max-examples",
        str(examples),
        "--phases",
        PHASES,
        # One worker: hypothesis parses lambdas' sources with `ast`, which is not thread-safe
        # on CPython 3.11.7 ("AST constructor recursion depth mismatch").
        "--workers",
        "1",
        "--generation-database",
        "none",
        # A new session's two required date-times are drawn from a pattern (their years)
        # and filtered by the date-time format: hypothesis drops enough of them to stop the
        # operation with "filter_too_much", though every case it keeps is checked.
        "--suppress-health-check",
        "filter_too_much",
        "--request-timeout",
        "10",
        "--header",
        f"Authorization: Bearer {secret}",
        "--report",
        "junit,ndjson",
        "--report-junit-path",
        str(workdir / "junit.xml"),
        "--report-ndjson-path",
        str(workdir / "events.ndjson"),
        "--no-color",
    ]
    # The hooks bend positive cases to the rules between parameters (see fuzz_hooks).
    env = os.environ | {"SCHEMATHESIS_HOOKS": str(HERE / "fuzz_hooks.py")}
    return subprocess.run(command, cwd=workdir, env=env, check=False).returncode


def main() -> int:
    """Serve a seeded database, fuzz it, say how it went."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=SEED, help="schemathesis's random seed")
    parser.add_argument("--examples", type=int, default=40, help="cases per operation")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        with (
            server_database(workdir) as url,
            # Without rate limits: the fuzzer sends thousands of requests from one address,
            # and 429 answers would leave the logic behind them untested.
            panda_server(
                workdir, url, PANDA_LOAD_SEED_WHEN_EMPTY="true", PANDA_RATE_LIMIT_ENABLED="false"
            ) as base,
        ):
            import_transit(url, workdir)
            time.sleep(3)  # one poll of the server (PANDA_SNAPSHOT_REFRESH_S, 2 s)
            status = schemathesis(base, fuzz_key(url), args.seed, args.examples, workdir)
    elapsed = time.monotonic() - started
    print(f"fuzz_api: schemathesis exited {status} in {elapsed:.0f} s", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
