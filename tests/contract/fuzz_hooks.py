"""Schemathesis hooks for `fuzz_api`: the documented rules a JSON Schema cannot state.

OpenAPI describes each parameter alone. The rules below tie two parameters together, or a
value to the data the server holds; each is stated in the parameter's description and
answered 422 by the server. Schemathesis loads this file (SCHEMATHESIS_HOOKS) and:

- bends each *positive* case to those rules, so that `positive_data_acceptance` asks the
  server only for what its document promises; negative cases are left as generated;
- generates the formats the document names for what no pattern states: opening hours
  (`osm-opening-hours`, the OpenStreetMap syntax) and session series (`rrule`, RFC 5545):
  real values, as a client would send;
- lets through the refusals that depend on what earlier requests of the run did, as
  schemathesis lets 404 and 409 through: a body naming a place the run deleted, a session
  PATCH whose one time passes the stored other one, a place PATCH of one closure date
  against the stored other one, an Idempotency-Key the run already used with another body.
  Each is matched by its error code and reason, nothing wider;
- lets through, on POST /v1/imports alone, the refusal of the file's content (its 422
  description says so): a JSON Schema cannot say what a valid CSV or GeoJSON file is.
"""

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import schemathesis
from hypothesis import strategies as st

from api.geocoding.base import InvalidQuery
from api.geocoding.normalise import normalise_query
from models.access_point import OPENING_HOURS_FORMAT
from models.opening_hours import InvalidOpeningHours, normalise
from models.workshop import RRULE_FORMAT

PARIS = ZoneInfo("Europe/Paris")
# Lines of the transit feed fuzz_api imports (tests/fixtures/gtfs-divia-t2).
KNOWN_TRANSIT_LINES = ("T2", "L4", "L6")
# Communes of the seed, each naming one commune (name, INSEE code or postcode).
KNOWN_COMMUNES = ("Dijon", "21231", "21000", "Chenôve", "Talant")
PLACE_FILTERS = {
    "/v1/access-points",
    "/v1/access-points/nearest",
    "/v1/access-points/search",
}
MAX_WINDOW = timedelta(days=366)
TOGETHER = {"/v1/access-points/{access_point_id}/sheet-map.svg"}
# A text the geocoder can look up, for the positive `q` or `address` that holds nothing to.
ADDRESS = "14 rue Camille Claudel Dijon"
GEOCODED = {"/v1/geocode": "q", "/v1/access-points/search": "address", "/v1/sessions": "address"}

_DAYS = st.sampled_from(["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "Mo-Fr", "Mo-Sa", "Tu,Th"])
_SPAN = st.tuples(st.integers(0, 22), st.sampled_from([0, 15, 30, 45]), st.integers(1, 9)).map(
    lambda t: (
        f"{t[0]:02d}:{t[1]:02d}-{min(t[0] + t[2], 24):02d}:{t[1] if t[0] + t[2] < 24 else 0:02d}"
    )
)
_RULE = st.builds(
    lambda days, spans: f"{days} {','.join(spans)}", _DAYS, st.lists(_SPAN, min_size=1, max_size=2)
)
_EXPRESSION = st.one_of(
    st.just("24/7"),
    st.builds(
        lambda rules, holidays: "; ".join(rules) + ("; PH off" if holidays else ""),
        st.lists(_RULE, min_size=1, max_size=4),
        st.booleans(),
    ),
)


def _valid_hours(expression: str) -> bool:
    try:
        normalise(expression)
    except InvalidOpeningHours:
        return False
    return True


schemathesis.openapi.format(OPENING_HOURS_FORMAT, _EXPRESSION.filter(_valid_hours))
# Series that end and give at most 200 sessions, as the description of `rrule` asks (by
# COUNT: an UNTIL would have to follow the session's start, a rule between two fields).
_RRULE = st.builds(
    lambda freq, interval, count: f"FREQ={freq};INTERVAL={interval};COUNT={count}",
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]),
    st.integers(1, 4),
    st.integers(1, 200),
)
schemathesis.openapi.format(RRULE_FORMAT, _RRULE)


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


def _nothing_to_look_up(text: Any) -> bool:
    """True for a text the description of `q` says is a 422 (no letter or digit left)."""
    try:
        normalise_query(str(text))
    except InvalidQuery:
        return True
    return False


