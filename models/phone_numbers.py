"""French phone numbers to E.164, overseas ones with their own calling code."""

import re

from models.overseas import CALLING_CODES

# The French ten-digit plan covers the overseas departments: `0` then a national significant
# number whose first three digits name the territory, and whose calling code is not +33
# (ARCEP's plan: fixed lines, then mobiles). The number keeps those digits after the code:
# Martinique 0596 12 34 56 is +596 596 12 34 56.
OVERSEAS_PREFIXES = {
    "590": "590",  # Guadeloupe, Saint-Barthélemy, Saint-Martin
    "690": "590",
    "691": "590",
    "596": "596",  # Martinique
    "696": "596",
    "697": "596",
    "594": "594",  # Guyane
    "694": "594",
    "262": "262",  # La Réunion
    "263": "262",
    "692": "262",
    "693": "262",
    "269": "262",  # Mayotte
    "639": "262",
}
# Collectivities outside the ten-digit plan: their numbers are dialled locally without a 0,
# in this many digits.
LOCAL_DIGITS = {"975": 6, "986": 6, "987": 8, "988": 6}

_SEPARATORS = re.compile(r"[\s.\-()/]")
_NATIONAL = re.compile(r"0(\d{9})")
_WRONG_PLUS_33 = re.compile(r"\+33(\d{9})")


def compact(text: str) -> str:
    """The number without spaces, dots, dashes, brackets or slashes; `00` read as `+`."""
    digits = _SEPARATORS.sub("", text)
    return f"+{digits[2:]}" if digits.startswith("00") else digits


def to_e164(text: str, department: str | None = None) -> str:
    """E.164 when the number is French (`0X…`, `+33…`, or local overseas), else compacted.

    The ten-digit numbers carry their territory in their first digits; the department says
    which calling code a short local number of Saint-Pierre-et-Miquelon or the Pacific takes.
    """
    number = compact(text)
    national = _NATIONAL.fullmatch(number)
    if national:
        significant = national.group(1)
        return f"+{OVERSEAS_PREFIXES.get(significant[:3], '33')}{significant}"
    wrong = _WRONG_PLUS_33.fullmatch(number)
    if wrong and wrong.group(1)[:3] in OVERSEAS_PREFIXES:
        # `+33 596…` is how a national number is often (wrongly) written abroad.
        return f"+{OVERSEAS_PREFIXES[wrong.group(1)[:3]]}{wrong.group(1)}"
    return localised(number, department)


def localised(number: str, department: str | None) -> str:
    """A local number of a collectivity with its calling code; any other number as given."""
    digits = LOCAL_DIGITS.get(department or "")
    if digits is not None and number.isdigit() and len(number) == digits:
        return f"+{CALLING_CODES[department or '']}{number}"
    return number
