"""The printed sheet's small map, drawn on the server as SVG: no script, sharp on paper.

It shows the place, the person's address when given, the nearest stop when the place's answer
has one, the straight lines between them, and the commune outlines around, with a scale bar.
The projection is a local equirectangular one around the middle of the points: at a city's
scale its error is far below a printed line's width.
"""

import math
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape

from api.maps.outlines import Box, containing, within
from seed.communes_geometry import Ring
from seed.outlines import OutlinesFile

WIDTH, HEIGHT, MARGIN = 640, 360, 36
# A strip under the plan says what each sign means.
LEGEND_HEIGHT = 30
TOTAL_HEIGHT = HEIGHT + LEGEND_HEIGHT
# A place alone still shows its streets' scale: at least this many metres across.
MIN_SPAN_M = 600.0
# A person farther than this from the place is left off the plan (it would shrink to nothing).
MAX_PERSON_M = 15_000.0
# A person this close is at the place: one mark (the sheet says « à moins de 50 m »).
AT_PLACE_M = 50.0
METRES_PER_DEGREE = 111_320.0
_SCALE_STEPS_M = (50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000)
PLACE_COLOUR, PERSON_COLOUR, WALK_COLOUR = "#1d4e89", "#7a2e00", "#0b6e3b"

Kind = Literal["place", "person", "stop"]


@dataclass(frozen=True)
class Mark:
    """A point drawn on the plan, with the words written beside it."""

    latitude: float
    longitude: float
    label: str
    kind: Kind


@dataclass(frozen=True)
class SheetMap:
    """What the sheet's plan shows; `vague` when the place is located only to its commune."""

    place: Mark
    person: Mark | None = None
    stop: Mark | None = None
    vague: bool = False


class Projection:
    """Degrees to the plan's units, fitting every mark inside the margins."""

    def __init__(self, marks: list[Mark]) -> None:
        lats = [m.latitude for m in marks]
        lons = [m.longitude for m in marks]
        self.lat0 = (min(lats) + max(lats)) / 2
        self.lon0 = (min(lons) + max(lons)) / 2
        # Never zero, even at a pole: a place there is a fuzzer's, not a person's.
        self.cos = max(math.cos(math.radians(self.lat0)), 0.01)
        span_x = (max(lons) - min(lons)) * self.cos * METRES_PER_DEGREE
        span_y = (max(lats) - min(lats)) * METRES_PER_DEGREE
        inner_w, inner_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
        wide = max(span_x, MIN_SPAN_M)
        high = max(span_y, MIN_SPAN_M * inner_h / inner_w)
        self.units_per_m = min(inner_w / wide, inner_h / high)

    def xy(self, latitude: float, longitude: float) -> tuple[float, float]:
        """The point on the plan (y grows downwards)."""
        x = (longitude - self.lon0) * self.cos * METRES_PER_DEGREE * self.units_per_m
        y = (latitude - self.lat0) * METRES_PER_DEGREE * self.units_per_m
        return WIDTH / 2 + x, HEIGHT / 2 - y

    def box(self) -> Box:
        """The plan's extent in degrees: west, south, east, north."""
        half_w = WIDTH / 2 / self.units_per_m / METRES_PER_DEGREE
        half_h = HEIGHT / 2 / self.units_per_m / METRES_PER_DEGREE
        return (
            self.lon0 - half_w / self.cos,
            self.lat0 - half_h,
            self.lon0 + half_w / self.cos,
            self.lat0 + half_h,
        )


def distance_m(a: Mark, b: Mark) -> float:
    """Straight-line distance in metres (equirectangular: exact enough within a city)."""
    cos = math.cos(math.radians((a.latitude + b.latitude) / 2))
    dx = (a.longitude - b.longitude) * cos * METRES_PER_DEGREE
    dy = (a.latitude - b.latitude) * METRES_PER_DEGREE
    return math.hypot(dx, dy)


def shown_person(plan: SheetMap) -> Mark | None:
    """The person's mark if near enough to share the plan, and not at the place itself."""
    person = plan.person
    if person is None or not AT_PLACE_M <= distance_m(person, plan.place) <= MAX_PERSON_M:
        return None
    return person


