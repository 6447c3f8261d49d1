"""What a place's name says once the words every name of its kind carries are taken out.

« MSAP Saulieu », « France services de Saulieu » and « Maison de services au public » say
only which network a place belongs to (an MSAP became a France services in 2020), so two
records are compared on what is left: the core. Names that name an institution (a Mission
Locale, Pôle emploi, a CAF, a town hall, a library) give its kind, and two different kinds
at one address are two places sharing a building, not one place listed twice.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from models.text import fold, fold_place_name

# Longest first: « maison de services au public » before « services ». The network history:
# « MSAP » (Maison de services au public) was renamed « France services » in 2020, so each
# spelling is the same label; « MFS » is « Maison France services ».
NETWORK_LABELS = (
    "maison de services au public",
    "maison de service au public",
    "maison france services",
    "france services",
    "france service",
    "espace numerique",
    "point numerique",
    "point d accueil numerique",
    "espace public numerique",
    "relais de services publics",
    "msap",
    "mfs",
    "rsp",
    "epn",
    "panda",
)
# Digital spaces that rarely name an organisation of their own: a record called only this
# is usually the digital room of the house it stands in.
DIGITAL_SPACES = (
    "centre multimedia",
    "espace multimedia",
    "salle multimedia",
    "pole multimedia",
    "point multimedia",
    "centre numerique",
    "kiosque numerique",
    "kiosque multimedia",
    "cyber base",
    "cyberbase",
    "cyber espace",
    "point cyber",
    "cyber jeunes",
    "lab",
)
# « cote or »: what « Côte-d'Or » leaves once « d » is dropped (« Espace numérique Côte-d'Or »).
STOP_WORDS = frozenset(
    {"de", "du", "des", "la", "le", "les", "l", "d", "a", "au", "aux", "et", "en", "sur",
     "sous", "pour", "par", "un", "une", "cote", "or"}
)  # fmt: skip
# Institutions whose names say what they are; a pair naming two different ones is two
# organisations (a Mission Locale beside a France services office is another place).
INSTITUTION_KINDS = (
    ("mission locale", "Mission Locale"),
    ("milo", "Mission Locale"),
    ("pole emploi", "Pôle emploi"),
    ("france travail", "Pôle emploi"),
    ("caisse d allocations familiales", "CAF"),
    ("caf", "CAF"),
    ("cpam", "CPAM"),
    ("ccas", "CCAS"),
    ("information jeunesse", "Information Jeunesse"),
    ("info jeunesse", "Information Jeunesse"),
    ("bij", "Information Jeunesse"),
    ("pij", "Information Jeunesse"),
    ("crij", "Information Jeunesse"),
    ("mairie", "mairie"),
    ("hotel de ville", "mairie"),
    ("bibliotheque", "bibliothèque"),
    ("mediatheque", "bibliothèque"),
    ("mjc", "MJC ou centre social"),
    ("centre social", "MJC ou centre social"),
    ("canope", "Canopé"),
    ("credit agricole", "banque"),
    ("fablab", "fablab"),
    ("fab lab", "fablab"),
    ("coworking", "coworking"),
    ("pepiniere", "pépinière d'entreprises"),
    ("couveuse", "pépinière d'entreprises"),
    ("greta", "organisme de formation"),
    ("opac", "bailleur social"),
)
# Kinds that host other services (a network point or a digital room stands inside them);
# every other kind is an organisation with its own service, never another's duplicate.
HOST_KINDS = frozenset({"mairie", "bibliothèque", "MJC ou centre social", "CCAS"})
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class NameParts:
    """A folded name, its core (what is left to compare), its institutions and labels."""

    folded: str
    core: str
    kinds: frozenset[str]
    network: bool
    digital_space: bool


def name_parts(name: str, commune: str | None) -> NameParts:
    """Fold a place's name and take out network labels, digital-space words and the commune."""
    folded = fold_place_name(name)
    padded = f" {folded} "
    kinds = frozenset(kind for words, kind in INSTITUTION_KINDS if f" {words} " in padded)
    network = any(f" {label} " in padded for label in NETWORK_LABELS)
    space = any(f" {words} " in padded for words in DIGITAL_SPACES)
    core = padded
    for words in (*NETWORK_LABELS, *DIGITAL_SPACES, *(w for w, _ in INSTITUTION_KINDS)):
        core = core.replace(f" {words} ", " ")
    commune_words = _commune_words(commune) if commune else frozenset()
    tokens = [t for t in core.split() if t not in STOP_WORDS and t not in commune_words]
    return NameParts(folded, " ".join(tokens), kinds, network, space)


@lru_cache(maxsize=65_536)
def _commune_words(commune: str) -> frozenset[str]:
    """A commune's folded words; memoised, since many places share a commune."""
    return frozenset(fold_place_name(commune).split())


def acronym_of(short: str, long: str) -> bool:
    """Whether a one-word core is the initials of a longer one: « ore » and « ouverture
    rencontres evolution »."""
    words = long.split()
    return " " not in short and len(words) >= 2 and "".join(w[0] for w in words) == short


def core_tokens(parts: NameParts) -> list[str]:
    """The core's distinctive words (three letters or more), for the inverted index."""
    return [t for t in parts.core.split() if len(t) >= 3 and not t.isdigit()]


def organisation_words(name: str) -> str:
    """A name folded with spaces collapsed: what the national rule compares."""
    return _SPACES.sub(" ", fold(name)).strip()
