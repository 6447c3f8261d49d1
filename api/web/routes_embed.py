"""GET /embed: the partner widget, server-rendered HTML of the nearest access points."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.responses import HTMLResponse

from api.clock import moment_for
from api.geocoding.base import Candidate
from api.geocoding.service import GeocodingService, commune_suggestions
from api.http.error_handlers import named_few
from api.http.errors import AppError
from api.maps.tiles import map_config, tile_source
from api.places.answers import recent_only
from api.read_model import Hit, Snapshot
from api.read_model.commune_index import index_of
from api.read_model.filters import PlaceFilters
from api.read_model.freshness import stale_flags
from api.read_model.snapshot import clock_of
from api.read_model.spatial_index import Mask
from api.settings import Settings
from api.transit.answers import transit_dict, transit_phrase
from api.web.colours import ink_on_white, readable_on
from api.web.embed_filters import PRESETS, preset_filters
from api.web.html import html_page, new_nonce
from api.web.words import EQUIPMENT_FR, VAGUE_LOCATION, format_distance, format_phone
from models.facts_date import freshness_label
from models.report import reported_closed_label
from models.review import unverified_label
from models.vocabulary import Equipment
from models.weekly_hours import day_hours

router = APIRouter(include_in_schema=False)

PARAMETERS = (
    "address",
    "equipment",
    "limit",
    "title",
    "color",
    "accent",
    "confirmed_within_days",
    "map",
    *PRESETS,
)
# `map`: the widget shows a map above its list only when asked (data-map on the script tag).
MAP_ON, MAP_OFF = frozenset({"", "1", "true", "oui", "yes"}), frozenset({"0", "false", "non", "no"})
DEFAULT_TITLE = "Points d'accès numérique les plus proches"
DEFAULT_COLOR, DEFAULT_ACCENT = "#1d4e89", "#f0b429"
MAX_LIMIT = 20
MAX_CONFIRMED_DAYS = 36_500
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass
class EmbedQuery:
    """The widget's parameters once checked; `errors` holds what is wrong, in French."""

    address: str = ""
    equipment: list[str] = field(default_factory=list)
    # The filter presets, validated (api.web.embed_filters): service, open_weekend, …
    filters: dict[str, Any] = field(default_factory=dict)
    limit: int = 3
    title: str = DEFAULT_TITLE
    color: str = DEFAULT_COLOR
    accent: str = DEFAULT_ACCENT
    confirmed_within_days: int | None = None
    map: bool = False
    errors: list[str] = field(default_factory=list)


def parse_query(params: QueryParams) -> EmbedQuery:
    """Check every parameter; collect a French message for each problem."""
    query = EmbedQuery()
    errors = query.errors
    names = list(dict.fromkeys(params.keys()))
    unknown_names = [name for name in names if name not in PARAMETERS]
    if unknown_names:
        # A few named, the others counted: the page stays small whatever the query holds.
        label = "Paramètre inconnu" if len(unknown_names) == 1 else "Paramètres inconnus"
        listed = named_few(unknown_names).fr
        errors.append(f"{label} : {listed}. Acceptés : {', '.join(PARAMETERS)}.")
    for name in names:
        if name in PARAMETERS and len(params.getlist(name)) > 1:
            errors.append(f"Le paramètre « {name} » est donné plusieurs fois.")
    query.address = params.get("address", "").strip()
    if not query.address:
        errors.append(
            "Indiquez une adresse (paramètre address), par exemple « 2 rue Jean XXIII Dijon »."
        )
    elif len(query.address) > 200:
        errors.append("L'adresse est trop longue (200 caractères au plus).")
    query.equipment = [e.strip() for e in params.get("equipment", "").split(",") if e.strip()]
    unknown = [e for e in query.equipment if e not in Equipment.__members__.values()]
    if unknown:
        valid = ", ".join(f"{key} ({label.lower()})" for key, label in EQUIPMENT_FR.items())
        listed = named_few(unknown, quoted=False).fr
        errors.append(f"Équipement inconnu : {listed}. Valeurs possibles : {valid}.")
    query.filters = preset_filters(params, errors)
    raw_limit = params.get("limit", "3").strip()
    if re.fullmatch(r"[0-9]{1,3}", raw_limit) and 1 <= int(raw_limit) <= MAX_LIMIT:
        query.limit = int(raw_limit)
    else:
        errors.append(f"Le nombre de lieux (limit) doit être un entier de 1 à {MAX_LIMIT}.")
    query.confirmed_within_days = _confirmed_days(params, errors)
    query.title = " ".join(params.get("title", "").split()) or DEFAULT_TITLE
    if len(query.title) > 80:
        errors.append("Le titre (title) doit faire 80 caractères au plus.")
        query.title = DEFAULT_TITLE
    for name, default in (("color", DEFAULT_COLOR), ("accent", DEFAULT_ACCENT)):
        value = params.get(name)
        if value is None:
            continue
        if _HEX.match(value):
            setattr(query, name, value.lower())
        else:
            errors.append(f"La couleur {name} doit s'écrire #RRGGBB, par exemple {default}.")
    _map_choice(params, query)
    return query


def _confirmed_days(params: QueryParams, errors: list[str]) -> int | None:
    """The preset `confirmed_within_days` (data-confirmed-within-days), or None."""
    recent = params.get("confirmed_within_days", "").strip()
    if not recent:
        return None
    if re.fullmatch(r"[0-9]{1,5}", recent) and int(recent) <= MAX_CONFIRMED_DAYS:
        return int(recent)
    errors.append(
        "Le nombre de jours depuis la dernière vérification (confirmed_within_days) "
        f"doit être un entier de 0 à {MAX_CONFIRMED_DAYS}, par exemple 180."
    )
    return None


