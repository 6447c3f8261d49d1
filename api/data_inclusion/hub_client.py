"""A client of a data·inclusion v1 API: every page of a listing, with bounded retries.

The hub's list endpoints (`GET {base}/structures`, `GET {base}/services`, base ending in
`/api/v1`) take `page` (from 1) and `size` (at most 10,000) and answer
`{"items": [...], "total", "page", "size", "pages"}`; they need `Authorization: Bearer`.
A 429 is retried after its Retry-After (seconds or an HTTP date), a 5xx or a broken
connection after a growing pause; both at most ATTEMPTS times a page, and a wait longer than
MAX_WAIT_S is not waited for. Any other refusal (401, 403, 404, 422) stops at once.
Every failure is a HubUnavailable whose message is French, for the person running the import.
"""

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

PAGE_SIZE = 1000
ATTEMPTS = 5
BACKOFF_S = (1.0, 2.0, 4.0, 8.0)
MAX_WAIT_S = 120.0
TIMEOUT_S = 30.0
# 1,000 pages of 1,000: more than the whole hub holds; a larger count is a broken answer.
MAX_PAGES = 1000


class HubUnavailable(Exception):
    """The hub could not give every page; the message says why, in French."""


@dataclass
class HubClient:
    """Reads a data·inclusion v1 API at `base_url` (ending in /api/v1)."""

    base_url: str
    token: str | None = None
    page_size: int = PAGE_SIZE
    sleep: Callable[[float], None] = time.sleep
    transport: httpx.BaseTransport | None = None
    waits: list[float] = field(default_factory=list)

    def fetch_all(self, resource: str, params: Mapping[str, str]) -> list[dict[str, Any]]:
        """Every item of `resource` (structures, services) matching `params`, page by page."""
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        items: list[dict[str, Any]] = []
        url = f"{self.base_url.rstrip('/')}/{resource}"
        with httpx.Client(headers=headers, timeout=TIMEOUT_S, transport=self.transport) as http:
            page, pages = 1, 1
            while page <= pages:
                query = {**params, "page": str(page), "size": str(self.page_size)}
                body = self._page(http, url, query, f"{resource}, page {page}")
                items += body["items"]
                pages = body["pages"]
                if pages > MAX_PAGES:
                    raise HubUnavailable(
                        f"{resource} : {pages} pages annoncées, plus que les {MAX_PAGES} lues "
                        "au plus ; choisissez un territoire plus petit"
                    )
                page += 1
        return items

    def _page(
        self, http: httpx.Client, url: str, query: dict[str, str], what: str
    ) -> dict[str, Any]:
        """One page, retried as the module says."""
        for attempt in range(1, ATTEMPTS + 1):
            backoff = BACKOFF_S[min(attempt, len(BACKOFF_S)) - 1]
            wait, reason = self._try(http, url, query, what, backoff)
            if isinstance(wait, dict):
                return wait
            if attempt == ATTEMPTS:
                raise HubUnavailable(f"{what} : {reason}, {ATTEMPTS} essais sans succès")
            if wait > MAX_WAIT_S:
                raise HubUnavailable(
                    f"{what} : {reason} ; le hub demande d'attendre {wait:.0f} s, "
                    f"plus que les {MAX_WAIT_S:.0f} s acceptées"
                )
            self.waits.append(wait)
            self.sleep(wait)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _try(
        self, http: httpx.Client, url: str, query: dict[str, str], what: str, backoff: float
    ) -> tuple[dict[str, Any] | float, str]:
        """The page's body, or how long to wait before trying again and why."""
        try:
            response = http.get(url, params=query)
        except httpx.TransportError as exc:
            return backoff, f"connexion impossible ({type(exc).__name__})"
        if response.status_code == 429:
            return retry_after(
                response.headers.get("retry-after"), backoff
            ), "429 (trop de requêtes)"
        if response.status_code >= 500:
            return backoff, f"le hub a répondu {response.status_code}"
        if response.status_code != 200:
            raise HubUnavailable(f"{what} : le hub a refusé la requête ({_refusal(response)})")
        return _body(response, what), ""


def retry_after(header: str | None, default: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), else `default`."""
    if header is None:
        return default
    text = header.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return default
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def _refusal(response: httpx.Response) -> str:
    meanings = {401: "jeton absent ou refusé : PANDA_DATA_INCLUSION_TOKEN", 403: "accès interdit"}
    meaning = meanings.get(response.status_code, "adresse ou paramètres refusés")
    return f"{response.status_code}, {meaning}"


def _body(response: httpx.Response, what: str) -> dict[str, Any]:
    """The page as the v1 API shapes it; HubUnavailable when it is not."""
    try:
        body = response.json()
    except ValueError:
        raise HubUnavailable(f"{what} : la réponse n'est pas du JSON") from None
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("items"), list)
        or not isinstance(body.get("pages"), int)
        or not all(isinstance(item, dict) for item in body["items"])
    ):
        raise HubUnavailable(
            f"{what} : la réponse n'a pas la forme d'une page de l'API v1 "
            "(items, total, page, size, pages)"
        )
    return body
