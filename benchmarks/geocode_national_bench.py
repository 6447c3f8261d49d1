"""Time OfflineGeocoder.geocode with every commune of France and a department-sized address set.

The communes are the project's own file (seed/data/communes-france.json.gz, about 35,000).
The addresses are SYNTHETIC (benchmark only): the streets of tests/fixtures/ban-dijon-sample.csv
copied with a made-up word into the Côte-d'Or's communes, with made-up numbers, plus the
fixture's real rows; never seed anything from them.

Run from the project root: `python -m benchmarks.geocode_national_bench [--addresses N]`.
"""

import argparse
import itertools
import statistics
import time

from api.geocoding.base import AddressRecord, CommuneRecord
from api.geocoding.offline import OfflineGeocoder
from benchmarks.geocode_bench import FIXTURE, queries, timed
from seed.ban_addresses import read_ban_addresses
from seed.communes import read_communes_file

_SYLLABLES = ["ba", "ri", "lo", "mu", "te", "ka", "no", "vi", "su", "de", "fa", "gu"]
# Issue 11: the commune kept, abbreviations read, the conformance queries.
EXTRA = [
    "place de la Libération Dijon", "2 place Pierre-Meunier, 21300 Chenôve", "3 r du ch neuf",
    "14 rue Camille Claudel Dijon", "quetigny", "neuilly les dijon", "zzqx wvvk",
    "12 av mal foch dijon", "7 rue de longvic", "rue cam", "place de la liberation, Trifouilly",
]  # fmt: skip


def national_communes() -> list[CommuneRecord]:
    """Every commune of the project's communes file, as the geocoder takes them."""
    return [
        CommuneRecord(
            c.insee_code, c.name, c.postcode, c.latitude, c.longitude, tuple(c.former_names)
        )
        for c in read_communes_file().communes
    ]


def department_addresses(
    real: list[AddressRecord], communes: list[CommuneRecord], total: int
) -> list[AddressRecord]:
    """`total` addresses: the real rows, then made-up streets in the Côte-d'Or's communes."""
    words = ("".join(p).capitalize() for p in itertools.product(_SYLLABLES, repeat=4))
    cote_dor = [c for c in communes if c.insee_code.startswith("21")]
    out = list(real)
    for copy in itertools.count():
        base, commune = real[copy % len(real)], cote_dor[copy % len(cote_dor)]
        street = f"{base.street} {next(words)}"
        for k in range(40):
            if len(out) >= total:
                return out
            lat = commune.latitude + 0.00002 * k
            row = (str(k + 1), "", street, commune.postcode, commune.insee_code, commune.name)
            out.append(AddressRecord(*row, lat, commune.longitude))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", type=int, default=300_000)
    args = parser.parse_args()
    communes = national_communes()
    real = list(read_ban_addresses(FIXTURE))
    addresses = department_addresses(real, communes, args.addresses)
    started = time.perf_counter()
    geocoder = OfflineGeocoder(communes, addresses)
    print(f"{len(communes)} communes, {len(addresses)} addresses")
    print(f"build {time.perf_counter() - started:.2f} s")
    qs = queries(real) + EXTRA
    timed(geocoder.geocode, qs)  # warm-up
    timings = timed(geocoder.geocode, qs * 3)
    cut = statistics.quantiles(timings, n=100)
    print(f"geocode, {len(timings)} calls: p50 {cut[49]:.2f} ms, p99 {cut[98]:.2f} ms")
    for q in EXTRA:
        found = geocoder.geocode(q)
        best = found[0].label if found else "-"
        print(f"  {q!r}: {best} ({min(timed(geocoder.geocode, [q] * 5)):.2f} ms)")
    started = time.perf_counter()
    for q in EXTRA:
        geocoder.commune_suggestions(q)
    print(f"commune suggestions: {(time.perf_counter() - started) * 1000 / len(EXTRA):.2f} ms each")


if __name__ == "__main__":
    main()
