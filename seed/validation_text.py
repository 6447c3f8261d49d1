"""Pydantic's validation errors told to people: the value received, what is expected and an
example, in French (and in English for API clients who ask), never a raw pattern."""

from typing import Any

from models.text_types import printable

# An example of a valid value per field or parameter (our names and the standard's columns).
EXAMPLES: dict[str, str] = {
    "lat": "47.3216",
    "lon": "5.0415",
    "latitude": "47.3216",
    "longitude": "5.0415",
    "limit": "10",
    "radius_m": "2000",
    "page": "2",
    "size": "20",
    "open_at": "2025-07-15T10:00:00+02:00",
    "open_now": "true",
    "start": "2025-07-14",
    "postcode": "21000",
    "code_postal": "21000",
    "insee_code": "21231",
    "code_insee": "21231",
    "commune": "Dijon",
    "network": "PANDA",
    "address": "14 rue Camille Claudel 21000 Dijon",
    "adresse": "14 rue Camille Claudel",
    "q": "14 rue Camille Claudel Dijon",
    "equipment": "computer,printer",
    "opening_hours": "Mo-Fr 09:00-12:00,14:00-17:00",
    "horaires": "Mo-Fr 09:00-12:00,14:00-17:00",
    "phone": "+33 suivi de 9 chiffres",
    "telephone": "+33 suivi de 9 chiffres",
    "source_updated_on": "2025-03-01",
    "date_maj": "2025-03-01",
    "closed_from": "2025-08-01",
    "closed_until": "2025-08-31",
    "websites": "https://www.dijon.fr",
    "site_web": "https://www.dijon.fr",
    "emails": "contact@exemple.fr",
    "courriels": "contact@exemple.fr",
    "dry_run": "true",
    "prune": "false",
    "skip_invalid": "true",
    "hard": "true",
    "format": "json",
}

# What a pattern-checked field holds, by field name, since its regular expression says
# nothing to a person.
_PATTERNS: dict[str, str] = {
    "postcode": "un code postal à 5 chiffres",
    "insee_code": "un code INSEE de commune à 5 caractères",
    "phone": "un numéro de téléphone au format international",
    "websites": "une adresse web commençant par http:// ou https://",
    "accessibility_sheet_url": "une adresse web commençant par https://",
    "appointment_url": "une adresse web commençant par https://",
    "emails": "une adresse électronique",
    "pivot": "un identifiant pivot de 9 à 14 lettres ou chiffres",
    "typology": "un code de typologie en majuscules",
    "mapping": "un nom de correspondance en minuscules",
}

# The same in English: a raw pattern helps no API client either.
_PATTERNS_EN: dict[str, str] = {
    "postcode": "a 5-digit postcode",
    "insee_code": "a 5-character INSEE commune code",
    "phone": "a phone number in international form (+33 then 9 digits)",
    "websites": "a URL starting with http:// or https://",
    "accessibility_sheet_url": "a URL starting with https://",
    "appointment_url": "a URL starting with https://",
    "emails": "an email address",
}

# The kind of value each Pydantic parsing error expected.
_KINDS: dict[str, str] = {
    "float_parsing": "un nombre",
    "float_type": "un nombre",
    "finite_number": "un nombre fini",
    "int_parsing": "un nombre entier",
    "int_type": "un nombre entier",
    "int_from_float": "un nombre entier",
    "bool_parsing": "un booléen (true ou false)",
    "bool_type": "un booléen (true ou false)",
    "string_type": "du texte",
    "string_unicode": "du texte Unicode valide",
    "list_type": "une liste",
    "dict_type": "un objet",
    "model_type": "un objet",
    "model_attributes_type": "un objet",
    "date_parsing": "une date AAAA-MM-JJ",
    "date_from_datetime_parsing": "une date AAAA-MM-JJ",
    "date_type": "une date AAAA-MM-JJ",
    "datetime_parsing": "une date et heure ISO 8601",
    "datetime_from_date_parsing": "une date et heure ISO 8601",
    "datetime_type": "une date et heure ISO 8601",
    "json_invalid": "du JSON valide",
}

_BOUNDS: dict[str, tuple[str, str]] = {
    "greater_than": ("gt", "doit être supérieur à"),
    "greater_than_equal": ("ge", "doit être au moins"),
    "less_than": ("lt", "doit être inférieur à"),
    "less_than_equal": ("le", "doit être au plus"),
}


