"""The data·inclusion export at scale: building a snapshot's records once (cold), again for the
next snapshot after a write (every other place's records reused), and the size they take.

    python -m benchmarks.data_inclusion_bench --places 100000
"""

import argparse
import copy
import time
from datetime import date

from api.data_inclusion import export
from api.read_model import Snapshot
from benchmarks.synthetic import synthetic_public


def main() -> None:
    """Print the timings and sizes for --places synthetic places."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--places", type=int, default=100_000)
    places = parser.parse_args().places
    snapshot = Snapshot(1, synthetic_public(places), [])
    today = date(2026, 12, 7)
    started = time.perf_counter()
    records = export.records_of(snapshot, today)
    cold = time.perf_counter() - started
    # The next snapshot after one write: the same places but one, whose answer (ETag) changed.
    changed = copy.copy(snapshot)
    changed.etags = [*snapshot.etags[:-1], "changed"]
    started = time.perf_counter()
    export.records_of(changed, today)
    warm = time.perf_counter() - started
    size = sum(map(len, records.structures)) + sum(map(len, records.services))
    print(f"places: {places}, records: {len(records.structures)} structures and services")
    print(f"cold build: {cold:.2f} s; after one write: {warm:.3f} s")
    print(f"records: {size / 2**20:.0f} MiB of JSON")


if __name__ == "__main__":
    main()