def _map_choice(params: QueryParams, query: EmbedQuery) -> None:
    value = params.get("map")
    if value is None:
        return
    choice = value.strip().lower()
    if choice in MAP_ON | MAP_OFF:
        query.map = choice in MAP_ON
    else:
        query.errors.append("La carte (map) se demande par map=1 (ou sans valeur) ; map=0 l'ôte.")


def theme(query: EmbedQuery) -> dict[str, str]:
    """CSS colours: the partner's, with text colours computed to stay readable."""
    return {
        "brand": query.color,
        "on_brand": readable_on(query.color),
        "accent": query.accent,
        "link": ink_on_white(query.color),
    }


def _item(snapshot: Snapshot, hit: Hit, today: date, stale: Mask) -> dict[str, Any]:
    place = snapshot.places[hit.index]
    equipment = None
    if place.equipment is not None:
        equipment = [
            EQUIPMENT_FR[key] + (f" ({count})" if count else "")
            for key, count in place.equipment.items()
        ]
    lat, lon = place.latitude, place.longitude
    zone, calendar = clock_of(place)
    return {
        "id": place.id,
        "reported": reported_closed_label(place.reported_closed_on),
        "name": place.name,
        "distance": format_distance(hit.distance_m or 0.0, place.location_precision),
        "state": hit.status.state,
        "status": hit.status.label,
        "today": day_hours(place.opening_hours, today, time_zone=zone, department=calendar).label,
        "equipment": equipment,
        "address": f"{place.address}, {place.postcode} {place.commune}",
        "vague": VAGUE_LOCATION if place.location_precision == "municipality" else None,
        "freshness": unverified_label(place.facts_date, place.review_overdue_on, today)
        or freshness_label(place.facts_date, bool(stale[hit.index])),
        "transit": transit_phrase(transit_dict(snapshot.transit, hit.index, today)),
        "phone": format_phone(place.phone) if place.phone else None,
        "tel": f"tel:{place.phone}" if place.phone else None,
        "osm": f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}",
        "latitude": lat,
        "longitude": lon,
    }


async def _geocode(
    geocoding: GeocodingService, snapshot: Snapshot, address: str
) -> list[Candidate]:
    if geocoding.blocks:
        return await run_in_threadpool(geocoding.geocode, snapshot.geocoder, address, 1)
    return geocoding.geocode(snapshot.geocoder, address, 1)


@router.get("/embed", response_class=HTMLResponse)
async def embed(request: Request) -> HTMLResponse:
    """The nearest access points to an address, as a page to frame on a partner site."""
    query = parse_query(request.query_params)
    context: dict[str, Any] = {"query": query, "theme": theme(query), "items": [], "status": 200}
    if not query.errors:
        await _search(request, query, context)
    status = 422 if query.errors and context["status"] == 200 else context["status"]
    settings = request.app.state.runtime.settings
    shows_map = query.map and bool(context["items"])
    if shows_map:
        context["map_data"] = _map_data(context, settings)
    # The tile server's host is let in only where a map is drawn, and only when one is set.
    host = tile_source(settings.map_tiles_url) if shows_map else None
    return html_page(
        "embed.html", context, status, frame_ancestors="*", nonce=new_nonce(), image_host=host
    )


def _map_data(context: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """What the widget's map script reads: the person's point, the places, the tiles (or none)."""
    items = [
        {"name": i["name"], "latitude": i["latitude"], "longitude": i["longitude"]}
        for i in context["items"]
    ]
    return {"location": context["point"], "items": items, "config": map_config(settings)}


async def _search(request: Request, query: EmbedQuery, context: dict[str, Any]) -> None:
    runtime = request.app.state.runtime
    snapshot: Snapshot = runtime.read_model.current
    try:
        found = await _geocode(runtime.geocoding, snapshot, query.address)
    except AppError as exc:
        unavailable = exc.status_code == 503
        context["status"] = exc.status_code
        query.errors.append(
            "Le service d'adresses est momentanément indisponible. Réessayez dans quelques minutes."
            if unavailable
            else "Cette adresse ne peut pas être lue. Vérifiez-la."
        )
        return
    if not found:
        context["status"] = 404
        hint = ", ".join(commune_suggestions(snapshot.geocoder, query.address))
        query.errors.append(
            f"Adresse introuvable : « {query.address} ». Ajoutez la commune ou le code postal"
            + (f" (par exemple : {hint})." if hint else ".")
        )
        return
    filters = PlaceFilters.model_validate(
        query.filters
        | {
            "equipment": ",".join(query.equipment) or None,
            "confirmed_within_days": query.confirmed_within_days,
        }
    )
    mask = recent_only(snapshot, filters, snapshot.static_mask(filters))
    at = moment_for(None)
    hits = snapshot.nearest(
        found[0].latitude, found[0].longitude, query.limit, 100_000, mask, at, False
    )
    context["location"] = found[0].label
    context["point"] = {
        "latitude": found[0].latitude,
        "longitude": found[0].longitude,
        "label": found[0].label,
    }
    context["outside"] = index_of(snapshot).get(found[0].citycode or "") is None
    stale = stale_flags(request, snapshot)
    context["items"] = [_item(snapshot, hit, at.date(), stale) for hit in hits]
    # The sources of the places shown, not every source in the database.
    shown = [snapshot.places[hit.index].source_attribution for hit in hits]
    context["attribution"] = "; ".join(dict.fromkeys(a for a in shown if a)) or None
