"""What the sheet's plan shows, read from a place's answer: the place, its nearest stop, the person.

The stop comes from the answer's `transit` field (its first stop is the nearest), so the plan
says exactly what the answer says, and nothing when no feed is imported or no stop is near.
"""

from typing import Any

from api.maps.svg import Mark, SheetMap


def stop_mark(answer: dict[str, Any]) -> Mark | None:
    """The nearest stop of the answer's `transit`, named with its lines, or None."""
    transit = answer.get("transit")
    stops = transit.get("stops") if isinstance(transit, dict) else None
    if not stops:
        return None
    stop = stops[0]
    lines = [str(line["short_name"]) for line in stop.get("lines") or () if line.get("short_name")]
    label = str(stop["name"]) + (f" ({', '.join(lines)})" if lines else "")
    return Mark(float(stop["lat"]), float(stop["lon"]), label, "stop")


def plan_of(answer: dict[str, Any], person: tuple[float, float] | None) -> SheetMap:
    """The plan of one place's answer, with the person's point when given."""
    place = Mark(answer["latitude"], answer["longitude"], answer["name"], "place")
    someone = Mark(person[0], person[1], "Adresse indiquée", "person") if person else None
    vague = answer.get("location_precision") == "municipality"
    return SheetMap(place=place, person=someone, stop=stop_mark(answer), vague=vague)
