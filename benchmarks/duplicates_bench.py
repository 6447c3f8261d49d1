"""Duplicate detection at scale: 100,000 synthetic places scored whole, then one place's
neighbours scored incrementally (as after a single write).

    python -m benchmarks.duplicates_bench [--places 100000] [--runs 3]

The places are clearly synthetic and clustered the way real ones are: 25,000 communes
(France has about 35,000) with a centre, sizes falling as a power law (the largest holds
about 2,500 places and their second records, a Paris with its inner suburbs), each
place drawn around its commune's centre with a spread growing with the commune's size
(under a kilometre for a village, about 8 km for the largest); one place in ten has a
second record from another source (the same office renamed from « MSAP » to « France
services », a few metres off, same phone), and one in twenty shares its building with
another organisation (a Mission Locale, a library).
Prints each stage's median over the runs, and the incremental timing's median and p95.
"""

import argparse
import random
import statistics
import time
from dataclasses import dataclass

from api.duplicates.bands import band
from api.duplicates.candidates import CandidateIndex
from api.duplicates.detect import detect_one, ordered
from api.duplicates.records import DuplicateRecord, prepare
from api.duplicates.scoring import score_pair

WORDS = (
    "Tilleuls", "Gare", "Liberté", "Moulin", "Château", "Prés", "Vignes", "Église", "Poste",
    "Lavoir", "Fontaine", "Marronniers", "Acacias", "Tanneurs", "Halles", "Remparts", "Écoles",
    "Jardins", "Sources", "Forges", "Cerisiers", "Peupliers", "Verger", "Pont", "Colombier",
)  # fmt: skip
PEOPLE = ("Jean Jaurès", "Victor Hugo", "Pasteur", "Jules Ferry", "Gambetta", "Voltaire")
STREET_TYPES = ("rue", "avenue", "place", "allée", "boulevard", "impasse")
KINDS = (
    "Médiathèque {w}", "Centre social des {w}", "Espace numérique {w}", "Association {w}",
    "Tiers-lieu des {w}", "MJC {w}", "Maison des {w}", "Cyber-base {w}", "PANDA {w}",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SyntheticPlace:
    """The fields detection reads, for one synthetic place."""

    name: str
    address: str
    postcode: str
    commune: str
    latitude: float
    longitude: float
    phone: str | None
    emails: list[str]
    websites: list[str]
    pivot: str | None
    source: str
    source_id: str


def synthetic(n: int, seed: int = 19) -> list[SyntheticPlace]:
    """n synthetic places with realistic clustering and injected duplicates."""
    rng = random.Random(seed)
    communes = _communes(rng, max(50, n // 4))
    weights = [c[3] for c in communes]
    total = sum(weights)
    # Standard deviation in degrees of latitude: 0.5 km plus 0.15 km per sqrt(place).
    spread = {c[0]: (0.5 + 0.15 * (n * c[3] / total) ** 0.5) / 111 for c in communes}
    places: list[SyntheticPlace] = []
    chosen = rng.choices(communes, weights, k=n)
    while len(places) < n:
        name, lat, lon, _ = chosen[len(places)]
        place = _place(rng, len(places), name, lat, lon, spread[name])
        places.append(place)
        roll = rng.random()
        if roll < 0.10 and len(places) < n:
            places.append(_renamed_copy(rng, place, len(places)))
        elif roll < 0.15 and len(places) < n:
            places.append(_neighbour_office(rng, place, len(places)))
    return places


def _communes(rng: random.Random, count: int) -> list[tuple[str, float, float, float]]:
    """Commune names, centres over metropolitan France, and Zipf-like sizes."""
    return [
        (f"Synthèse-{i:05d}", rng.uniform(42.5, 51.0), rng.uniform(-4.5, 7.8), 1 / (1 + i) ** 0.8)
        for i in range(count)
    ]


def _place(
    rng: random.Random, i: int, commune: str, lat: float, lon: float, spread: float
) -> SyntheticPlace:
    word = rng.choice(WORDS)
    street = f"{rng.choice(STREET_TYPES)} {rng.choice(WORDS + PEOPLE)}"
    return SyntheticPlace(
        name=rng.choice(KINDS).format(w=word),
        address=f"{rng.randint(1, 120)} {street}",
        postcode=f"{rng.randint(1, 95):02d}{rng.randint(0, 999):03d}",
        commune=commune,
        latitude=lat + rng.gauss(0, spread),
        longitude=lon + rng.gauss(0, spread * 1.45),
        phone=f"+333{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.7 else None,
        emails=[f"contact{i}@lieu{i}.fr"] if rng.random() < 0.5 else [],
        websites=[],
        pivot=None,
        source="synthetic-a",
        source_id=f"a-{i}",
    )


def _renamed_copy(rng: random.Random, place: SyntheticPlace, i: int) -> SyntheticPlace:
    """The same office from another source: « MSAP » for its name, a few metres off."""
    return SyntheticPlace(
        name=f"MSAP {place.commune}",
        address=place.address.upper(),
        postcode=place.postcode,
        commune=place.commune.upper(),
        latitude=place.latitude + rng.gauss(0, 0.0001),
        longitude=place.longitude + rng.gauss(0, 0.0001),
        phone=place.phone,
        emails=[],
        websites=[],
        pivot=None,
        source="synthetic-b",
        source_id=f"b-{i}",
    )


def _neighbour_office(rng: random.Random, place: SyntheticPlace, i: int) -> SyntheticPlace:
    """Another organisation in the same building."""
    return SyntheticPlace(
        name=rng.choice(("Mission Locale des {w}", "Bibliothèque des {w}")).format(
            w=rng.choice(WORDS)
        ),
        address=place.address,
        postcode=place.postcode,
        commune=place.commune,
        latitude=place.latitude,
        longitude=place.longitude,
        phone=f"+333{rng.randint(10_000_000, 99_999_999)}",
        emails=[],
        websites=[],
        pivot=None,
        source="synthetic-b",
        source_id=f"c-{i}",
    )


def run_whole(places: list[SyntheticPlace]) -> tuple[dict[str, float], dict[str, int]]:
    """Prepare, find candidates and score every pair; seconds per stage, and counts."""
    started, cpu = time.perf_counter(), time.process_time()
    records = [prepare(place, i) for i, place in enumerate(places, start=1)]
    prepared = time.perf_counter()
    index = CandidateIndex(records)
    pairs = index.pairs()
    found = time.perf_counter()
    bands = {"grouped": 0, "to_review": 0, "below": 0}
    for i, j in pairs:
        a, b = ordered(records[i], records[j])
        bands[band(score_pair(a, b).score)] += 1
    scored = time.perf_counter()
    times = {
        "prepare": prepared - started,
        "candidates": found - prepared,
        "score": scored - found,
        "total": scored - started,
        "total CPU": time.process_time() - cpu,
    }
    return times, {"candidates": len(pairs), **bands}


def run_incremental(records: list[DuplicateRecord], samples: int, seed: int) -> list[float]:
    """Milliseconds to score one changed place against its neighbours, for sample places."""
    index = CandidateIndex(records)
    rng = random.Random(seed)
    out = []
    for record in rng.sample(records, samples):
        started = time.perf_counter()
        detect_one(index, record)
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    """Print the figures of docs/benchmarks.md's « Duplicates » section."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--places", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=1000)
    options = parser.parse_args()
    places = synthetic(options.places)
    runs = [run_whole(places) for _ in range(options.runs)]
    print(f"{options.places} places, {options.runs} runs; counts {runs[0][1]}")
    for stage in ("prepare", "candidates", "score", "total", "total CPU"):
        values = [times[stage] for times, _ in runs]
        print(f"  {stage}: median {statistics.median(values):.2f} s ({values_text(values)})")
    records = [prepare(place, i) for i, place in enumerate(places, start=1)]
    one = run_incremental(records, options.samples, seed=7)
    p95 = statistics.quantiles(one, n=20)[-1]
    print(f"  one place's neighbours: median {statistics.median(one):.2f} ms, p95 {p95:.2f} ms")


def values_text(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    main()
