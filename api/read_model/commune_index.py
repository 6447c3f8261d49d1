"""Finding communes among the 35,000 of France: by code, name, former name or postcode.

Names repeat (about thirty communes are called Saint-Martin), so a name may be ambiguous:
`resolve` then returns every candidate, and `commune_code` answers 422 listing some of them
with their department and INSEE code, which the client can send instead ("Saint-Martin (32)"
picks the one of the Gers). Built once per list of communes; every lookup is a dict access.
"""

import bisect
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import orjson

from api.http.errors import InvalidParameter
from models.commune import CommunePublic
from models.text import fold_place_name

# Candidates listed in an ambiguity message: enough to choose, never the whole country.
SHOWN_CANDIDATES = 8
# The municipal arrondissements of Paris, Lyon and Marseille (INSEE): places often carry
# their code rather than the commune's.
ARRONDISSEMENTS: dict[str, tuple[str, ...]] = {
    "75056": tuple(str(code) for code in range(75101, 75121)),
    "69123": tuple(str(code) for code in range(69381, 69390)),
    "13055": tuple(str(code) for code in range(13201, 13217)),
}
_COMMUNE_OF_ARRONDISSEMENT = {a: c for c, codes in ARRONDISSEMENTS.items() for a in codes}
_CODE = re.compile(r"(?:\d{5}|2[AB]\d{3})")
# "Saint-Martin (32)", "Saint-Martin 32", "Saint-Martin, 32390": a name and what narrows it.
_NARROWED = re.compile(r"^(?P<name>.*?\D)[\s,]*\(?\s*(?P<key>\d{5}|\d{2,3}|2[AB])\s*\)?$")

Outcome = Literal["found", "ambiguous", "unknown"]


@dataclass(frozen=True)
class Resolution:
    """What a text names: one commune, several candidates, or nothing."""

    outcome: Outcome
    communes: tuple[CommunePublic, ...] = ()
    # INSEE codes a place of the commune may carry: its own, then its arrondissements'.
    codes: tuple[str, ...] = ()


class HasCommunes(Protocol):
    """What the read model offers: its communes, and possibly an index built over them."""

    communes: list[CommunePublic]


class CommuneIndex:
    """Communes by code, folded name, former name, postcode, department and EPCI."""

    def __init__(self, communes: Sequence[CommunePublic]) -> None:
        # One order for listings whatever the database's collation: folded name, then code.
        keyed = sorted((fold_place_name(c.name), c.insee_code, c) for c in communes)
        self.communes: list[CommunePublic] = [c for _, _, c in keyed]
        self._folded: list[str] = [name for name, _, _ in keyed]
        self._by_code = {c.insee_code: c for c in self.communes}
        self._by_name: dict[str, list[CommunePublic]] = {}
        self._by_former: dict[str, list[CommunePublic]] = {}
        self._by_postcode: dict[str, list[CommunePublic]] = {}
        self.by_department: dict[str, list[int]] = {}
        self.by_epci: dict[str, list[int]] = {}
        for position, (folded, _, commune) in enumerate(keyed):
            self._by_name.setdefault(folded, []).append(commune)
            for former in dict.fromkeys(fold_place_name(n) for n in commune.former_names):
                self._by_former.setdefault(former, []).append(commune)
            for postcode in dict.fromkeys((commune.postcode, *commune.postcodes)):
                self._by_postcode.setdefault(postcode, []).append(commune)
            if commune.department:
                self.by_department.setdefault(commune.department, []).append(position)
            if commune.epci:
                self.by_epci.setdefault(commune.epci, []).append(position)
        self._rows: list[bytes | None] = [None] * len(self.communes)

    def __len__(self) -> int:
        return len(self.communes)

    def get(self, insee_code: str) -> CommunePublic | None:
        """The commune of this INSEE code, or None."""
        return self._by_code.get(insee_code)

    def resolve(self, text: str) -> Resolution:
        """The commune(s) a code, a name, a former name or a postcode names.

        A current name wins over a former one; a postcode shared by several communes is
        ambiguous; a name may be narrowed by a department or a postcode after it.
        """
        typed = text.strip()
        code = typed.upper()
        if _CODE.fullmatch(code):
            return self._by_insee_code(code) or self._found(self._by_postcode.get(code, []))
        folded = fold_place_name(typed)
        named = self._by_name.get(folded) or self._by_former.get(folded)
        if named:
            return self._found(named)
        narrowed = _NARROWED.match(typed)
        if narrowed:
            candidates = self.resolve(narrowed["name"])
            key = narrowed["key"].upper()
            kept = [c for c in candidates.communes if key in (c.department, *c.postcodes)]
            return self._found(kept)
        return Resolution("unknown")

    def _by_insee_code(self, code: str) -> Resolution | None:
        commune = self._by_code.get(code)
        if commune is not None:
            return self._found([commune])
        parent = self._by_code.get(_COMMUNE_OF_ARRONDISSEMENT.get(code, ""))
        if parent is not None:
            # One arrondissement asked for: that code alone, not the whole city.
            return Resolution("found", (parent,), (code,))
        return None

    def _found(self, communes: Sequence[CommunePublic]) -> Resolution:
        if not communes:
            return Resolution("unknown")
        if len(communes) > 1:
            return Resolution("ambiguous", tuple(communes))
        commune = communes[0]
        codes = (commune.insee_code, *ARRONDISSEMENTS.get(commune.insee_code, ()))
        return Resolution("found", (commune,), codes)

    def starting_with(self, prefix: str) -> range:
        """Positions (in `communes`) of the communes whose folded name starts with `prefix`."""
        folded = fold_place_name(prefix)
        start = bisect.bisect_left(self._folded, folded)
        # Past every name that starts with `folded`: the highest character after it.
        end = bisect.bisect_left(self._folded, folded + "\U0010ffff", lo=start)
        return range(start, end)

    def select(
        self, department: str | None, epci: str | None, name_prefix: str | None
    ) -> Sequence[int]:
        """Positions of the communes passing every filter given, in listing order."""
        lists: list[Sequence[int]] = []
        if department is not None:
            lists.append(self.by_department.get(department.upper(), []))
        if epci is not None:
            lists.append(self.by_epci.get(epci, []))
        if name_prefix is not None:
            lists.append(self.starting_with(name_prefix))
        if not lists:
            return range(len(self.communes))
        # Walk the shortest list, test membership in the others: never O(35,000) for a filter.
        lists.sort(key=len)
        first, others = (
            lists[0],
            [set(other) if isinstance(other, list) else other for other in lists[1:]],
        )
        return [p for p in first if all(p in other for other in others)]

    def row(self, position: int) -> bytes:
        """The commune at `position` as JSON bytes, serialised on first use."""
        row = self._rows[position]
        if row is None:
            row = orjson.dumps(self.communes[position].model_dump(mode="json"))
            self._rows[position] = row
        return row

    def rows(self, positions: Sequence[int]) -> Iterator[bytes]:
        """JSON bytes of the communes at these positions."""
        return (self.row(p) for p in positions)

    _cached: tuple[list[CommunePublic], "CommuneIndex"] | None = None
    _lock = threading.Lock()

    @classmethod
    def of(cls, communes: list[CommunePublic]) -> "CommuneIndex":
        """The index of this very list, built once: snapshots that share a list share it."""
        cached = cls._cached
        if cached is not None and cached[0] is communes:
            return cached[1]
        with cls._lock:
            cached = cls._cached
            if cached is not None and cached[0] is communes:
                return cached[1]
            index = cls(communes)
            # The list is kept alive with its index, so its identity cannot be reused.
            cls._cached = (communes, index)
            return index


