"""Schemathesis hooks for `fuzz_api`: the documented rules a JSON Schema cannot state.

OpenAPI describes each parameter alone. The rules below tie two parameters together, or a
value to the data the server holds; each is stated in the parameter's description and
answered 422 by the server. Schemathesis loads this file (SCHEMATHESIS_HOOKS) and:

- bends each *positive* case to those rules, so that `positive_data_acceptance` asks the
  server only for what its document promises; negative cases are left as generated;
- lets through the refusals that depend on what earlier requests of the run did, as
  schemathesis lets 404 and 409 through: a body naming a place the run deleted, a session
  PATCH whose one time passes the stored other one, an Idempotency-Key the run already used
  with another body. Each is matched by its error code and reason, nothing wider.
"""

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import schemathesis

PARIS = ZoneInfo("Europe/Paris")
# Communes of the seed, each naming one commune (name, INSEE code or postcode).
KNOWN_COMMUNES = ("Dijon", "21231", "21000", "Chenôve", "Talant")
PLACE_FILTERS = {
    "/v1/access-points",
    "/v1/access-points/nearest",
    "/v1/access-points/search",
}
MAX_WINDOW = timedelta(days=366)


def _positive(case: Any) -> bool:
    meta = case.meta
    return meta is not None and meta.generation.mode.is_positive


def _moment(text: Any) -> datetime | None:
    """A query or body moment as the server reads it (naive = Paris time), or None."""
    try:
        value = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=PARIS)


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1", "yes", "on")


def _query_rules(path: str, query: dict[str, Any]) -> None:
    """Positive query strings follow the rules between parameters (in place)."""
    if query.get("commune") is not None:
        query["commune"] = KNOWN_COMMUNES[len(str(query["commune"])) % len(KNOWN_COMMUNES)]
    both = query.get("open_at") is not None and _truthy(query.get("open_now"))
    if path in PLACE_FILTERS and both:
        del query["open_now"]  # open_at and open_now exclude each other
    if path == "/v1/sessions":
        if (query.get("lat") is None) != (query.get("lon") is None):
            query.pop("lat", None)  # lat and lon come together
            query.pop("lon", None)
        if query.get("lat") is not None:
            query.pop("address", None)  # lat/lon or address
        located = query.get("lat") is not None or bool(query.get("address"))
        if query.get("sort") == "distance" and not located:
            query["sort"] = "start"  # sort=distance needs a position
        start, end = _moment(query.get("from")), _moment(query.get("to"))
        if start is not None and end is not None and not start < end <= start + MAX_WINDOW:
            del query["to"]  # from < to, 366 days at most


@schemathesis.hook
def map_case(context: Any, case: Any) -> Any:
    """Bend a positive case to the documented cross-parameter rules."""
    if not _positive(case):
        return case
    if isinstance(case.query, dict):
        _query_rules(case.operation.path, case.query)
    body = case.body
    if case.operation.path == "/v1/workshops/{workshop_id}/sessions" and isinstance(body, dict):
        start, end = _moment(body.get("starts_at")), _moment(body.get("ends_at"))
        if start is not None and end is not None and end < start:
            body["starts_at"], body["ends_at"] = body["ends_at"], body["starts_at"]
    return case


@schemathesis.hook
def filter_case(context: Any, case: Any) -> bool:
    """Drop the positive sessions that end when they start (ends_at must follow starts_at)."""
    body = case.body
    if _positive(case) and isinstance(body, dict) and "ends_at" in body:
        start, end = _moment(body.get("starts_at")), _moment(body.get("ends_at"))
        return start is None or end is None or end > start
    return True


# (error code, a fragment of its reason): refusals that hold only for the run's own state.
STATE_REFUSALS = (
    ("invalid_body", "aucun lieu n'a l'identifiant"),
    ("invalid_body", "ends_at après starts_at"),
    ("idempotency_key_reused", ""),
)


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """Keep every failure but a positive case refused for the state the run left."""
    if getattr(failure, "code", None) != "ST202" or response.status_code != 422:
        return True
    try:
        answer = response.json()
    except ValueError:
        return True
    error, detail = answer.get("error"), str(answer.get("detail", ""))
    return not any(error == code and part in detail for code, part in STATE_REFUSALS)
