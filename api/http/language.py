"""The language a person reads: French by default, English when the request prefers it."""

import re
from typing import NamedTuple

from starlette.datastructures import Headers
from starlette.types import Scope

FRENCH = "fr"
ENGLISH = "en"
SUPPORTED = (FRENCH, ENGLISH)
DEFAULT = FRENCH
# Headers we negotiate: a client sending more than this much is not a browser.
_MAX_HEADER = 1024
_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*|\*")
_QUALITY = re.compile(r"[qQ]=(0(\.\d{0,3})?|1(\.0{0,3})?)")


class Text(NamedTuple):
    """One message in French and in English."""

    fr: str
    en: str

    def pick(self, language: str) -> str:
        """The message in `language` (French unless English)."""
        return self.en if language == ENGLISH else self.fr


def parse_accept_language(header: str) -> list[tuple[str, float]]:
    """The ranges of an Accept-Language header with their weights, best first (RFC 9110).

    Malformed ranges are skipped, not fatal; ranges of equal weight keep their order.
    """
    ranges: list[tuple[str, float]] = []
    for item in header[:_MAX_HEADER].split(","):
        tag, *params = (part.strip() for part in item.split(";"))
        if not _TAG.fullmatch(tag):
            continue
        quality = 1.0
        for param in params:
            if param[:2].lower() == "q=":
                if not _QUALITY.fullmatch(param):
                    break
                quality = float(param[2:])
        else:
            ranges.append((tag.lower(), quality))
    return sorted(ranges, key=lambda pair: -pair[1])


def preferred_language(header: str | None) -> str:
    """`fr` or `en`: the first supported language the header accepts; French otherwise."""
    for tag, quality in parse_accept_language(header or ""):
        if quality <= 0:
            break
        if tag == "*":
            return DEFAULT
        primary = tag.split("-", 1)[0]
        if primary in SUPPORTED:
            return primary
    return DEFAULT


def language_of(scope: Scope) -> str:
    """The preferred language of an ASGI request."""
    return preferred_language(Headers(scope=scope).get("accept-language"))


def language_headers(language: str) -> dict[str, str]:
    """The headers of an answer whose text depends on Accept-Language."""
    return {"Content-Language": language, "Vary": "Accept-Language"}