def shown(value: Any, limit: int = 60) -> str:
    """A received value as a person reads it: quoted, and cut when it is long."""
    if isinstance(value, tuple | list):
        text = ", ".join(str(item) for item in value)  # e.g. a (latitude, longitude) pair
    else:
        text = value if isinstance(value, str) else repr(value)
    # Cut first, then made printable: a control character or a lone surrogate is named, never
    # echoed (it would drive a terminal, or fail to encode in the answer).
    if len(text) > limit:
        return f"« {printable(text[:limit].rstrip())}… »"
    return f"« {printable(text)} »"


def shown_en(value: Any) -> str:
    """A received value as API clients read it in English."""
    return repr(value if isinstance(value, str) else shown(value).strip("« »"))


def field_name(error: dict[str, Any]) -> str:
    """The field an error is about: the last named part of its location."""
    names = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
    names = [name for name in names if name not in ("query", "path", "body", "header")]
    return names[-1] if names else ""


def example_of(name: str) -> str | None:
    """An example of a valid value for a field or parameter, when we have one."""
    return EXAMPLES.get(name)


def explain(error: dict[str, Any], name: str | None = None) -> tuple[str, str]:
    """(French, English) reason for one Pydantic error, without the field's name.

    The French names the value received and gives an example; the English is Pydantic's own
    message, as API clients asking for English have always had it.
    """
    name = field_name(error) if name is None else name
    kind = str(error.get("type", ""))
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    english = "unknown parameter" if kind == "extra_forbidden" else message
    if kind == "string_pattern_mismatch" and name in _PATTERNS_EN:
        english = f"{shown_en(error.get('input'))} is not {_PATTERNS_EN[name]}"
    french = _reason(kind, error.get("ctx") or {}, error.get("input"), name, message)
    example = example_of(name)
    if example and kind not in ("extra_forbidden", "missing") and "(exemple" not in french:
        french = f"{french} (exemple : {example})"
    return french, english


def _reason(kind: str, ctx: dict[str, Any], value: Any, name: str, message: str) -> str:
    if kind == "missing":
        example = example_of(name)
        return "obligatoire, mais absent" + (f" (exemple : {name}={example})" if example else "")
    if kind == "extra_forbidden":
        return "paramètre inconnu : retirez-le ou corrigez son nom"
    if kind == "union_tag_invalid":
        return (
            f"« {ctx.get('tag')} » n'est pas une valeur connue de {ctx.get('discriminator')} ; "
            f"valeurs possibles : {ctx.get('expected_tags')}"
        )
    if kind in _KINDS:
        return f"{shown(value)} n'est pas {_KINDS[kind]}"
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        bound = ctx.get(key)
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)  # "au plus 90", not "90.0"
        return f"{shown(value)} {words} {bound}"

    if kind in ("string_too_long", "too_long"):
        return f"{shown(value)} est trop long (au plus {ctx.get('max_length')})"
    if kind in ("string_too_short", "too_short"):
        least = ctx.get("min_length")
        if least == 1:
            return "vide, alors qu'une valeur est attendue"
        return f"{shown(value)} est trop court (au moins {least})"
    if kind == "string_pattern_mismatch":
        return f"{shown(value)} n'est pas {_PATTERNS.get(name, 'de la forme attendue')}"
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        return f"{shown(value)} n'est pas une valeur connue ; valeurs possibles : {expected}"
    if kind == "value_error":
        return _value_error(ctx.get("error"), value, name, message)
    return f"{shown(value)} n'est pas une valeur acceptée pour {name or 'ce champ'}"


def _value_error(error: Any, value: Any, name: str, message: str) -> str:
    """Our validators' ValueErrors: their French when they carry it (`.fr`), else by kind."""
    french = getattr(error, "fr", None)
    if french:
        return str(french)
    if isinstance(value, dict):
        # A check of the whole model: its input is every field sent, not one value to show.
        return f"combinaison refusée : {message}"
    if type(error).__name__ == "InvalidOpeningHours":
        return f"{shown(value)} n'est pas un horaire au format OpenStreetMap opening_hours"
    if message == "closed_until is before closed_from":
        return "la fin de fermeture (closed_until) précède son début (closed_from)"
    return f"{shown(value)} n'est pas une valeur acceptée pour {name or 'ce champ'}"


class ValueErrorFr(ValueError):
    """A ValueError raised by a validator with its reason in English and in French."""

    def __init__(self, en: str, fr: str) -> None:
        super().__init__(en)
        self.fr = fr
