"""How alike two records are: evidence from each fact, a score 0-100 and reasons in French.

Each fact adds or takes away evidence (points, about a log-odds scale); the score is the
logistic of the sum. Facts that are missing on either side add nothing: unknown stays
unknown. The weights and the bands (bands.py) were set on the tuning part of the labelled
census pairs only (docs/duplicates.md says how, and what the held-out part gives).
"""

import math
from dataclasses import dataclass

from rapidfuzz import fuzz

from api.duplicates.addresses import compare_addresses
from api.duplicates.geometry import distance_m
from api.duplicates.names import HOST_KINDS, acronym_of
from api.duplicates.records import DuplicateRecord


@dataclass(frozen=True, slots=True)
class PairScore:
    """The score of a pair (0-100), its evidence sum and the reasons, strongest first."""

    score: int
    evidence: float
    distance_m: float
    reasons: tuple[str, ...]


# Where the logistic crosses 50: evidence below it leans « not the same ».
_CENTRE = 2.0
_SCALE = 1.5


def score_pair(a: DuplicateRecord, b: DuplicateRecord) -> PairScore:
    """Score two records from name, address, distance, phone, e-mail, website and SIRET."""
    metres = distance_m(a.latitude, a.longitude, b.latitude, b.longitude)
    facts: list[tuple[float, str]] = []
    address = compare_addresses(a.address_key, b.address_key)
    if address == "same" and a.commune_key != b.commune_key and metres > 2000:
        address = "unknown"  # one street name in two towns
    facts += _identifiers(a, b)
    facts += _kinds(a, b)
    facts += _names(a, b, address, metres)
    facts += _address(a, address, metres)
    facts += _distance(metres, address)
    evidence = sum(points for points, _ in facts)
    score = round(100 / (1 + math.exp(-(evidence - _CENTRE) / _SCALE)))
    ordered = sorted(facts, key=lambda fact: -abs(fact[0]))
    return PairScore(score, evidence, metres, tuple(reason for _, reason in ordered))


def _identifiers(a: DuplicateRecord, b: DuplicateRecord) -> list[tuple[float, str]]:
    """SIRET, phone, e-mail and website: the same one is strong, two different ones weak."""
    facts: list[tuple[float, str]] = []
    if a.siret and b.siret:
        same = (
            a.siret[:9] == b.siret[:9]
            if min(len(a.siret), len(b.siret)) == 9
            else a.siret == b.siret
        )
        facts.append((5.0, "même SIRET") if same else (-5.0, "SIRET différents"))
    if a.phone and b.phone:
        facts.append(
            (2.5, "même téléphone") if a.phone == b.phone else (-1.0, "téléphones différents")
        )
    if a.emails and b.emails:
        if a.emails & b.emails:
            facts.append((2.5, "même courriel"))
        elif a.domains & b.domains:
            facts.append((1.5, "courriels du même domaine"))
        else:
            facts.append((-1.0, "courriels différents"))
    if a.websites and b.websites and a.websites & b.websites:
        facts.append((1.0, "même site web"))
    return facts


def _kinds(a: DuplicateRecord, b: DuplicateRecord) -> list[tuple[float, str]]:
    """Two names naming two different institutions: two places sharing a building."""
    ka, kb = a.name_parts.kinds, b.name_parts.kinds
    if ka and kb and not ka & kb:
        return [(-6.0, f"deux organismes différents : {_kind(ka)} / {_kind(kb)}")]
    if ka & kb:
        return [(1.0, f"même type d'organisme ({_kind(ka & kb)})")]
    return []


def _kind(kinds: frozenset[str]) -> str:
    return " et ".join(sorted(kinds))


def _names(
    a: DuplicateRecord, b: DuplicateRecord, address: str, metres: float
) -> list[tuple[float, str]]:
    """Core names compared; a network point or digital room beside its host is a match."""
    pa, pb = a.name_parts, b.name_parts
    if pa.core and pb.core:
        similarity = fuzz.token_set_ratio(pa.core, pb.core)
        if acronym_of(pa.core, pb.core) or acronym_of(pb.core, pa.core):
            return [(3.0, "un nom est le sigle de l'autre")]
        if similarity >= 90:
            return [(3.0, f"noms semblables ({similarity:.0f} %)")]
        if similarity >= 70:
            return [(1.5, f"noms proches ({similarity:.0f} %)")]
    together = address == "same" or (address == "number_differs" and metres <= 25)
    host = _host(a, b) if together else []
    if host:
        return host
    if pa.core and pb.core:
        return [(-1.5, "noms différents")]
    return []


def _host(a: DuplicateRecord, b: DuplicateRecord) -> list[tuple[float, str]]:
    """A network point or digital room at the same place as its host (not an agency)."""
    for point, other in ((a, b), (b, a)):
        parts = point.name_parts
        if not (parts.network or parts.digital_space):
            continue
        agencies = other.name_parts.kinds - HOST_KINDS
        if agencies:
            return [(-1.5, f"un organisme ({_kind(agencies)}) à côté d'un point de réseau")]
        return [(2.0, "un point de réseau ou un espace numérique et son hôte, au même endroit")]
    return []


def _address(a: DuplicateRecord, address: str, metres: float) -> list[tuple[float, str]]:
    """Same number and street, same street, or another street."""
    street = a.address_key.street or ""
    if address == "same":
        number = a.address_key.number or ""
        return [(2.5, f"même adresse ({number} {street})")]
    if address == "same_street":
        return [(1.0, f"même rue ({street})")]
    if address == "number_differs":
        # At one point, neighbouring numbers are one building's two doors (25 and 27).
        return [] if metres <= 25 else [(-0.5, "même rue, autre numéro")]
    if address == "differs":
        return [(-2.0, "adresses différentes")]
    return []


def _distance(metres: float, address: str) -> list[tuple[float, str]]:
    """Near is evidence; far is evidence against, unless the addresses agree."""
    shown = f"à {metres:.0f} m" if metres < 10_000 else f"à {metres / 1000:.0f} km"
    if metres <= 25:
        return [(1.5, f"même point ({shown})")]
    if metres <= 100:
        return [(0.5, f"tout près ({shown})")]
    if metres <= 300:
        return []
    if address == "same":
        # A record placed at the wrong point is common (the census has one 65 km off).
        return [(0.0, f"points éloignés malgré la même adresse ({shown})")]
    return [(-1.5 if metres <= 2000 else -3.0, f"éloignés ({shown})")]
