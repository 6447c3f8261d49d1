"""api.maps.outlines: the communes in a box, the commune holding a point, GeoJSON."""

from api.maps.outlines import bundled_outlines, containing, feature_collection, within

# Place de la Libération, Dijon; Chenôve's town hall area; a point in the Atlantic.
LIBERATION = (47.3216, 5.0415)
CHENOVE = (47.2926, 5.0048)


def test_point_in_dijon_is_in_dijon_and_chenove_in_chenove() -> None:
    dijon = containing(*LIBERATION)
    chenove = containing(*CHENOVE)
    assert dijon is not None and (dijon.insee_code, dijon.name) == ("21231", "Dijon")
    assert chenove is not None and chenove.name == "Chenôve"


def test_point_outside_cote_d_or_is_in_no_commune() -> None:
    assert containing(46.5, -3.0) is None


def test_box_around_dijon_centre_meets_dijon_and_its_neighbours_only() -> None:
    box = (5.03, 47.31, 5.05, 47.33)
    names = {o.name for o in within(box)}
    assert "Dijon" in names
    assert "Beaune" not in names
    assert len(names) < 10


def test_geojson_is_multipolygons_lon_lat_with_the_credits() -> None:
    found = [o for o in bundled_outlines().outlines if o.insee_code == "21231"]
    collection = feature_collection(found, bundled_outlines().header)
    assert collection["licence"] == "Licence Ouverte (Etalab)"
    assert "decoupage-administratif" in collection["attribution"]
    (feature,) = collection["features"]
    assert feature["properties"] == {"insee_code": "21231", "name": "Dijon"}
    assert feature["geometry"]["type"] == "MultiPolygon"
    lon, lat = feature["geometry"]["coordinates"][0][0][0]
    assert 4.9 < lon < 5.2 and 47.2 < lat < 47.4
