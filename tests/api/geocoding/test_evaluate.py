"""Accuracy report of a geocoder against known positions."""

from pathlib import Path

import pytest

from api.geocoding.base import Candidate, GeocodeHints, InvalidQuery
from api.geocoding.evaluate import Report, TruthRow, evaluate, format_report, read_truth_csv
from api.geocoding.offline import OfflineGeocoder
from tests.api.geocoding import load_communes, metro_places


class Fixed:
    """A stand-in geocoder answering from a dict; raises InvalidQuery on "!!!"."""

    name = "fixed"

    def __init__(self, answers: dict[str, Candidate]) -> None:
        self.answers = answers

    def geocode(self, q: str, limit: int = 5, hints: GeocodeHints | None = None) -> list[Candidate]:
        if q == "!!!":
            raise InvalidQuery(q)
        return [self.answers[q]] if q in self.answers else []

    def reverse(self, latitude: float, longitude: float) -> Candidate | None:
        return None


def at(lat: float, lon: float, citycode: str = "21231") -> Candidate:
    return Candidate("x", lat, lon, 1.0, "housenumber", citycode, "21000", "fixed")


def test_errors_shares_and_counts() -> None:
    # 0.001° of latitude is about 111 m; 0.0001° about 11 m.
    geocoder = Fixed({"a": at(47.3, 5.0), "b": at(47.3001, 5.0), "c": at(47.301, 5.0, "21166")})
    truth = [TruthRow(q, 47.3, 5.0, "21231") for q in ("a", "b", "c", "missing", "!!!")]
    report = evaluate(geocoder, truth)
    assert (report.total, report.not_found) == (5, 2)
    assert report.median_error_m == pytest.approx(11.1, abs=0.1)
    assert report.max_error_m == pytest.approx(111.1, abs=0.2)
    assert (report.within_50m, report.within_250m, report.right_commune) == (0.4, 0.6, 0.4)
    assert report.by_precision == {"housenumber": 3}


def test_an_empty_truth_set() -> None:
    report = evaluate(Fixed({}), [])
    assert report == Report(0, 0, None, None, None, 0.0, 0.0, 0.0, {})
    assert "requêtes : 0" in format_report(report)


def test_the_commune_gate_as_a_report() -> None:
    geocoder = OfflineGeocoder(load_communes(), [])
    truth = [
        TruthRow(f"{p.address} {p.postcode} {p.city}", p.latitude, p.longitude, p.insee_code)
        for p in metro_places()
    ]
    report = evaluate(geocoder, truth)
    assert report.right_commune == 1.0
    assert report.median_error_m is not None and report.median_error_m <= 2_000
    assert report.by_precision == {"municipality": 68}
    text = format_report(report)
    assert "bonne commune : 100,0 %" in text and "municipality 68" in text


def test_read_truth_csv(tmp_path: Path) -> None:
    path = tmp_path / "truth.csv"
    path.write_text(
        "query,latitude,longitude,insee_code\n"
        '"14 rue Camille Claudel, Dijon",47.32968,5.069047,21231\n',
        encoding="utf-8",
    )
    assert read_truth_csv(path) == [
        TruthRow("14 rue Camille Claudel, Dijon", 47.32968, 5.069047, "21231")
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [("query,lat,longitude,insee_code\n", "ligne 1 : colonne"),
     ("query,latitude,longitude,insee_code\nx,abc,5.0,21231\n", "ligne 2 : ")],
)  # fmt: skip
def test_read_truth_csv_refuses_bad_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "truth.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_truth_csv(path)
