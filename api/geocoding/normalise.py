"""French address normalisation: validate, fold, expand abbreviations, split into parts."""

import re
from dataclasses import dataclass

from api.geocoding.base import InvalidQuery
from models.text import fold, fold_place_name

MAX_QUERY_LENGTH = 200

# Tab and newlines are how pasted multi-line addresses arrive: spaces, not an error.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HTML_TAG = re.compile(r"<[^<>]{0,100}>")
# "3-5 rue Jean XXIII" names the building by its first number; 5-digit postcodes are spared.
_RANGE = re.compile(r"(?<!\d)(\d{1,4})\s*[-/]\s*\d{1,4}(?!\d)")
_NUMBER_SIGN = re.compile(r"\bn°\s*", re.IGNORECASE)
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_POSTBOX = re.compile(r"^(bp|cs|tsa)\d*$")
_HOUSENUMBER = re.compile(r"^(\d{1,4})(bis|ter|quater|quinquies|[a-z])?$")
_POSTCODE = re.compile(r"^(0[1-9]|[1-8]\d|9[0-8])\d{3}$")
_ORDINAL = re.compile(r"^(\d+)(er|ere|re|e|eme|nd|nde)$")
REP_WORDS = frozenset({"bis", "ter", "quater", "quinquies"})

STREET_TYPES = frozenset(
    {
        "rue", "avenue", "boulevard", "place", "allee", "impasse", "chemin", "route", "quai",
        "cours", "square", "esplanade", "promenade", "passage", "sentier", "voie", "faubourg",
        "rond", "rocade", "parvis", "cite", "residence", "lotissement", "hameau", "clos",
        "mail", "ruelle", "venelle", "sente", "traverse", "montee", "carrefour", "cour",
        "galerie", "villa",
    }
)  # fmt: skip
# Street types are abbreviated where the type stands, and after an article inside the name
# ("rue du ch neuf"); "r" only in first place, elsewhere it may be an initial.
_TYPE_ABBREVIATIONS = {
    "r": "rue", "av": "avenue", "ave": "avenue", "bd": "boulevard", "bld": "boulevard",
    "blvd": "boulevard", "bvd": "boulevard", "boul": "boulevard", "pl": "place",
    "imp": "impasse", "all": "allee", "che": "chemin", "chem": "chemin", "ch": "chemin",
    "rte": "route", "sq": "square", "prom": "promenade", "pass": "passage", "qu": "quai",
    "crs": "cours", "esp": "esplanade", "sen": "sentier", "sent": "sentier", "res": "residence",
    "lot": "lotissement", "ham": "hameau", "carr": "carrefour", "mte": "montee",
    "rpt": "rond point", "tra": "traverse", "vla": "villa",
}  # fmt: skip
_FIRST_ONLY = frozenset({"r", "res", "lot", "ham", "tra"})
_TITLE_ABBREVIATIONS = {
    "st": "saint", "ste": "sainte", "fg": "faubourg", "fbg": "faubourg", "mal": "marechal",
    "gal": "general", "dr": "docteur", "cdt": "commandant", "pdt": "president",
    "prof": "professeur", "mgr": "monseigneur", "lt": "lieutenant",
}  # fmt: skip
ARTICLES = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "a", "au", "aux"})


@dataclass(frozen=True, slots=True)
class ParsedAddress:
    """The parts of a typed address; `prefix` is what came before a house number (a building)."""

    housenumber: str | None
    rep: str | None
    street: str | None
    postcode: str | None
    city: str | None
    prefix: str | None = None


def normalise_query(q: str) -> str:
    """Validated, folded query with ranges, postal boxes and CEDEX removed."""
    return " ".join(_drop_country(_validated_tokens(q)))


def parse_address(q: str) -> ParsedAddress:
    """Split a typed address into number, suffix, street, postcode and city."""
    _validated_tokens(q)
    segments = [tokens for part in q.split(",") if (tokens := _clean(part))]
    if segments[-1] == ["france"] and len(segments) > 1:
        segments.pop()
    tokens = _drop_country([t for segment in segments for t in segment])
    postcode, before, city = _split_postcode(tokens, segments)
    if city is None and postcode is None and len(segments) > 1 and _looks_like_city(segments[-1]):
        city = segments[-1]
        before = before[: len(before) - len(city)]
    number, rep, street, prefix = split_housenumber(before)
    return ParsedAddress(
        housenumber=number,
        rep=rep,
        street=" ".join(normalise_street_tokens(street)) or None,
        postcode=postcode,
        city=(fold_place_name(" ".join(city)) or None) if city else None,
        prefix=" ".join(prefix) or None,
    )


def normalise_street(name: str) -> str:
    """A street name as the index and the queries both spell it: "rue du 1 mai"."""
    return " ".join(normalise_street_tokens(fold(name.translate(_LIGATURES)).split()))