def sheet_map_svg(plan: SheetMap, outlines: OutlinesFile | None = None) -> str:
    """The plan as a standalone SVG document (title and description for screen readers)."""
    person = shown_person(plan)
    marks = [m for m in (plan.place, person, plan.stop) if m is not None]
    projection = Projection(marks)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {TOTAL_HEIGHT}" '
        f'width="{WIDTH}" height="{TOTAL_HEIGHT}" role="img" aria-labelledby="map-title map-desc" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="15">',
        f'<title id="map-title">{escape(title(plan))}</title>',
        f'<desc id="map-desc">{escape(description(plan, person))}</desc>',
        f'<rect width="{WIDTH}" height="{TOTAL_HEIGHT}" fill="#ffffff"/>',
        f'<svg width="{WIDTH}" height="{HEIGHT}" overflow="hidden">',
        _communes(projection, outlines, plan.place),
        _lines(projection, plan, person),
        *(_mark(projection, m, plan.vague, _left(projection, m, plan.place)) for m in marks[::-1]),
        _scale_bar(projection),
        _north(),
        "</svg>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="none" stroke="#555555"/>',
        _legend(marks),
        "</svg>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def title(plan: SheetMap) -> str:
    """The plan's title: the place's name."""
    return f"Plan : {plan.place.label}"


def description(plan: SheetMap, person: Mark | None) -> str:
    """What the plan shows, in words (its text alternative)."""
    words = [f"Le lieu {plan.place.label}"]
    if plan.vague:
        words[0] += " (position approximative : centre de la commune)"
    if person is not None:
        far = _distance_words(distance_m(person, plan.place))
        words.append(f"l'adresse indiquée, à {far} à vol d'oiseau")
    elif plan.person is not None and distance_m(plan.person, plan.place) < AT_PLACE_M:
        words.append("l'adresse indiquée est à moins de 50 m du lieu")
    elif plan.person is not None:
        words.append("l'adresse indiquée est trop loin pour figurer sur ce plan")
    if plan.stop is not None:
        far = _distance_words(distance_m(plan.stop, plan.place))
        words.append(f"l'arrêt {plan.stop.label}, à {far} à vol d'oiseau")
    return ", ".join(words) + " ; contours des communes alentour."


def _distance_words(metres: float) -> str:
    if metres < 1000:
        return f"{round(metres / 10) * 10:.0f} m"
    return f"{metres / 1000:.1f} km".replace(".", ",")


def _path(projection: Projection, ring: Ring) -> str:
    points = [projection.xy(y, x) for x, y in zip(ring[0::2], ring[1::2], strict=True)]
    return "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z"


def _communes(projection: Projection, outlines: OutlinesFile | None, place: Mark) -> str:
    found = within(projection.box(), outlines)
    if not found:
        return ""
    paths = []
    for outline in found:
        d = "".join(_path(projection, ring) for polygon in outline.polygons for ring in polygon)
        paths.append(
            f'<path d="{d}" fill="#f3f3f0" fill-rule="evenodd" stroke="#8c8c8c" '
            'stroke-width="1.2" stroke-linejoin="round">'
            f"<title>{escape(outline.name)}</title></path>"
        )
    home = containing(place.latitude, place.longitude, outlines)
    label = (
        f'<text id="map-commune" x="16" y="24" fill="#555555" font-style="italic" stroke="#ffffff" '
        f'stroke-width="3" paint-order="stroke">{escape(home.name)}</text>'
        if home
        else ""
    )
    return '<g id="map-communes">' + "".join(paths) + label + "</g>"


def _line(projection: Projection, a: Mark, b: Mark, ident: str, style: str) -> str:
    (x1, y1), (x2, y2) = (
        projection.xy(a.latitude, a.longitude),
        projection.xy(b.latitude, b.longitude),
    )
    return f'<line id="{ident}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" {style}/>'


def _lines(projection: Projection, plan: SheetMap, person: Mark | None) -> str:
    lines = []
    if person is not None:
        style = f'stroke="{PERSON_COLOUR}" stroke-width="2" stroke-dasharray="7 5"'
        lines.append(_line(projection, person, plan.place, "map-direct", style))
    if plan.stop is not None:
        style = f'stroke="{WALK_COLOUR}" stroke-width="3.5" stroke-linecap="round"'
        lines.append(_line(projection, plan.stop, plan.place, "map-walk", style))
    return "".join(lines)


