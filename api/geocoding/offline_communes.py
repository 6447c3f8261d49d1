"""Which communes a query may mean: by name (current, former, fuzzy), postcode and hints."""

from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from api.geocoding.base import AddressRecord, Candidate, CommuneRecord, GeocodeHints
from api.geocoding.normalise import ARTICLES, STREET_TYPES, ParsedAddress
from api.geocoding.prefixes import PrefixIndex, completion_score
from models.geo import geodesic_distance_m
from models.text import fold, fold_place_name

COMMUNE_REACH_M = 15_000.0
_GEOCODER = "offline"
# Words after which a commune name belongs to the street: "rue de Longvic" is not Longvic.
_GLUE = ARTICLES | {"sur", "en", "et", "saint", "sainte", "lez", "pres"}
_NO_ALIAS = {"saint", "sainte"}


# An unknown commune or postcode is ignored, and what is found elsewhere says so, at this cost.
COMMUNE_NOT_FOUND_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """One reading of a query: street text, allowed communes (None: all), confidence 0..1.

    `named`: communes the query's words name ("... Dijon"); this reading's streets outside
    them stand only if their own name holds `tail`, the words that named them ("rue Buffon"
    is a street of Dijon, not the village). `commune_not_found`: a commune or postcode was
    typed but is unknown, so this reading ignores it.
    """

    street: str | None
    communes: frozenset[str] | None
    score: float
    named: frozenset[str] | None = None
    tail: str = ""
    commune_not_found: bool = False