def normalise_street_tokens(tokens: list[str]) -> list[str]:
    """Expand type abbreviations (first, or after an article), titles anywhere, and ordinals."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        after_article = i > 0 and tokens[i - 1] in ARTICLES and token not in _FIRST_ONLY
        if (i == 0 or after_article) and token in _TYPE_ABBREVIATIONS:
            out += _TYPE_ABBREVIATIONS[token].split()
        else:
            out.append(_TITLE_ABBREVIATIONS.get(token, token))
    return [m.group(1) if (m := _ORDINAL.match(t)) else t for t in out]


def split_street_type(street: str) -> tuple[str, str]:
    """("rue", "liberte") for "rue de la liberte": type, then the name without articles."""
    tokens = street.split()
    kind = tokens[0] if tokens and tokens[0] in STREET_TYPES else ""
    name = [t for t in tokens[1 if kind else 0 :] if t not in ARTICLES]
    return kind, " ".join(name)


def split_housenumber(tokens: list[str]) -> tuple[str | None, str | None, list[str], list[str]]:
    """(number, rep, street tokens, prefix tokens): the number leads or stands before a type."""
    for i, token in enumerate(tokens):
        match = _HOUSENUMBER.match(token)
        if not match:
            continue
        rep, rest = match.group(2), tokens[i + 1 :]
        if rep is None and len(rest) > 1 and _is_rep_token(rest[0], rest[1]):
            rep, rest = rest[0], rest[1:]
        if i == 0 or (rest and _is_type(rest[0])):
            return str(int(match.group(1))), rep, rest, tokens[:i]
    return None, None, tokens, []


def _is_rep_token(token: str, following: str) -> bool:
    """A suffix after a spaced number: "bis" always, a lone letter only before a street type."""
    single = len(token) == 1 and token.isalpha()
    return token in REP_WORDS or (single and _is_type(following))


def _is_type(token: str) -> bool:
    return token in STREET_TYPES or token in _TYPE_ABBREVIATIONS


def _validated_tokens(q: str) -> list[str]:
    """Tokens of the whole query; InvalidQuery when nothing usable is left."""
    if len(q) > MAX_QUERY_LENGTH:
        raise InvalidQuery(
            f"query longer than {MAX_QUERY_LENGTH} characters",
            f"l'adresse dépasse {MAX_QUERY_LENGTH} caractères : raccourcissez-la",
        )
    if _CONTROL.search(q):
        raise InvalidQuery(
            "query contains control characters",
            "l'adresse contient des caractères de contrôle : retirez-les",
        )
    tokens = _clean(q)
    if not tokens:
        raise InvalidQuery(
            "query has no letters or digits",
            "l'adresse ne contient ni lettre ni chiffre (exemple : 14 rue Camille Claudel Dijon)",
        )

    return tokens


def _clean(text: str) -> list[str]:
    """Folded tokens without HTML tags, emoji, ranges, postal boxes or CEDEX."""
    text = _HTML_TAG.sub(" ", text).translate(_LIGATURES)
    text = _NUMBER_SIGN.sub(" ", _RANGE.sub(r"\1", text))
    tokens: list[str] = []
    skip_number = False
    for token in fold(text).split():
        if skip_number and token.isdigit() and len(token) < 6:
            skip_number = False
            continue
        skip_number = token in {"bp", "cs", "tsa", "cedex"}
        if not skip_number and not _POSTBOX.match(token):
            tokens.append(token)
    return tokens


def _drop_country(tokens: list[str]) -> list[str]:
    """Drop a final "France" after a postcode ("Place Pierre Mendès France" keeps its own)."""
    if len(tokens) > 1 and tokens[-1] == "france" and any(map(_POSTCODE.match, tokens[:-1])):
        return tokens[:-1]
    return tokens


def _split_postcode(
    tokens: list[str], segments: list[list[str]]
) -> tuple[str | None, list[str], list[str] | None]:
    """(postcode, tokens before it, city tokens): the city follows the last 5-digit code."""
    places = [i for i, t in enumerate(tokens) if _POSTCODE.match(t)]
    if not places:
        return None, tokens, None
    i = places[-1]
    before, after = tokens[:i], tokens[i + 1 :]
    if after:
        return tokens[i], before, after
    # "..., Dijon 21000": the city is the start of the postcode's own comma segment.
    own = next((s for s in reversed(segments) if tokens[i] in s), [])
    city = own[: own.index(tokens[i])] if own is not segments[0] else []
    if city and _looks_like_city(city):
        return tokens[i], before[: len(before) - len(city)], city
    return tokens[i], before, None


def _looks_like_city(tokens: list[str]) -> bool:
    """A comma segment naming a city: no digits and not starting with a street type."""
    return not any(t[0].isdigit() for t in tokens) and not _is_type(tokens[0])