def _left(projection: Projection, mark: Mark, place: Mark) -> bool:
    """Whether the mark's words go on its left: the place's where there is room, and another
    mark's on the other side from the place's when both sit on about the same line."""
    x, y = projection.xy(mark.latitude, mark.longitude)
    place_x, place_y = projection.xy(place.latitude, place.longitude)
    place_left = place_x > WIDTH * 0.6
    if mark is place:
        return place_left
    if abs(y - place_y) < 20:
        return x < place_x
    return x > WIDTH * 0.6


def _mark(projection: Projection, mark: Mark, vague: bool, left: bool) -> str:
    x, y = projection.xy(mark.latitude, mark.longitude)
    if mark.kind == "place":
        radius = 30 if vague else 9
        shape = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{PLACE_COLOUR}" '
            f'fill-opacity="{0.25 if vague else 1}" stroke="#ffffff" stroke-width="2.5"/>'
        )
        words = mark.label + (" (position approximative)" if vague else "")
    elif mark.kind == "person":
        shape = (
            f'<rect x="{x - 7:.1f}" y="{y - 7:.1f}" width="14" height="14" '
            f'fill="{PERSON_COLOUR}" stroke="#ffffff" stroke-width="2"/>'
        )
        words = "Adresse indiquée"
    else:
        shape = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="#ffffff" '
            f'stroke="{WALK_COLOUR}" stroke-width="3.5"/>'
        )
        words = f"Arrêt {mark.label}"
    return f'<g id="map-{mark.kind}">{shape}{_label(x, y, _short(words), left)}</g>'


def _short(words: str, most: int = 42) -> str:
    return words if len(words) <= most else words[: most - 1].rstrip() + "…"


def _label(x: float, y: float, words: str, left: bool) -> str:
    """Text beside a mark, with a white halo so it reads over lines and outlines."""
    anchor, dx = ("end", -13) if left else ("start", 13)
    return (
        f'<text x="{x + dx:.1f}" y="{y + 4.5:.1f}" text-anchor="{anchor}" fill="#111111" '
        f'stroke="#ffffff" stroke-width="4" paint-order="stroke" font-weight="bold">'
        f"{escape(words)}</text>"
    )


def _scale_bar(projection: Projection) -> str:
    """A bar of a round length, at most a quarter of the plan's width, bottom left."""
    most_m = WIDTH / 4 / projection.units_per_m
    length_m = max([s for s in _SCALE_STEPS_M if s <= most_m] or [_SCALE_STEPS_M[0]])
    units = length_m * projection.units_per_m
    x0, y0 = 16.0, HEIGHT - 16.0
    words = (
        f"{length_m // 1000} km" if length_m >= 1000 and length_m % 1000 == 0 else f"{length_m} m"
    )
    return (
        f'<g id="map-scale"><path d="M{x0} {y0 - 6}V{y0}H{x0 + units:.1f}V{y0 - 6}" fill="none" '
        f'stroke="#111111" stroke-width="2"/><text x="{x0 + units + 6:.1f}" y="{y0}" '
        f'fill="#111111" stroke="#ffffff" stroke-width="3" paint-order="stroke">{words}</text></g>'
    )


_SIGNS = {
    "place": f'<circle cx="8" cy="-5" r="6" fill="{PLACE_COLOUR}"/>',
    "person": f'<rect x="2" y="-11" width="12" height="12" fill="{PERSON_COLOUR}"/>',
    "stop": f'<circle cx="8" cy="-5" r="5" fill="#fff" stroke="{WALK_COLOUR}" stroke-width="3"/>',
}
_SIGN_WORDS = {"place": "le lieu", "person": "l'adresse indiquée", "stop": "l'arrêt le plus proche"}
_SIGN_WIDTH = {"place": 90, "person": 170, "stop": 210}


def _legend(marks: list[Mark]) -> str:
    """What each sign means, in a strip under the plan, for the marks drawn."""
    x, parts = 16, []
    for mark in marks:
        parts.append(
            f'<g transform="translate({x} {HEIGHT + 21})">{_SIGNS[mark.kind]}'
            f'<text x="20" y="0" font-size="13" fill="#111111">{_SIGN_WORDS[mark.kind]}</text></g>'
        )
        x += _SIGN_WIDTH[mark.kind]
    return '<g id="map-legend">' + "".join(parts) + "</g>"


def _north() -> str:
    x, y = WIDTH - 22, 14
    return (
        f'<g id="map-north"><path d="M{x} {y}l6 16h-12z" fill="#111111"/>'
        f'<text x="{x}" y="{y + 30}" text-anchor="middle" fill="#111111">N</text></g>'
    )