class CommuneIndex:
    """Commune names, postcodes and centroids; read-only after construction."""

    def __init__(self, communes: Sequence[CommuneRecord], addresses: Sequence[AddressRecord]):
        self._by_insee = {c.insee_code: c for c in communes}
        self._names: dict[str, tuple[frozenset[str], float]] = {}
        for commune in communes:
            for variant, quality in _variants(commune).items():
                known, best = self._names.get(variant, (frozenset(), 0.0))
                self._names[variant] = (known | {commune.insee_code}, max(best, quality))
        # One typo keeps the first or the last letter: the fuzzy scan reads only those names
        # (35,000 communes: a twentieth of them each), not all.
        self._by_end: dict[tuple[int, str], list[str]] = {}
        for name in self._names:
            for end in ((0, name[0]), (-1, name[-1])):
                self._by_end.setdefault(end, []).append(name)
        self._codes = sorted(self._by_insee)
        self._folded = {c.insee_code: fold_place_name(c.name) for c in communes}
        plain = {fold(c.name): c.name for c in communes}
        self._plain, self._plain_names = list(plain), list(plain.values())
        self._prefixes = PrefixIndex(
            (word, i)
            for i, code in enumerate(self._codes)
            for name in (self._by_insee[code].name, *self._by_insee[code].former_names)
            for word in fold_place_name(name).split()
        )
        postcodes: dict[str, set[str]] = {}
        pairs = [(code, c.insee_code) for c in communes for code in (c.postcode, *c.postcodes)]
        for code, insee in pairs + [(a.postcode, a.insee_code) for a in addresses]:
            postcodes.setdefault(code, set()).add(insee)
        self._postcodes = {code: frozenset(s) for code, s in postcodes.items()}

    def suggestions(self, text: str, limit: int) -> list[str]:
        """Communes its words spell (one typo allowed), then names holding a fragment of it."""
        words = fold_place_name(text).split()
        best: dict[str, float] = {}
        for size in (3, 2, 1):
            for start in range(len(words) - size + 1):
                run = words[start : start + size]
                found = self.by_name(" ".join(run)) if _may_name(run[0], run[-1]) else None
                for insee in sorted(found[0]) if found else ():
                    name = self._by_insee[insee].name
                    best[name] = max(best.get(name, 0.0), found[1] if found else 0.0)
        names = [name for name, _ in sorted(best.items(), key=lambda item: -item[1])]
        if len(names) < limit:
            scan = process.extract(
                fold(text), self._plain, scorer=fuzz.partial_ratio, limit=limit, score_cutoff=85
            )
            names += [self._plain_names[i] for _, _, i in scan]
        return list(dict.fromkeys(names))[:limit]

    def display_name(self, insee_code: str, fallback: str) -> str:
        """The commune's current name (a BAN row may carry a former one)."""
        commune = self._by_insee.get(insee_code)
        return commune.name if commune else fallback

    def by_name(self, text: str) -> tuple[frozenset[str], float] | None:
        """Communes a folded name means, with match quality; one typo is tolerated."""
        if text in self._names:
            return self._names[text]
        if len(text) < 4:
            return None
        hits = [
            process.extractOne(text, names, scorer=fuzz.ratio, score_cutoff=85)
            for names in (self._by_end.get((0, text[0]), []), self._by_end.get((-1, text[-1]), []))
        ]
        found = max((h for h in hits if h is not None), key=lambda h: h[1], default=None)
        if found is None:
            return None
        communes, quality = self._names[found[0]]
        return communes, quality * found[1] / 100

    def complete(self, text: str, hints: GeocodeHints | None) -> list[Candidate]:
        """Communes with a word starting with each typed word ("quet": Quetigny), unranked."""
        allowed = self._hinted(hints)
        found = [self._codes[i] for i in self._prefixes.complete(text.split())]
        return [
            self._candidate(i, completion_score(text, self._folded[i]))
            for i in found
            if allowed is None or i in allowed
        ]

    def hypotheses(self, p: ParsedAddress, hints: GeocodeHints | None) -> list[Hypothesis]:
        """Readings of the query, each restricted to the communes it allows."""
        found = self._readings(p)
        allowed = self._hinted(hints)
        if allowed is None:
            return found
        restricted = [
            replace(h, communes=allowed if h.communes is None else h.communes & allowed)
            for h in found
        ]
        return [h for h in restricted if h.communes]

    def municipalities(self, communes: frozenset[str] | None, score: float) -> list[Candidate]:
        """Commune-level candidates; several communes (a shared postcode) halve the score."""
        if not communes:
            return []
        share = 1.0 if len(communes) == 1 else 0.5
        return [self._candidate(i, score * share) for i in sorted(communes) if i in self._by_insee]

    def nearest(self, latitude: float, longitude: float) -> Candidate | None:
        """The commune whose centroid is nearest, if within reach of the area."""
        best = min(
            ((geodesic_distance_m(latitude, longitude, c.latitude, c.longitude), c.insee_code)
             for c in self._by_insee.values()),
            default=None,
        )  # fmt: skip
        if best is None or best[0] > COMMUNE_REACH_M:
            return None
        return self._candidate(best[1], 1.0 - best[0] / COMMUNE_REACH_M)

    def _readings(self, p: ParsedAddress) -> list[Hypothesis]:
        """Hypotheses from the city, the postcode, or a commune name peeled off the street."""
        by_postcode = self._postcodes.get(p.postcode, frozenset()) if p.postcode else None
        if p.city:
            return self._with_city(p, by_postcode)
        if by_postcode is not None and not by_postcode:
            # A postcode nobody here has, and no city to say otherwise: ignored, and said so.
            return [_not_found(p.street)]
        score = 1.0 if by_postcode and len(by_postcode) == 1 else 0.9
        main = Hypothesis(p.street, by_postcode, score)
        found: list[Hypothesis] = []
        street = p.street or ""
        peeled = self._peel(street.split()) if street else None
        # A commune named in the words is as good as a city field: its quality, not `score`.
        if peeled is not None:
            found += _narrowed(peeled[0], peeled[1], peeled[2], by_postcode)
            if found:
                tail = street[len(peeled[0] or "") :].strip()
                main = replace(main, named=peeled[1], tail=tail)
        before = self.by_name(p.prefix) if p.prefix else None
        if before is not None and (narrowed := _narrowed(p.street, *before, by_postcode)):
            found += narrowed
            if p.prefix in self._names:  # "Talant 3 rue X": exactly a commune, not a building
                main = replace(main, named=(main.named or frozenset()) | before[0], tail="")
        return [main, *found]

    def _with_city(self, p: ParsedAddress, by_postcode: frozenset[str] | None) -> list[Hypothesis]:
        """A named city wins over a postcode that contradicts it (a CEDEX or mistyped code)."""
        assert p.city is not None
        named = self.by_name(p.city)
        if named is None:
            # An unknown city with one of our postcodes: maybe a hamlet or district name.
            return (
                [Hypothesis(p.street, by_postcode, 0.7)] if by_postcode else [_not_found(p.street)]
            )
        communes, quality = named
        if by_postcode and communes & by_postcode:
            communes = communes & by_postcode
        elif by_postcode is not None:
            quality *= 0.9
        return [Hypothesis(p.street, communes, quality)]

    def _peel(self, tokens: list[str]) -> tuple[str | None, frozenset[str], float] | None:
        """A commune named by the street's last words: exact (longest first), else fuzzy."""
        tails = [
            k for k in range(min(4, len(tokens)), 0, -1)
            if k == len(tokens) or tokens[-k - 1] not in _GLUE
        ]  # fmt: skip
        for exact in (True, False):
            for k in tails:
                tail = " ".join(tokens[-k:])
                named = self._names.get(tail) if exact else self.by_name(tail)
                if named is not None:
                    return " ".join(tokens[:-k]) or None, *named
        return None

    def _hinted(self, hints: GeocodeHints | None) -> frozenset[str] | None:
        """Communes the caller's hints allow (None: no restriction)."""
        allowed: frozenset[str] | None = None
        if hints and hints.citycode:
            allowed = frozenset({hints.citycode})
        if hints and hints.postcode:
            by_postcode = self._postcodes.get(hints.postcode, frozenset())
            allowed = by_postcode if allowed is None else allowed & by_postcode
        return allowed

    def _candidate(self, insee: str, score: float) -> Candidate:
        c = self._by_insee[insee]
        return Candidate(
            c.name, c.latitude, c.longitude, round(score, 4), "municipality",
            c.insee_code, c.postcode, _GEOCODER,
        )  # fmt: skip


def _may_name(first: str, last: str) -> bool:
    """Words a commune's name may start and end with: no article, street type or number."""
    return not any(w in _GLUE or w in STREET_TYPES or w[0].isdigit() for w in (first, last))


def _not_found(street: str | None) -> Hypothesis:
    """The reading that ignores an unknown commune or postcode, flagged and discounted."""
    return Hypothesis(street, None, COMMUNE_NOT_FOUND_WEIGHT, commune_not_found=True)


def _narrowed(
    street: str | None, communes: frozenset[str], score: float, by_postcode: frozenset[str] | None
) -> list[Hypothesis]:
    """A hypothesis for named communes, kept only if the postcode (when given) allows them."""
    if by_postcode is not None:
        communes = communes & by_postcode
    return [Hypothesis(street, communes, score)] if communes else []


def _variants(commune: CommuneRecord) -> dict[str, float]:
    """Folded names, former names, and the first word of a compound name ("fontaine")."""
    out: dict[str, float] = {}
    for name in (commune.name, *commune.former_names):
        folded = fold_place_name(name)
        out[folded] = 1.0
        first = folded.split()[0]
        if " " in folded and len(first) >= 5 and first not in _NO_ALIAS:
            out.setdefault(first, 0.95)
    return out
