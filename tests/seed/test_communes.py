"""The communes of France: the bundled file, its checks, and loading it (idempotent, whole)."""

import gzip
import json
import math
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, func, select

from models.commune import Commune
from models.data_version import DataVersion
from seed.communes import (
    DIJON_METROPOLE,
    CommunesFile,
    CommunesFileError,
    bundled_path,
    load_communes,
    load_communes_file,
    read_communes_file,
)
from seed.loader import load_seed
from tests.seed import seed_communes


@pytest.fixture(scope="module")
def national() -> CommunesFile:
    """The bundled file, read and validated once."""
    return read_communes_file()


def bundled_document() -> dict[str, Any]:
    with gzip.open(bundled_path(), "rt", encoding="utf-8") as handle:
        document: dict[str, Any] = json.load(handle)
    return document


def write(path: Path, document: dict[str, Any]) -> Path:
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    return path


def count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Commune)).one()


def version(session: Session) -> int:
    row = session.get(DataVersion, 1)
    return row.version if row else 0


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance: plenty at a few metres."""
    dy = math.radians(a[0] - b[0])
    dx = math.radians(a[1] - b[1]) * math.cos(math.radians(a[0]))
    return 6_371_000 * math.hypot(dx, dy)


def test_bundled_file_holds_the_communes_of_france(national: CommunesFile) -> None:
    codes = {c.insee_code for c in national.communes}
    assert len(codes) == len(national.communes) > 34_000
    # Dijon, Montbard, Ajaccio (Corse-du-Sud), Basse-Terre (Guadeloupe), Mamoudzou (Mayotte).
    assert {"21231", "21425", "2A004", "97105", "97611"} <= codes
    assert national.header["licence"].startswith("Licence Ouverte")


def test_metropole_is_the_23_of_the_seed_with_close_centroids(national: CommunesFile) -> None:
    ours = {c.insee_code: c for c in national.communes if c.epci == DIJON_METROPOLE}
    seed = {c.insee_code: c for c in seed_communes()}
    assert set(ours) == set(seed)
    for code, commune in seed.items():
        new = ours[code]
        assert (new.name, new.postcode, new.former_names) == (
            commune.name,
            commune.postcode,
            commune.former_names,
        )
        gap = distance_m((new.latitude, new.longitude), (commune.latitude, commune.longitude))
        assert gap < 20, f"{commune.name}: {gap:.0f} m"


def test_communes_carry_department_region_postcodes_and_time_zone(
    national: CommunesFile,
) -> None:
    by_code = {c.insee_code: c for c in national.communes}
    dijon, paris, basse_terre = by_code["21231"], by_code["75056"], by_code["97105"]
    assert (dijon.department, dijon.region, dijon.time_zone) == ("21", "27", "Europe/Paris")
    assert (basse_terre.department, basse_terre.time_zone) == ("971", "America/Guadeloupe")
    assert by_code["97411"].time_zone == "Indian/Reunion"
    assert paris.postcode == paris.postcodes[0] and "75116" in paris.postcodes
    assert by_code["21452"].former_names == ["Neuilly-lès-Dijon", "Crimolois"]


def test_load_creates_all_then_changes_nothing(session: Session, national: CommunesFile) -> None:
    first = load_communes(session, national.communes)
    assert (first.created, count(session), version(session)) == (
        len(national.communes),
        len(national.communes),
        1,
    )
    second = load_communes(session, national.communes)
    assert (second.created, second.updated, second.unchanged) == (0, 0, len(national.communes))
    assert version(session) == 1


def test_load_updates_a_changed_commune_and_keeps_others(
    session: Session, national: CommunesFile
) -> None:
    few = national.communes[:3]
    load_communes(session, few)
    renamed = few[1].model_copy(update={"former_names": ["Nom d'essai"]})
    report = load_communes(session, [few[0], renamed])
    assert (report.updated, report.unchanged, count(session), version(session)) == (1, 1, 3, 2)
    stored = session.get(Commune, renamed.insee_code, populate_existing=True)
    assert stored is not None and stored.former_names == ["Nom d'essai"]


def test_seed_after_national_load_keeps_the_national_facts(session: Session) -> None:
    load_communes_file(session)
    load_seed(session)
    dijon = session.get(Commune, "21231", populate_existing=True)
    assert dijon is not None and (dijon.epci, dijon.department) == (DIJON_METROPOLE, "21")


def test_seed_alone_gives_the_metropole_its_epci(session: Session) -> None:
    load_seed(session)
    rows = session.exec(select(Commune).where(Commune.epci == DIJON_METROPOLE)).all()
    assert len(rows) == 23


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda raw: raw[: len(raw) // 2], "illisible"),
        (lambda raw: b"not gzip at all", "illisible"),
    ],
)
def test_damaged_file_is_refused_and_nothing_written(
    session: Session, tmp_path: Path, spoil: Any, message: str
) -> None:
    bad = tmp_path / "communes.json.gz"
    bad.write_bytes(spoil(bundled_path().read_bytes()))
    with pytest.raises(CommunesFileError, match=message):
        load_communes_file(session, bad)
    assert count(session) == 0


def test_missing_file_is_refused(session: Session, tmp_path: Path) -> None:
    with pytest.raises(CommunesFileError, match="introuvable"):
        load_communes_file(session, tmp_path / "absent.json.gz")


def test_file_with_too_few_communes_is_refused(tmp_path: Path) -> None:
    document = bundled_document()
    document["communes"] = document["communes"][:100]
    document["count"] = 100
    with pytest.raises(CommunesFileError, match="100 communes seulement"):
        read_communes_file(write(tmp_path / "cut.json.gz", document))


def test_count_not_matching_the_header_is_refused(tmp_path: Path) -> None:
    document = bundled_document()
    document["count"] += 1
    with pytest.raises(CommunesFileError, match="ne correspond pas"):
        read_communes_file(write(tmp_path / "odd.json.gz", document))


def test_bad_commune_is_refused_with_its_position_and_code(tmp_path: Path) -> None:
    document = bundled_document()
    document["communes"][9][2] = ["2100"]
    code = document["communes"][9][0]
    with pytest.raises(CommunesFileError, match=rf"commune n° 10 \({code}\) : postcode"):
        read_communes_file(write(tmp_path / "bad.json.gz", document))


def test_unknown_time_zone_is_refused(tmp_path: Path) -> None:
    document = bundled_document()
    document["communes"][0][6] = "Europe/Dijon"
    with pytest.raises(CommunesFileError, match="fuseau horaire inconnu : Europe/Dijon"):
        read_communes_file(write(tmp_path / "zone.json.gz", document))


def test_other_format_is_refused(tmp_path: Path) -> None:
    document = bundled_document() | {"format": 2}
    with pytest.raises(CommunesFileError, match="format inconnu"):
        read_communes_file(write(tmp_path / "v2.json.gz", document))
