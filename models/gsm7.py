"""The GSM 03.38 alphabet of SMS: which text fits it, how long it is, how many SMS it costs.

One character outside the alphabet makes a phone send the whole message in UCS-2 (70
characters per SMS instead of 160), so the text is transliterated first: « » → ", ’ → ',
– → -, ô → o, ç → c (the alphabet has Ç but not ç).
"""

import unicodedata

# The basic set (3GPP TS 23.038 §6.2.1), without the escape code; each costs one septet.
BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: sent as escape + character, two septets each.
EXTENSION = frozenset("\f^{}\\[~]|€")
SINGLE_SMS = 160
# With concatenation each part loses 7 septets to its header.
CONCATENATED_PART = 153

_REPLACEMENTS = {
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "…": "...", "•": "-", "·": ".", "°": "o", "œ": "oe", "Œ": "OE",
    "\t": " ", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
}  # fmt: skip


def is_gsm7(text: str) -> bool:
    """Whether every character is in the basic set or the extension table."""
    return all(char in BASIC or char in EXTENSION for char in text)


def to_gsm7(text: str) -> str:
    """The text in the GSM alphabet: typographic signs replaced, other accents dropped, `?` last."""
    return "".join(_char_to_gsm7(char) for char in text)


def septets(text: str) -> int:
    """Length as the network counts it: extension characters count two; ValueError if not GSM."""
    return sum(_cost(char) for char in text)


def segments(text: str) -> int:
    """How many SMS the text costs: one up to 160 septets, then parts of 153 (no escape split)."""
    if septets(text) <= SINGLE_SMS:
        return 1
    parts, used = 1, 0
    for char in text:
        cost = _cost(char)
        if used + cost > CONCATENATED_PART:
            parts, used = parts + 1, 0
        used += cost
    return parts


def _cost(char: str) -> int:
    if char in BASIC:
        return 1
    if char in EXTENSION:
        return 2
    raise ValueError(f"{char!r} is not in the GSM 03.38 alphabet")


def _char_to_gsm7(char: str) -> str:
    if char in BASIC or char in EXTENSION:
        return char
    if char in _REPLACEMENTS:
        return _REPLACEMENTS[char]
    # ô → o, ç → c, Ê → E: the letter without its accent, when that letter is in the set.
    bare = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return bare if bare and is_gsm7(bare) else "?"