def index_of(snapshot: HasCommunes) -> CommuneIndex:
    """The read model's commune index: its own when it carries one, else built once here."""
    index = getattr(snapshot, "commune_index", None)
    return index if isinstance(index, CommuneIndex) else CommuneIndex.of(snapshot.communes)


def commune_codes(snapshot: HasCommunes, text: str, parameter: str = "commune") -> tuple[str, ...]:
    """The INSEE codes `text` names (the commune's, then its arrondissements'); 422 otherwise."""
    resolution = index_of(snapshot).resolve(text)
    if resolution.outcome == "found":
        return resolution.codes
    if resolution.outcome == "ambiguous":
        raise ambiguous(parameter, text, resolution.communes)
    raise InvalidParameter(
        f"{parameter} : « {text} » ne désigne aucune commune connue ; donnez son nom, "
        "un ancien nom, son code INSEE ou son code postal (liste : /v1/communes?name=…)",
        en=f"unknown commune {text!r}; give its name, a former name, its INSEE code or its "
        "postcode (list: /v1/communes?name=...)",
        extra={"parameter": parameter},
    )


def commune_code(snapshot: HasCommunes, text: str, parameter: str = "commune") -> str:
    """The INSEE code of the one commune `text` names; 422 when unknown or ambiguous."""
    return commune_codes(snapshot, text, parameter)[0]


def ambiguous(parameter: str, text: str, candidates: Sequence[CommunePublic]) -> InvalidParameter:
    """The 422 for a name several communes bear: some candidates, and how to pick one."""
    shown = ", ".join(_label(c) for c in candidates[:SHOWN_CANDIDATES])
    more = len(candidates) - SHOWN_CANDIDATES
    fr_more = f" et {more} autres" if more > 0 else ""
    en_more = f" and {more} more" if more > 0 else ""
    example = f"{candidates[0].name} ({candidates[0].department or candidates[0].insee_code[:2]})"
    return InvalidParameter(
        f"{parameter} : « {text} » désigne {len(candidates)} communes : {shown}{fr_more} ; "
        f"précisez le département (« {example} ») ou donnez le code INSEE",
        en=f"{text!r} names {len(candidates)} communes: {shown}{en_more}; add the department "
        f"({example!r}) or give the INSEE code",
        extra=_extra(parameter, candidates),
    )


def _label(commune: CommunePublic) -> str:
    department = commune.department or commune.insee_code[:2]
    return f"{commune.name} ({department}) {commune.insee_code}"


def _extra(parameter: str, candidates: Sequence[CommunePublic]) -> dict[str, Any]:
    shown = candidates[:SHOWN_CANDIDATES]
    return {
        "parameter": parameter,
        "candidates": [
            {"insee_code": c.insee_code, "name": c.name, "department": c.department} for c in shown
        ],
    }