def _query_rules(path: str, query: dict[str, Any]) -> None:
    """Positive query strings follow the rules between parameters (in place)."""
    name = GEOCODED.get(path)
    if name is not None and query.get(name) is not None and _nothing_to_look_up(query[name]):
        query[name] = ADDRESS
    if query.get("commune") is not None:
        query["commune"] = KNOWN_COMMUNES[len(str(query["commune"])) % len(KNOWN_COMMUNES)]
    if query.get("near_transit_line") is not None:
        lines = KNOWN_TRANSIT_LINES
        query["near_transit_line"] = lines[len(str(query["near_transit_line"])) % len(lines)]
    both = query.get("open_at") is not None and _truthy(query.get("open_now"))
    if path in PLACE_FILTERS and both:
        del query["open_now"]  # open_at and open_now exclude each other
    if path in TOGETHER and (query.get("lat") is None) != (query.get("lon") is None):
        query.pop("lat", None)  # the sheet's plan: the person's lat and lon come together
        query.pop("lon", None)
    if path == "/v1/access-points" and query.get("after") is not None:
        query.pop("page", None)  # after and page exclude each other
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
        _session_ends_after_it_starts(body)
    _closure_in_order(body)
    if case.operation.path == "/v1/duplicates/decisions" and isinstance(body, dict):
        _two_places(body)
    cancelled = isinstance(body, dict) and body.get("status") == "cancelled"
    if case.operation.path == "/v1/sessions/{session_id}" and cancelled:
        # cancel_reason is needed with status=cancelled (unless stored: the run cannot know)
        body["cancel_reason"] = body.get("cancel_reason") or "Animatrice absente"
    return case


def _two_places(body: dict[str, Any]) -> None:
    """A decision names two different places (one named twice is refused, 422)."""
    a, b = body.get("a"), body.get("b")
    if isinstance(a, int) and a == b:
        body["b"] = a - 1 if a > 1 else a + 1


def _closure_in_order(body: Any) -> None:
    """closed_until on or after closed_from (in place), in a place or a steward's closure."""
    if not isinstance(body, dict):
        return
    closure = body.get("closure")
    for part in (body, closure if isinstance(closure, dict) else {}):
        start, end = part.get("closed_from"), part.get("closed_until")
        if isinstance(start, str) and isinstance(end, str) and end < start:
            part["closed_from"], part["closed_until"] = end, start


def _session_ends_after_it_starts(body: dict[str, Any]) -> None:
    """ends_at after starts_at (in place): swapped, or an hour apart within 2000..2100 as
    written. Mapped rather than filtered: two date-times drawn from a pattern and a format
    leave too few cases for hypothesis once a third rule drops half of them."""
    start, end = _moment(body.get("starts_at")), _moment(body.get("ends_at"))
    if start is None or end is None or end > start:
        return
    if end < start:
        body["starts_at"], body["ends_at"] = body["ends_at"], body["starts_at"]
    elif start.year < 2100:
        body["ends_at"] = (start + timedelta(hours=1)).isoformat()
    else:
        body["starts_at"] = (end - timedelta(hours=1)).isoformat()


# (error code, a fragment of its reason): refusals that hold only for the run's own state.
STATE_REFUSALS = (
    ("invalid_body", "aucun lieu n'a l'identifiant"),
    ("invalid_body", "ends_at après starts_at"),
    ("idempotency_key_reused", ""),
    ("invalid_request", "closed_until is before closed_from"),  # a PATCH of one date
)


def _file_refused(case: Any, answer: dict[str, Any]) -> bool:
    """An import whose file is refused: unreadable (`invalid_body`) or rows rejected (a report)."""
    if case.operation.method.upper() != "POST" or case.operation.path != "/v1/imports":
        return False
    return answer.get("error") == "invalid_body" or {"rows", "errors"} <= answer.keys()


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """Keep every failure but a positive case refused for the state the run left, or an
    import refused for its file's content."""
    if getattr(failure, "code", None) != "ST202" or response.status_code != 422:
        return True
    try:
        answer = response.json()
    except ValueError:
        return True
    if not isinstance(answer, dict):
        return True
    if _file_refused(case, answer):
        return False
    error, detail = answer.get("error"), str(answer.get("detail", ""))
    return not any(error == code and part in detail for code, part in STATE_REFUSALS)
