"""api.maps.svg: projection, bounds and the elements of the sheet's plan."""

import math
import re
import xml.etree.ElementTree as ET

import pytest

from api.maps.svg import (
    HEIGHT,
    MARGIN,
    MIN_SPAN_M,
    WIDTH,
    Mark,
    Projection,
    SheetMap,
    distance_m,
    sheet_map_svg,
)

NS = {"svg": "http://www.w3.org/2000/svg"}
PLACE = Mark(47.32968, 5.069047, "PANDA Grésilles", "place")
PERSON = Mark(47.3216, 5.0415, "Adresse indiquée", "person")
STOP = Mark(47.3280, 5.0650, "Grésilles (T1)", "stop")


def parsed(plan: SheetMap) -> ET.Element:
    return ET.fromstring(sheet_map_svg(plan))


def test_projection_keeps_north_up_east_right_and_metres_equal_both_ways() -> None:
    projection = Projection([PLACE, PERSON])
    px, py = projection.xy(PLACE.latitude, PLACE.longitude)
    qx, qy = projection.xy(PERSON.latitude, PERSON.longitude)
    assert px > qx and py < qy  # the place is north-east of the person
    on_plan = math.hypot(px - qx, py - qy) / projection.units_per_m
    assert on_plan == pytest.approx(distance_m(PLACE, PERSON), rel=1e-9)


def test_every_mark_lies_within_the_margins() -> None:
    projection = Projection([PLACE, PERSON, STOP])
    for mark in (PLACE, PERSON, STOP):
        x, y = projection.xy(mark.latitude, mark.longitude)
        assert MARGIN - 1e-6 <= x <= WIDTH - MARGIN + 1e-6
        assert MARGIN - 1e-6 <= y <= HEIGHT - MARGIN + 1e-6


def test_a_place_alone_shows_at_least_the_minimum_span_centred() -> None:
    projection = Projection([PLACE])
    assert projection.xy(PLACE.latitude, PLACE.longitude) == (WIDTH / 2, HEIGHT / 2)
    west, _south, east, _north = projection.box()
    across_m = (east - west) * math.cos(math.radians(PLACE.latitude)) * 111_320
    assert across_m >= MIN_SPAN_M


def test_box_holds_every_mark() -> None:
    projection = Projection([PLACE, PERSON])
    west, south, east, north = projection.box()
    for mark in (PLACE, PERSON):
        assert west < mark.longitude < east and south < mark.latitude < north


def test_plan_has_place_person_stop_lines_scale_and_text_alternative() -> None:
    svg = parsed(SheetMap(place=PLACE, person=PERSON, stop=STOP))
    ids = {e.get("id") for e in svg.iter() if e.get("id")}
    assert {"map-place", "map-person", "map-stop", "map-direct", "map-walk"} <= ids
    assert {"map-scale", "map-north", "map-communes", "map-commune"} <= ids
    assert svg.get("role") == "img"
    assert svg.find("svg:title", NS).text == "Plan : PANDA Grésilles"
    desc = svg.find("svg:desc", NS).text
    assert "l'adresse indiquée, à 2,3 km à vol d'oiseau" in desc
    assert "l'arrêt Grésilles (T1), à 360 m à vol d'oiseau" in desc
    assert svg.find(".//svg:text[@id='map-commune']", NS).text == "Dijon"
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "Arrêt Grésilles (T1)" in texts and "Adresse indiquée" in texts


def test_plan_runs_nothing_and_loads_nothing() -> None:
    text = sheet_map_svg(SheetMap(place=PLACE, person=PERSON, stop=STOP))
    assert "<script" not in text and "href" not in text and "on" + "load" not in text
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text)


def test_plan_without_person_or_stop_draws_neither_line() -> None:
    svg = sheet_map_svg(SheetMap(place=PLACE))
    assert 'id="map-direct"' not in svg and 'id="map-walk"' not in svg
    assert 'id="map-person"' not in svg and 'id="map-stop"' not in svg


def test_person_too_far_is_left_off_and_said_so() -> None:
    paris = Mark(48.8566, 2.3522, "Adresse indiquée", "person")
    svg = parsed(SheetMap(place=PLACE, person=paris))
    assert svg.find(".//*[@id='map-person']", NS) is None
    assert "trop loin pour figurer sur ce plan" in svg.find("svg:desc", NS).text


def test_names_are_escaped() -> None:
    hostile = Mark(47.33015, 5.06935, "<script>alert(1)</script>", "place")
    text = sheet_map_svg(SheetMap(place=hostile))
    assert "<script>" not in text and "&lt;script&gt;" in text
    ET.fromstring(text)


def test_place_known_only_to_its_commune_is_said_approximate() -> None:
    svg = parsed(SheetMap(place=PLACE, vague=True))
    assert "position approximative" in svg.find("svg:desc", NS).text


def test_scale_bar_is_a_round_length_drawn_to_scale() -> None:
    projection = Projection([PLACE, PERSON])
    svg = parsed(SheetMap(place=PLACE, person=PERSON))
    scale = svg.find(".//*[@id='map-scale']", NS)
    words = scale.find("svg:text", NS).text
    metres = int(words.split()[0]) * (1000 if words.endswith("km") else 1)
    path = scale.find("svg:path", NS).get("d")
    x0, x1 = (float(v) for v in re.findall(r"[MH]([0-9.]+)", path))
    assert x1 - x0 == pytest.approx(metres * projection.units_per_m, abs=0.1)


def test_plan_outside_any_outline_still_draws_the_marks() -> None:
    far = Mark(43.2965, 5.3698, "Lieu à Marseille", "place")
    svg = sheet_map_svg(SheetMap(place=far))
    assert 'id="map-communes"' not in svg and 'id="map-place"' in svg


def test_person_at_the_place_is_one_mark_and_said_so() -> None:
    here = Mark(PLACE.latitude + 0.0002, PLACE.longitude, "Adresse indiquée", "person")
    svg = parsed(SheetMap(place=PLACE, person=here))
    assert svg.find(".//*[@id='map-person']", NS) is None
    assert svg.find(".//*[@id='map-direct']", NS) is None
    assert "l'adresse indiquée est à moins de 50 m du lieu" in svg.find("svg:desc", NS).text


def test_legend_names_only_the_signs_drawn() -> None:
    svg = parsed(SheetMap(place=PLACE, stop=STOP))
    legend = svg.find(".//*[@id='map-legend']", NS)
    words = [t.text for t in legend.iter("{http://www.w3.org/2000/svg}text")]
    assert words == ["le lieu", "l'arrêt le plus proche"]
